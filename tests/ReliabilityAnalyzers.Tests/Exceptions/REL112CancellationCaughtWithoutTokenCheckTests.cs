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

        // Phase 25, a recall probe: the timeout of an HttpClient one or two of the project's own calls below the catch.
        [Fact]
        public Task TimeoutOfOwnCallee_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            interface IRates { Task<decimal> GetAsync(string country, CancellationToken ct); }
            class HttpRates : IRates
            {
                readonly HttpClient _http = new HttpClient();
                public async Task<decimal> GetAsync(string country, CancellationToken ct) =>
                    decimal.Parse(await _http.GetStringAsync("rates/" + country, ct));
            }
            class TaxClient
            {
                readonly HttpClient _http = new HttpClient();
                readonly IRates _rates = new HttpRates();

                public async Task<decimal> QuoteAsync(string country, CancellationToken ct)
                {
                    try { return await GetRateAsync(country, ct); }
                    {|#0:catch (TaskCanceledException)|} { return 0m; }
                }

                public async Task<decimal> ViaHelperAsync(string country, CancellationToken ct)
                {
                    try { return await ParseRateAsync(country, ct); }
                    {|#1:catch (OperationCanceledException)|} { return 0m; }
                }

                public async Task<decimal> ViaInterfaceAsync(string country, CancellationToken ct)
                {
                    try { return await _rates.GetAsync(country, ct); }
                    {|#2:catch (OperationCanceledException)|} { return 0m; }
                }

                private async Task<decimal> GetRateAsync(string country, CancellationToken ct)
                {
                    using var response = await _http.GetAsync("rates/" + country, ct);
                    return decimal.Parse(await response.Content.ReadAsStringAsync(ct));
                }

                private async Task<decimal> ParseRateAsync(string country, CancellationToken token) => await GetRateAsync(country, token);
            }
            """,
            Diagnostic(0, "TaskCanceledException", "ct", "GetRateAsync"),
            Diagnostic(1, "OperationCanceledException", "ct", "ParseRateAsync"),
            Diagnostic(2, "OperationCanceledException", "ct", "GetAsync"));

        [Fact]
        public Task OwnCalleeThatOnlyWaitsOrDecides_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                readonly HttpClient _http = new HttpClient();
                readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                public async Task RunAsync(CancellationToken ct)
                {
                    try { await PauseAsync(ct); } catch (OperationCanceledException) { }
                    try { await FetchGuardedAsync(ct); } catch (OperationCanceledException) { }
                    try { await FetchWithoutTokenAsync(); } catch (OperationCanceledException) { }
                    try { await FetchGuardedAsync(ct); } catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
                }

                private async Task PauseAsync(CancellationToken ct)
                {
                    await _gate.WaitAsync(ct);
                    await Task.Delay(100, ct);
                }

                private async Task FetchGuardedAsync(CancellationToken ct)
                {
                    try { await _http.GetStringAsync("a", ct); }
                    catch (TaskCanceledException) when (!ct.IsCancellationRequested) { throw new TimeoutException(); }
                }

                private async Task FetchWithoutTokenAsync() => await _http.GetStringAsync("a", CancellationToken.None);
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
