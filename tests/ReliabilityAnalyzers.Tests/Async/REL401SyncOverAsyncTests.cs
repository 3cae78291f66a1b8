using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL401SyncOverAsyncAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Async.REL401SyncOverAsyncAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Async.REL401SyncOverAsyncCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL401SyncOverAsyncTests
    {
        [Fact]
        public Task BlockingWaits_InAsyncMethodsLambdasAndLocalFunctions_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class Service
            {
                private readonly HttpClient _http = new HttpClient();
                async Task<string> A(IDatabase db)
                {
                    var value = {|#0:db.StringGetAsync("k").Result|};
                    {|#1:_http.GetAsync("x").Wait()|};
                    var text = {|#2:_http.GetStringAsync("x").GetAwaiter().GetResult()|};
                    {|#3:Task.WaitAll(Task.Delay(1), Task.Delay(2))|};
                    await Task.Yield();
                    return value + text;
                }
                void B()
                {
                    Func<Task> f = async () => { await Task.Yield(); {|#4:_http.GetStringAsync("x").ConfigureAwait(false).GetAwaiter().GetResult()|}; };
                    async Task Local() { await Task.Yield(); _ = {|#5:new ValueTask<int>(Task.FromResult(1).ContinueWith(t => 2)).Result|}; }
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Wait()"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".GetAwaiter().GetResult()"),
            Verify.Diagnostic("REL401").WithLocation(3).WithArguments("Task.WaitAll"),
            Verify.Diagnostic("REL401").WithLocation(4).WithArguments(".GetAwaiter().GetResult()"),
            Verify.Diagnostic("REL401").WithLocation(5).WithArguments(".Result"));

        [Fact]
        public Task ProvenCompleteTasks_AndSyncCode_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading.Tasks;
            class Service
            {
                async Task<int> AfterAwait(Task<int> t) { await t; return t.Result; }
                async Task<int> AfterConfigureAwait(Task<int> t) { await t.ConfigureAwait(false); return t.Result; }
                async Task<int> AfterWhenAll(Task<int> a, Task<int> b) { await Task.WhenAll(a, b); return a.Result + b.Result; }
                async Task<int> AfterWhenAllOfList(List<Task<int>> tasks)
                {
                    await Task.WhenAll(tasks);
                    int sum = 0;
                    foreach (var t in tasks) sum += t.Result;
                    return sum + tasks[0].Result + tasks.Sum(t => t.Result);
                }
                async Task<int> Guarded(Task<int> t) { if (t.IsCompletedSuccessfully) return t.Result; return await t; }
                async Task<int> Ternary(ValueTask<int> t) => t.IsCompleted ? t.Result : await t;
                async Task<int> Pattern(TaskCompletionSource<int>? tcs) { if (tcs?.Task is { IsCompleted: true } done) return done.Result; await Task.Yield(); return 0; }
                async Task<int> Flag(Holder? h) { var tried = h?.Work.IsCompleted == true; await Task.Yield(); if (tried) return h!.Work.Result; return 0; }
                async Task Poll(Task t) { t.Wait(0); await Task.Yield(); }
                async Task<int> Completed() { await Task.Yield(); return Task.FromResult(1).Result; }
                async Task<int> Read(Stream s, bool async) { if (async) return await s.ReadAsync(new byte[1]); else return s.ReadAsync(new byte[1]).AsTask().GetAwaiter().GetResult(); }
                int Sync(Task<int> t) => t.Result;
                class Holder { public Task<int> Work = Task.FromResult(1); }
                async Task Continuation(Task<int> t) { await t.ContinueWith(done => Console.WriteLine(done.Result)); }
            }
            """);

        [Fact]
        public Task IncompleteCode_DoesNotCrash()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class Service { async Task A(Task<int> t) { var x = t.Result. ; t.Wait( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL401").WithSpan(2, 53, 2, 61).WithArguments(".Result"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL401").WithSpan(2, 65, 2, 73).WithArguments(".Wait()"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AwaitsInsteadOfBlocking_FixAll() => VerifyFix.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            class Service
            {
                private readonly HttpClient _http = new HttpClient();
                async Task<int> A()
                {
                    var text = {|#0:_http.GetStringAsync("x").Result|};
                    {|#1:_http.GetAsync("x").Wait()|};
                    var length = {|#2:_http.GetStringAsync("y").GetAwaiter().GetResult()|}.Length;
                    {|#3:Task.WaitAll(Task.Delay(1), Task.Delay(2))|};
                    return text.Length + length + {|#4:GetAsync().Result|};
                }
                Task<int> GetAsync() => Task.FromResult(1);
            }
            """, """
            using System.Net.Http;
            using System.Threading.Tasks;
            class Service
            {
                private readonly HttpClient _http = new HttpClient();
                async Task<int> A()
                {
                    var text = await _http.GetStringAsync("x");
                    await _http.GetAsync("x");
                    var length = (await _http.GetStringAsync("y")).Length;
                    await Task.WhenAll(Task.Delay(1), Task.Delay(2));
                    return text.Length + length + await GetAsync();
                }
                Task<int> GetAsync() => Task.FromResult(1);
            }
            """,
            REL401SyncOverAsyncCodeFix.AwaitKey,
            VerifyFix.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments(".Wait()"),
            VerifyFix.Diagnostic("REL401").WithLocation(2).WithArguments(".GetAwaiter().GetResult()"),
            VerifyFix.Diagnostic("REL401").WithLocation(3).WithArguments("Task.WaitAll"),
            VerifyFix.Diagnostic("REL401").WithLocation(4).WithArguments(".Result"));

        [Fact]
        public Task Fix_KeepsConfigureAwaitConvention_AndSkipsLock()
        {
            var test = new VerifyFix.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    class Service
                    {
                        private readonly object _gate = new object();
                        async Task<int> A(Task<int> a, Task<int> b)
                        {
                            await Task.Delay(1).ConfigureAwait(false);
                            int x = {|#0:a.Result|};
                            lock (_gate) { x += {|#1:b.Result|}; }
                            return x;
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;
                    class Service
                    {
                        private readonly object _gate = new object();
                        async Task<int> A(Task<int> a, Task<int> b)
                        {
                            await Task.Delay(1).ConfigureAwait(false);
                            int x = await a.ConfigureAwait(false);
                            lock (_gate) { x += {|#1:b.Result|}; }
                            return x;
                        }
                    }
                    """,
                CodeActionEquivalenceKey = REL401SyncOverAsyncCodeFix.AwaitKey,
            };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"));
            test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"));
            return test.RunAsync();
        }
    }
}
