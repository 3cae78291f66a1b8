using System.Net.Http.Json;
using Polly;

namespace NotificationService;

/// <summary>Calls an outbound LLM provider to summarise notifications.</summary>
public sealed class LlmClient(HttpClient http, ILogger<LlmClient> logger)
{
    private const string ApiKey = "FAKE-llm-0123456789abcdef-do-not-use";

    // Retries forever: during a provider outage every request hangs here.
    private static readonly IAsyncPolicy RetryPolicy = Policy
        .Handle<HttpRequestException>()
        .WaitAndRetryForeverAsync(attempt => TimeSpan.FromSeconds(1));

    public async Task<string> SummariseAsync(string text, CancellationToken cancellationToken)
    {
        http.Timeout = Timeout.InfiniteTimeSpan;
        http.DefaultRequestHeaders.Authorization = new("Bearer", ApiKey);
        return await RetryPolicy.ExecuteAsync(async () =>
        {
            var response = await http.PostAsJsonAsync("summarise", new { text }, cancellationToken);
            return await response.Content.ReadAsStringAsync(cancellationToken);
        });
    }

    public async Task<bool> PingAsync()
    {
        // A new HttpClient per call exhausts sockets under load.
        using var client = new HttpClient();
        try
        {
            var response = await client.GetAsync("https://status.llm-provider.example.com/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Health check failed");
            return false;
        }
    }
}
