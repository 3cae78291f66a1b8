using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL113StartNewAsyncNotUnwrappedAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL113StartNewAsyncNotUnwrappedAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL113StartNewAsyncNotUnwrappedCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL113StartNewAsyncNotUnwrappedTests
    {
        private static DiagnosticResult Diagnostic(int location, string use) =>
            new DiagnosticResult("REL113", DiagnosticSeverity.Info).WithLocation(location).WithArguments(use);

        [Fact]
        public Task StartNewAsync_NotUnwrapped_IsReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            class Pump
            {
                Task SendAsync() => Task.Delay(1);
                readonly List<Task> _running = new List<Task>();

                async Task Start()
                {
                    Task.Factory.{|#0:StartNew|}(async () => await SendAsync());
                    _ = Task.Factory.{|#1:StartNew|}(async () => { await SendAsync(); }, TaskCreationOptions.LongRunning);
                    await Task.Factory.{|#2:StartNew|}(async () => await SendAsync());
                    Task t = Task.Factory.{|#3:StartNew|}(async () => await SendAsync());
                    _running.Add(Task.Factory.{|#4:StartNew|}(async () => await SendAsync(), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default));
                    await t;
                }

                Task Loop() => Task.Factory.{|#5:StartNew|}(async () => await SendAsync());
            }
            """,
            Diagnostic(0, "drops"), Diagnostic(1, "discards"), Diagnostic(2, "awaits only"), Diagnostic(3, "keeps as a plain Task"),
            Diagnostic(4, "keeps as a plain Task"), Diagnostic(5, "keeps as a plain Task"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            class Pump
            {
                Task SendAsync() => Task.Delay(1);

                async Task Start()
                {
                    await Task.Factory.StartNew(async () => await SendAsync()).Unwrap();
                    await await Task.Factory.StartNew(async () => await SendAsync());
                    await TaskExtensions.Unwrap(Task.Factory.StartNew(async () => await SendAsync()));
                    await Task.Run(async () => await SendAsync());
                    int n = await Task.Factory.StartNew(() => 1);
                    Task<Task> outer = Task.Factory.StartNew(async () => await SendAsync());
                    await outer.Unwrap();

                    // The work logs its own failures: dropping the outer task loses nothing.
                    _ = Task.Factory.StartNew(async () => { try { await SendAsync(); } catch (System.Exception ex) { System.Console.WriteLine(ex); } });
                    _ = Task.Factory.StartNew(_ => GuardedAsync(), TaskCreationOptions.LongRunning, System.Threading.CancellationToken.None);
                }

                async Task GuardedAsync()
                {
                    try { await SendAsync(); }
                    catch (System.Exception ex) { System.Console.WriteLine(ex); }
                }
            }
            """);

        [Fact]
        public Task Fix_AppendsUnwrap_FixAll_NotWhereTheAwaitIsAValue()
        {
            var test = new VerifyFix.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    class Pump
                    {
                        Task<int> CountAsync() => Task.Run(() => 1);

                        async Task Start()
                        {
                            Task.Factory.{|#0:StartNew|}(async () => await CountAsync());
                            _ = Task.Factory.{|#1:StartNew|}(async () => await CountAsync());
                            await Task.Factory.{|#2:StartNew|}(async () => await CountAsync());
                            Task<int> inner = await Task.Factory.{|#3:StartNew|}(async () => await CountAsync());
                            await inner;
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;
                    class Pump
                    {
                        Task<int> CountAsync() => Task.Run(() => 1);

                        async Task Start()
                        {
                            Task.Factory.StartNew(async () => await CountAsync()).Unwrap();
                            _ = Task.Factory.StartNew(async () => await CountAsync()).Unwrap();
                            await Task.Factory.StartNew(async () => await CountAsync()).Unwrap();
                            Task<int> inner = await Task.Factory.{|#3:StartNew|}(async () => await CountAsync());
                            await inner;
                        }
                    }
                    """,
                CodeActionEquivalenceKey = REL113StartNewAsyncNotUnwrappedCodeFix.UnwrapKey,
            };
            test.ExpectedDiagnostics.Add(Diagnostic(0, "drops"));
            test.ExpectedDiagnostics.Add(Diagnostic(1, "discards"));
            test.ExpectedDiagnostics.Add(Diagnostic(2, "awaits only"));
            test.ExpectedDiagnostics.Add(Diagnostic(3, "awaits only"));
            test.FixedState.ExpectedDiagnostics.Add(Diagnostic(3, "awaits only"));
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class A { void M() { Task.Factory.StartNew(async () => await Missing()); Task.Factory.StartNew( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
