using System.Net;
using System.Net.Sockets;

namespace NotificationService;

/// <summary>Opens the connection to the SMTP relay that delivers e-mail notifications.</summary>
public sealed class SmtpRelayConnector(string relayHost, int relayPort)
{
    public async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        // The endpoint helper looks harmless, but it resolves DNS synchronously on the pool thread.
        var endpoint = RelayEndpoint();
        await socket.ConnectAsync(endpoint, cancellationToken);
        return socket;
    }

    private IPEndPoint RelayEndpoint() => new(ResolveRelay(), relayPort);

    private IPAddress ResolveRelay() => Dns.GetHostAddresses(relayHost)[0];
}
