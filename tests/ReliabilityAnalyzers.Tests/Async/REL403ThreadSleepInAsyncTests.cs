using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
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
        public Task SleepInAsyncCode_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task Method() { {|#0:Thread.Sleep(1000)|}; await Task.Yield(); }
                void Lambdas()
                {
                    Func<Task> f = async () => { {|#1:Thread.Sleep(TimeSpan.FromSeconds(1))|}; await Task.Yield(); };
                    async Task Local() { {|#2:Thread.Sleep(5)|}; await Task.Yield(); }
                }
            }
            """,
            Verify.Diagnostic("REL403").WithLocation(0),
            Verify.Diagnostic("REL403").WithLocation(1),
            Verify.Diagnostic("REL403").WithLocation(2));

        [Fact]
        public Task SleepRightBeforeTheProcessExits_IsNotReported_ASleepBeforeOtherWorkIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Cli
            {
                async Task<int> RunAsync(Func<Task> command)
                {
                    try { await command(); return 0; }
                    catch (Exception ex)
                    {
                        Console.Error.WriteLine(ex.Message);
                        Thread.Sleep(3000); // let the user read it
                        Environment.Exit(1);
                        return 1;
                    }
                }

                async Task RetryAsync(Func<Task> command)
                {
                    try { await command(); }
                    catch (Exception)
                    {
                        {|#0:Thread.Sleep(3000)|};
                        await command();
                        Environment.Exit(1);
                    }
                }
            }
            """,
            Verify.Diagnostic("REL403").WithLocation(0));

        [Fact]
        public async Task SleepInAnInternalAsyncMethodEveryCallerBlocksOn_IsNotReported_OneAlsoAwaitedIs()
        {
            var test = Verify.Create("""
                using System.Threading;
                using System.Threading.Tasks;
                internal class ReaderGate
                {
                    public bool Busy;

                    public async Task WaitIdleAsync(bool execAsync)
                    {
                        while (Busy) { Thread.Sleep(100); }
                        await Task.Yield();
                    }

                    public async Task DrainAsync(bool execAsync)
                    {
                        while (Busy) { {|#0:Thread.Sleep(100)|}; }
                        await Task.Yield();
                    }

                    // Awaited through a generic call elsewhere: a use that is not a block.
                    public async Task<T> LoadAsync<T>(T value)
                    {
                        {|#1:Thread.Sleep(100)|};
                        await Task.Yield();
                        return value;
                    }
                }
                """,
                Verify.Diagnostic("REL403").WithLocation(0),
                Verify.Diagnostic("REL403").WithLocation(1));
            test.TestState.Sources.Add(("Callers.cs", """
                using System.Threading.Tasks;
                internal static class Callers
                {
                    public static void WaitIdle(ReaderGate gate) => gate.WaitIdleAsync(false).Wait();
                    public static void Drain(ReaderGate gate) => gate.DrainAsync(false).GetAwaiter().GetResult();
                    public static async Task DrainLaterAsync(ReaderGate gate) => await gate.DrainAsync(true);
                    public static int Load(ReaderGate gate) => gate.LoadAsync(5).GetAwaiter().GetResult();
                    public static async Task<int> LoadLaterAsync(ReaderGate gate) => await gate.LoadAsync<int>(5);
                }
                """));
            await test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public Task SleepOfAZeroTestHookField_IsNotReported_AFieldTheCodeSetsIs() => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            class Uploader
            {
                // Zero and never written here: a fault-injection hook that tests set by reflection.
                private int _injectWaitMs = 0;
                private static int s_injectDelay;
                private int _backoffMs;
                private int _retryMs = 250;
                internal int HookMs;

                public void Configure(int backoff) { this._backoffMs = backoff; }

                async Task Put()
                {
                    Thread.Sleep(_injectWaitMs);
                    Thread.Sleep(s_injectDelay);
                    {|#0:Thread.Sleep(_backoffMs)|};
                    {|#1:Thread.Sleep(_retryMs)|};
                    {|#2:Thread.Sleep(HookMs)|};
                    await Task.Yield();
                }
            }
            """,
            Verify.Diagnostic("REL403").WithLocation(0),
            Verify.Diagnostic("REL403").WithLocation(1),
            Verify.Diagnostic("REL403").WithLocation(2));

        [Fact]
        public Task SleepOutsideAsyncCode_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                void Sync() { Thread.Sleep(1000); }
                Task NotAsync() { Thread.Sleep(10); return Task.CompletedTask; }
                async Task Yield() { Thread.Sleep(0); await Task.Yield(); }
                async Task Offloaded() { await Task.Run(() => Thread.Sleep(100)); }
                async Task Flag(bool async) { if (async) { await Task.Delay(10); } else { Thread.Sleep(10); } }
                void Thread_Sleep_Named(Action sleep) { sleep(); }
            }
            """);

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading;
                class Worker { async System.Threading.Tasks.Task M() { Thread.Sleep(; Thread.Sleep(10) } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL403").WithSpan(2, 71, 2, 87));
            await test.RunAsync();
        }

        [Fact]
        public Task Fix_UsesTaskDelayWithTheTokenInScope_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                async Task Run(CancellationToken stoppingToken)
                {
                    {|#0:Thread.Sleep(1000)|};
                    await Task.Yield();
                }

                async Task NoToken()
                {
                    // wait a bit
                    {|#1:Thread.Sleep(TimeSpan.FromSeconds(2))|};
                    await Task.Yield();
                }

                async Task TwoTokens(CancellationToken a, CancellationToken b)
                {
                    {|#2:Thread.Sleep(5)|};
                    await Task.Yield();
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
                    await Task.Delay(1000, stoppingToken);
                    await Task.Yield();
                }

                async Task NoToken()
                {
                    // wait a bit
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    await Task.Yield();
                }

                async Task TwoTokens(CancellationToken a, CancellationToken b)
                {
                    await Task.Delay(5);
                    await Task.Yield();
                }
            }
            """, "REL403.TaskDelay",
            VerifyFix.Diagnostic("REL403").WithLocation(0),
            VerifyFix.Diagnostic("REL403").WithLocation(1),
            VerifyFix.Diagnostic("REL403").WithLocation(2));

        [Fact]
        public Task Fix_KeepsConfigureAwaitFalse_AndLambdaToken_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Threading;
            namespace N
            {
                class Worker
                {
                    async System.Threading.Tasks.Task Run(CancellationToken token)
                    {
                        await System.Threading.Tasks.Task.Delay(1).ConfigureAwait(false);
                        Func<System.Threading.Tasks.Task> f = async () => { {|#0:Thread.Sleep(10)|}; await System.Threading.Tasks.Task.Yield(); };
                        {|#1:Thread.Sleep(20)|};
                    }
                }
            }
            """, """
            using System;
            using System.Threading;
            namespace N
            {
                class Worker
                {
                    async System.Threading.Tasks.Task Run(CancellationToken token)
                    {
                        await System.Threading.Tasks.Task.Delay(1).ConfigureAwait(false);
                        Func<System.Threading.Tasks.Task> f = async () => { await System.Threading.Tasks.Task.Delay(10, token).ConfigureAwait(false); await System.Threading.Tasks.Task.Yield(); };
                        await System.Threading.Tasks.Task.Delay(20, token).ConfigureAwait(false);
                    }
                }
            }
            """, "REL403.TaskDelay",
            VerifyFix.Diagnostic("REL403").WithLocation(0),
            VerifyFix.Diagnostic("REL403").WithLocation(1));
    }
}
