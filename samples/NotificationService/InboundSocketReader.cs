using System.Net.WebSockets;
using System.Text;

namespace NotificationService;

/// <summary>Reads one text message from a client WebSocket.</summary>
public static class InboundSocketReader
{
    public static async Task<string> ReadMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var message = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            // No maximum: a client that never ends its message grows this until the process runs out of memory.
            message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return message.ToString();
    }
}
