using StackExchange.Redis;

namespace NotificationService;

/// <summary>Redis-backed chat sessions.</summary>
public sealed class SessionStore(IConnectionMultiplexer redis, ILogger<SessionStore> logger)
{
    private const string RedisPassword = "FAKE-redis-password-do-not-use";

    public async Task<string?> GetAsync(string sessionId)
    {
        try
        {
            var db = redis.GetDatabase();
            return await db.StringGetAsync("session:" + sessionId);
        }
        catch (Exception ex)
        {
            logger.LogError("Session read failed: " + ex.Message);
            return null;
        }
    }

    public async Task<bool> PingAsync()
    {
        try
        {
            await redis.GetDatabase().PingAsync();
            return true;
        }
        catch (RedisConnectionException ex)
        {
            // Expected while Redis restarts; any other cause would lose its stack here.
            logger.LogWarning("Redis unavailable: " + ex.Message);
            return false;
        }
    }

    public async Task SaveAsync(string sessionId, string payload)
    {
        // A new multiplexer per call: sockets and handshakes on every request.
        using var connection = ConnectionMultiplexer.Connect("cache.internal:6379,password=" + RedisPassword);
        try
        {
            await connection.GetDatabase().StringSetAsync("session:" + sessionId, payload);
        }
        catch (RedisTimeoutException ex)
        {
            throw ex;
        }
    }

    public async Task TouchAsync(string sessionId)
    {
        var db = redis.GetDatabase();
        // Blocks a thread-pool thread inside an async method until Redis answers.
        var ttl = db.KeyTimeToLiveAsync("session:" + sessionId).Result;
        if (ttl is null || ttl < TimeSpan.FromMinutes(5))
        {
            await db.KeyExpireAsync("session:" + sessionId, TimeSpan.FromMinutes(30));
        }
    }

    public string? GetBlocking(string sessionId)
    {
        try
        {
            return redis.GetDatabase().StringGetAsync("session:" + sessionId).Result;
        }
        catch (RedisException)
        {
            throw new InvalidOperationException("Session lookup failed for " + sessionId);
        }
    }

    // A lookup miss turned into another exception without the KeyNotFoundException as inner (audit level: REL124).
    private readonly Dictionary<string, string> _tenants = new();

    public string TenantOf(string sessionId)
    {
        try
        {
            return _tenants[sessionId];
        }
        catch (KeyNotFoundException)
        {
            throw new InvalidOperationException("No tenant is known for session " + sessionId);
        }
    }
}
