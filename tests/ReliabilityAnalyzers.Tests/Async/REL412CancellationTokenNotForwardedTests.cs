using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL412CancellationTokenNotForwardedAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL412CancellationTokenNotForwardedTests
    {
        private static DiagnosticResult Info(int location, string method, string token) =>
            new DiagnosticResult("REL412", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, token);

        [Fact]
        public Task CallsThatCouldTakeTheReceivedToken_AreReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed record Rates(decimal Eur);
            public interface IStore { Task SaveAsync(string key); Task SaveAsync(string key, CancellationToken token); }
            public sealed class ExchangeRateClient(HttpClient http, IStore store, SemaphoreSlim gate)
            {
                public async Task<Rates?> GetRatesAsync(string currency, CancellationToken ct)
                {
                    var rates = await http.{|#0:GetFromJsonAsync<Rates>|}($"latest?base={currency}");   // optional token left at default
                    await store.{|#1:SaveAsync|}(currency);                                             // overload with a token
                    await gate.{|#2:WaitAsync|}();
                    await Task.{|#3:Delay|}(100);
                    return rates;
                }

                public async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
                {
                    async Task Local(CancellationToken inner) => await from.{|#4:CopyToAsync|}(to);
                    await Local(cancellationToken);
                }
            }
            """,
            Info(0, "HttpClientJsonExtensions.GetFromJsonAsync", "ct"),
            Info(1, "IStore.SaveAsync", "ct"),
            Info(2, "SemaphoreSlim.WaitAsync", "ct"),
            Info(3, "Task.Delay", "ct"),
            Info(4, "Stream.CopyToAsync", "inner"));

        // Phase 25, a recall probe: a pipeline callback that discards the pipeline's token ('async _ => ...') leaves the
        // call outside the pipeline's timeout and the caller's cancellation. A discard elsewhere stays a choice.
        [Fact]
        public Task PipelineCallbackDiscardingItsToken_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            class Telematics
            {
                private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(5)).Build();
                private readonly HttpClient _http = new HttpClient();

                public async Task<string> PageAsync(string url, CancellationToken ct) =>
                    await Pipeline.ExecuteAsync(async _ => await _http.{|#0:GetStringAsync|}(url), ct);

                public async Task<string> ForwardedAsync(string url, CancellationToken ct) =>
                    await Pipeline.ExecuteAsync(async token => await _http.GetStringAsync(url, token), ct);

                public Func<CancellationToken, Task<string>> Handler(string url) => async _ => await _http.GetStringAsync(url);
            }
            """,
            Info(0, "HttpClient.GetStringAsync", "the pipeline's token"));

        [Fact]
        public Task PassedTokensTeardownAndFunctionsWithoutToken_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public interface IStore { Task SaveAsync(string key); Task SaveAsync(string key, CancellationToken token); Task FlushAsync(); }
            public sealed class Hidden
            {
                public Task SaveAsync(string key) => SaveAsync(key, CancellationToken.None);
                private Task SaveAsync(string key, CancellationToken token) => Task.CompletedTask;
            }
            public sealed class Worker(HttpClient http, IStore store)
            {
                public async Task RunAsync(CancellationToken ct)
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    await http.GetStringAsync("https://example/", linked.Token);           // some token is passed
                    await store.SaveAsync("k", CancellationToken.None);                    // the author chose no cancellation
                    await store.FlushAsync();                                              // no overload takes a token
                    _ = Task.Run(async () => await store.SaveAsync("later"));              // Task.Run's token only stops an unstarted item; the lambda has no token and may outlive the caller
                    try { await store.SaveAsync("k", ct); }
                    catch (OperationCanceledException) { await store.SaveAsync("cancelled"); }    // teardown
                    finally { await store.SaveAsync("done"); }
                }

                public async Task Scheduling(CancellationToken ct, TaskCompletionSource<int> promise, Hidden hidden, SemaphoreSlim gate)
                {
                    await Task.Factory.StartNew(() => 1);                                   // the token would only stop an unstarted item
                    promise.TrySetCanceled();                                               // the token only labels the cancellation
                    await hidden.SaveAsync("k");                                            // the overload with a token is private
                    if (await gate.WaitAsync(0)) { gate.Release(); }                        // a zero-timeout try-acquire returns at once
                }

                public async Task NoToken() => await store.SaveAsync("k");
                public async Task Discarded(CancellationToken _) => await store.SaveAsync("k");
            }
            """);

        [Fact]
        public Task CallOnWhatTheTokensRegistrationCloses_IsNotReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class Reader(Stream other)
            {
                public async Task<int> ReadAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
                {
                    using var registration = ct.Register(() => stream.Dispose());
                    int read = await stream.ReadAsync(buffer, 0, buffer.Length);                      // the registration closes the stream
                    await other.{|#0:FlushAsync|}();                                                  // nothing cancels this one
                    return read;
                }

                // A registration that only mentions the stream (a log line) does not cancel it.
                public async Task WriteAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
                {
                    using var registration = ct.Register(() => System.Console.WriteLine("cancelled " + stream.CanWrite));
                    await stream.{|#1:WriteAsync|}(buffer, 0, buffer.Length);
                }
            }
            """,
            Info(0, "Stream.FlushAsync", "ct"),
            Info(1, "Stream.WriteAsync", "ct"));
    }
}
