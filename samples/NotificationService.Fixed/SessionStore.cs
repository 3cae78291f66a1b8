using Polly;
using Polly.Registry;
using StackExchange.Redis;

namespace NotificationService.Fixed;

/// <summary>
/// Redis-backed chat sessions over the shared multiplexer. Every Redis call runs through the shared "redis" pipeline
/// (retry with backoff, circuit breaker, timeout) registered once in Program.cs.
/// </summary>
public sealed class SessionStore(IConnectionMultiplexer redis, ResiliencePipelineProvider<string> pipelines, ILogger<SessionStore> logger)
{
    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(ResilienceSetup.RedisPipeline);

    public async Task<string?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async _ => (string?)await redis.GetDatabase().StringGetAsync("session:" + sessionId),
                cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            logger.LogError(ex, "Redis unavailable while reading session {SessionId}", sessionId);
            throw;
        }
    }

    public async Task SaveAsync(string sessionId, string payload, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.ExecuteAsync(
                async _ => await redis.GetDatabase().StringSetAsync("session:" + sessionId, payload),
                cancellationToken);
        }
        catch (RedisTimeoutException ex)
        {
            throw new InvalidOperationException("Saving session " + sessionId + " timed out", ex);
        }
    }

    public async Task TouchAsync(string sessionId, CancellationToken cancellationToken)
    {
        await _pipeline.ExecuteAsync(
            async _ =>
            {
                var db = redis.GetDatabase();
                var ttl = await db.KeyTimeToLiveAsync("session:" + sessionId);
                if (ttl is null || ttl < TimeSpan.FromMinutes(5))
                {
                    await db.KeyExpireAsync("session:" + sessionId, TimeSpan.FromMinutes(30));
                }
            },
            cancellationToken);
    }

    public async Task<(string? First, string? Second)> GetPairAsync(string first, string second, CancellationToken cancellationToken)
    {
        return await _pipeline.ExecuteAsync(
            async _ =>
            {
                var db = redis.GetDatabase();
                var a = db.StringGetAsync("session:" + first);
                var b = db.StringGetAsync("session:" + second);
                await Task.WhenAll(a, b);
                // Both tasks are complete here: reading .Result does not block.
                return ((string?)a.Result, (string?)b.Result);
            },
            cancellationToken);
    }
}
