using System.Net.Sockets;
using System.Text.Json;
using StackExchange.Redis;

namespace NotificationService;

/// <summary>
/// Keeps an audit trail of deliveries in Redis and forwards it to the compliance endpoint. Written the way the audits
/// found it: failures logged and turned into "no data", cancellation and timeouts confused, background work unwatched.
/// </summary>
public sealed class DeliveryAuditLog(IConnectionMultiplexer redis, HttpClient http, ILogger<DeliveryAuditLog> logger)
{
    private static bool LogFailure(ILogger logger, Exception ex)
    {
        logger.LogError(ex, "Audit operation failed");
        return true;
    }

    // The audit trail is gone or the cache is down: the caller cannot tell which. (REL102)
    public async Task<IReadOnlyList<string>> ReadTrailAsync(string userId)
    {
        try
        {
            RedisValue[] entries = await redis.GetDatabase().ListRangeAsync("audit:" + userId);
            return entries.Select(e => e.ToString()).ToList();
        }
        catch (RedisConnectionException ex)
        {
            logger.LogWarning(ex, "Audit trail unavailable for {UserId}", userId);
            return new List<string>();
        }
    }

    // The filter logs and says "yes" to every exception: a catch-all that swallows. (REL110)
    public void Record(string userId, string entry)
    {
        try
        {
            redis.GetDatabase().ListRightPush("audit:" + userId, JsonSerializer.Serialize(entry));
        }
        catch (Exception ex) when (LogFailure(logger, ex))
        {
        }
    }

    // The continuation counts failed forwards as forwarded. (REL111)
    public Task ForwardAsync(string payload) =>
        http.PostAsync("audit/forward", new StringContent(payload))
            .ContinueWith(t => logger.LogInformation("Audit batch forwarded"));

    // An HttpClient timeout lands in the same catch as a shutdown: the export stops quietly. (REL112)
    public async Task<string?> ExportAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetStringAsync("audit/export", cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    // The outer task completes at the first await: the pump's failure is never seen. (REL113)
    public void StartPump(Func<Task> pump)
    {
        Task.Factory.StartNew(async () => await pump(), TaskCreationOptions.LongRunning);
    }

    // Every lost task failure in the process now vanishes. (REL114)
    public static void SilenceUnobservedTasks()
    {
        TaskScheduler.UnobservedTaskException += (sender, e) => e.SetObserved();
    }

    // The audit relay never learns that the heartbeat did not go out. (REL109)
    public void SendHeartbeat(Socket relay, byte[] heartbeat)
    {
        try
        {
            relay.Send(heartbeat);
        }
        catch (SocketException ex)
        {
            logger.LogWarning(ex, "Heartbeat to the audit relay failed");
        }
    }
}
