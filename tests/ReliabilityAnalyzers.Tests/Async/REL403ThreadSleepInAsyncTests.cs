using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL403ThreadSleepInAsyncAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Async.REL403ThreadSleepInAsyncAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Async.REL403ThreadSleepInAsyncCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL403ThreadSleepInAsyncTests
    {
        [Fact]
        public Task SleepInAsyncCode_IsReported_ElsewhereNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task A() { {|#0:Thread.Sleep(100)|}; await Task.Yield(); }
                void B() { Func<Task> f = async () => { {|#1:Thread.Sleep(TimeSpan.FromSeconds(1))|}; await Task.Yield(); }; }
                void Sync() { Thread.Sleep(100); }
                async Task Yield() { Thread.Sleep(0); await Task.Yield(); }
                async Task NestedSync() { Action a = () => Thread.Sleep(10); a(); await Task.Yield(); }
            }
            """,
            Verify.Diagnostic("REL403").WithLocation(0),
            Verify.Diagnostic("REL403").WithLocation(1));

        [Fact]
        public Task Fix_AwaitsTaskDelay_WithTheTokenInScope_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task Run(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Yield();
                        {|#0:Thread.Sleep(1000)|};
                    }
                }

                async Task Backoff(int attempt)
                {
                    await Task.Yield();
                    {|#1:Thread.Sleep(TimeSpan.FromMilliseconds(100 * attempt))|};
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task Run(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await Task.Yield();
                        await Task.Delay(1000, stoppingToken);
                    }
                }

                async Task Backoff(int attempt)
                {
                    await Task.Yield();
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
                }
            }
            """,
            REL403ThreadSleepInAsyncCodeFix.DelayKey,
            VerifyFix.Diagnostic("REL403").WithLocation(0),
            VerifyFix.Diagnostic("REL403").WithLocation(1));
    }
}
