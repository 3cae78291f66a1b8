using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL107FireAndForgetAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL107FireAndForgetAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL107FireAndForgetCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL107FireAndForgetTests
    {
        [Fact]
        public Task DroppedTasks_InSyncCode_AndUnreadLocals_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                Task SendAsync(string s) => System.IO.File.AppendAllTextAsync("out.log", "x");
                async ValueTask<int> CountAsync() { await File.AppendAllTextAsync("count.txt", "c"); return 1; }
                async Task PumpAsync() { while (true) { await File.AppendAllTextAsync("out.txt", "p"); } }

                void Notify(Stream stream)
                {
                    {|#0:SendAsync("a")|};
                    {|#1:Task.Run(() => PumpAsync())|};
                    {|#2:_gate.WaitAsync()|};
                    {|#3:CountAsync()|};
                    Action later = () => {|#4:SendAsync("c")|};
                }

                async Task RunAsync()
                {
                    var {|#5:pending = SendAsync("d")|};
                    await Task.Delay(1);
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("WaitAsync"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("CountAsync"),
            Verify.Diagnostic("REL107").WithLocation(4).WithArguments("SendAsync"),
            Verify.Diagnostic("REL107").WithLocation(5).WithArguments("SendAsync"));

        // Phase 20, a database driver: a dual method called with its one-operation async mode off ('asyncWrite: false'), and
        // a call handed the promise its caller returns.
        [Fact]
        public Task AsyncModeOff_AndHandedOverPromises_AreNotReported_GuardNullsAndFreshPromisesAre() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class Driver
            {
                private readonly Stream _stream;
                private bool _pending;
                public Driver(Stream stream) { _stream = stream; }

                Task Execute(string sql, bool asyncWrite) => asyncWrite ? _stream.WriteAsync(new byte[1], 0, 1) : WriteNow();
                Task WriteNow() { _stream.Write(new byte[1], 0, 1); return Task.CompletedTask; }

                Task WritePacket(byte mode)
                {
                    if (!_pending)
                    {
                        _stream.Write(new byte[] { mode }, 0, 1);
                        return null;
                    }

                    return _stream.WriteAsync(new byte[] { mode }, 0, 1);
                }

                Task Flush(byte mode) => _stream.WriteAsync(new byte[] { mode }, 0, 1);

                Task CopyBatches(int batch, TaskCompletionSource<object> source)
                {
                    _stream.Write(new byte[] { (byte)batch }, 0, 1);
                    source.TrySetResult(null!);
                    return source.Task;
                }

                public Task Run(TaskCompletionSource<object> source)
                {
                    Execute("select 1", asyncWrite: false);
                    CopyBatches(3, source);
                    {|#0:Execute("select 1", asyncWrite: true)|};
                    {|#1:Flush(1)|};
                    // 'return null' as a guard is not a "done synchronously" protocol; a promise nobody holds reports to nobody.
                    {|#2:WritePacket(1)|};
                    {|#3:CopyBatches(3, new TaskCompletionSource<object>())|};
                    return source.Task;
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Execute"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Flush"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("WritePacket"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("CopyBatches"));

        // Phase 21 (phase 20's database driver): a write method that returns null when the write finished synchronously,
        // and whose own type null-checks its task before waiting, is a null-task protocol: a sync path that drops it drops
        // a null (REL108 keeps it at audit level). A 'return null;' guard that no caller checks, a null check of another
        // method's task, and a method that never returns null stay reported.
        [Fact]
        public Task NullTaskProtocol_DroppedOnASyncPath_IsNotReported_UncheckedGuardsAndOtherMethodsAre() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class StateObject
            {
                private readonly Stream _stream;
                private bool _pending;
                public StateObject(Stream stream) { _stream = stream; }

                internal Task WritePacket(byte mode)
                {
                    if (!_pending)
                    {
                        _stream.Write(new byte[] { mode }, 0, 1);
                        return null;
                    }

                    return _stream.WriteAsync(new byte[] { mode }, 0, 1);
                }

                internal Task WriteSni(bool accumulate)
                {
                    Task task = null;
                    if (_pending)
                    {
                        task = _stream.FlushAsync();
                    }

                    return task;
                }

                internal Task WriteGuarded(byte[] data)
                {
                    if (data == null) return null;
                    return _stream.WriteAsync(data, 0, data.Length);
                }

                internal Task Flush() => _stream.FlushAsync();

                // Relayed: its task is returned by WritePacketRelay, whose task is checked below.
                private Task SendSni(bool sync)
                {
                    Task task = null;
                    if (!sync) task = _stream.FlushAsync();
                    return task;
                }

                // Relayed too, but only into a method nobody checks.
                private Task SendRaw(bool sync)
                {
                    if (sync) return null;
                    return _stream.FlushAsync();
                }

                internal Task WritePacketRelay(bool sync)
                {
                    Task task = SendSni(sync);
                    return task;
                }

                internal Task Unchecked(bool sync) => sync ? SendRaw(sync) : null;

                internal void SendAttention()
                {
                    SendSni(true);
                    {|#2:SendRaw(true)|};
                    var relay = WritePacketRelay(false);
                    if (relay != null) relay.Wait();
                }

                internal void WriteByte(byte b)
                {
                    Task pending = WritePacket(b);
                    if (pending != null)
                    {
                        pending.Wait();
                    }

                    Task sni;
                    sni = WriteSni(true);
                    if (sni is not null) sni.Wait();
                    Task flushed = Flush();
                    if (flushed != null) flushed.Wait();
                }
            }

            class Parser
            {
                public void Login(StateObject state)
                {
                    state.WritePacket(1);
                    state.WriteSni(false);
                    {|#0:state.WriteGuarded(new byte[1])|};
                    {|#1:state.Flush()|};
                }

                // A Task-returning caller may be on the async path, where the protocol's task is real.
                public Task SendAsync(StateObject state)
                {
                    {|#3:state.WritePacket(2)|};
                    return state.Flush();
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("WriteGuarded"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Flush"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("SendRaw"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("WritePacket"));

        // Phase 21, a storage device's read path (also phase 20's copy of it): the started work is guarded piece by piece,
        // an 'if' whose branch is a guarded try, then a guarded try; every failure goes to the IO callback.
        [Fact]
        public Task StartedWorkGuardedPieceByPiece_IsNotReported_AnUnguardedPieceIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            public delegate void IoCallback(uint error, uint bytes, object context);
            class Pool
            {
                private readonly System.Collections.Concurrent.ConcurrentQueue<Stream> _items = new System.Collections.Concurrent.ConcurrentQueue<Stream>();
                private readonly SemaphoreSlim _available = new SemaphoreSlim(0);

                public async ValueTask<Stream> GetAsync(CancellationToken token = default)
                {
                    for (; ; )
                    {
                        if (_items.TryDequeue(out Stream item)) return item;
                        await _available.WaitAsync(token).ConfigureAwait(false);
                    }
                }
            }

            class Device
            {
                private readonly Pool _pool = new Pool();
                private int _pending;

                public void ReadAsync(byte[] buffer, bool gotHandle, Stream handle, IoCallback callback, object context)
                {
                    Task<int> read = null;
                    Interlocked.Increment(ref _pending);
                    _ = Task.Run(async () =>
                    {
                        if (!gotHandle)
                        {
                            try
                            {
                                handle = await _pool.GetAsync().ConfigureAwait(false);
                                handle.Seek(0, SeekOrigin.Begin);
                                lock (this)
                                {
                                    read = handle.ReadAsync(buffer, 0, buffer.Length);
                                }
                            }
                            catch
                            {
                                Interlocked.Decrement(ref _pending);
                                callback(uint.MaxValue, 0, context);
                                return;
                            }
                        }

                        uint errorCode = 0;
                        int n = 0;
                        try
                        {
                            n = await read.ConfigureAwait(false);
                        }
                        catch (Exception ex)
                        {
                            errorCode = ex.InnerException is IOException io ? (uint)(io.HResult & 0xFFFF) : uint.MaxValue;
                        }
                        finally
                        {
                            Interlocked.Decrement(ref _pending);
                            callback(errorCode, (uint)n, context);
                        }
                    });
                }

                // The same work whose second piece has no catch: its failure escapes into the dropped task.
                public void WriteAsync(byte[] buffer, bool gotHandle, Stream handle, IoCallback callback, object context)
                {
                    Task write = null;
                    {|#0:_ = Task.Run(async () =>
                    {
                        if (!gotHandle)
                        {
                            try
                            {
                                handle = await _pool.GetAsync().ConfigureAwait(false);
                                write = handle.WriteAsync(buffer, 0, buffer.Length);
                            }
                            catch
                            {
                                callback(uint.MaxValue, 0, context);
                                return;
                            }
                        }

                        try
                        {
                            await write.ConfigureAwait(false);
                        }
                        finally
                        {
                            callback(0, (uint)buffer.Length, context);
                        }
                    })|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"));

        [Fact]
        public Task CleanupDroppedInACatchThatRethrows_IsNotReported_ACatchThatHandlesIsReported() => Verify.VerifyAsync("""
            using System;
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
                        TerminateAsync(); // best effort: the start-up failure below is what the caller must see
                        throw;
                    }
                }

                public void StartGuarded()
                {
                    try { Init(); }
                    catch (Exception)
                    {
                        try { TerminateAsync(); }
                        catch (Exception) { }
                        throw;
                    }
                }

                public bool TryStart()
                {
                    try { Init(); return true; }
                    catch (Exception)
                    {
                        {|#0:TerminateAsync()|};
                        return false;
                    }
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("TerminateAsync"));

        [Fact]
        public Task DropInATryWhoseCatchAllSwallowsSilently_IsLeftToREL108_ALoggingCatchIsNot() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class Interop
            {
                Task InvokeVoidAsync(string identifier, string value) => File.AppendAllTextAsync(identifier, value);
                void Log(Exception e) { }

                // Best-effort UI call: the author silences every failure on purpose.
                public Task SetTitle(string title)
                {
                    try
                    {
                        InvokeVoidAsync("setTitle", title);
                        return Task.CompletedTask;
                    }
                    catch
                    {
                        return Task.CompletedTask;
                    }
                }

                public void SetCookie(string value)
                {
                    try { InvokeVoidAsync("setCookie", value); } catch (Exception) { }
                }

                // The catch logs: the author meant to see failures, and the async one escapes it.
                public void Save(string value)
                {
                    try { {|#0:InvokeVoidAsync("save", value)|}; } catch (Exception e) { Log(e); }
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("InvokeVoidAsync"));

        [Fact]
        public Task WorkLoopStartedThroughAGuardedRunner_IsNotReported_AnUnguardedRunnerIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            static class SafeTask
            {
                // The project's runner awaits the work and logs every failure.
                public static async Task Run(Func<Task> body, CancellationToken token = default)
                {
                    try { await Task.Run(body, token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { }
                    catch (Exception x) { Console.Error.WriteLine(x); }
                }

                // A runner that only starts the work: its faults are lost.
                public static Task Fire(Func<Task> body) => Task.Run(body);
            }
            class Scheduler
            {
                public void SendRepeatedly(CancellationToken token)
                {
                    _ = SafeTask.Run(async () =>
                    {
                        while (true) { await File.AppendAllTextAsync("tick.txt", "t", token); await Task.Delay(1000, token); }
                    });
                    {|#0:_ = SafeTask.Fire(async () =>
                    {
                        while (true) { await File.AppendAllTextAsync("tick.txt", "t", token); await Task.Delay(1000, token); }
                    })|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Fire"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            class Worker
            {
                readonly List<Task> _running = new List<Task>();
                Task _loop = Task.CompletedTask;
                Task SendAsync(string s) => Task.Delay(1);
                Task SafeAsync()
                {
                    try { return SendAsync("x"); }
                    catch (Exception) { return Task.CompletedTask; }
                }

                async Task InAsync()
                {
                    // CS4014 already reports this; no duplicate.
                    SendAsync("a");
                    var t = SendAsync("b");
                    await t;
                }

                Task Returned() { var t = SendAsync("c"); return t; }
                void Stored() { _loop = SendAsync("d"); var t = SendAsync("e"); _running.Add(t); }
                void Passed() { var t = SendAsync("f"); Observe(t); }
                void Continued()
                {
                    SendAsync("g").ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);
                    Task.FromResult(1);
                }

                void CatchesEverything()
                {
                    Task.Run(() => { try { Console.WriteLine("work"); } catch (Exception ex) { Console.WriteLine(ex); } });
                    SafeLoop();
                }

                async Task SafeLoop()
                {
                    while (true)
                    {
                        try { await SendAsync("h"); }
                        catch (Exception ex) { Console.WriteLine(ex); }
                    }
                }

                void Sync() { Console.WriteLine("not a task"); }
                static void Observe(Task t) { }
                Func<Task> f = () => Task.Delay(1);
            }
            """);

        [Fact]
        public Task RealCodeShapes_ObservedFaults_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using StackExchange.Redis;

            static class TaskExtensions
            {
                // The project's own fault observers: a continuation that reads the fault, or an await inside a logging catch-all.
                public static Task ObserveErrors(this Task task) =>
                    task.ContinueWith(t => Console.WriteLine(t.Exception), TaskContinuationOptions.OnlyOnFaulted);

                public static async Task LogExceptions(this Task task, ILogger logger)
                {
                    try { await task; }
                    catch (Exception ex) { logger.LogError(ex, "Background work failed"); }
                }
            }

            struct ThreadPoolAwaiter : INotifyCompletion
            {
                public bool IsCompleted => false;
                public void OnCompleted(Action continuation) { Task.Run(continuation); }
                public void GetResult() { }
            }

            class Worker
            {
                readonly ILogger _logger;
                readonly IDatabase _db;
                Worker(ILogger logger, IDatabase db) { _logger = logger; _db = db; }
                Task SendAsync(string s) => Task.Delay(1);

                // Catches, logs and rethrows: the failure is logged where it happens.
                async Task RefreshAsync()
                {
                    try { await SendAsync("r"); }
                    catch (Exception ex) { _logger.LogError(ex, "Refresh failed"); throw; }
                }

                // The whole body is a logging catch-all inside a try/finally.
                async Task PumpAsync()
                {
                    try
                    {
                        try { await SendAsync("p"); }
                        catch (Exception ex) { _logger.LogWarning(ex, "Pump failed"); }
                    }
                    finally { Console.WriteLine("done"); }
                }

                void Start()
                {
                    SendAsync("a").ObserveErrors();
                    SendAsync("b").LogExceptions(_logger);
                    RefreshAsync();
                    PumpAsync();

                    // Commands queued on a transaction or batch complete when it executes; fire-and-forget is a contract.
                    ITransaction tran = _db.CreateTransaction();
                    tran.StringSetAsync("k", "v");
                    tran.KeyExpireAsync("k", TimeSpan.FromMinutes(1));
                    tran.Execute();
                    IBatch batch = _db.CreateBatch();
                    batch.KeyDeleteAsync("old");
                    batch.Execute();
                    _db.StringSetAsync("seen", "1", flags: CommandFlags.FireAndForget);
                    _db.PublishAsync(RedisChannel.Literal("events"), "x", CommandFlags.FireAndForget | CommandFlags.PreferMaster);
                }
            }
            """);

        // Phase 25, a UPnP control server: a strongly typed hub's client interface, pushed to from a service through
        // IHubContext<THub, T>, is the same best-effort broadcast; the typed reply inside a hub method stays reported.
        [Fact]
        public Task TypedHubContextPushFromAService_IsLeftToREL108_ATypedReplyInsideAHubIsReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;
            public interface IEventClient { Task DeviceEvent(string id, string kind); }
            public class EventsHub : Hub<IEventClient>
            {
                public void Join(string id) => {|#0:Clients.Caller.DeviceEvent(id, "joined")|};
            }
            public class DiscoveryObserver
            {
                private readonly IHubContext<EventsHub, IEventClient> _context;
                public DiscoveryObserver(IHubContext<EventsHub, IEventClient> context) { _context = context; }
                public void OnNext(string id)
                {
                    _context.Clients.All.DeviceEvent(id, "appeared");
                    _context.Clients.Group("lan").DeviceEvent(id, "appeared");
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("DeviceEvent"));

        // Re-run of phase 25 (an actor runtime's transport adapter): a continuation whose result reports the fault
        // ('x => !x.IsFaulted') observes it; only one that reads the fault to drop it does not.
        [Fact]
        public Task ContinuationReturningTheOutcome_IsAnObserver() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            abstract class Transport { public abstract Task<bool> Shutdown(); }
            class Adapter : Transport
            {
                private readonly Task _stop = Task.Delay(1);
                public override Task<bool> Shutdown() =>
                    Task.WhenAll(_stop, System.IO.File.WriteAllTextAsync("state", "down"))
                        .ContinueWith(x => x.IsCompleted && !(x.IsFaulted || x.IsCanceled), TaskContinuationOptions.ExecuteSynchronously);
            }
            class Manager
            {
                private readonly Transport[] _transports = { new Adapter() };
                public void PostStop()
                {
                    foreach (var t in _transports)
                        t.Shutdown();
                }
            }
            """);

        [Fact]
        public Task HubContextPushFromAService_IsLeftToREL108_ASendInsideAHubMethodIsReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;
            class ForumHub : Hub
            {
                // The hub method returns before its reply is sent: the caller waits for a message that may never come.
                public void Join(string topic) => {|#0:Clients.Caller.SendAsync("joined", topic)|};
                public void Listen(string topic) { {|#1:Groups.AddToGroupAsync(Context.ConnectionId, topic)|}; }
            }

            class Broker
            {
                private readonly IHubContext<ForumHub> _hub;
                Broker(IHubContext<ForumHub> hub) { _hub = hub; }

                // A live UI push from a service: a failure costs one missed browser update.
                public void NotifyNewPost(string topic, int postId) => _hub.Clients.Group(topic).SendAsync("newPost", postId);
                public void NotifyAll(int count) { _hub.Clients.All.SendCoreAsync("count", new object[] { count }); }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("AddToGroupAsync"));

        [Fact]
        public Task BlazorJsInteropAndRerenderDispatch_AreLeftToREL108_ADroppedSaveIsReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Components;
            using Microsoft.JSInterop;
            public interface IDeviceStore { Task SaveAsync(string alias); }
            public class DeviceCard : ComponentBase
            {
                [Inject] public IJSRuntime Js { get; set; } = default!;
                [Inject] public IDeviceStore Store { get; set; } = default!;
                private IJSObjectReference? _module;

                // Best-effort browser UI: a failure means a closed circuit or a script error in the page.
                public void ShowLoader() { Js.InvokeVoidAsync("showLoader"); }
                public void Copy(string text) { _ = Js.InvokeVoidAsync("navigator.clipboard.writeText", text); }
                public void Focus() { _module?.InvokeVoidAsync("focus"); }
                public void OnChanged() { InvokeAsync(StateHasChanged); }

                // A database write dropped in a UI handler, followed by a success message: a failed save is never shown.
                public void Save(string alias) { {|#0:Store.SaveAsync(alias)|}; ShowLoader(); }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SaveAsync"));

        [Fact]
        public Task DroppedCallsOfInMemoryOnlyMethods_AreLeftToREL108_CalleesWithIoOrAsyncHandlersAreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            public interface IModalService { Task ShowModal(string title, string[] body); }
            public class ModalService : IModalService
            {
                private readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
                public event EventHandler? ModalShown;
                public string Title { get; private set; } = "";
                public List<string> Body { get; } = new List<string>();

                // Only in-memory state, an awaited lock and a raised event: nothing it can lose.
                public async Task ShowModal(string title, string[] body)
                {
                    try
                    {
                        await _lock.WaitAsync();
                        Title = title;
                        Body.Clear();
                        Body.AddRange(body);
                        ModalShown?.Invoke(this, EventArgs.Empty);
                    }
                    finally { _lock.Release(); }
                }
            }
            public class DeviceStore
            {
                public Task SaveAsync(string alias) => File.WriteAllTextAsync("devices.json", alias);
            }
            public class Notifier
            {
                private readonly List<Func<string, Task>> _handlers = new List<Func<string, Task>>();
                public Task NotifyAsync(string message) => Task.WhenAll(_handlers.Select(h => h(message)));
            }
            public class DevicePage
            {
                private readonly IModalService _modal;
                private readonly DeviceStore _store = new DeviceStore();
                private readonly Notifier _notifier = new Notifier();
                public DevicePage(IModalService modal) { _modal = modal; }

                public void Help() { _modal.ShowModal("Help", new[] { "Tags group devices." }); }
                public void Save(string alias)
                {
                    {|#0:_store.SaveAsync(alias)|};          // a write whose failure is never shown
                    {|#1:_notifier.NotifyAsync(alias)|};     // async handlers whose faults are lost
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SaveAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("NotifyAsync"));

        [Fact]
        public Task LauncherMethods_AreJudgedByTheWorkTheyStart_AConstantModeSelectsTheArm() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Connection
            {
                readonly ILogger _log;
                readonly StreamReader _reader;
                bool _closed;
                public Connection(ILogger log, StreamReader reader) { _log = log; _reader = reader; }

                // Each loop guards itself: a failure is logged and closes the connection.
                public void Listen()
                {
                    try { while (!_closed) { Handle(_reader.ReadLine()); } }
                    catch (Exception e) { _log.LogWarning(e, "connection lost"); _closed = true; }
                }

                public void Ping()
                {
                    try { while (!_closed) { Thread.Sleep(1000); File.AppendAllText("ping.log", "."); } }
                    catch (Exception e) { _log.LogWarning(e, "ping failed"); _closed = true; }
                }

                void Handle(string? line) { if (line == null) _closed = true; }
            }

            enum Mode { Listen, Ping, Accept }

            static class Threads
            {
                // Launchers: the body only returns the task of the work it starts.
                public static Task Start(Connection c, Mode mode) => mode switch
                {
                    Mode.Listen => Task.Run(c.Listen),
                    Mode.Ping => Task.Run(c.Ping),
                    Mode.Accept => Task.Run(AcceptForever),
                    _ => throw new NotImplementedException(),
                };

                public static Task StartAccepting() => Task.Run(AcceptForever);

                public static Task StartListening(Connection c) { return Task.Run(c.Listen); }

                // No catch: the first failed accept ends the loop, and nobody sees why.
                static void AcceptForever()
                {
                    var listener = new TcpListener(System.Net.IPAddress.Any, 9000);
                    listener.Start();
                    while (true) { listener.AcceptTcpClient().Close(); }
                }
            }

            class Server
            {
                void OnClient(Connection c, Mode chosen)
                {
                    Threads.Start(c, Mode.Listen);
                    Threads.Start(c, Mode.Ping);
                    Threads.StartListening(c);
                    {|#0:Threads.Start(c, Mode.Accept)|};
                    {|#1:Threads.StartAccepting()|};
                    // A mode known only at run time: any arm may run, the accept loop among them.
                    {|#2:Threads.Start(c, chosen)|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Start"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("StartAccepting"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("Start"));

        [Fact]
        public Task WorkerLoop_StartedAsMethodGroup_GuardedPerIteration_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Worker
            {
                readonly ILogger _log;
                readonly CancellationTokenSource _cts = new CancellationTokenSource();
                readonly ManualResetEventSlim _stopped = new ManualResetEventSlim();
                Task ProcessNextAsync() => System.IO.File.AppendAllTextAsync("out.txt", "next");
                async Task UnguardedAsync() { while (!_cts.IsCancellationRequested) { await ProcessNextAsync(); } }

                public Worker(ILogger log)
                {
                    _log = log;
                    Task.Run(RunAsync);
                    {|#0:Task.Run(UnguardedAsync)|};
                }

                async Task RunAsync()
                {
                    _log.LogDebug("Starting");
                    while (true)
                    {
                        if (_cts.IsCancellationRequested) break;
                        try { await ProcessNextAsync(); }
                        catch (OperationCanceledException) when (_cts.IsCancellationRequested) { }
                        catch (Exception exception) { _log.LogError(exception, "Unhandled exception in worker"); }
                    }

                    _log.LogDebug("Stopped");
                    _stopped.Set();
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"));

        [Fact]
        public Task RunOfAsyncVoid_IsLeftToREL106_RunOfOtherWork_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Compactor
            {
                private int _started;

                // The task completes at Sweep's first await and never faults: nothing to observe here.
                public void Start()
                {
                    if (Interlocked.Exchange(ref _started, 1) == 0)
                    {
                        Task.Run(Sweep);
                        Task.Factory.StartNew(() => Sweep());
                    }
                }

                // Work loops started as a Task-returning method, a sync method, and a lambda doing more than one call: their
                // failures land in the dropped task and end the loop.
                public void Kick()
                {
                    {|#0:Task.Run(SweepAsync)|};
                    {|#1:Task.Run(Compact)|};
                    {|#2:Task.Run(() => { Compact(); Sweep(); })|};
                }

                private async void Sweep() { await Task.Delay(1000); Compact(); }
                private async Task SweepAsync() { while (true) { await Task.Delay(1000); Compact(); } }
                private void Compact() { for (;;) { if (!TrimOne()) return; } }
                private bool TrimOne() => System.IO.File.Exists("trim.lock");
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("Run"));

        [Fact]
        public Task DropSuppressedForOtherAnalyzers_AndRunnerHelpers_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            static class ThreadAbstraction
            {
                public static Task ExecuteThreadLongRunning(Action action) =>
                    Task.Factory.StartNew(action, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Current);
            }

            class Subscription
            {
                Task FlushPendingAsync() => System.IO.File.AppendAllTextAsync("out.log", "x");
                void Unguarded() { while (true) { System.IO.File.AppendAllText("log.txt", "work"); } }
                void MessageListener()
                {
                    try { Console.WriteLine("listen"); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                public void Dispose()
                {
                    // Deliberate: we cannot wait for the flush here.
            #pragma warning disable CA2012
            #pragma warning disable VSTHRD110
                    FlushPendingAsync();
            #pragma warning restore VSTHRD110
            #pragma warning restore CA2012
                    ThreadAbstraction.ExecuteThreadLongRunning(MessageListener);
                    {|#0:ThreadAbstraction.ExecuteThreadLongRunning(Unguarded)|};
                    {|#1:FlushPendingAsync()|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("ExecuteThreadLongRunning"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("FlushPendingAsync"));

        [Fact]
        public Task EventAddAccessor_InvokingLateSubscriber_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            public delegate Task AsyncEventHandler(object sender, EventArgs args);
            class Connection
            {
                AsyncEventHandler? _shutdown;
                bool _closed;
                Func<Task>? _onTick;

                public event AsyncEventHandler Shutdown
                {
                    add
                    {
                        if (_closed) { value(this, EventArgs.Empty); }
                        else { _shutdown += value; }
                    }
                    remove { _shutdown -= value; }
                }

                // Outside an accessor a dropped callback task is still a finding.
                void Tick() { {|#0:_onTick!()|}; }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Invoke"));

        [Fact]
        public Task RealDefects_StillReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;
            using StackExchange.Redis;

            public class OrdersController : ControllerBase
            {
                readonly IDatabase _db;
                readonly ILogger _logger;
                public OrdersController(IDatabase db, ILogger logger) { _db = db; _logger = logger; }

                async Task ProcessAsync(int id) => await System.IO.File.AppendAllTextAsync("out.log", "x");

                // Logs but rethrows a translated exception without the original in the log: the fault escapes unseen.
                async Task TranslateAsync()
                {
                    try { await Task.Delay(1); }
                    catch (Exception) { throw new InvalidOperationException("failed"); }
                }

                // An async Task dropped from a sync controller action: the request returns 200 and the work may never happen.
                [HttpPost]
                public IActionResult Post(int id)
                {
                    {|#0:ProcessAsync(id)|};
                    {|#1:TranslateAsync()|};
                    {|#2:_db.StringSetAsync("k", "v")|};
                    return Ok();
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("ProcessAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("TranslateAsync"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("StringSetAsync"));

        [Fact]
        public Task UnreadLocal_NamedAsADiscard_IsLeftToREL108_OtherUnreadLocalsAreReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            class Runner
            {
                Task RunAsync(int n) => System.IO.File.AppendAllTextAsync("out.log", "x");
                void Start()
                {
                    var ignored = RunAsync(1);
                    var _unused = RunAsync(2);
                    var __ = RunAsync(3);
                    var fireAndForget = RunAsync(4);
                    var {|#0:pending = RunAsync(5)|};
                    var {|#1:ignoredCount = RunAsync(6)|};
                }
            }
            """,
            new DiagnosticResult("REL107", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("RunAsync"),
            new DiagnosticResult("REL107", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("RunAsync"));

        [Fact]
        public Task BackgroundWorkLoops_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            class Pump
            {
                readonly CancellationTokenSource _cts = new CancellationTokenSource();
                readonly Channel<string> _channel = Channel.CreateUnbounded<string>();
                readonly BlockingCollection<string> _items = new BlockingCollection<string>();
                bool _stopping;
                Task HandleAsync(string s) => System.IO.File.AppendAllTextAsync("log.txt", s);
                void Handle(string s) => System.IO.File.AppendAllText("log.txt", s);

                async Task ConsumeAsync()
                {
                    while (!_cts.IsCancellationRequested) { await HandleAsync(await _channel.Reader.ReadAsync()); }
                }

                public void Start()
                {
                    {|#0:Task.Run(ConsumeAsync)|};
                    {|#1:Task.Factory.StartNew(async delegate { await foreach (string s in _channel.Reader.ReadAllAsync()) { await HandleAsync(s); } })|};
                    {|#2:Task.Factory.StartNew(() => { foreach (string s in _items.GetConsumingEnumerable()) { Handle(s); } }, TaskCreationOptions.LongRunning)|};
                    {|#3:Task.Run(async () => { while (await _channel.Reader.WaitToReadAsync()) { if (_channel.Reader.TryRead(out string? s)) Handle(s); } })|};
                    {|#4:Task.Run(async () => { do { await HandleAsync("tick"); } while (!_stopping); })|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("StartNew"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("StartNew"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(4).WithArguments("Run"));

        [Fact]
        public Task OneShotBackgroundWork_ThatDoesIo_IsReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class PaymentNotifications
            {
                readonly HttpClient _http = new HttpClient();
                readonly IDatabase _cache;
                PaymentNotifications(IDatabase cache) { _cache = cache; }

                async Task VerifyAsync(string body) { await _http.PostAsync("https://example.invalid/verify", new StringContent(body)); }
                void Record(string line) { Append(line); }
                void Append(string line) { File.AppendAllText("payments.txt", line); }

                public void OnNotification(string body)
                {
                    {|#0:Task.Run(() => VerifyAsync(body))|};
                    {|#1:Task.Run(() => Record(body))|};
                    {|#2:Task.Run(async () => { await _cache.StringSetAsync("last", body); })|};
                    {|#3:Task.Factory.StartNew(() => File.WriteAllText("last.txt", body))|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("StartNew"));

        [Fact]
        public Task OneShotBackgroundWork_ThroughAnInterfaceOrAChainOfCalls_IsReportedOnEvidence() => Verify.VerifyAsync("""
            using System.Threading.Channels;
            using System.Threading.Tasks;
            interface IClient { void SendMessage(string message); }
            interface IFrontend { void SendMessage(string message); }
            interface IAuthHandler { void HandleRealmList(System.Net.Sockets.Socket socket); void Describe(string text); }
            class ClassicAuth : IAuthHandler { public void HandleRealmList(System.Net.Sockets.Socket socket) { socket.Send(new byte[1]); } public void Describe(string text) { } }
            class ModernAuth : IAuthHandler { public void HandleRealmList(System.Net.Sockets.Socket socket) { } public void Describe(string text) { } }
            class Frontend : IFrontend { public void SendMessage(string message) { } }
            class TcpClient : IClient { private readonly System.Net.Sockets.Socket _socket = null!; public void SendMessage(string message) { _socket.Send(System.Text.Encoding.UTF8.GetBytes(message)); } }
            class UdpClientish : IClient { public void SendMessage(string message) { } }
            class Server
            {
                private readonly Channel<(int, string)> _work = Channel.CreateUnbounded<(int, string)>();
                private bool _running;
                void Shutdown() => StopServices();
                void StopServices() => StopGame();
                void StopGame() => StopWorld();
                void StopWorld()
                {
                    if (!_running) throw new System.InvalidOperationException("Invalid state when shutting down");
                    _running = false;
                }

                public void OnRequest(IClient client, IFrontend frontend, string request)
                {
                    // A send through an interface with several transports, one of them a socket (the worst implementation
                    // decides); a shutdown that throws on a bad state, four calls down.
                    {|#0:Task.Run(() => client.SendMessage(request))|};
                    {|#1:Task.Run(() => Shutdown())|};
                    Task.Run(() => frontend.SendMessage(request));
                    {|#2:Task.Factory.StartNew(async delegate { await foreach ((int id, string text) in _work.Reader.ReadAllAsync()) { client.SendMessage(text); } })|};
                    {|#3:Task.Run(async () => await AcceptAsync())|};
                    Task.Run(async () => await AcceptLoggedAsync());
                }

                // An interface whose implementations talk over the connection they are handed; one handed text is harmless.
                public void OnAccepted(IAuthHandler auth, System.Net.Sockets.Socket socket)
                {
                    {|#4:Task.Run(() => auth.HandleRealmList(socket))|};
                    Task.Run(() => auth.Describe("realm"));
                }

                private async Task AcceptAsync()
                {
                    int errors = 0;
                    while (true)
                    {
                        try { await Task.Delay(1); }
                        catch (System.Exception e)
                        {
                            System.Console.WriteLine(e);
                            if (++errors >= 100) throw new System.InvalidOperationException("Maximum error count reached");
                        }
                    }
                }

                private async Task AcceptLoggedAsync()
                {
                    while (true)
                    {
                        try { await Task.Delay(1); }
                        catch (System.Exception e) { System.Console.WriteLine(e); throw new System.InvalidOperationException("accept failed", e); }
                    }
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("StartNew"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(4).WithArguments("Run"));

        [Fact]
        public Task FanOutToHandlersThatObserveTheirFaults_IsNotReported_FanOutToOthersIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            class Event<T>
            {
                private readonly List<Func<T, Task>> _handlers = new List<Func<T, Task>>();
                internal Task FireAsync(T arg) => Task.WhenAll(_handlers.Select(handler => ProcessHandler(handler, arg)));
                internal Task FireRawAsync(T arg) => Task.WhenAll(_handlers.Select(handler => handler(arg)));
                internal Task FireEachAsync(T arg) => Task.WhenAll(_handlers.Select(h => Unguarded(h, arg)));

                private Task ProcessHandler(Func<T, Task> handler, T arg)
                {
                    try
                    {
                        return handler(arg).ContinueWith(t => { if (t.IsFaulted) Console.WriteLine(t.Exception); });
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e);
                        return Task.CompletedTask;
                    }
                }

                private static Task Unguarded(Func<T, Task> handler, T arg) => handler(arg);
            }

            class Producer
            {
                private readonly Event<string> _started = new Event<string>();
                Task FireStartedAsync(string context) => _started.FireAsync(context);

                public void Produce(string message)
                {
                    FireStartedAsync(message);
                    {|#0:_started.FireRawAsync(message)|};
                    {|#1:_started.FireEachAsync(message)|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("FireRawAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("FireEachAsync"));

        [Fact]
        public Task InterfaceCallee_WhoseFewImplementationsAllGuardThemselves_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            interface IHandler { Task HandleAsync(string message); }
            interface ISink { Task WriteAsync(string message); }
            class LoggingHandler : IHandler
            {
                public async Task HandleAsync(string message)
                {
                    try { await Task.Delay(1); Console.WriteLine(message); }
                    catch (Exception e) { Console.WriteLine(e); }
                }
            }
            class ForwardingHandler : IHandler
            {
                public Task HandleAsync(string message) => Forward(message);
                private async Task Forward(string message)
                {
                    try { await Task.Delay(2); }
                    catch (Exception e) { Console.WriteLine(e); }
                }
            }
            class FileSink : ISink { public Task WriteAsync(string message) => System.IO.File.AppendAllTextAsync("log.txt", message); }
            class GuardedSink : ISink
            {
                public async Task WriteAsync(string message)
                {
                    try { await Task.Delay(1); }
                    catch (Exception e) { Console.WriteLine(e); }
                }
            }
            // Named like I/O, but one implementation guards its write and the other only counts: the started work is harmless.
            interface IRelay { void SendFrame(string message); }
            class FileRelay : IRelay
            {
                public void SendFrame(string message)
                {
                    try { System.IO.File.WriteAllText("last.txt", message); }
                    catch (Exception e) { Console.WriteLine(e); }
                }
            }
            class CountingRelay : IRelay { private int _count; public void SendFrame(string message) { _count += message.Length; } }
            class Dispatcher
            {
                public void OnMessage(IHandler handler, ISink sink, IRelay relay, string message)
                {
                    handler.HandleAsync(message);
                    {|#0:sink.WriteAsync(message)|};
                    Task.Run(() => relay.SendFrame(message));
                    {|#1:Task.Run(() => sink.WriteAsync(message))|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("WriteAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"));

        [Fact]
        public Task AwaiterBuiltAndThrownAway_IsJudgedLikeTheDroppedTask_AHeldTaskIsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Runtime.CompilerServices;
            using System.Threading.Tasks;
            class Firewall
            {
                // Reads like a wait and is not one: the task is dropped, and judged like the call alone.
                public void Execute(Task task)
                {
                    {|#0:Task.Run(() => File.WriteAllText("state", "1"))|}.GetAwaiter();
                    {|#1:task.ConfigureAwait(false).GetAwaiter()|};
                    {|#2:File.WriteAllTextAsync("state", "1")|}.ConfigureAwait(false).GetAwaiter();
                    // 'X.ConfigureAwait(false);' alone is the habit of a deliberate fire-and-forget: left as it was.
                    File.WriteAllTextAsync("state", "2").ConfigureAwait(false);
                    Task.Run(async () =>
                    {
                        while (true)
                        {
                            try { await Task.Delay(1000); Console.WriteLine("tick"); }
                            catch (Exception e) { Console.WriteLine(e); }
                        }
                    }).ConfigureAwait(false);
                }

                public async Task ExecuteAsync(Task task)
                {
                    {|#3:task.GetAwaiter()|};
                    {|#4:File.AppendAllTextAsync("log", "x")|}.GetAwaiter();
                    await Task.Yield();
                }

                // Waiting, keeping the awaiter, or attaching a continuation observes the task.
                public void Waits(Task task, Action done)
                {
                    task.GetAwaiter().GetResult();
                    TaskAwaiter kept = task.GetAwaiter();
                    kept.OnCompleted(done);
                    task.ConfigureAwait(false).GetAwaiter().OnCompleted(done);
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("task"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("WriteAllTextAsync"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("task"),
            Verify.Diagnostic("REL107").WithLocation(4).WithArguments("AppendAllTextAsync"));

        [Fact]
        public Task DiscardedWorkLoop_ThatCanDieUnseen_IsReported_GuardedOrHarmlessOnesAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                private readonly TcpListener _listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
                private readonly List<TcpClient> _clients = new List<TcpClient>();
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private bool _stopped;

                async Task AcceptLoopAsync()
                {
                    while (!_stopped)
                    {
                        TcpClient client = await _listener.AcceptTcpClientAsync();
                        _clients.Add(client);
                    }
                }

                async Task GuardedAcceptLoopAsync()
                {
                    while (!_stopped)
                    {
                        try { _clients.Add(await _listener.AcceptTcpClientAsync()); }
                        catch (Exception e) { Console.WriteLine(e); }
                    }
                }

                async Task CleanUpLoopAsync(CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        await _gate.WaitAsync(token);
                        try { _clients.RemoveAll(c => !c.Connected); }
                        finally { _gate.Release(); }
                        await Task.Delay(1000, token);
                    }
                }

                Task LoadAsync() => Task.Delay(1);

                // A relay whose end (the peer closed, an error) is the end of the session by design: the finally tears it down.
                async Task RelayAsync(NetworkStream from, NetworkStream to)
                {
                    byte[] buffer = new byte[4096];
                    try
                    {
                        while (true)
                        {
                            int n = await from.ReadAsync(buffer, 0, buffer.Length);
                            await to.WriteAsync(buffer, 0, n);
                        }
                    }
                    finally
                    {
                        Dispose();
                    }
                }

                public void Dispose() { _listener.Stop(); }

                public void Start(CancellationToken token, NetworkStream a, NetworkStream b)
                {
                    _ = RelayAsync(a, b);
                    {|#0:_ = AcceptLoopAsync()|};
                    {|#1:_ = Task.Run(AcceptLoopAsync)|};
                    _ = GuardedAcceptLoopAsync();
                    _ = CleanUpLoopAsync(token);
                    _ = LoadAsync();
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("AcceptLoopAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"));

        // A read loop guarded by a catch-all, started after dropping an async subscription task: the dropped task's failure
        // stays in that task and cannot end the loop (phase 20, a message broker's client socket). A task-returning method
        // that is not async can throw before it returns a task, and still counts.
        [Fact]
        public Task GuardedLoop_AfterADroppedAsyncCall_IsNotReported_AfterANonAsyncTaskMethodItIs() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class ClientSocket
            {
                private readonly NetworkStream _stream;
                private bool _connected;
                public ClientSocket(NetworkStream stream) { _stream = stream; }

                async Task SubscribeAsync() => await _stream.WriteAsync(new byte[] { 1 }, 0, 1);
                Task SubscribeNow() => _stream.WriteAsync(new byte[] { 1 }, 0, 1);
                async Task ReadAsync() => await _stream.ReadAsync(new byte[16], 0, 16);
                void Disconnect() { _connected = false; }

                async Task StartAsync()
                {
                    _ = SubscribeAsync();
                    _ = Task.Run(SubscribeAsync);
                    try { while (_connected) await ReadAsync(); }
                    catch { Disconnect(); }
                }

                async Task StartNowAsync()
                {
                    _ = SubscribeNow();
                    try { while (_connected) await ReadAsync(); }
                    catch { Disconnect(); }
                }

                public void Connect()
                {
                    _connected = true;
                    _ = StartAsync();
                    {|#0:_ = StartNowAsync()|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("StartNowAsync"));

        [Fact]
        public Task DropsInATestHarnessNamespace_AreLeftToREL108() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            namespace Bus.Testing.Implementations
            {
                class InactivityObserver
                {
                    Task NotifyAsync() => System.IO.File.AppendAllTextAsync("out.log", "x");
                    void OnTimer() { NotifyAsync(); }
                }
            }
            namespace Bus.Transport
            {
                class Sender
                {
                    Task NotifyAsync() => System.IO.File.AppendAllTextAsync("out.log", "x");
                    void OnTimer() { {|#0:NotifyAsync()|}; }
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("NotifyAsync"));

        [Fact]
        public Task HarmlessLoops_DualEngineSyncPaths_TryMethods_AndIgnoreNamedLocals_AreNotWarnings() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Channels;
            using System.Threading.Tasks;
            delegate Task ContinuationHandler(object engine, string text, bool doAsync, CancellationToken token);
            class Scheduler
            {
                private readonly Channel<int> _due = Channel.CreateUnbounded<int>();
                private readonly ConcurrentDictionary<int, DateTime> _cancelled = new ConcurrentDictionary<int, DateTime>();
                private readonly ConcurrentQueue<Action> _events = new ConcurrentQueue<Action>();
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                // In-memory bookkeeping only: nothing in the loop can fail.
                private async Task MoveDueAsync()
                {
                    while (!_cts.IsCancellationRequested)
                    {
                        int id = await _due.Reader.ReadAsync(_cts.Token);
                        if (!_cancelled.TryRemove(id, out _)) { _events.Enqueue(() => { }); }
                    }
                }

                // A loop that runs queued work items: one that throws ends it.
                private void RunEvents()
                {
                    while (!_cts.IsCancellationRequested)
                    {
                        if (_events.TryDequeue(out Action? work)) { work(); }
                    }
                }

                private Task TryExecuteAsync(int id) => Task.Delay(id);
                private Task RestartAsync() => System.IO.File.WriteAllTextAsync("restart", "1");

                public void Start(ContinuationHandler handler, CancellationToken token)
                {
                    Task.Run(MoveDueAsync);
                    {|#0:Task.Run(RunEvents)|};
                    handler(this, "+ OK", false, token);
                    {|#1:handler(this, "+ OK", true, token)|};
                    TryExecuteAsync(1);
                    Task taskIgnore = RestartAsync();
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Invoke"));

        [Fact]
        public Task OneShotBackgroundWork_WithoutEvidenceOfALostFault_IsLeftToREL108() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            interface ISocket { Task Send(byte[] data, Action onSent, Action<Exception> onError); }
            interface IPacket { void Serialize(byte[] buffer); }
            class Session
            {
                private readonly ISocket _socket;
                private readonly IConnectionMultiplexer _redis;
                private readonly object _sync = new object();
                private string? _name;
                public Session(ISocket socket, IConnectionMultiplexer redis) { _socket = socket; _redis = redis; }

                // The socket reports failures to the error callback, one call down.
                void SendBytes(byte[] data) => _socket.Send(data, () => { }, e => Console.WriteLine(e));
                // Preconditions are not failures of the work.
                void Rename(string? name)
                {
                    if (name == null) throw new InvalidOperationException("no name");
                    if (name.Length == 0) throw new ArgumentException("empty", nameof(name));
                    lock (_sync) { _name = name; }
                }

                // A file write guarded by a catch that handles the failure.
                void Persist(string text)
                {
                    try { File.WriteAllText("state.txt", text); }
                    catch (IOException e) { Console.WriteLine(e.Message); }
                }

                // Deeper than the bound, nothing named as I/O: unknown, not evidence.
                void A() => B();
                void B() => C();
                void C() => D();
                void D() => E();
                void E() => Console.Out.Flush();

                public void OnOpen(byte[] handshake, IPacket packet, string text)
                {
                    Task.Run(() => SendBytes(handshake));
                    Task.Run(() => Rename(text));
                    Task.Run(() => Persist(text));
                    Task.Run(() => A());
                    Task.Run(() => packet.Serialize(handshake));
                    Task.Run(() => _redis.GetDatabase());
                    Task.Run(() => _redis.GetStatus());
                    // The write is a callback handed to a queue: it runs later, under whoever dequeues it.
                    Task.Run(() => _later.Enqueue(() => File.WriteAllText("state.txt", text)));
                }

                private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _later = new System.Collections.Concurrent.ConcurrentQueue<Action>();

                // Evidence: cancellation is not a handler of the write, and a third-party client's async call.
                public void OnClose(string text)
                {
                    {|#0:Task.Run(() => { try { File.WriteAllText("state.txt", text); } catch (OperationCanceledException) { } })|};
                    {|#1:Task.Run(() => _redis.GetDatabase().StringSetAsync("state", text))|};
                    // A package method that starts, stops or moves a whole service or its data.
                    {|#2:Task.Run(() => _redis.ExportConfiguration(new MemoryStream()))|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("Run"));

        [Fact]
        public Task OneShotWork_WhoseCatchReportsThroughTheProjectsLogger_IsLeftToREL108_WorkOutsideTheHandlerIsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Station
            {
                public bool AlarmTriggered;
                // The project's own logger writes a file and raises an alarm: the report of a failure, not lost work.
                void LogException(Exception ex, string message) { File.AppendAllText("station.log", message + ": " + ex); AlarmTriggered = true; }

                private readonly System.Collections.Generic.List<string> _debug = new System.Collections.Generic.List<string>();
                // An in-memory error list for the web console: HTML-encoding the line is not network work.
                void Debug(string message) { lock (_debug) { _debug.Add(System.Net.WebUtility.HtmlEncode(message)); } }

                void TestUpload(HttpClient http)
                {
                    var started = DateTime.UtcNow;
                    Debug("testing the upload script");
                    using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.invalid/upload.php");
                    try { http.Send(request); }
                    catch (Exception ex) { LogException(ex, "upload test failed after " + (DateTime.UtcNow - started)); }
                }

                // The write before the guarded part is not guarded.
                void CatchUp(HttpClient http)
                {
                    File.WriteAllText("history.started", "1");
                    try { http.GetStringAsync("https://example.invalid/history").Wait(); }
                    catch (Exception ex) { LogException(ex, "history failed"); }
                }

                // Fallback work in the handler is not a report: if the outbox write fails, that fault is lost.
                void Publish(HttpClient http, string data)
                {
                    Debug("publishing");
                    try { http.Send(new HttpRequestMessage(HttpMethod.Post, "https://example.invalid/publish")); }
                    catch (Exception ex) { LogException(ex, "publish failed"); File.WriteAllText("outbox.txt", data); }
                }

                public void OnSettingsChanged(HttpClient http)
                {
                    Task.Run(() => TestUpload(http));
                    {|#0:Task.Run(() => CatchUp(http))|};
                    {|#1:Task.Run(() => Publish(http, "reading"))|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("Run"));

        [Fact]
        public Task OneShotBackgroundWork_EventsRaised_DatagramSends_AndExchangedTasks_AreLeftToREL108() => Verify.VerifyAsync("""
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
                Task SendAsync(int attempt) => Task.Delay(attempt);
                readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> _entries = new System.Collections.Concurrent.ConcurrentDictionary<int, string>();
                void Cleanup() { foreach (int i in new[] { 1, 2 }) { _entries.TryRemove(i, out _); Console.WriteLine(i); } _udp.Dispose(); }

                public void OnAccepted()
                {
                    Task.Run(() => NotifyAsync());
                    Task.Factory.StartNew(Cleanup, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default);
                    Task.Run(async () => { for (int i = 0; i < 3; i++) { await SendAsync(i); } });
                    Task.Run(async () => { while (true) { await Task.Delay(100); } });
                    var handler = Accepted;
                    if (handler != null) { handler.Invoke(this); }
                    Task<int> sent = _udp.SendAsync(_payload, _payload.Length);
                    Interlocked.Exchange(ref _current, Task.CompletedTask);
                }
            }
            """);

        [Fact]
        public Task DatagramWrites_AreLeftToREL108_AStreamWriteOnTheSameChannelIsNot() => Verify.VerifyAsync("""
            using System.Net;
            using DotNetty.Buffers;
            using DotNetty.Transport.Channels;
            using DotNetty.Transport.Channels.Sockets;
            // Phase 22 (a game server): NAT probe replies and connect-accept datagrams; loss is normal for UDP. The
            // server's own packet type carries the same name.
            class ScertDatagramPacket
            {
                public ScertDatagramPacket(byte[] message, EndPoint recipient) { }
            }

            class Nat
            {
                public void Reply(IChannel channel, IByteBuffer buffer, EndPoint sender)
                {
                    channel.WriteAndFlushAsync(new DatagramPacket(buffer, sender));
                    channel.WriteAndFlushAsync(new ScertDatagramPacket(new byte[1], sender));
                }

                public void Forward(IChannel channel, IByteBuffer buffer)
                {
                    {|#0:channel.WriteAndFlushAsync(buffer)|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("WriteAndFlushAsync"));

        [Fact]
        public Task CalleesThatOnlyReturnCompletedTasks_IncludingTheImplementationsOfAnInterface_AreNotReported() => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            interface ICircuit { Task ClosePartially(int attempt); }
            interface ISender { Task SendAsync(int value); }
            class Circuit : ICircuit
            {
                private object _state = new object();
                Task ICircuit.ClosePartially(int attempt)
                {
                    Interlocked.Exchange(ref _state, new object());
                    return Task.CompletedTask;
                }
            }
            // The worst implementation decides: this one writes a file.
            class TcpSender : ISender { public Task SendAsync(int value) => System.IO.File.WriteAllTextAsync("out.txt", value.ToString()); }
            class UdpSender : ISender { public Task SendAsync(int value) => Task.CompletedTask; }
            class Breaker
            {
                private readonly ICircuit _circuit;
                private readonly ISender _sender;
                private int _count;
                public Breaker(ICircuit circuit, ISender sender) { _circuit = circuit; _sender = sender; }
                Task Count() { _count++; return Task.CompletedTask; }

                public void OnTimer(object? state)
                {
                    _circuit.ClosePartially(1);
                    Count();
                    {|#0:_sender.SendAsync(2)|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendAsync"));

        [Fact]
        public Task AwaitingLambda_OverASelfGuardedSend_AndATryFinallyWrapperOfIt_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class TcpServer
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private async Task<int> SendAsync(Socket socket, byte[] data)
                {
                    int sent = 0;
                    int remaining = data.Length;
                    try
                    {
                        while (remaining > 0) { int n = await socket.SendAsync(new ArraySegment<byte>(data, sent, remaining), SocketFlags.None); sent += n; remaining -= n; }
                    }
                    catch (SocketException) { Console.WriteLine("disconnected"); }
                    catch (Exception e) { Console.WriteLine(e); }
                    return sent;
                }

                private async Task SendLockedAsync(Socket socket, byte[] data)
                {
                    await _gate.WaitAsync();
                    try { await SendAsync(socket, data); }
                    finally { _gate.Release(); }
                }

                private async Task SendUnguardedAsync(Socket socket, byte[] data) { await socket.SendAsync(new ArraySegment<byte>(data), SocketFlags.None); }

                public void Send(Socket socket, byte[] data)
                {
                    Task.Run(async () => await SendAsync(socket, data));
                    Task.Run(async () => await SendLockedAsync(socket, data).ConfigureAwait(false));
                    {|#0:Task.Run(async () => await SendUnguardedAsync(socket, data))|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"));

        [Fact]
        public Task TeardownDrops_ErrorCallbacks_AndExpressionTrees_AreNotWarnings() => Verify.VerifyAsync("""
            using System;
            using System.Linq.Expressions;
            using System.Threading.Tasks;
            interface IChannel { Task CloseAsync(); Task DisconnectAsync(); Task WriteAsync(object message); }
            interface ISocket { Task Send(byte[] data, Action onSent, Action<Exception> onError); }
            interface IResult { Task ExecuteAsync(object context); }
            static class MethodCall { public static string For<T>(Expression<Action<T>> call) => call.ToString(); }
            class Handler
            {
                public void ExceptionCaught(IChannel channel, Exception cause)
                {
                    Console.WriteLine(cause);
                    channel.CloseAsync();
                    channel.DisconnectAsync();
                    {|#0:channel.WriteAsync("bye")|};
                }

                public void Send(ISocket socket, byte[] data)
                {
                    socket.Send(data, () => { }, e => Console.WriteLine(e));
                }

                public string Describe() => MethodCall.For<IResult>(x => x.ExecuteAsync(null!));
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("WriteAsync"));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class Worker
                {
                    void A() { Missing(); var t = ; Task.Delay( }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_UnreadLocalInAsyncCode_BecomesAwait_FixAll() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => System.IO.File.AppendAllTextAsync("out.log", "x");

                async Task RunAsync()
                {
                    var {|#0:first = SendAsync("a")|};
                    Task {|#1:second = SendAsync("b")|};
                }
            }
            """, """
            using System.Threading.Tasks;
            class Worker
            {
                Task SendAsync(string s) => System.IO.File.AppendAllTextAsync("out.log", "x");

                async Task RunAsync()
                {
                    await SendAsync("a");
                    await SendAsync("b");
                }
            }
            """,
            REL107FireAndForgetCodeFix.AwaitKey,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendAsync"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("SendAsync"));

        [Fact]
        public async Task Fix_NotOffered_InSyncCode()
        {
            const string source = """
                using System.Threading.Tasks;
                class Worker
                {
                    Task SendAsync(string s) => System.IO.File.AppendAllTextAsync("out.log", "x");
                    void Run()
                    {
                        {|#0:SendAsync("a")|};
                        var {|#1:t = SendAsync("b")|};
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, source, null,
                Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendAsync"),
                Verify.Diagnostic("REL107").WithLocation(1).WithArguments("SendAsync"));
        }

        [Fact]
        public Task SelfGuardedCallee_BehindAStateQueryGuard_IsObserved_ButNotBehindOtherCalls() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Connection
            {
                private bool _open;
                public bool IsOpen() => _open;
                public bool Check(string s) => System.IO.File.ReadAllText(s).Length > 0;

                public async Task WriteAsync(string data)
                {
                    if (!IsOpen())
                        return;
                    try { await Task.Delay(data.Length); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                public async Task WriteCheckedAsync(string data)
                {
                    if (!Check(data))
                        return;
                    try { await Task.Delay(data.Length); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }

                void Send()
                {
                    WriteAsync("a");
                    {|#0:WriteCheckedAsync("b")|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("WriteCheckedAsync"));
    

        internal const string FrameworkLibrary = """
            using System;
            using System.Threading.Tasks;
            namespace Contoso.Framework
            {
                public static class Store
                {
                    public static void SaveAll() { }
                }

                public abstract class SocketSession
                {
                    public async Task AsyncWrite(byte[] data)
                    {
                        try { await Task.Delay(data.Length); }
                        catch (Exception ex) { Console.WriteLine(ex); }
                    }
                }
            }
            """;

        [Fact]
        public async Task CalleeOfAnotherProject_IsLeftToRel108_PackageAndFrameworkCalleesStayReported()
        {
            var test = Verify.Create("""
                using System.IO;
                using System.Threading.Tasks;
                using StackExchange.Redis;
                class Session : Contoso.Framework.SocketSession
                {
                    void Send(byte[] data) => AsyncWrite(data);
                    void Reply(byte[] data)
                    {
                        AsyncWrite(data);
                        var pending = AsyncWrite(data);
                    }
                    void Cache(IDatabase db, Stream stream)
                    {
                        {|#0:db.StringSetAsync("k", "v")|};
                        {|#1:stream.FlushAsync()|};
                    }

                    // Background work calling another project: unreadable, so only a name that says I/O is evidence.
                    void Background(byte[] data)
                    {
                        Task.Run(() => AsyncWrite(data));
                        Task.Run(async () => { await AsyncWrite(data); await AsyncWrite(data); });
                        {|#2:Task.Run(() => Contoso.Framework.Store.SaveAll())|};
                    }
                }
                """,
                Verify.Diagnostic("REL107").WithLocation(0).WithArguments("StringSetAsync"),
                Verify.Diagnostic("REL107").WithLocation(1).WithArguments("FlushAsync"),
                Verify.Diagnostic("REL107").WithLocation(2).WithArguments("Run"));
            test.TestState.AdditionalReferences.Add(Infrastructure.ProjectLibrary.Build("Contoso.Framework", FrameworkLibrary));
            await test.RunAsync();
        }

        [Fact]
        public Task CalleesThatDelegateToGuardedCalls_AFewLevelsDeep_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Session
            {
                async Task AsyncWrite(byte[] data)
                {
                    if (data.Length == 0) return;
                    try { await Task.Delay(data.Length); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }
                async Task SendResponse(int code, string body) { await AsyncWrite(new byte[code]); }
                Task SendEmptyResponse(int code) => SendResponse(code, "");
                Task HandleLogin(string user)
                {
                    if (user.Length == 0)
                        return SendEmptyResponse(401);
                    Console.WriteLine(user);
                    return SendResponse(200, user);
                }

                bool Route(string path)
                {
                    SendEmptyResponse(404);
                    HandleLogin(path);
                    SendResponse(200, path);
                    return true;
                }
            }
            """);

        [Fact]
        public Task CalleesThatDelegateToUnguardedWork_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Session
            {
                async Task AsyncWrite(byte[] data)
                {
                    try { await Task.Delay(data.Length); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }
                async Task RawWrite(byte[] data) => await System.IO.File.AppendAllTextAsync("out.log", "x");
                async Task SendResponse(int code) { await RawWrite(new byte[code]); }
                async Task SendAndAudit(int code) { await AsyncWrite(new byte[code]); await RawWrite(new byte[code]); }
                async Task SendAndStore(int code) { Store(code); await AsyncWrite(new byte[code]); }
                Task SendOrWrite(int code) => code > 0 ? AsyncWrite(new byte[code]) : RawWrite(new byte[0]);
                void Store(int code) => System.IO.File.WriteAllText("store.txt", code.ToString());

                void Route()
                {
                    {|#0:SendResponse(404)|};
                    {|#1:SendAndAudit(200)|};
                    {|#2:SendAndStore(200)|};
                    {|#3:SendOrWrite(200)|};
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("SendResponse"),
            Verify.Diagnostic("REL107").WithLocation(1).WithArguments("SendAndAudit"),
            Verify.Diagnostic("REL107").WithLocation(2).WithArguments("SendAndStore"),
            Verify.Diagnostic("REL107").WithLocation(3).WithArguments("SendOrWrite"));

        [Fact]
        public Task TaskRun_OfAGuardedLocalFunction_AndGuardedWorkAfterADelayPrologue_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Bus
            {
                readonly ILogger _logger;
                readonly CancellationTokenSource _disposed = new CancellationTokenSource();
                Bus(ILogger logger) { _logger = logger; }
                Task PublishAsync(string m) => Task.Delay(1);

                void Raise(Action[] handlers)
                {
                    void ExecuteAll(Action[] all, ILogger? logger)
                    {
                        foreach (Action handler in all)
                        {
                            try { handler(); }
                            catch (Exception ex) { logger?.LogError(ex, "Handler failed"); }
                        }
                    }

                    Task.Run(() => ExecuteAll(handlers, _logger));
                }

                void PublishLater(string message, TimeSpan delay)
                {
                    Task.Factory.StartNew(async () =>
                    {
                        await Task.Delay(delay, _disposed.Token).ConfigureAwait(false);
                        if (_disposed.IsCancellationRequested)
                        {
                            _logger.LogTrace("Discarding delayed message");
                            return;
                        }

                        _logger.LogTrace("Sending delayed message");
                        try { await PublishAsync(message); }
                        catch (Exception ex) { _logger.LogError(ex, "Failed to publish delayed message"); }
                    }, _disposed.Token);
                }
            }
            """);

        // Phase 23, a telemetry exporter: each consumer loop is started as '_ = ConsumeAsync(...)'. Only the storage write
        // is guarded; the loop header ('await foreach' over the consumer) and the trailing 'await CommitAsync()' can fault
        // and end the loop silently. A loop whose every awaited step sits in the guarded try is still observed.
        [Fact]
        public Task DiscardedLoop_GuardedOnlyInPart_IsReported_WhollyGuardedLoopIsNot() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            public interface IBufferConsumer<T> { IAsyncEnumerable<IEnumerable<T>> ConsumeAsync(CancellationToken token); Task CommitAsync(); }
            public sealed class Exporter(ILogger<Exporter> logger)
            {
                public void StartConsumers<T>(IEnumerable<IBufferConsumer<T>> consumers, Func<IEnumerable<T>, Task> callback, CancellationToken token)
                {
                    foreach (var consumer in consumers)
                    {
                        {|#0:_ = ConsumeAsync(consumer, callback, token)|};
                        _ = GuardedAsync(consumer, callback, token);
                    }
                    _ = TickAsync(token);
                    _ = DrainAsync(System.Threading.Channels.Channel.CreateBounded<int>(8).Reader, token);
                }

                // Headers that only wait for the next tick or item end by cancellation or completion: still guarded.
                private async Task TickAsync(CancellationToken token)
                {
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                    {
                        try { await Task.Delay(1, token); }
                        catch (Exception ex) { logger.LogError(ex, "Tick failed"); }
                    }
                }

                private async Task DrainAsync(System.Threading.Channels.ChannelReader<int> reader, CancellationToken token)
                {
                    await foreach (var item in reader.ReadAllAsync(token).ConfigureAwait(false))
                    {
                        try { await Task.Delay(item, token); }
                        catch (Exception ex) { logger.LogError(ex, "Item failed"); }
                    }
                }

                private async Task ConsumeAsync<T>(IBufferConsumer<T> consumer, Func<IEnumerable<T>, Task> callback, CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        await foreach (var data in consumer.ConsumeAsync(cancellationToken))
                        {
                            try { await callback(data); }
                            catch (Exception ex) { logger.LogWarning(ex, "Failed"); }
                            await consumer.CommitAsync();
                        }
                    }
                }

                private async Task GuardedAsync<T>(IBufferConsumer<T> consumer, Func<IEnumerable<T>, Task> callback, CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        try
                        {
                            await foreach (var data in consumer.ConsumeAsync(cancellationToken)) { await callback(data); }
                            await consumer.CommitAsync();
                        }
                        catch (Exception ex) { logger.LogWarning(ex, "Failed"); }
                        logger.LogDebug("Next round");
                    }
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("ConsumeAsync"));

        [Fact]
        public Task GuardedLoop_BetweenEventSourceStyleLogLines_IsNotReported()
        {
            // Phase 24, a workflow framework: a structured logger whose methods are named for their event and level, and
            // whose writes go to another project of the solution (their bodies cannot be read from here).
            var test = Verify.Create("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;
                using Hub.Core;
                class HubLogger
                {
                    public void PartitionInfo(string p, string m) => LoggingExtensions.LogDurableEvent(p, m);
                    public void PartitionWarning(string p, string m) => LoggingExtensions.LogDurableEvent(p, m);
                }
                class Settings { public HubLogger Logger { get; } = new HubLogger(); }
                class Queue { public bool IsReleased; public Task<int> GetAsync(CancellationToken ct) => Task.FromResult(1); }
                class Manager
                {
                    readonly Settings settings = new Settings();

                    public void Add(string id, Queue queue, CancellationToken ct)
                    {
                        _ = Task.Run(() => this.DequeueLoop(id, queue, ct));
                    }

                    async Task DequeueLoop(string id, Queue queue, CancellationToken ct)
                    {
                        this.settings.Logger.PartitionInfo(id, "Started listening");
                        while (!queue.IsReleased)
                        {
                            try { await queue.GetAsync(ct); }
                            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                            catch (Exception e) { this.settings.Logger.PartitionWarning(id, "dequeue failed: " + e); }
                        }

                        this.settings.Logger.PartitionInfo(id, "Stopped listening");
                    }
                }
                """);
            var core = new ProjectState("Hub.Core", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Hub.Core/", "cs");
            core.Sources.Add(("/Hub.Core/LoggingExtensions.cs", """
                namespace Hub.Core
                {
                    public static class LoggingExtensions
                    {
                        public static void LogDurableEvent(string partition, string message) => System.Diagnostics.Trace.WriteLine(partition + message);
                    }
                }
                """));
            core.AdditionalReferences.AddRange(ReliabilityAnalyzers.Tests.Infrastructure.TestReferences.References);
            test.TestState.AdditionalProjects.Add("Hub.Core", core);
            test.TestState.AdditionalProjectReferences.Add("Hub.Core");
            return test.RunAsync();
        }

        [Fact]
        public Task LogNamedMethodThatWritesAFile_IsJudgedByItsBody() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            // Review of phase 24: a method of this compilation named Log... is judged by its body, here a file write.
            class AuditTrail
            {
                public void LogAccess(string user) { File.AppendAllText("/var/audit/access.log", user + "\n"); }
            }
            class Api
            {
                readonly AuditTrail _audit = new AuditTrail();
                public void Handle(string user)
                {
                    {|#0:RecordAsync(user)|};
                }

                async Task RecordAsync(string user)
                {
                    await Task.Yield();
                    _audit.LogAccess(user);
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("RecordAsync"));

        [Fact]
        public Task DroppedTaskWhoseCatchLetsOnlyTheCallersCancellationThrough_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            // Review of phase 24: filters that refuse only the caller's own cancellation still handle every failure.
            class Syncer(HttpClient http)
            {
                public void Start(CancellationToken ct) { PollAsync(ct); PushAsync(ct); }

                async Task PollAsync(CancellationToken ct)
                {
                    try { await http.GetStringAsync("https://example/a", ct); }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { Console.Error.WriteLine(ex); }
                }

                async Task PushAsync(CancellationToken ct)
                {
                    try { await http.PostAsync("https://example/b", null, ct); }
                    catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested)) { Console.Error.WriteLine(ex); }
                }
            }
            """);

        // Phase 25, an etcd client's watch loop: the catch-all logs and reports through a callback; its only rethrow is
        // kept to debug builds ('#if DEBUG throw; #endif'), so shipped builds never leave the dropped task faulted.
        [Fact]
        public Task LoopWhoseOnlyRethrowIsDebugOnly_IsNotReported() => Verify.VerifyAsync("""
            #define DEBUG
            #nullable enable
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            public class RpcException : Exception { public int StatusCode; }
            public interface IAsyncStreamReader<T> { T Current { get; } Task<bool> MoveNext(CancellationToken ct); }
            public sealed class WatchResponse { public long WatchId; public bool Canceled; }
            public sealed class Watcher
            {
                private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Action<WatchResponse>> _callbacks = new();
                private readonly CancellationTokenSource _cts = new();
                private readonly IAsyncStreamReader<WatchResponse> _stream;
                private readonly Action? _onConnectionFailure;
                public Watcher(IAsyncStreamReader<WatchResponse> stream, Action? onConnectionFailure = null)
                {
                    _stream = stream ?? throw new ArgumentNullException(nameof(stream));
                    _onConnectionFailure = onConnectionFailure;
                    _ = ProcessWatchResponses();
                }

                private async Task ProcessWatchResponses()
                {
                    try
                    {
                        while (await _stream.MoveNext(_cts.Token))
                        {
                            WatchResponse response = _stream.Current;
                            if (!_callbacks.TryGetValue(response.WatchId, out Action<WatchResponse>? cb))
                            {
                                continue;
                            }

                            cb(response);
                            if (response.Canceled)
                            {
                                _callbacks.TryRemove(response.WatchId, out _);
                            }
                        }
                    }
                    catch (RpcException ex) when (ex.StatusCode == 1)
                    {
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (RpcException ex)
                    {
                        Console.WriteLine($"Watch stream connection lost: {ex.StatusCode} - {ex.Message}");
                        _onConnectionFailure?.Invoke();
                    }
                    catch (Exception ex)
                    {
                        await Console.Error.WriteAsync($"Error processing watch responses: {ex}");
                        _onConnectionFailure?.Invoke();
            #if DEBUG
                        // Only re-throw in debug mode to help with debugging
                        throw;
            #endif
                    }
                }
            }
            """);

        [Fact]
        public Task LoopThatRethrowsInEveryBuild_IsReported() => Verify.VerifyAsync("""
                        #nullable enable
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            public class RpcException : Exception { public int StatusCode; }
            public interface IAsyncStreamReader<T> { T Current { get; } Task<bool> MoveNext(CancellationToken ct); }
            public sealed class WatchResponse { public long WatchId; public bool Canceled; }
            public sealed class LoudWatcher
            {
                private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Action<WatchResponse>> _callbacks = new();
                private readonly CancellationTokenSource _cts = new();
                private readonly IAsyncStreamReader<WatchResponse> _stream;
                private readonly Action? _onConnectionFailure;
                public LoudWatcher(IAsyncStreamReader<WatchResponse> stream, Action? onConnectionFailure = null)
                {
                    _stream = stream ?? throw new ArgumentNullException(nameof(stream));
                    _onConnectionFailure = onConnectionFailure;
                    {|#0:_ = ProcessWatchResponses()|};
                }

                private async Task ProcessWatchResponses()
                {
                    try
                    {
                        while (await _stream.MoveNext(_cts.Token))
                        {
                            WatchResponse response = _stream.Current;
                            if (!_callbacks.TryGetValue(response.WatchId, out Action<WatchResponse>? cb))
                            {
                                continue;
                            }

                            cb(response);
                            if (response.Canceled)
                            {
                                _callbacks.TryRemove(response.WatchId, out _);
                            }
                        }
                    }
                    catch (RpcException ex) when (ex.StatusCode == 1)
                    {
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    catch (RpcException ex)
                    {
                        Console.WriteLine($"Watch stream connection lost: {ex.StatusCode} - {ex.Message}");
                        _onConnectionFailure?.Invoke();
                    }
                    catch (Exception ex)
                    {
                        await Console.Error.WriteAsync($"Error processing watch responses: {ex}");
                        _onConnectionFailure?.Invoke();
                                    // Only re-throw in debug mode to help with debugging
                        throw;
                    }
                }
            }
            """,
            new DiagnosticResult("REL107", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ProcessWatchResponses"));

        [Fact]
        public Task CommandLoopRunningHandlersThroughReflection_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Reflection;
            using System.Threading.Tasks;
            // Phase 24 re-run (a game server's operator console): each command runs a handler through reflection, which
            // may throw; the first failing command ends the dropped loop with no trace.
            class Server
            {
                public bool Running = true;
                private readonly MethodInfo _handler = typeof(Server).GetMethod(nameof(Status))!;
                public string Status() => "ok";

                public void StartConsole()
                {
                    {|#0:Task.Run(async () =>
                    {
                        while (Running)
                        {
                            var command = Console.ReadLine();
                            if (string.IsNullOrWhiteSpace(command)) continue;
                            Console.WriteLine(await HandleAsync(command));
                        }
                    })|};
                }

                private async Task<string> HandleAsync(string command)
                {
                    await Task.Yield();
                    return (string)_handler.Invoke(this, Array.Empty<object>())!;
                }
            }
            """,
            Verify.Diagnostic("REL107").WithLocation(0).WithArguments("Run"));
    }
}
