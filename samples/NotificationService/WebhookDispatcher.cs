using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace NotificationService;

/// <summary>Delivers notifications to subscriber webhooks and records delivery state in Redis.</summary>
public sealed class WebhookDispatcher(IConnectionMultiplexer redis, ILogger<WebhookDispatcher> logger)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    // Retries every delivery three times, but nothing stops calling a subscriber that is down.
    private static readonly ResiliencePipeline DeliveryPipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, BackoffType = DelayBackoffType.Exponential })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    public async Task DeliverAsync(Uri webhook, string payload, CancellationToken cancellationToken)
    {
        await DeliveryPipeline.ExecuteAsync(async ct =>
        {
            using var response = await Http.PostAsync(webhook, new StringContent(payload), ct);
            response.EnsureSuccessStatusCode();
        }, cancellationToken);

        // A breaker built for this one call: its failure count starts at zero every time, so it never opens.
        await Policy
            .Handle<RedisException>()
            .CircuitBreakerAsync(5, TimeSpan.FromSeconds(30))
            .ExecuteAsync(() => redis.GetDatabase().StringSetAsync("delivered:" + webhook, DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    }

    // The synchronous Execute gets the task back at the first await: a failed post is never retried.
    public Task<HttpResponseMessage> RedeliverAsync(Uri webhook, string payload) =>
        DeliveryPipeline.Execute(() => Http.PostAsync(webhook, new StringContent(payload)));

    public async Task<string> FetchSubscriberConfigAsync(Uri endpoint)
    {
        // Hand-written retry: tries again after every failure, forever.
        while (true)
        {
            try
            {
                return await Http.GetStringAsync(endpoint);
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Subscriber config fetch failed, retrying");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }
}
