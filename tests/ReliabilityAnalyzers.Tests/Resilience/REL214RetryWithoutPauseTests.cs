using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL202UnboundedRetryAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL214RetryWithoutPauseTests
    {
        private static DiagnosticResult D(int location, string what) =>
            new DiagnosticResult("REL214", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what);

        [Fact]
        public Task RetriesThatTryAgainAtOnce_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            public sealed class ShippingClient(HttpClient http)
            {
                // Phase 24, a recall probe: up to seven immediate requests against a carrier that just failed.
                public async Task<string> TrackAsync(string number)
                {
                    var attempt = 0;
                    {|#0:while|} (true)
                    {
                        try { return await http.GetStringAsync("tracking/" + number); }
                        catch (HttpRequestException) when (attempt++ < 6) { }
                    }
                }

                public async Task<string> LabelAsync(string id)
                {
                    {|#3:for|} (int attempt = 0; ; attempt++)
                    {
                        try { return await http.GetStringAsync("labels/" + id); }
                        catch (HttpRequestException) when (attempt < 3) { }
                    }
                }

                public async Task<string> QuoteAsync(string id)
                {
                    int attempts = 0;
                    {|#1:do|}
                    {
                        try { return await http.GetStringAsync("quotes/" + id); }
                        catch (HttpRequestException) { attempts++; }
                    }
                    while (attempts < 3);
                    throw new InvalidOperationException("no quote");
                }

                static readonly RetryStrategyOptions Options = new RetryStrategyOptions { MaxRetryAttempts = 8, {|#2:Delay = TimeSpan.Zero|} };
            }
            """,
            D(0, "This 'while' retry loop"),
            D(3, "This 'for' retry loop"),
            D(1, "This 'do' retry loop"),
            D(2, "This retry (Delay = zero)"));

        [Fact]
        public Task RetriesThatPause_FallbacksAndPumps_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            public sealed class Client(HttpClient http, Func<TimeSpan, Task> pause)
            {
                public async Task<string> WithDelayAsync(string id)
                {
                    for (int attempt = 0; ; attempt++)
                    {
                        try { return await http.GetStringAsync("a/" + id); }
                        catch (HttpRequestException) when (attempt < 3) { await Task.Delay(200 * (attempt + 1)); }
                    }
                }

                public async Task<string> WithOwnPauseAsync(string id)
                {
                    int attempt = 0;
                    while (attempt < 3)
                    {
                        try { return await http.GetStringAsync("b/" + id); }
                        catch (HttpRequestException) { attempt++; }
                        await pause(TimeSpan.FromSeconds(attempt));
                    }

                    throw new InvalidOperationException();
                }

                // Each round asks another server: a fallback chain, not a retry of the same call.
                public async Task<string> FirstAnswerAsync(string[] servers)
                {
                    for (int i = 0; i < servers.Length; i++)
                    {
                        try { return await http.GetStringAsync(servers[i]); }
                        catch (HttpRequestException) { }
                    }

                    throw new InvalidOperationException();
                }

                // A polling worker whose round waits for its tick inside the try (phase 24, a release dashboard's sweeper).
                public async Task SweepAsync(PeriodicTimer timer, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            if (!await timer.WaitForNextTickAsync(ct)) break;
                            await http.GetStringAsync("sweep", ct);
                        }
                        catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                        catch (HttpRequestException e) { Console.Error.WriteLine(e); }
                    }
                }

                static readonly RetryStrategyOptions Options = new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.FromSeconds(1) };
                static readonly RetryStrategyOptions Custom = new RetryStrategyOptions { Delay = TimeSpan.Zero, DelayGenerator = _ => new ValueTask<TimeSpan?>(TimeSpan.FromSeconds(1)) };
            }
            """);
    }
}
