using StackExchange.Redis;

namespace NotificationService;

/// <summary>Tracks which users are online, in Redis.</summary>
public sealed class PresenceTracker(IConnectionMultiplexer redis)
{
    public async Task<bool> IsOnlineAsync(string userId)
    {
        var db = redis.GetDatabase();
        // Blocks a pool thread on every presence check.
        var lastSeen = db.StringGetAsync("presence:" + userId).Result;
        await db.KeyTouchAsync("presence:" + userId);
        return lastSeen.HasValue;
    }
}
