using System.Net;
using System.Net.Sockets;

namespace NotificationService.Fixed;

/// <summary>Opens the connection to the SMTP relay that delivers e-mail notifications.</summary>
public sealed class SmtpRelayConnector(string relayHost, int relayPort)
{
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var endpoint = await RelayEndpointAsync(cancellationToken);
        await socket.ConnectAsync(endpoint, cancellationToken);
        return socket;
    }

    private async Task<IPEndPoint> RelayEndpointAsync(CancellationToken cancellationToken) =>
        new((await Dns.GetHostAddressesAsync(relayHost, cancellationToken))[0], relayPort);
}
