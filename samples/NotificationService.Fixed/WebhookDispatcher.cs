using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace NotificationService.Fixed;

/// <summary>
/// Delivers notifications to subscriber webhooks. The HttpClient comes from the factory with the standard resilience
/// handler (bounded retries, breaker, timeouts); Redis calls go through the shared "redis" pipeline.
/// </summary>
public sealed class WebhookDispatcher(HttpClient http, IConnectionMultiplexer redis, ResiliencePipelineProvider<string> pipelines)
{
    private readonly ResiliencePipeline _redis = pipelines.GetPipeline(ResilienceSetup.RedisPipeline);

    public async Task DeliverAsync(Uri webhook, string payload, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(webhook, new StringContent(payload), cancellationToken);
        response.EnsureSuccessStatusCode();

        await _redis.ExecuteAsync(
            async _ => await redis.GetDatabase().StringSetAsync("delivered:" + webhook, DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            cancellationToken);
    }

    public async Task<string> FetchSubscriberConfigAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        // Retries, backoff and the breaker live in the client's resilience handler: one attempt here.
        return await http.GetStringAsync(endpoint, cancellationToken);
    }
}
