using System.Threading.Channels;

namespace NotificationService;

/// <summary>Buffers operator alerts for the pager integration.</summary>
public sealed class AlertQueue(ILogger<AlertQueue> logger)
{
    // Bounded, but when it fills up the oldest alert is discarded and nobody ever hears about it.
    private readonly Channel<string> _alerts = Channel.CreateBounded<string>(
        new BoundedChannelOptions(500) { FullMode = BoundedChannelFullMode.DropOldest });

    public void Raise(string alert)
    {
        _alerts.Writer.TryWrite(alert);
        logger.LogDebug("Alert queued");
    }

    public IAsyncEnumerable<string> ReadAllAsync(CancellationToken cancellationToken) => _alerts.Reader.ReadAllAsync(cancellationToken);
}
