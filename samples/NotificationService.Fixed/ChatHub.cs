using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace NotificationService.Fixed;

/// <summary>Receives chat frames from WebSocket clients and queues them for delivery.</summary>
public sealed class ChatHub
{
    private readonly SessionStore _sessions;
    private readonly ILogger<ChatHub> _logger;
    private readonly Channel<string> _outbox;

    public ChatHub(SessionStore sessions, ILogger<ChatHub> logger)
    {
        _sessions = sessions;
        _logger = logger;

        // Bounded, and every dropped message is counted in the log instead of vanishing.
        _outbox = Channel.CreateBounded<string>(
            new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest },
            dropped => _logger.LogWarning("Outbox full: dropped a message of {Length} characters", dropped.Length));
    }

    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, cancellationToken);
            }
            catch (WebSocketException ex)
            {
                // The client went away: end this connection's loop, with a trace.
                _logger.LogInformation(ex, "WebSocket closed by the peer");
                return;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
            _ = await _sessions.GetAsync(text, cancellationToken);
            await _outbox.Writer.WriteAsync(text, cancellationToken);
        }
    }
}
