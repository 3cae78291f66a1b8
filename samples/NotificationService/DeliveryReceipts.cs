using System.Collections.Concurrent;

namespace NotificationService;

/// <summary>Collects delivery receipts pushed by the SMTP relay callback thread.</summary>
public sealed class DeliveryReceipts
{
    private readonly BlockingCollection<string> _receipts = new(boundedCapacity: 10_000);

    public void Add(string messageId) => _receipts.Add(messageId);

    public async Task<string> WaitForReceiptAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        // Parks a pool thread until the relay reports back.
        return _receipts.Take(cancellationToken);
    }
}
