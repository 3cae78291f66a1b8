using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL106AsyncVoidAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL129AsyncVoidEventHandlerUnguardedTests
    {
        private static DiagnosticResult Diagnostic(int location, string target) =>
            new DiagnosticResult("REL129", DiagnosticSeverity.Info).WithLocation(location).WithArguments(target);

        [Fact]
        public Task UnguardedEventHandlers_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            public class DisconnectedEventArgs : EventArgs { }
            public class ClientException : Exception { }
            public class Client
            {
                private readonly System.Net.Sockets.TcpClient _socket = new System.Net.Sockets.TcpClient();
                public event EventHandler<DisconnectedEventArgs>? Disconnected;
                public Task ConnectAsync() => _socket.ConnectAsync("broker.example", 1883);
            }
            public class Reconnector
            {
                private readonly HttpClient _http = new HttpClient();
                public Reconnector(Client client)
                {
                    client.Disconnected += OnDisconnected;
                    client.Disconnected += {|#1:async|} (s, e) => await _http.GetStringAsync("https://status.example/");
                }

                // Catches one exception type only: anything else ConnectAsync throws escapes to the thread pool.
                private static async void {|#0:OnDisconnected|}(object? sender, DisconnectedEventArgs e)
                {
                    var client = (Client)sender!;
                    while (true)
                    {
                        try { await client.ConnectAsync(); return; }
                        catch (ClientException) { await Task.Delay(1000); }
                    }
                }
            }
            """,
            Diagnostic(0, "'OnDisconnected'"),
            Diagnostic(1, "This async lambda converted to 'EventHandler<DisconnectedEventArgs>'"));

        [Fact]
        public Task GuardedOrSelfHandlingEventHandlers_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            public class Client
            {
                private readonly System.Net.Sockets.TcpClient _socket = new System.Net.Sockets.TcpClient();
                public event EventHandler? Disconnected;
                public Task ConnectAsync() => _socket.ConnectAsync("broker.example", 1883);
            }
            public class Reconnector
            {
                private readonly Client _client;
                public Reconnector(Client client)
                {
                    _client = client;
                    client.Disconnected += OnDisconnected;
                    client.Disconnected += async (s, e) => await ReconnectSafelyAsync();
                }

                private async void OnDisconnected(object? sender, EventArgs e)
                {
                    try { await _client.ConnectAsync(); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); }
                }

                // Its own catch-all logs: awaiting it cannot let anything escape.
                private async Task ReconnectSafelyAsync()
                {
                    try { await _client.ConnectAsync(); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); }
                }
            }
            """);
    }
}
