using System.Net.WebSockets;
using System.Text;

namespace NotificationService.Fixed;

/// <summary>Reads one text message from a client WebSocket, up to 64 KiB.</summary>
public static class InboundSocketReader
{
    private const int MaxMessageBytes = 64 * 1024;

    public static async Task<string?> ReadMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var message = new StringBuilder();
        int received = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            received += result.Count;
            if (received > MaxMessageBytes)
            {
                await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too large", cancellationToken);
                return null;
            }

            message.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);
        return message.ToString();
    }
}
