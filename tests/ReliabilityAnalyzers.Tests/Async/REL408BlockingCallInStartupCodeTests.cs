using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL408OnlyView>;
using Verify404 = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL404OnlyView>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Tests.Async.REL408OnlyView,
    ReliabilityAnalyzers.CodeFixes.Async.REL408BlockingCallInStartupCodeCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL408BlockingCallInStartupCodeTests
    {
        private static DiagnosticResult D(int location, string method, string twin) =>
            new DiagnosticResult("REL408", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, twin);

        private const string Program = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class OrderingContextSeed
            {
                // A seeder runs once, before the service takes traffic.
                public async Task SeedAsync(System.Net.Security.SslStream stream)
                {
                    await Task.Yield();
                    stream.{|#0:Flush()|};
                }
            }
            class DefaultIdentitySeed
            {
                // Named for seeding, but called on every sign-in: the type's name does not make it start-up code.
                public async Task CreateAsync(System.Net.Security.SslStream stream)
                {
                    await Task.Yield();
                    stream.{|#5:Flush()|};
                }
            }
            class Store
            {
                public async Task RunMigrationsAsync(System.Net.Security.SslStream stream)
                {
                    await Task.Yield();
                    stream.{|#1:Flush()|};
                }

                // A request path: still REL404.
                public async Task SaveAsync(System.Net.Security.SslStream stream)
                {
                    await Task.Yield();
                    stream.{|#2:Flush()|};
                }
            }
            static class Program
            {
                static async Task Main(string[] args)
                {
                    var stream = new System.Net.Security.SslStream(new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp)));
                    // A handler registered at start-up runs per request: still REL404.
                    Func<Task> handler = async () => { stream.{|#3:Flush()|}; await Task.Yield(); };
                    try
                    {
                        await handler();
                    }
                    finally
                    {
                        stream.{|#4:Flush()|};
                    }
                }
            }
            """;

        [Fact]
        public Task EntryPoint_Seeding_AndMigration_AreAuditLevel()
        {
            var test = Verify.Create(Program, D(0, "Flush", "FlushAsync"), D(1, "Flush", "FlushAsync"), D(4, "Flush", "FlushAsync"));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task StaticMethodTakingOnlyTheCommandLine_IsAuditLevel_OtherStringArraysStayREL404() => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;
            static class OcrWorker
            {
                // A worker mode of the process, dispatched from Main by name: it runs once per process.
                public static async Task Process(string[] args)
                {
                    var stream = new System.Net.Security.SslStream(new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp)));
                    await Task.Yield();
                    stream.{|#0:Flush()|};
                }

                // A string array with something else, or on an instance: not the command line.
                public static async Task Tag(string[] tags, System.Net.Security.SslStream stream)
                {
                    await Task.Yield();
                    stream.Flush();
                }
            }
            class Handler
            {
                public async Task Handle(string[] names)
                {
                    var stream = new System.Net.Security.SslStream(new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp)));
                    await Task.Yield();
                    stream.Flush();
                }
            }
            """, D(0, "Flush", "FlushAsync"));

        // Phase 23: a listener started on a thread of its own blocks that thread by design until its first await; after
        // it (or in a loop that awaits) it runs on pool threads. A method also called another way, or started without
        // LongRunning, stays REL404.
        private const string Listeners = """
            using System.Net.Security;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                private readonly SslStream _stream;
                public Server(SslStream stream) { _stream = stream; }

                public void Start()
                {
                    Task.Factory.StartNew(() => ListenAsync(), TaskCreationOptions.LongRunning);
                    Task.Factory.StartNew(PumpAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                    new Thread(() => { WatchAsync(); }).Start();
                    Task.Factory.StartNew(() => PooledAsync());
                    Task.Factory.StartNew(() => SharedAsync(), TaskCreationOptions.LongRunning);
                }

                private async Task ListenAsync() { _stream.{|#0:Flush()|}; await Task.Yield(); _stream.{|#5:Flush()|}; }
                private async Task PumpAsync() { _stream.{|#1:Flush()|}; while (true) { _stream.{|#6:Flush()|}; await Task.Yield(); } }
                private async Task WatchAsync() { _stream.{|#2:Flush()|}; await Task.Yield(); }
                private async Task PooledAsync() { _stream.{|#3:Flush()|}; await Task.Yield(); }
                private async Task SharedAsync() { _stream.{|#4:Flush()|}; await Task.Yield(); }
                public Task Handle() => SharedAsync();
            }
            """;

        [Fact]
        public Task MethodRunOnlyOnADedicatedThread_BeforeItsFirstAwait_IsAuditLevel() =>
            Verify.VerifyAsync(Listeners, D(0, "Flush", "FlushAsync"), D(1, "Flush", "FlushAsync"), D(2, "Flush", "FlushAsync"));

        [Fact]
        public Task AfterAnAwait_OnPoolThreadsOrCalledElsewhere_StaysREL404() =>
            Verify404.VerifyAsync(Listeners,
                new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(3).WithArguments("Flush", "FlushAsync"),
                new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(4).WithArguments("Flush", "FlushAsync"),
                new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("Flush", "FlushAsync"),
                new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(6).WithArguments("Flush", "FlushAsync"));

        [Fact]
        public Task StaticInitializerCalledFromTopLevelStatements_IsAuditLevel_OneCalledInALoopOrNotFromThereStaysREL404()
        {
            var test = Verify.Create("""
                using System.Net.Sockets;
                using System.Threading.Tasks;

                var stream = new System.Net.Security.SslStream(new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp)));
                await DatabaseInitializer.InitializeAsync(stream);
                stream.UseRepairs();
                foreach (var attempt in new[] { 1, 2 }) { await Poller.PollAsync(stream); }

                static class DatabaseInitializer
                {
                    public static async Task InitializeAsync(System.Net.Security.SslStream stream)
                    {
                        await Task.Yield();
                        stream.{|#0:Flush()|};
                    }

                    // Not called from the entry point: a request path as far as this rule knows.
                    public static async Task ResetAsync(System.Net.Security.SslStream stream)
                    {
                        await Task.Yield();
                        stream.Flush();
                    }
                }

                static class RepairExtensions
                {
                    public static async void UseRepairs(this System.Net.Security.SslStream stream)
                    {
                        await Task.Yield();
                        stream.{|#1:Flush()|};
                    }
                }

                static class Poller
                {
                    public static async Task PollAsync(System.Net.Security.SslStream stream)
                    {
                        await Task.Yield();
                        stream.Flush();
                    }
                }
                """, D(0, "Flush", "FlushAsync"), D(1, "Flush", "FlushAsync"));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task RequestPaths_AndLambdasRegisteredAtStartUp_StayREL404()
        {
            var test = Verify404.Create(
                Program,
                Verify404.Diagnostic("REL404").WithLocation(2).WithArguments("Flush", "FlushAsync"),
                Verify404.Diagnostic("REL404").WithLocation(3).WithArguments("Flush", "FlushAsync"),
                Verify404.Diagnostic("REL404").WithLocation(5).WithArguments("Flush", "FlushAsync"));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AwaitsTwin_FixAll() => VerifyFix.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class DataSeeder
            {
                async Task Seed(System.Net.Security.SslStream stream, byte[] data, CancellationToken ct)
                {
                    await Task.Yield();
                    stream.{|#0:Write(data, 0, data.Length)|};
                    stream.{|#1:Flush()|};
                }
            }
            """, """
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class DataSeeder
            {
                async Task Seed(System.Net.Security.SslStream stream, byte[] data, CancellationToken ct)
                {
                    await Task.Yield();
                    await stream.WriteAsync(data, 0, data.Length, ct);
                    await stream.FlushAsync(ct);
                }
            }
            """,
            REL408BlockingCallInStartupCodeCodeFix.AwaitTwinKey,
            D(0, "Write", "WriteAsync"),
            D(1, "Flush", "FlushAsync"));
    }
}
