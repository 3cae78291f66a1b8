using System.Net.Http.Json;

namespace NotificationService.Fixed;

/// <summary>Calls an outbound LLM provider; retries, breaker and timeouts come from the resilience handler.</summary>
public sealed class LlmClient(HttpClient http, IConfiguration configuration)
{
    public async Task<string> SummariseAsync(string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "summarise")
        {
            Content = JsonContent.Create(new { text }),
        };
        request.Headers.Authorization = new("Bearer", configuration["Llm:ApiKey"] ?? throw new InvalidOperationException("Llm:ApiKey is not set"));
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}
