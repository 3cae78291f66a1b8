using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL105CatchAllSwallowsCancellationAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL105CatchAllSwallowsCancellationAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL105CatchAllSwallowsCancellationCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL105CatchAllSwallowsCancellationTests
    {
        private static DiagnosticResult Diagnostic(int location, string token) =>
            new DiagnosticResult("REL105", DiagnosticSeverity.Info).WithLocation(location).WithArguments(token);

        [Fact]
        public Task CatchAll_AroundCancellableCode_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                HttpClient _http = new HttpClient();
                async Task A(CancellationToken ct)
                {
                    try { await _http.GetStringAsync("https://example.org", ct); }
                    {|#0:catch (Exception ex)|} { Console.WriteLine(ex); }
                }

                async Task B(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    {|#1:catch|} { }
                }

                void C(CancellationToken token)
                {
                    try { token.ThrowIfCancellationRequested(); File.ReadAllText("x"); }
                    {|#2:catch (SystemException)|} { Console.WriteLine("failed"); }
                }

                async Task<bool> D(CancellationTokenSource cts)
                {
                    try { await Task.Delay(10, cts.Token); return true; }
                    catch (IOException) { return false; }
                    {|#3:catch (Exception ex)|} when (Log(ex)) { return false; }
                }

                static bool Log(Exception ex) { Console.WriteLine(ex); return true; }

                // A token in a params array, in a dynamic call, and in a query clause (run here, not later).
                async Task E(CancellationToken a, CancellationToken b, CancellationToken c)
                {
                    try { using var linked = CancellationTokenSource.CreateLinkedTokenSource(a, b, c); await Task.Delay(10); }
                    {|#4:catch (Exception ex)|} { Console.WriteLine(ex); }
                }

                void F(dynamic client, CancellationToken ct)
                {
                    try { client.Send("x", ct); }
                    {|#5:catch|} { }
                }

                int G(string[] urls, CancellationToken ct)
                {
                    try { return (from u in urls where Probe(u, ct) select u).Count(); }
                    {|#6:catch (Exception)|} { return 0; }
                }

                static bool Probe(string url, CancellationToken ct) => url.Length > 0;
            }
            """,
            Diagnostic(0, "ct"), Diagnostic(1, "ct"), Diagnostic(2, "token"), Diagnostic(3, "cts.Token"),
            Diagnostic(4, "a"), Diagnostic(5, "ct"), Diagnostic(6, "ct"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                HttpClient _http = new HttpClient();
                async Task NoToken()
                {
                    // An HttpClient timeout surfaces as TaskCanceledException: a failure, rightly caught.
                    try { await _http.GetStringAsync("https://example.org"); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                async Task NoneToken()
                {
                    try { await Task.Delay(10, CancellationToken.None); await Task.Delay(10, default); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                // The caught exception is handed on with the task or to whoever waits: cancellation travels with it.
                Task FlushAsync(CancellationToken ct)
                {
                    try { Flush(ct); return Task.CompletedTask; }
                    catch (Exception ex) { return Task.FromException(ex); }
                }

                async Task Forward(TaskCompletionSource<int> tcs, CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); tcs.SetResult(1); }
                    catch (Exception ex) { tcs.SetException(ex); }
                }

                // Try-pattern: failure, cancellation included, is reported through the result.
                async Task<bool> TryPingAsync(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); return true; }
                    catch { return false; }
                }

                // Teardown must not throw.
                public void Dispose()
                {
                    try { _gate.Wait(_cts.Token); }
                    catch { }
                }

                // A local timeout source: its OperationCanceledException is a timeout, a failure rightly caught.
                async Task SendWithTimeout()
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    try { await Task.Delay(10, timeout.Token); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                readonly CancellationTokenSource _cts = new CancellationTokenSource();
                static void Flush(CancellationToken ct) { }

                async Task CancellationCaughtOnPurpose(CancellationToken ct)
                {
                    // Catching OperationCanceledException itself is a decision about cancellation, not a catch-all.
                    try { await Task.Delay(10, ct); }
                    catch (OperationCanceledException) { }
                }

                async Task EarlierCatch(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (OperationCanceledException) { throw; }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                async Task EarlierTaskCanceled(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (TaskCanceledException) { return; }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                async Task Filtered(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) when (ex is not OperationCanceledException) { Console.WriteLine(ex); }
                }

                async Task FilteredOnToken(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) when (!ct.IsCancellationRequested) { Console.WriteLine(ex); }
                }

                async Task TypeFilter(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) when (ex is HttpRequestException or IOException) { Console.WriteLine(ex); }
                }

                async Task Rethrows(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) { Console.WriteLine(ex); throw; }
                }

                async Task Translates(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) { throw new InvalidOperationException("failed", ex); }
                }

                async Task ChecksInBody(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception ex) { if (ex is OperationCanceledException) return; Console.WriteLine(ex); }
                }

                async Task SpecificType(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (IOException ex) { Console.WriteLine(ex); }
                }

                void TokenOnlyInLambda(CancellationToken ct)
                {
                    try { Func<Task> f = () => Task.Delay(10, ct); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }
            }
            """);

        [Fact]
        public Task EarlierClause_FilteredOnCancellation_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task A(CancellationToken token)
                {
                    try { await Task.Delay(10, token); }
                    catch (Exception) when (token.IsCancellationRequested) { return; }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                async Task B(CancellationToken token)
                {
                    try { await Task.Delay(10, token); }
                    catch when (token.IsCancellationRequested) { throw; }
                    catch { Console.WriteLine("failed"); }
                }

                async Task C(CancellationToken token)
                {
                    try { await Task.Delay(10, token); }
                    catch (Exception ex) when (ex is OperationCanceledException) { return; }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }
            }
            """);

        [Fact]
        public Task RetryLoop_WithoutToken_RetriesCancellation_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();
                Task SendAsync() => Task.Delay(1);

                async Task<string?> FetchAsync(string url)
                {
                    for (int attempt = 1; attempt <= 3; attempt++)
                    {
                        try { return await _http.GetStringAsync(url).ConfigureAwait(false); }
                        {|#0:catch (Exception ex)|} { Console.WriteLine(ex); await Task.Delay(1000 * attempt); }
                    }

                    return null;
                }

                // Rethrowing on the last attempt still retries cancellation on every earlier one.
                async Task PushAsync()
                {
                    for (int i = 0; i < 5; i++)
                    {
                        try { await SendAsync(); return; }
                        {|#1:catch|} { if (i == 4) throw; }
                        await Task.Delay(100);
                    }
                }
            }
            """,
            Diagnostic(0, "GetStringAsync"), Diagnostic(1, "SendAsync"));

        [Fact]
        public Task RetryLoop_Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Client
            {
                Task SendAsync() => Task.Delay(1);
                Task SendAsync(string endpoint) => Task.Delay(1);

                // A token is in scope (just not passed): a different defect, not this shape.
                async Task WithToken(CancellationToken ct)
                {
                    for (int i = 0; i < 3; i++)
                    {
                        try { await SendAsync(); return; }
                        catch (Exception ex) { Console.WriteLine(ex); await Task.Delay(100); }
                    }
                }

                // No delay: a fallback over endpoints, not a retry.
                async Task Fallback(string[] endpoints)
                {
                    for (int i = 0; i < endpoints.Length; i++)
                    {
                        try { await SendAsync(endpoints[i]); return; }
                        catch (Exception ex) { Console.WriteLine(ex); }
                    }
                }

                // A specific exception, a cancellation check in the catch, an unconditional rethrow.
                async Task Specific()
                {
                    for (int i = 0; i < 3; i++)
                    {
                        try { await SendAsync(); return; }
                        catch (HttpRequestException ex) { Console.WriteLine(ex); await Task.Delay(100); }
                    }
                }

                async Task Checks()
                {
                    for (int i = 0; i < 3; i++)
                    {
                        try { await SendAsync(); return; }
                        catch (Exception ex) { if (ex is OperationCanceledException) throw; await Task.Delay(100); }
                    }
                }

                async Task Rethrows()
                {
                    for (int i = 0; i < 3; i++)
                    {
                        try { await SendAsync(); return; }
                        catch (Exception ex) { Console.WriteLine(ex); await Task.Delay(100); throw; }
                    }
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System;
                using System.Threading;
                class Worker
                {
                    void A(CancellationToken ct)
                    {
                        try { Missing(ct); }
                        catch (Nope ex) { }
                        catch (
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AddsFilter_DeclaresVariable_CombinesWithExistingFilter_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task A(CancellationToken ct)
                {
                    try
                    {
                        await Task.Delay(10, ct);
                    }
                    {|#0:catch (Exception)|}
                    {
                        Console.WriteLine("failed");
                    }
                }

                async Task B(CancellationToken ct)
                {
                    try
                    {
                        await Task.Delay(10, ct);
                    }
                    {|#1:catch|}
                    {
                        Console.WriteLine("failed");
                    }
                }

                async Task C(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    {|#2:catch (Exception e)|} when (Log(e) || e.Data.Count > 0) { }
                }

                static bool Log(Exception ex) => true;
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task A(CancellationToken ct)
                {
                    try
                    {
                        await Task.Delay(10, ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Console.WriteLine("failed");
                    }
                }

                async Task B(CancellationToken ct)
                {
                    try
                    {
                        await Task.Delay(10, ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Console.WriteLine("failed");
                    }
                }

                async Task C(CancellationToken ct)
                {
                    try { await Task.Delay(10, ct); }
                    catch (Exception e) when (e is not OperationCanceledException && (Log(e) || e.Data.Count > 0)) { }
                }

                static bool Log(Exception ex) => true;
            }
            """,
            REL105CatchAllSwallowsCancellationCodeFix.FilterKey,
            Diagnostic(0, "ct"), Diagnostic(1, "ct"), Diagnostic(2, "ct"));
    }
}
