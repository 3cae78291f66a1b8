using System.Net.Http.Json;

namespace NotificationService;

/// <summary>Posts operational alerts to the on-call chat channel.</summary>
public sealed class AlertNotifier(HttpClient http)
{
    // The webhook URL is the credential: anyone holding it can post to the channel. (FAKE value, built from pieces.)
    private const string AlertWebhook = "https://hooks.slack.com/services/" + "T00FAKE00/B00FAKE00/" + "FAKEwebhookEXAMPLEdoNotUse01";

    public async Task SendAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(AlertWebhook, new { text }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
