using StackExchange.Redis;

namespace NotificationService.Fixed;

/// <summary>Redis-backed chat sessions over the shared multiplexer.</summary>
public sealed class SessionStore(IConnectionMultiplexer redis, ILogger<SessionStore> logger)
{
    public async Task<string?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await redis.GetDatabase().StringGetAsync("session:" + sessionId);
        }
        catch (RedisConnectionException ex)
        {
            logger.LogError(ex, "Redis unavailable while reading session {SessionId}", sessionId);
            throw;
        }
    }

    public async Task SaveAsync(string sessionId, string payload)
    {
        try
        {
            await redis.GetDatabase().StringSetAsync("session:" + sessionId, payload);
        }
        catch (RedisTimeoutException ex)
        {
            throw new InvalidOperationException("Saving session " + sessionId + " timed out", ex);
        }
    }
}
