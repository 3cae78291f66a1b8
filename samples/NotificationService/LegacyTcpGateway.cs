using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotificationService;

/// <summary>Line-based TCP feed for old desktop clients, next to the WebSocket endpoint.</summary>
public sealed class LegacyTcpGateway(ChatHub hub, ILogger<LegacyTcpGateway> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new TcpListener(IPAddress.Any, 7070);
        listener.Start();
        while (!stoppingToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stoppingToken);

            // One task per connection and nothing that limits how many: a connection flood is a memory flood.
            _ = Task.Run(() => ServeAsync(client, stoppingToken), stoppingToken);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                hub.Broadcast(line);
            }
        }

        logger.LogDebug("Legacy client disconnected");
    }
}
