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

        // Phase 25, a recall probe's queue consumer: the awaited store call guards itself, but a poison message fails the
        // deserialization in the handler itself and crashes the process. A handler that only copies fields stays exempt,
        // and REL106 (warning) keeps its judgement for non-handlers.
        [Fact]
        public Task HandlerDeserializingItsPayload_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Text;
            using System.Threading.Tasks;
            public class DeliverEventArgs : EventArgs { public byte[] Body = Array.Empty<byte>(); public ulong Tag; }
            public class Consumer { public event EventHandler<DeliverEventArgs>? Received; }
            public record Confirmed(Guid OrderId);
            public class Orders
            {
                public async Task<bool> MarkPaidAsync(Guid id)
                {
                    try { await Task.Yield(); return true; }
                    catch (Exception ex) { Console.Error.WriteLine(ex); return false; }
                }
            }
            public class Worker
            {
                private readonly Orders _orders = new Orders();
                public void Start(Consumer consumer)
                {
                    consumer.Received += {|#0:async|} (_, delivery) =>
                    {
                        var confirmation = System.Text.Json.JsonSerializer.Deserialize<Confirmed>(Encoding.UTF8.GetString(delivery.Body))!;
                        await _orders.MarkPaidAsync(confirmation.OrderId);
                    };
                    consumer.Received += OnReceived;
                    consumer.Received += async (_, delivery) =>
                    {
                        var id = new Guid(delivery.Body);
                        await _orders.MarkPaidAsync(id);
                    };
                }

                private async void {|#1:OnReceived|}(object? sender, DeliverEventArgs delivery)
                {
                    var doc = System.Text.Json.JsonDocument.Parse(delivery.Body);
                    await _orders.MarkPaidAsync(doc.RootElement.GetProperty("id").GetGuid());
                }

                private async void Refresh()
                {
                    var confirmation = System.Text.Json.JsonSerializer.Deserialize<Confirmed>("{}")!;
                    await _orders.MarkPaidAsync(confirmation.OrderId);
                }
            }
            """,
            Diagnostic(0, "This async lambda converted to 'EventHandler<DeliverEventArgs>'"),
            Diagnostic(1, "'OnReceived'"));

        [Fact]
        public Task HandlerAwaitingACallThatCatchesOnlyProgrammingErrors_IsReported_CatchAllExceptCancellationIsNot() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public class DeliveryArgs : EventArgs { public string Body = ""; }
            public class Consumer { public event EventHandler<DeliveryArgs>? Received; }
            public interface IOrders { Task<bool> UpdateStatusAsync(Guid id, CancellationToken ct = default); Task<bool> TryUpdateAsync(Guid id, CancellationToken ct = default); }
            public sealed class Orders(HttpClient http) : IOrders
            {
                // Catches bad arguments only: the HTTP failure escapes into the handler.
                public async Task<bool> UpdateStatusAsync(Guid id, CancellationToken ct = default)
                {
                    try { return await http.GetStringAsync("https://orders.example/" + id, ct) == "1"; }
                    catch (ArgumentException) { return false; }
                }

                // Handles every failure but a requested cancellation.
                public async Task<bool> TryUpdateAsync(Guid id, CancellationToken ct = default)
                {
                    try { return await http.GetStringAsync("https://orders.example/" + id, ct) == "1"; }
                    catch (Exception e) when (e is not OperationCanceledException) { Console.Error.WriteLine(e); return false; }
                }
            }
            public sealed class Worker(IOrders orders)
            {
                public void Start(Consumer consumer)
                {
                    consumer.Received += {|#0:async|} (_, delivery) => await orders.UpdateStatusAsync(Guid.Parse(delivery.Body));
                    consumer.Received += async (_, delivery) => await orders.TryUpdateAsync(Guid.Parse(delivery.Body));
                }
            }
            """,
            Diagnostic(0, "This async lambda converted to 'EventHandler<DeliveryArgs>'"));
    }
}
