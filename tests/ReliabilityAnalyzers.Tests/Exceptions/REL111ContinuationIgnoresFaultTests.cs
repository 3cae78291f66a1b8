using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL111ContinuationIgnoresFaultAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL111ContinuationIgnoresFaultTests
    {
        private const string RunsAnyway = "runs even when the antecedent fails but never looks at its outcome";
        private const string SuccessOnlyDropped = "runs only on success and its own task is dropped, so nobody sees the antecedent fail";

        private static DiagnosticResult Diagnostic(int location, string what) =>
            new DiagnosticResult("REL111", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what);

        [Fact]
        public Task ContinuationsThatIgnoreTheFault_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Sender
            {
                Task SendAsync() => Task.Delay(1);
                Task<int> LoadAsync() => Task.Run(() => 1);
                void Done() { }
                void OnLoaded(Task<int> t) { Console.WriteLine("loaded"); }

                Task Start()
                {
                    SendAsync().{|#0:ContinueWith|}(t => Console.WriteLine("sent"));
                    SendAsync().{|#1:ContinueWith|}(_ => Done(), TaskContinuationOptions.OnlyOnRanToCompletion);
                    LoadAsync().{|#2:ContinueWith|}(OnLoaded);
                    SendAsync().{|#3:ContinueWith|}(t => { if (t.IsCanceled) return; Done(); });
                    return SendAsync().{|#4:ContinueWith|}(delegate (Task t) { Done(); }, TaskScheduler.Default);
                }
            }
            """,
            Diagnostic(0, RunsAnyway), Diagnostic(1, SuccessOnlyDropped), Diagnostic(2, RunsAnyway), Diagnostic(3, RunsAnyway), Diagnostic(4, RunsAnyway));

        // Phase 25, a recall probe's 'Forget()': a fault-only continuation that reads the fault to throw it away.
        [Fact]
        public Task FaultOnlyContinuationThatDiscardsTheFault_IsReported_OneThatLogsIsNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            static class TaskExtensions
            {
                public static void Forget(this Task task) =>
                    task.{|#0:ContinueWith|}(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
                public static void Swallow(this Task task) =>
                    task.{|#1:ContinueWith|}(t => { t.Exception?.Handle(_ => true); }, TaskContinuationOptions.OnlyOnFaulted);
                public static void Report(this Task task) =>
                    task.ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
            }
            """,
            Diagnostic(0, "runs only when the antecedent fails and throws the fault away"),
            Diagnostic(1, "runs only when the antecedent fails and throws the fault away"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Sender
            {
                Task SendAsync() => Task.Delay(1);
                Task<int> LoadAsync() => Task.FromResult(1);
                void Done() { }
                readonly System.Collections.Concurrent.ConcurrentDictionary<Task, object?> _background = new();
                async Task GuardedAsync()
                {
                    try { await SendAsync(); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                void Track()
                {
                    var guarded = GuardedAsync();
                    _background.TryAdd(guarded, null);
                    guarded.ContinueWith(_ => _background.TryRemove(guarded, out var _));
                }

                readonly System.Threading.SemaphoreSlim _gate = new System.Threading.SemaphoreSlim(1);
                readonly IDisposable _releaser = new System.IO.MemoryStream();
                static void Report(Task t) { Console.WriteLine(t.Exception); }

                async Task Start(Action<Task> external, TaskContinuationOptions computed)
                {
                    _ = SendAsync().ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    _ = SendAsync().ContinueWith(_ => Done(), TaskContinuationOptions.OnlyOnFaulted);
                    _ = SendAsync().ContinueWith(t => { if (t.IsFaulted) Console.WriteLine("failed"); else Done(); });
                    _ = LoadAsync().ContinueWith(t => t.Result + 1);
                    _ = SendAsync().ContinueWith(t => Console.WriteLine(t.Status));
                    _ = SendAsync().ContinueWith(async t => { await t; Done(); });
                    _ = SendAsync().ContinueWith(Report);
                    _ = SendAsync().ContinueWith(external);
                    _ = SendAsync().ContinueWith(_ => Done(), computed);

                    // The antecedent cannot fault.
                    _ = Task.Delay(100).ContinueWith(_ => Done());
                    _ = Task.WhenAny(SendAsync(), Task.Delay(100)).ContinueWith(_ => Done());
                    _ = _gate.WaitAsync().ContinueWith((_, state) => (IDisposable)state!, _releaser, TaskScheduler.Default);
                    var waitTask = _gate.WaitAsync();
                    _ = waitTask.IsCompleted ? Task.FromResult(_releaser) : waitTask.ContinueWith((_, state) => (IDisposable)state!, _releaser, TaskScheduler.Default);

                    // Success-only continuation whose own task is awaited or returned: cancellation reaches the caller.
                    await SendAsync().ContinueWith(_ => Done(), TaskContinuationOptions.OnlyOnRanToCompletion);
                    Task pending = SendAsync();
                    pending.ContinueWith(_ => Done(), TaskContinuationOptions.NotOnFaulted);
                    await pending;
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class A { void M() { Task.Delay(1).ContinueWith(t => ; Missing().ContinueWith(); } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
