using System.Net.Http.Headers;

namespace NotificationService.Fixed;

/// <summary>Routes a completion request to the configured LLM provider; per-call values travel on the request.</summary>
public sealed class ProviderRouter(HttpClient http)
{
    public async Task<string> CompleteAsync(Uri providerBaseAddress, string apiKey, string prompt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(providerBaseAddress, "v1/complete"))
        {
            Content = new StringContent(prompt),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
