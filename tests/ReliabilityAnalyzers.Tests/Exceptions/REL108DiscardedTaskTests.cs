using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL108DiscardedTaskAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL108DiscardedTaskAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL108DiscardedTaskCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL108DiscardedTaskTests
    {
        private static DiagnosticResult Diagnostic(int location, string name) =>
            new DiagnosticResult("REL108", DiagnosticSeverity.Info).WithLocation(location).WithArguments(name);

        // Phase 25, a recall probe: 'Forget()' reads the fault only to drop it ('_ = t.Exception'); a task handed to it is
        // as lost as one not handed anywhere. A continuation that hands the fault on still observes it.
        [Fact]
        public Task HelperThatDiscardsTheFault_IsNoObserver() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            static class TaskExtensions
            {
                public static void Forget(this Task task) =>
                    task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);

                public static void Ignore(this Task task) { }

                public static void Report(this Task task) =>
                    task.ContinueWith(t => Console.Error.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
            }
            class Profiles
            {
                Task RefreshAsync() => System.IO.File.WriteAllTextAsync("profiles.json", "{}");

                void OnChanged()
                {
                    {|#0:RefreshAsync()|}.Forget();
                    RefreshAsync().Report();
                    {|#1:RefreshAsync()|}.Ignore();
                }
            }
            """,
            Verify.Diagnostic("REL108").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("RefreshAsync"),
            Verify.Diagnostic("REL108").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("RefreshAsync"));

        [Fact]
        public Task DiscardedWorkLoop_ThatCanDieUnseen_IsLeftToREL107() => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class Server
            {
                private readonly TcpListener _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
                private bool _stopped;
                async Task AcceptLoopAsync() { while (!_stopped) { (await _listener.AcceptTcpClientAsync()).Close(); } }
                Task LoadAsync() => Task.Delay(1);

                void Start()
                {
                    _ = AcceptLoopAsync();
                    {|#0:_ = LoadAsync();|}
                }
            }
            """,
            Diagnostic(0, "LoadAsync"));

        [Fact]
        public Task CleanupDroppedInACatchThatRethrows_IsAuditLevel() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            class ActorSystem
            {
                Task TerminateAsync() => System.IO.File.WriteAllTextAsync("state", "terminated");
                void Init() => System.IO.File.ReadAllText("config");

                public void Start()
                {
                    try { Init(); }
                    catch
                    {
                        {|#0:TerminateAsync()|};
                        throw;
                    }
                }
            }
            """,
            Diagnostic(0, "TerminateAsync"));

        [Fact]
        public Task Discards_AreReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => Task.Delay(1);
                async Task TranslatesAsync()
                {
                    // The catch-all rethrows as another exception: the fault still escapes into the discarded task.
                    try { await SendAsync("x"); }
                    catch (System.Exception ex) { throw new System.InvalidOperationException("failed", ex); }
                }

                void Start()
                {
                    {|#0:_ = SendAsync("a");|}
                    {|#1:_ = Task.Run(() => SendAsync("b"));|}
                    {|#3:_ = TranslatesAsync();|}
                }

                async Task RunAsync()
                {
                    {|#2:_ = SendAsync("c");|}
                    await Task.Yield();
                }
            }
            """,
            Diagnostic(0, "SendAsync"), Diagnostic(1, "Run"), Diagnostic(3, "TranslatesAsync"), Diagnostic(2, "SendAsync"));

        [Fact]
        public Task UnreadLocals_NamedAsDiscards_AreReported_ReadOrObservedOnesAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Runner
            {
                Task RunAsync(int n) => Task.Delay(n);
                async Task GuardedAsync()
                {
                    try { await RunAsync(0); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                void Start()
                {
                    var {|#0:ignored = RunAsync(1)|};
                    var {|#1:_ = RunAsync(2)|};
                    var unused = RunAsync(3);
                    unused.Wait();
                    var discard = GuardedAsync();
                    var pending = RunAsync(4);
                    pending.Wait();
                }
            }
            """,
            Diagnostic(0, "RunAsync"), Diagnostic(1, "RunAsync"));

        [Fact]
        public Task WeakDropsLeftByREL107_AreReported_ExchangedTasksAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            public delegate Task AcceptedHandler(object sender);
            class Session
            {
                public event AcceptedHandler? Accepted;
                readonly UdpClient _udp = new UdpClient();
                readonly byte[] _payload = new byte[4];
                Task _current = Task.CompletedTask;
                Task NotifyAsync() => Task.Delay(1);

                public void OnAccepted()
                {
                    {|#0:Task.Run(() => NotifyAsync())|};
                    var handler = Accepted;
                    if (handler != null) { {|#1:handler.Invoke(this)|}; }
                    Task<int> {|#2:sent = _udp.SendAsync(_payload, _payload.Length)|};
                    Interlocked.Exchange(ref _current, Task.CompletedTask);
                    _ = Interlocked.Exchange(ref _current, Task.CompletedTask);
                    {|#3:_udp.Client.DisconnectAsync(false)|};
                }
            }
            """,
            Diagnostic(0, "Run"), Diagnostic(1, "Invoke"), Diagnostic(2, "SendAsync"), Diagnostic(3, "DisconnectAsync"));


        // A null-task protocol dropped on a sync path (REL107 leaves it here): still listed at audit level.
        [Fact]
        public Task NullTaskProtocolDroppedOnASyncPath_IsAuditLevel() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            class StateObject
            {
                private readonly Stream _stream = new MemoryStream();
                private bool _pending;

                internal Task WritePacket(byte mode)
                {
                    if (!_pending) return null;
                    return _stream.WriteAsync(new byte[] { mode }, 0, 1);
                }

                internal void Flush()
                {
                    Task pending = WritePacket(0);
                    if (pending != null) pending.Wait();
                }

                internal void Login() => {|#0:WritePacket(1)|};
            }
            """,
            Diagnostic(0, "WritePacket"));
        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => Task.Delay(1);
                async Task LoopAsync()
                {
                    try { await SendAsync("x"); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                void Start()
                {
                    _ = Task.CompletedTask;
                    _ = Task.FromResult(1);
                    _ = SendAsync("a").ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    _ = LoopAsync();
                    _ = Task.Run(async () => { try { await SendAsync("b"); } catch (Exception ex) { Console.WriteLine(ex); } });
                    _ = "not a task".Length;
                    var t = SendAsync("c");
                    t.Wait();
                }
            }
            """);

        [Fact]
        public Task RealCodeShapes_NullGuard_Batch_FireAndForget_Observers_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using StackExchange.Redis;

            static class TaskExtensions
            {
                public static Task ObserveErrors(this Task task)
                {
                    task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    return task;
                }
            }

            class Worker
            {
                readonly IDatabase _db;
                Worker(IDatabase db) { _db = db; }
                Task SendAsync(string s) => Task.Delay(1);

                public Worker(Task pending)
                {
                    _ = pending ?? throw new ArgumentNullException(nameof(pending));
                    _db = null!;
                }

                async Task FlushAsync()
                {
                    IBatch batch = _db.CreateBatch();
                    _ = batch.StringSetAsync("a", "1");
                    _ = batch.StringSetAsync("b", "2");
                    batch.Execute();
                    _ = _db.KeyDeleteAsync("c", CommandFlags.FireAndForget);
                    _ = SendAsync("x").ObserveErrors();
                    await Task.Yield();
                }
            }
            """);

        [Fact]
        public Task GuardedLoops_WithLeadingAssignments_AndTrailingBookkeeping_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Client
            {
                readonly ILogger _logger;
                readonly Channel<string> _queue = Channel.CreateUnbounded<string>();
                bool _running;
                Client(ILogger logger) { _logger = logger; }
                Task SendAsync(string s) => Task.Delay(1);

                async Task PumpAsync()
                {
                    _running = true;
                    try
                    {
                        while (await _queue.Reader.WaitToReadAsync())
                        {
                            while (_queue.Reader.TryRead(out var message)) { await SendAsync(message); }
                        }
                    }
                    catch (Exception ex) { _logger.LogError(ex, "Send pump failed"); }
                    _running = false;
                }

                async Task ListenAsync(CancellationToken token)
                {
                    Exception? cause = null;
                    try { await Task.Delay(1000, token); }
                    catch (Exception ex) { _logger.LogError(ex, "Listen failed"); cause = ex; }
                    if (cause != null) { _logger.LogWarning("Reconnecting"); }
                }

                async Task ReadAsync(bool proxy)
                {
                    byte[] buffer;
                    if (proxy)
                        buffer = new byte[1024];
                    else
                        buffer = new byte[512];

                    try { while (true) { await SendAsync(buffer.Length.ToString()); } }
                    catch (Exception ex) { _logger.LogError(ex, "Read loop failed"); }
                }

                void Start(CancellationToken token)
                {
                    _ = ListenAsync(token);
                    _ = Task.Factory.StartNew(delegate () { return ReadAsync(true); }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
                    _ = Task.Factory.StartNew(_ => PumpAsync(), TaskCreationOptions.LongRunning, token);
                    _ = Task.Run(() => PumpAsync());
                }
            }
            """);

        [Fact]
        public Task StartupLoad_StillReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            class FeatureFlags
            {
                bool _enabled;
                async Task LoadAsync() { await Task.Delay(1); _enabled = true; }

                public void Start()
                {
                    // If loading fails the feature silently stays off.
                    {|#0:_ = LoadAsync();|}
                }
            }
            """,
            Diagnostic(0, "LoadAsync"));

        [Fact]
        public async Task Fix_NotOffered_ForTaskAbandonedAfterTimeout()
        {
            var test = new VerifyFix.Test
            {
                TestCode = """
                    using System;
                    using System.Threading.Tasks;
                    class Prober
                    {
                        Task<bool> PingAsync() => Task.FromResult(true);
                        Task SendAsync() => Task.Delay(1);

                        async Task<bool> ProbeAsync()
                        {
                            Task<bool> probe = PingAsync();
                            if (await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(1))) != probe)
                            {
                                {|#0:_ = probe;|}
                                {|#1:_ = SendAsync();|}
                                return false;
                            }

                            return await probe;
                        }
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Threading.Tasks;
                    class Prober
                    {
                        Task<bool> PingAsync() => Task.FromResult(true);
                        Task SendAsync() => Task.Delay(1);

                        async Task<bool> ProbeAsync()
                        {
                            Task<bool> probe = PingAsync();
                            if (await Task.WhenAny(probe, Task.Delay(TimeSpan.FromSeconds(1))) != probe)
                            {
                                {|#0:_ = probe;|}
                                await SendAsync();
                                return false;
                            }

                            return await probe;
                        }
                    }
                    """,
                CodeActionEquivalenceKey = REL108DiscardedTaskCodeFix.AwaitKey,
            };
            test.ExpectedDiagnostics.Add(Diagnostic(0, "probe"));
            test.ExpectedDiagnostics.Add(Diagnostic(1, "SendAsync"));
            test.FixedState.ExpectedDiagnostics.Add(Diagnostic(0, "probe"));
            await test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                class Worker { void A() { _ = Missing(); _ = ; } 
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_DiscardInAsyncCode_BecomesAwait_FixAll() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => Task.Delay(1);

                async Task RunAsync()
                {
                    {|#0:_ = SendAsync("a");|}
                    {|#1:_ = Task.Run(() => SendAsync("b"));|}
                }
            }
            """, """
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => Task.Delay(1);

                async Task RunAsync()
                {
                    await SendAsync("a");
                    await Task.Run(() => SendAsync("b"));
                }
            }
            """,
            REL108DiscardedTaskCodeFix.AwaitKey,
            Diagnostic(0, "SendAsync"), Diagnostic(1, "Run"));

        [Fact]
        public async Task Fix_NotOffered_InSyncCode()
        {
            const string source = """
                using System.Threading.Tasks;
                class Worker
                {
                    Task SendAsync(string s) => Task.Delay(1);
                    void Start() { {|#0:_ = SendAsync("a");|} {|#1:_ = SendAsync("b");|} }
                }
                """;
            await VerifyFix.VerifyAsync(source, source, null, Diagnostic(0, "SendAsync"), Diagnostic(1, "SendAsync"));
        }
    

        [Fact]
        public async Task TaskOfAnotherProject_DroppedInSyncCode_IsReportedHere_OwnAndPackageCalleesAreNot()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class Session : Contoso.Framework.SocketSession
                {
                    Task Own() => System.IO.File.AppendAllTextAsync("out.log", "x");
                    async Task Send(byte[] data) { await AsyncWrite(data); }
                    void Reply(byte[] data)
                    {
                        {|#0:AsyncWrite(data)|};
                        {|#1:Send(data)|};
                        Own();
                        Task.Delay(1);
                    }
                    async Task ReplyAsync(byte[] data) { await AsyncWrite(data); }
                }
                """,
                Diagnostic(0, "AsyncWrite"),
                Diagnostic(1, "Send"));
            test.TestState.AdditionalReferences.Add(Infrastructure.ProjectLibrary.Build("Contoso.Framework", REL107FireAndForgetTests.FrameworkLibrary));
            await test.RunAsync();
        }

        [Fact]
        public Task OneShotRun_ThatOnlyCompletesAPromise_IsNotReported_OtherWorkOrSetResultIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class ReplyDispatcher
            {
                private readonly TaskCompletionSource<string> _reply = new TaskCompletionSource<string>();
                private readonly object _pending = new TaskCompletionSource<int>();

                // Called on the native poll thread: completing the promise elsewhere keeps the awaiter's continuation off it.
                public void OnReply(string body, int code)
                {
                    if (code != 0)
                    {
                        Task.Run(() => ((TaskCompletionSource<int>)_pending).TrySetException(new InvalidOperationException("code " + code)));
                        return;
                    }

                    Task.Run(() => _reply.TrySetResult(body));
                    Task.Factory.StartNew(() => { _reply.TrySetResult(body); ((TaskCompletionSource<int>)_pending).TrySetCanceled(); });
                }

                // SetResult throws when the promise is already complete, and Parse can throw: those failures land in the dropped task.
                public void OnLateReply(string body)
                {
                    {|#0:Task.Run(() => ((TaskCompletionSource<int>)_pending).SetResult(1))|};
                    {|#1:Task.Run(() => { int.Parse(body); _reply.TrySetResult(body); })|};
                }
            }
            """,
            Verify.Diagnostic("REL108").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL108").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("Run"));

        [Fact]
        public Task OneShotRun_OfAnUnguardedLocalFunction_AndWorkBeforeTheTry_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Bus
            {
                readonly ILogger _logger;
                Bus(ILogger logger) { _logger = logger; }
                Task PublishAsync(string m) => Task.Delay(1);

                void Raise(Action[] handlers)
                {
                    void ExecuteAll(Action[] all)
                    {
                        foreach (Action handler in all) handler();
                    }

                    {|#0:Task.Run(() => ExecuteAll(handlers))|};
                }

                void PublishLater(string message, TimeSpan delay)
                {
                    {|#1:Task.Factory.StartNew(async () =>
                    {
                        await Task.Delay(delay).ConfigureAwait(false);
                        await PublishAsync("prefix");
                        try { await PublishAsync(message); }
                        catch (Exception ex) { _logger.LogError(ex, "Failed to publish delayed message"); }
                    })|};
                }
            }
            """,
            Verify.Diagnostic("REL108").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL108").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("StartNew"));

        // A discarded loop whose header only waits for the next tick or channel item (also through ConfigureAwait) and whose
        // body is guarded observes its own faults: neither REL107 nor REL108 (review, phase 23).
        [Fact]
        public Task GuardedTickAndChannelLoops_ThroughConfigureAwait_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            public sealed class Loops(ILogger<Loops> logger)
            {
                public void Start(ChannelReader<int> reader, CancellationToken token)
                {
                    _ = TickAsync(token);
                    _ = WaitAsync(reader, token);
                    _ = HandleAsync(1);
                }

                // A guarded body followed by 'await Task.CompletedTask;' (phase 23, a game server's message handlers).
                private async Task HandleAsync(int command)
                {
                    try { await Task.Delay(command); }
                    catch (Exception ex) { logger.LogError(ex, "Handler failed"); }
                    await Task.CompletedTask;
                }

                private async Task TickAsync(CancellationToken token)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                    {
                        try { await Task.Delay(1, token); }
                        catch (Exception ex) { logger.LogError(ex, "Tick failed"); }
                    }
                }

                private async Task WaitAsync(ChannelReader<int> reader, CancellationToken token)
                {
                    while (await reader.WaitToReadAsync(token))
                    {
                        try { await Task.Delay(reader.TryRead(out var item) ? item : 0, token); }
                        catch (Exception ex) { logger.LogError(ex, "Item failed"); }
                    }
                }
            }
            """);
    }
}
