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

    public async Task TouchAsync(string sessionId)
    {
        var db = redis.GetDatabase();
        var ttl = await db.KeyTimeToLiveAsync("session:" + sessionId);
        if (ttl is null || ttl < TimeSpan.FromMinutes(5))
        {
            await db.KeyExpireAsync("session:" + sessionId, TimeSpan.FromMinutes(30));
        }
    }

    public async Task<(string? First, string? Second)> GetPairAsync(string first, string second)
    {
        var db = redis.GetDatabase();
        var a = db.StringGetAsync("session:" + first);
        var b = db.StringGetAsync("session:" + second);
        await Task.WhenAll(a, b);
        // Both tasks are complete here: reading .Result does not block.
        return (a.Result, b.Result);
    }
}
