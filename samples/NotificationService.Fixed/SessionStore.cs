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
}
