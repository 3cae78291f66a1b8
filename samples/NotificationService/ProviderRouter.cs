using System.Net.Http.Headers;

namespace NotificationService;

/// <summary>Routes a completion request to the configured LLM provider through one injected client.</summary>
public sealed class ProviderRouter(HttpClient http)
{
    public async Task<string> CompleteAsync(string providerBaseUrl, string apiKey, string prompt, CancellationToken cancellationToken)
    {
        // Shared defaults changed per call: concurrent requests race and reach the wrong provider with the wrong key.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.PostAsync(new Uri(new Uri(providerBaseUrl), "v1/complete"), new StringContent(prompt), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
