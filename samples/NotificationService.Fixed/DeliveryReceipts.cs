using System.Threading.Channels;

namespace NotificationService.Fixed;

/// <summary>Collects delivery receipts pushed by the SMTP relay callback thread.</summary>
public sealed class DeliveryReceipts
{
    private readonly Channel<string> _receipts = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.Wait });

    public ValueTask AddAsync(string messageId, CancellationToken cancellationToken) => _receipts.Writer.WriteAsync(messageId, cancellationToken);

    public ValueTask<string> WaitForReceiptAsync(CancellationToken cancellationToken) => _receipts.Reader.ReadAsync(cancellationToken);
}
