using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL112CancellationCaughtWithoutTokenCheckAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL112CancellationCaughtWithoutTokenCheckTests
    {
        private static DiagnosticResult Diagnostic(int location, string caught, string token, string call) =>
            new DiagnosticResult("REL112", DiagnosticSeverity.Info).WithLocation(location).WithArguments(caught, token, call);

        [Fact]
        public Task CancellationCaught_WithoutTokenCheck_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Npgsql;
            class Client
            {
                readonly HttpClient _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

                async Task<string?> Fetch(CancellationToken ct)
                {
                    try { return await _http.GetStringAsync("https://example.org", ct); }
                    {|#0:catch (OperationCanceledException)|} { return null; }
                }

                async Task<int> Count(NpgsqlCommand command, CancellationToken cancellationToken)
                {
                    try { return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken)); }
                    {|#1:catch (TaskCanceledException ex)|} { Console.WriteLine(ex.Message); return 0; }
                }
            }

            class Poller : BackgroundService
            {
                readonly HttpClient _http = new HttpClient();
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (true)
                    {
                        try { await _http.GetAsync("https://example.org/poll", stoppingToken); }
                        {|#2:catch (TaskCanceledException)|} { break; }
                    }
                }
            }
            """,
            Diagnostic(0, "OperationCanceledException", "ct", "GetStringAsync"),
            Diagnostic(1, "TaskCanceledException", "cancellationToken", "ExecuteScalarAsync"),
            Diagnostic(2, "TaskCanceledException", "stoppingToken", "GetAsync"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            class Client : IDisposable
            {
                readonly HttpClient _http = new HttpClient();
                readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                readonly Channel<int> _queue = Channel.CreateBounded<int>(10);

                async Task<string?> Filtered(CancellationToken ct)
                {
                    try { return await _http.GetStringAsync("https://example.org", ct); }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested) { return null; }
                }

                async Task<string?> CheckedInBody(CancellationToken ct)
                {
                    try { return await _http.GetStringAsync("https://example.org", ct); }
                    catch (OperationCanceledException ex) { if (ex.CancellationToken == ct) return null; throw new TimeoutException("timed out", ex); }
                }

                async Task<string?> Translated(CancellationToken ct)
                {
                    try { return await _http.GetStringAsync("https://example.org", ct); }
                    catch (TaskCanceledException ex) { throw new TimeoutException("timed out", ex); }
                }

                // Only the caller's token can cancel these waits.
                async Task Waits(CancellationToken ct)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
                    try { await Task.Delay(1000, ct); await _gate.WaitAsync(ct); await _queue.Reader.ReadAsync(ct); await timer.WaitForNextTickAsync(ct); }
                    catch (OperationCanceledException) { }
                }

                // A local timeout source: catching its cancellation is the point.
                async Task<string?> WithTimeout(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(TimeSpan.FromSeconds(5));
                    try { return await _http.GetStringAsync("https://example.org", cts.Token); }
                    catch (OperationCanceledException) { return null; }
                }

                // The callee has no timeout of its own (a receive loop being stopped): its cancellation is the caller's.
                async Task Receive(System.IO.Stream stream, CancellationToken ct)
                {
                    try { await stream.ReadAsync(new byte[16], ct); }
                    catch (OperationCanceledException) { }
                }

                async Task Accept(System.Net.Sockets.Socket listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { using var client = await listener.AcceptAsync(ct); }
                        catch (OperationCanceledException) { }
                    }
                }

                // No caller token: a timeout handled as a timeout.
                async Task<string?> NoToken()
                {
                    try { return await _http.GetStringAsync("https://example.org"); }
                    catch (TaskCanceledException) { return null; }
                }

                public void Dispose()
                {
                    try { _http.GetAsync("https://example.org/bye", CancellationToken.None).Wait(); }
                    catch (OperationCanceledException) { }
                }

                // The exception is kept: the code after the catch decides (a receive loop that reconnects on it).
                async Task Listen(System.Net.WebSockets.WebSocket socket, CancellationToken token)
                {
                    Exception? cause = null;
                    try { await socket.ReceiveAsync(new ArraySegment<byte>(new byte[16]), token); }
                    catch (TaskCanceledException e) { cause = e; }
                    catch (OperationCanceledException e) { cause = e; }
                    if (cause != null) { await Reconnect(cause); }
                }

                Task Reconnect(Exception cause) => Task.CompletedTask;

                // A probe: false is its answer, a timeout included.
                async Task<bool> PingAsync(CancellationToken ct)
                {
                    try { await _http.GetStringAsync("https://example.org/ping", ct); }
                    catch (TaskCanceledException) { return false; }
                    return true;
                }

                async Task Logged(Microsoft.Extensions.Logging.ILogger log, CancellationToken ct)
                {
                    try { await _http.GetStringAsync("https://example.org", ct); }
                    catch (OperationCanceledException exception) { Microsoft.Extensions.Logging.LoggerExtensions.LogError(log, exception, "Aborted"); }
                }

                async Task CatchAll(CancellationToken ct)
                {
                    try { await _http.GetStringAsync("https://example.org", ct); }
                    catch (Exception) { }
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System; using System.Threading;
                class A { void M(CancellationToken ct) { try { Missing(ct); } catch (OperationCanceledException) { } catch ( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
