using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Resilience;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL202UnboundedRetryAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Resilience.REL202UnboundedRetryAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Resilience.REL202UnboundedRetryCodeFix>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL202UnboundedRetryTests
    {
        [Fact]
        public Task PollyForms_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.Retry;
            class Policies
            {
                static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().{|#0:WaitAndRetryForeverAsync(i => TimeSpan.FromSeconds(1))|};
                static readonly ISyncPolicy B = Policy.Handle<TimeoutException>().{|#1:RetryForever()|};
                static readonly IAsyncPolicy C = Policy.Handle<HttpRequestException>().{|#2:RetryAsync(int.MaxValue)|};
                static readonly RetryStrategyOptions D = new RetryStrategyOptions { {|#3:MaxRetryAttempts = int.MaxValue|} };
                static ResiliencePipeline E() => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { {|#4:MaxRetryAttempts = int.MaxValue|} }).Build();
                // A predicate with no pause between attempts: a retry storm, not a poll (phase 24, a recall probe).
                static readonly RetryStrategyOptions F = new RetryStrategyOptions
                {
                    {|#5:MaxRetryAttempts = int.MaxValue|},
                    {|#6:Delay = TimeSpan.Zero|},
                    ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(),
                };
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("WaitAndRetryForeverAsync"),
            Verify.Diagnostic("REL202").WithLocation(1).WithArguments("RetryForever"),
            Verify.Diagnostic("REL202").WithLocation(2).WithArguments("RetryAsync"),
            Verify.Diagnostic("REL202").WithLocation(3).WithArguments("MaxRetryAttempts = int.MaxValue"),
            Verify.Diagnostic("REL202").WithLocation(4).WithArguments("MaxRetryAttempts = int.MaxValue"),
            Verify.Diagnostic("REL202").WithLocation(5).WithArguments("MaxRetryAttempts = int.MaxValue"),
            new DiagnosticResult("REL214", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(6).WithArguments("This retry (Delay = zero)"));

        [Fact]
        public Task MaxRetryAttempts_IntMaxValue_InEveryInitializerShape_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;
            using Polly.Retry;
            class Policies
            {
                const int Forever = int.MaxValue;
                static ResiliencePipeline TargetTyped() => new ResiliencePipelineBuilder().AddRetry(new() { {|#0:MaxRetryAttempts = int.MaxValue|} }).Build();

                static ResiliencePipeline OptionsVariable()
                {
                    var options = new RetryStrategyOptions();
                    {|#1:options.MaxRetryAttempts = Forever|};
                    return new ResiliencePipelineBuilder().AddRetry(options).Build();
                }

                static readonly HttpRetryStrategyOptions Http = new() { {|#2:MaxRetryAttempts = int.MaxValue|} };
                static readonly RetryStrategyOptions<HttpResponseMessage> Generic = new RetryStrategyOptions<HttpResponseMessage> { {|#3:MaxRetryAttempts = int.MaxValue|} };
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("MaxRetryAttempts = int.MaxValue"),
            Verify.Diagnostic("REL202").WithLocation(1).WithArguments("MaxRetryAttempts = int.MaxValue"),
            Verify.Diagnostic("REL202").WithLocation(2).WithArguments("MaxRetryAttempts = int.MaxValue"),
            Verify.Diagnostic("REL202").WithLocation(3).WithArguments("MaxRetryAttempts = int.MaxValue"));

        [Fact]
        public Task TheLibraryDefiningForeverRetries_ForwardingOverloads_IsNotReported()
        {
            // Polly's own source: one RetryForever overload forwards to another. The definition is not a use.
            var test = Verify.Create("""
                namespace Polly
                {
                    public class PolicyBuilder { }
                    public class RetryPolicy { }
                    public static class RetrySyntax
                    {
                        public static RetryPolicy RetryForever(this PolicyBuilder policyBuilder) => policyBuilder.RetryForever(_ => { });
                        public static RetryPolicy RetryForever(this PolicyBuilder policyBuilder, System.Action<System.Exception> onRetry) => new RetryPolicy();
                        public static RetryPolicy Retry(this PolicyBuilder policyBuilder) => policyBuilder.Retry(int.MaxValue);
                        public static RetryPolicy Retry(this PolicyBuilder policyBuilder, int retryCount) => new RetryPolicy();
                    }
                }
                """);
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(System.Linq.Enumerable.Where(
                ReliabilityAnalyzers.Tests.Infrastructure.TestReferences.References,
                r => r.Display?.Contains("polly", System.StringComparison.OrdinalIgnoreCase) != true
                     && r.Display?.Contains("Resilience", System.StringComparison.Ordinal) != true));
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Polly"));
            return test.RunAsync();
        }

        [Fact]
        public Task BoundedOrWrappedPolly_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.Retry;
            class Policies
            {
                static readonly IAsyncPolicy Bounded = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i));
                static readonly IAsyncPolicy Forever = Policy.Handle<HttpRequestException>().WaitAndRetryForeverAsync(i => TimeSpan.FromSeconds(1));
                static readonly IAsyncPolicy Breaker = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
                static readonly IAsyncPolicy Wrapped = Policy.WrapAsync(Forever, Breaker);
                static readonly IAsyncPolicy Inline = Policy.Handle<HttpRequestException>().RetryForeverAsync().WrapAsync(Policy.TimeoutAsync(30));
                static readonly RetryStrategyOptions Options = new RetryStrategyOptions { MaxRetryAttempts = 5 };
                // Re-open a long poll the server ends: the predicate says what goes round, not "every failure".
                static readonly RetryStrategyOptions LongPoll = new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<System.IO.EndOfStreamException>(),
                    MaxRetryAttempts = int.MaxValue,
                };
                static ResiliencePipeline WithTimeout() => new ResiliencePipelineBuilder()
                    .AddTimeout(TimeSpan.FromMinutes(2))
                    .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue })
                    .Build();
            }
            """);

        [Fact]
        public Task HandWrittenLoops_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                async Task<string> A()
                {
                    {|#0:while|} (true)
                    {
                        try { return await _http.GetStringAsync("https://example.com"); }
                        catch (HttpRequestException) { await Task.Delay(1000); }
                    }
                }

                string B()
                {
                    {|#1:for|} (;;)
                    {
                        try { return _http.GetStringAsync("x").Result; }
                        catch (Exception) { continue; }
                    }
                }

                async Task C()
                {
                    {|#2:do|}
                    {
                        try
                        {
                            await _http.GetStringAsync("x");
                            break;
                        }
                        catch (InvalidOperationException) { throw; }
                        catch { _failures++; }
                    }
                    while (true);
                }

                int _failures;
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(1).WithArguments("for"),
            Verify.Diagnostic("REL202").WithLocation(2).WithArguments("do"));

        [Fact]
        public Task CatchCallingANeverReturningThrowHelper_IsAWayOut_NotReported_OtherHelpersStillAre() => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.Net.Http;
            using System.Threading.Tasks;
            static class Throw
            {
                [DoesNotReturn]
                public static void PersistenceFailure(string message, Exception inner) => throw new InvalidOperationException(message, inner);
                public static void Failure(Exception inner) { throw new InvalidOperationException("failed", inner); }
                public static void Note(Exception inner) { Console.WriteLine(inner); }
            }
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                async Task<string> A()
                {
                    while (true)
                    {
                        try { return await _http.GetStringAsync("https://example.com"); }
                        catch (HttpRequestException e) { Throw.PersistenceFailure("Couldn't fetch: " + e.Message, e); }
                        await Task.Delay(1000);
                    }
                }

                async Task<string> B()
                {
                    while (true)
                    {
                        try { return await _http.GetStringAsync("https://example.com"); }
                        catch (HttpRequestException e) { Throw.Failure(e); }
                        await Task.Delay(1000);
                    }
                }

                async Task<string> C()
                {
                    {|#0:while|} (true)
                    {
                        try { return await _http.GetStringAsync("https://example.com"); }
                        catch (HttpRequestException e) { Throw.Note(e); }
                        await Task.Delay(1000);
                    }
                }
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("while"));

        [Fact]
        public Task RetryEvidence_DelayAfterTry_UnusedCounter_ReadOfTheResponse_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                async Task<string> DelayAfterTry()
                {
                    {|#0:while|} (true)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException ex) { Console.WriteLine(ex); }
                        await Task.Delay(500);
                    }
                }

                // The counter is only logged: it never ends the loop.
                async Task<string> CounterNeverChecked()
                {
                    var attempt = 0;
                    {|#1:while|} (true)
                    {
                        try
                        {
                            var response = await _http.GetAsync("x");
                            return await response.Content.ReadAsStringAsync();
                        }
                        catch (HttpRequestException ex) { attempt++; Console.WriteLine($"attempt {attempt}: {ex}"); }
                    }
                }

                // File.ReadAllText is the operation retried, not a new item.
                string LockedFile(string path)
                {
                    {|#2:while|} (true)
                    {
                        try { return File.ReadAllText(path); }
                        catch (IOException) { Thread.Sleep(100); }
                    }
                }

                // Phase 25, a recall probe: the counter reaches only the success result built on the way out.
                async Task<Delivery> CounterInTheResult(string url)
                {
                    var attempt = 0;
                    {|#3:while|} (true)
                    {
                        attempt++;
                        try
                        {
                            using var response = await _http.PostAsync(url, null);
                            if (response.IsSuccessStatusCode) { return new Delivery(true, $"attempt-{attempt}"); }
                        }
                        catch (HttpRequestException ex) { Console.WriteLine(ex); }
                        await Task.Delay(2000);
                    }
                }

                async Task<Delivery> CounterInAFactoryResult(string url)
                {
                    var attempt = 0;
                    {|#4:while|} (true)
                    {
                        attempt++;
                        try
                        {
                            using var response = await _http.PostAsync(url, null);
                            if (response.IsSuccessStatusCode) { return Delivery.Sent($"attempt-{attempt}"); }
                        }
                        catch (HttpRequestException ex) { Console.WriteLine(ex); }
                        await Task.Delay(2000);
                    }
                }

                record Delivery(bool Ok, string Detail) { public static Delivery Sent(string detail) => new Delivery(true, detail); }
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(1).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(2).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(3).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(4).WithArguments("while"));

        [Fact]
        public Task ProbeLoops_ThatTryANewCandidateEachRound_AreNotRetries_RoundRobinAndLoggedCountersAre() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class Updater
            {
                // A free archive name: runner1.zip, runner2.zip, ... until a stale one can be deleted or none exists.
                string FreeArchive(string dir)
                {
                    int suffix = 1;
                    string archive;
                    while (true)
                    {
                        archive = Path.Combine(dir, $"runner{suffix}.zip");
                        try
                        {
                            if (File.Exists(archive)) { File.Delete(archive); }
                            break;
                        }
                        catch (IOException) { suffix++; }
                    }
                    return archive;
                }

                // A free port.
                TcpListener Listen(int port)
                {
                    while (true)
                    {
                        try { var l = new TcpListener(IPAddress.Loopback, port); l.Start(); return l; }
                        catch (SocketException) { port++; }
                    }
                }
            }
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                readonly string[] _hosts = { "a", "b" };

                // Round-robin over the same hosts: every host is retried forever.
                async Task<string> RoundRobin()
                {
                    int i = 0;
                    {|#0:while|} (true)
                    {
                        try { return await _http.GetStringAsync(_hosts[i % _hosts.Length]); }
                        catch (HttpRequestException) { i++; }
                    }
                }

                // The counter only reaches a log line inside the try: the same request is retried.
                async Task<string> Logged()
                {
                    int attempt = 0;
                    {|#1:while|} (true)
                    {
                        try { Console.WriteLine($"attempt {attempt}"); return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) { attempt++; }
                    }
                }
            }
            """,
            Verify.Diagnostic("REL202").WithLocation(0).WithArguments("while"),
            Verify.Diagnostic("REL202").WithLocation(1).WithArguments("while"));

        [Fact]
        public Task AcceptLoops_MessagePumps_AndLoopsWithoutRetryEvidence_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            class Server
            {
                readonly TcpListener _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
                readonly Channel<string> _channel = Channel.CreateBounded<string>(10);
                readonly BlockingCollection<string> _queue = new BlockingCollection<string>(10);

                async Task AcceptLoop()
                {
                    while (true)
                    {
                        try
                        {
                            var client = await _listener.AcceptTcpClientAsync();
                            if (client is null) break;
                            _ = Task.Run(() => client.Dispose());
                        }
                        catch (SocketException ex) { Console.WriteLine(ex); await Task.Delay(100); }
                    }
                }

                async Task Pump(StreamReader reader)
                {
                    while (true)
                    {
                        try
                        {
                            var line = await reader.ReadLineAsync();
                            if (line is null) return;
                            Handle(line);
                        }
                        catch (FormatException ex) { Console.WriteLine(ex); continue; }
                    }
                }

                async Task ChannelPump()
                {
                    while (true)
                    {
                        try
                        {
                            var item = await _channel.Reader.ReadAsync();
                            if (item == "stop") return;
                            Handle(item);
                        }
                        catch (InvalidOperationException ex) { Console.WriteLine(ex); await Task.Delay(10); }
                    }
                }

                void QueuePump()
                {
                    for (;;)
                    {
                        try
                        {
                            if (!_queue.TryTake(out var item, 1000)) return;
                            Handle(item);
                        }
                        catch (Exception ex) { Console.WriteLine(ex); Thread.Sleep(10); }
                    }
                }

                async Task StreamPump(IAsyncEnumerable<string> source)
                {
                    while (true)
                    {
                        try
                        {
                            await foreach (var item in source) Handle(item);
                            return;
                        }
                        catch (IOException ex) { Console.WriteLine(ex); await Task.Delay(1000); }
                    }
                }

                // Catches, logs and moves on; nothing says it is retrying the same work.
                void NoEvidence(Func<bool> step)
                {
                    while (true)
                    {
                        try { if (step()) return; }
                        catch (Exception ex) { Console.WriteLine(ex); }
                    }
                }

                async Task SubscriptionPump(ISubscription subscription)
                {
                    var failures = 0;
                    while (true)
                    {
                        try
                        {
                            var message = await subscription.GetNextAsync();
                            if (message is null) break;
                            Handle(message);
                        }
                        catch (TimeoutException) { failures++; await Task.Delay(100); }
                    }
                }

                static void Handle(string item) { }
            }

            interface ISubscription { Task<string?> GetNextAsync(); }
            """);

        [Fact]
        public Task BoundedLoops_AndWorkerLoops_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                async Task<string> Counter()
                {
                    var attempt = 0;
                    while (true)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) when (attempt++ < 3) { await Task.Delay(1000); }
                    }
                }

                async Task<string> CounterInCatch()
                {
                    var attempt = 0;
                    while (true)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException)
                        {
                            if (++attempt >= 3) throw;
                            await Task.Delay(1000);
                        }
                    }
                }

                async Task<string> Deadline()
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (true)
                    {
                        if (DateTime.UtcNow > deadline) throw new TimeoutException();
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) { await Task.Delay(1000); }
                    }
                }

                async Task<string> ForCounter()
                {
                    for (var i = 0; ; i++)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) when (i < 3) { }
                    }
                }

                async Task WorkerLoop(CancellationToken ct)
                {
                    // A worker loop never leaves on success: it is not a retry.
                    while (true)
                    {
                        try { await _http.GetStringAsync("x"); }
                        catch (Exception) { }
                        await Task.Delay(1000);
                    }
                }

                async Task<string> Cancellable(CancellationToken ct)
                {
                    while (true)
                    {
                        ct.ThrowIfCancellationRequested();
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) { }
                    }
                }

                async Task<string> ConditionLoop(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (HttpRequestException) { }
                    }
                    return "";
                }

                async Task<string> CancellationCatchOnly(CancellationToken ct)
                {
                    while (true)
                    {
                        try { return await _http.GetStringAsync("x"); }
                        catch (OperationCanceledException) { }
                    }
                }
            }
            """,
            // Bounded, but each tries again at once: the audit-level REL214 (phase 24).
            new DiagnosticResult("REL214", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(45, 9, 45, 12).WithArguments("This 'for' retry loop"),
            new DiagnosticResult("REL214", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(65, 9, 65, 14).WithArguments("This 'while' retry loop"),
            new DiagnosticResult("REL214", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithSpan(75, 9, 75, 14).WithArguments("This 'while' retry loop"));

        [Fact]
        public Task Fix_IsNotOffered_WhenNoBoundedOverloadFits()
        {
            // RetryForever(Action<Exception>) has no Retry(int, Action<Exception>) twin: nothing compiles, so no fix.
            const string source = """
                using System;
                using Polly;
                class Policies
                {
                    static readonly ISyncPolicy A = Policy.Handle<TimeoutException>().{|#0:RetryForever(ex => Console.WriteLine(ex.Message))|};
                    static readonly ISyncPolicy B = Policy.Handle<TimeoutException>().{|#1:RetryForever(ex => Console.WriteLine(ex))|};
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL202").WithLocation(0).WithArguments("RetryForever"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL202").WithLocation(1).WithArguments("RetryForever"));
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Polly;
                class C
                {
                    void M()
                    {
                        var p = Policy.Handle<System.Exception>().WaitAndRetryForever(;
                        while (true) { try { M( } catch
                    }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_BoundsPollyRetries_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.Retry;
            class Policies
            {
                static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().{|#0:WaitAndRetryForeverAsync(i => TimeSpan.FromSeconds(Math.Pow(2, i)))|};
                static readonly ISyncPolicy B = Policy.Handle<TimeoutException>().{|#1:RetryForever()|};
                static readonly RetryStrategyOptions C = new RetryStrategyOptions { {|#2:MaxRetryAttempts = int.MaxValue|} };
            }
            """, """
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.Retry;
            class Policies
            {
                static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(Math.Pow(2, i)));
                static readonly ISyncPolicy B = Policy.Handle<TimeoutException>().Retry(3);
                static readonly RetryStrategyOptions C = new RetryStrategyOptions { MaxRetryAttempts = 3 };
            }
            """,
            REL202UnboundedRetryCodeFix.BoundRetryKey,
            VerifyFix.Diagnostic("REL202").WithLocation(0).WithArguments("WaitAndRetryForeverAsync"),
            VerifyFix.Diagnostic("REL202").WithLocation(1).WithArguments("RetryForever"),
            VerifyFix.Diagnostic("REL202").WithLocation(2).WithArguments("MaxRetryAttempts = int.MaxValue"));
    }
}
