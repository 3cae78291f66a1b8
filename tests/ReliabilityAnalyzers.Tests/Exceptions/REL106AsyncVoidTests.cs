using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL106AsyncVoidAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL106AsyncVoidAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL106AsyncVoidCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL106AsyncVoidTests
    {
        [Fact]
        public Task AsyncVoidMethods_AndVoidAsyncLambdas_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                public async void {|#0:OnTick|}() { await Console.Out.FlushAsync(); }
                async void {|#1:Save|}(string key) { await Console.Out.FlushAsync(); }

                void Start(List<string> keys)
                {
                    Action a = {|#2:async|} () => await Console.Out.FlushAsync();
                    keys.ForEach({|#3:async|} k => await Console.Out.FlushAsync());
                    var timer = new Timer({|#4:async|} _ => await Console.Out.FlushAsync(), null, 0, 1000);
                    async void {|#5:Local|}() { await Console.Out.FlushAsync(); }
                    Local();
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'OnTick'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Save'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("This async lambda converted to 'Action'"),
            Verify.Diagnostic("REL106").WithLocation(3).WithArguments("This async lambda converted to 'Action<string>'"),
            Verify.Diagnostic("REL106").WithLocation(4).WithArguments("This async lambda converted to 'TimerCallback'"),
            Verify.Diagnostic("REL106").WithLocation(5).WithArguments("'Local'"));

        [Fact]
        public Task EventHandlers_AreRel129_FrameworkOverrides_AndTaskReturning_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            using System.Threading.Tasks;
            using System.Windows.Input;
            class Source
            {
                public event EventHandler? Changed;
                public event Action<int>? Counted;
            }

            class Handlers
            {
                Handlers(Source source)
                {
                    source.Changed += {|#0:async|} (s, e) => await Console.Out.FlushAsync();
                    source.Counted += async n => await Task.Delay(n);
                    source.Counted += OnCounted;
                }

                async void {|#1:OnChanged|}(object? sender, EventArgs e) { await Console.Out.FlushAsync(); }
                async void {|#2:OnProperty|}(object sender, PropertyChangedEventArgs e) { await Console.Out.FlushAsync(); }
                async void OnCounted(int n) { await Task.Delay(n); }
                async Task RunAsync() { await Console.Out.FlushAsync(); }
                void Sync() { }
                Func<Task> f = async () => await Console.Out.FlushAsync();
            }

            class Command : ICommand
            {
                public event EventHandler? CanExecuteChanged;
                public bool CanExecute(object? parameter) => true;
                public async void Execute(object? parameter) { await Console.Out.FlushAsync(); }
            }

            class Stream2 : System.IO.MemoryStream
            {
                // An override of a framework void member cannot change its return type.
                public override async void Flush() { await Console.Out.FlushAsync(); }
            }
            """,
            // An event handler's signature is the event's (not REL106), but its unguarded failure still escapes: REL129 (audit).
            new DiagnosticResult("REL129", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("This async lambda converted to 'EventHandler'"),
            new DiagnosticResult("REL129", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("'OnChanged'"),
            new DiagnosticResult("REL129", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("'OnProperty'"));

        [Fact]
        public Task WhollyGuardedBodies_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Heartbeat
            {
                private readonly ILogger<Heartbeat> _logger;
                private readonly Timer _timer;
                private readonly TaskCompletionSource<bool> _ready = new TaskCompletionSource<bool>();

                public Heartbeat(ILogger<Heartbeat> logger)
                {
                    _logger = logger;
                    _timer = new Timer(async _ =>
                    {
                        try { await PingAsync(); }
                        catch (Exception ex) { _logger.LogWarning(ex, "heartbeat failed"); }
                    });
                }

                // A timer callback must return void: the whole body sits in a catch-all that logs.
                private async void OnTimer(object? state)
                {
                    try
                    {
                        await PingAsync();
                    }
                    catch (ObjectDisposedException)
                    {
                        // the timer was disposed on shutdown
                    }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "heartbeat failed");
                    }
                }

                // Completion handed to a TaskCompletionSource: the awaiting side sees the fault.
                private async void StartWarmUp()
                {
                    try { await PingAsync(); _ready.TrySetResult(true); }
                    catch (Exception ex) { _ready.TrySetException(ex); }
                    finally { _logger.LogDebug("warm-up finished"); }
                }

                // A guard, a counter and a debug line before the try cannot fail: the work is still wholly guarded.
                private int _pings;
                private bool _closed;
                private async void PingLoop()
                {
                    if (_closed) return;
                    _pings++;
                    Interlocked.Increment(ref _pings);
                    ResetCounters();
                    var watch = System.Diagnostics.Stopwatch.StartNew();
                    _logger.LogDebug("ping loop started");
                    try
                    {
                        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
                        while (await timer.WaitForNextTickAsync()) { await PingAsync(); }
                    }
                    catch (Exception ex) { _logger.LogWarning(ex, "ping loop stopped after {Elapsed}", watch.Elapsed); }

                    // Re-arm: the type's own helper with plain arguments.
                    Schedule(_pings);
                }

                // Two guarded sections, one per branch, and a guarded final log line.
                private async void Sync(bool full)
                {
                    if (full)
                    {
                        try { await PingAsync(); }
                        catch (Exception ex) { _logger.LogError(ex, "full sync failed"); }
                    }
                    else
                    {
                        try { await PingAsync(); }
                        catch (Exception ex) { _logger.LogError(ex, "quick sync failed"); }
                    }

                    try { _logger.LogDebug("sync finished"); }
                    catch { }

                    return;

                    bool IsStale() => _pings > 3 ? throw new InvalidOperationException() : false;
                }

                private void ResetCounters() => _pings = 0;
                private void Schedule(int delay) { }

                // An empty catch-all with a reason still guards the body (REL101 / REL120 judge the swallowing).
                private async void OnHeartbeat(object? state)
                {
                    try { await PingAsync(); }
                    catch (Exception)
                    {
                        // peer unavailability is detected by the next read; see the connection's read loop
                    }
                }

                public void Begin() { StartWarmUp(); PingLoop(); Sync(true); }

                private Task PingAsync() => Task.Delay(1);

                // A bridge from a task to a completion callback: the outcome is recorded in the guarded try, and the
                // callback is told it with plain arguments (phase 20, a database driver's packet write).
                public async void WriteToStream(System.IO.Stream stream, Action<object, uint> callback)
                {
                    uint status = 0;
                    try { await stream.WriteAsync(new byte[1], 0, 1).ConfigureAwait(false); }
                    catch (Exception) { status = 1; }
                    callback(this, status);
                }
            }
            """);

        [Fact]
        public Task GuardedTry_AfterALambdaIsCreatedOrAnIfElseGuardOverClockArithmetic_IsNotReported_WorkInTheElseIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Session
            {
                private readonly ILogger<Session> _logger;
                private Func<string, string?> _config = _ => null;
                private TaskCompletionSource<string?> _request = new TaskCompletionSource<string?>();
                private DateTime _created;
                private int _uses;
                private bool _renewing;
                public Session(ILogger<Session> logger) { _logger = logger; }

                // The lambda assigned before the try is only created; its body runs later, elsewhere.
                private async void RunLogin(string phone)
                {
                    _request = new TaskCompletionSource<string?>();
                    var previous = _config;
                    _config = what => previous(what) ?? (what == "phone" ? phone : System.IO.File.ReadAllText(what));
                    try { await System.IO.File.ReadAllTextAsync(phone); _request.SetResult(null); }
                    catch (Exception ex) { _request.SetException(ex); }
                    finally { _config = previous; }
                }

                // An if/else guard over counters, clock arithmetic and a log line, then the guarded work.
                private async void CheckRenewal(string id)
                {
                    if (++_uses < 100 && _created >= DateTime.UtcNow.AddDays(-7)) return;
                    if (_renewing)
                        if (_uses < 200) return;
                        else { _logger.LogWarning("renewal of {Id} failed", id); _ = Drop(id); return; }
                    try { _renewing = true; await System.IO.File.WriteAllTextAsync(id, "renew"); }
                    catch (Exception ex) { _logger.LogError(ex, "renewal failed"); _renewing = false; }
                }

                // The else branch does work that can fail outside the guard.
                private async void {|#0:CheckExpiry|}(string id)
                {
                    if (_renewing) return;
                    else System.IO.File.Delete(id);
                    try { await System.IO.File.WriteAllTextAsync(id, "renew"); }
                    catch (Exception ex) { _logger.LogError(ex, "expiry failed"); }
                }

                private Task Drop(string id) => Task.CompletedTask;
                public void Start() { RunLogin("p"); CheckRenewal("a"); CheckExpiry("b"); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'CheckExpiry'"));

        [Fact]
        public Task PartlyGuardedBodies_AndChangeCallbackRegistration_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Microsoft.Extensions.Options;
            class FeedOptions { public string Url { get; set; } = ""; }
            class FeedReloader
            {
                private readonly ILogger<FeedReloader> _logger;

                public FeedReloader(IOptionsMonitor<FeedOptions> options, ILogger<FeedReloader> logger)
                {
                    _logger = logger;
                    // The callback is an Action: the async lambda becomes async void, and a failed reload crashes the process.
                    options.OnChange({|#0:async|} (value, name) => await ReloadAsync(value));
                }

                // Work before the try is unguarded.
                private async void {|#1:Refresh|}()
                {
                    await ReloadAsync(new FeedOptions());
                    try { await ReloadAsync(new FeedOptions()); }
                    catch (Exception ex) { _logger.LogError(ex, "refresh failed"); }
                }

                // A call with a computed argument before the try can fail outside the guard.
                private async void {|#4:Restart|}()
                {
                    Schedule(int.Parse(System.Environment.GetEnvironmentVariable("FEED_DELAY") ?? "x"));
                    try { await ReloadAsync(new FeedOptions()); }
                    catch (Exception ex) { _logger.LogError(ex, "restart failed"); }
                }

                private void Schedule(int delay) { }

                // The catch rethrows: the failure still reaches the synchronization context.
                private async void {|#2:Resync|}()
                {
                    try { await ReloadAsync(new FeedOptions()); }
                    catch (Exception ex) { _logger.LogError(ex, "resync failed"); throw; }
                }

                // Only a specific type is caught: everything else escapes.
                private async void {|#3:Poll|}()
                {
                    try { await ReloadAsync(new FeedOptions()); }
                    catch (TimeoutException ex) { _logger.LogError(ex, "poll timed out"); }
                }

                // 'this' handed to the type's own helper after the try is work of its own, not a callback told the outcome.
                private async void {|#5:Save|}()
                {
                    try { await ReloadAsync(new FeedOptions()); }
                    catch (Exception ex) { _logger.LogError(ex, "save failed"); }
                    Persist(this);
                }

                private static void Persist(object owner) => System.IO.File.WriteAllText("feed.state", owner.ToString());

                public void Start() { Refresh(); Resync(); Poll(); Restart(); Save(); }

                private Task ReloadAsync(FeedOptions value) => System.IO.File.ReadAllTextAsync(value.Url);
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("This async lambda converted to 'Action<FeedOptions, string?>'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Refresh'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'Resync'"),
            Verify.Diagnostic("REL106").WithLocation(3).WithArguments("'Poll'"),
            Verify.Diagnostic("REL106").WithLocation(4).WithArguments("'Restart'"),
            Verify.Diagnostic("REL106").WithLocation(5).WithArguments("'Save'"));

        [Fact]
        public Task CatchAllsThatLetOnlyFatalFailuresThrough_AreNotReported_OtherConditionalRethrowsAre() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            static class Fx { public static bool IsFatal(Exception e) => e is OutOfMemoryException; }
            static class ExceptionExtensions { public static bool IsCritical(this Exception e) => e is OutOfMemoryException || e is StackOverflowException; }
            class TokenRefresher
            {
                private readonly ILogger<TokenRefresher> _logger;
                private readonly Dictionary<string, string> _links = new Dictionary<string, string>();
                private readonly Timer _timer;
                public TokenRefresher(ILogger<TokenRefresher> logger) { _logger = logger; _timer = new Timer(_ => OnRefresh()); }

                // A timer callback: everything but a fatal failure is logged and the refresh re-armed.
                private async void OnRefresh()
                {
                    if (_links.TryGetValue("cbs", out string? link) && link != null)
                    {
                        try
                        {
                            await SendTokenAsync(link);
                        }
                        catch (Exception ex)
                        {
                            _logger.LogError(ex, "token refresh failed");
                            if (Fx.IsFatal(ex))
                            {
                                throw;
                            }

                            _timer.Change(TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
                        }
                    }
                }

                private async void OnRenew()
                {
                    try { await SendTokenAsync("renew"); }
                    catch (Exception ex) when (!ex.IsCritical()) { _logger.LogError(ex, "renew failed"); }
                }

                private async void OnProbe()
                {
                    try { await SendTokenAsync("probe"); }
                    catch (Exception ex) when (ex is not OutOfMemoryException) { _logger.LogError(ex, "probe failed"); }
                }

                // Rethrows an ordinary failure, or filters on something other than fatality: reported.
                private async void {|#0:OnRotate|}()
                {
                    try { await SendTokenAsync("rotate"); }
                    catch (Exception ex) { _logger.LogError(ex, "rotate failed"); if (ex is TimeoutException) throw; }
                }

                private async void {|#1:OnRevoke|}()
                {
                    try { await SendTokenAsync("revoke"); }
                    catch (Exception ex) when (!IsTransient(ex)) { _logger.LogError(ex, "revoke failed"); }
                }

                // Fatal-only forms, written the other ways.
                private async void OnPing()
                {
                    try { await SendTokenAsync("ping"); }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "ping failed");
                        if (ex is OutOfMemoryException || ex is StackOverflowException) throw;
                    }
                }

                // A "critical" check that is not about the caught exception does not make the rethrow fatal-only.
                private bool _critical;
                private bool IsCriticalShutdown() => _critical;
                private async void {|#2:OnSync|}()
                {
                    try { await SendTokenAsync("sync"); }
                    catch (Exception ex) { _logger.LogError(ex, "sync failed"); if (IsCriticalShutdown()) throw; }
                }

                public void Start() { OnRenew(); OnProbe(); OnRotate(); OnRevoke(); OnPing(); OnSync(); }
                private static bool IsTransient(Exception ex) => ex is TimeoutException;
                private Task SendTokenAsync(string link) => System.IO.File.WriteAllTextAsync("token." + link, "t");
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'OnRotate'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'OnRevoke'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'OnSync'"));

        [Fact]
        public Task AsyncLockBeforeGuardedTry_AndOwnSynchronizationContextPump_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Runtime.ExceptionServices;
            using System.Threading;
            using System.Threading.Tasks;
            class AuditLog { public void Append(string line) { } }
            class Replicator
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly AuditLog _log = new AuditLog();
                private readonly Timer _timer;
                public Replicator() { _timer = new Timer(OnReplicateTick); }

                // Timer callback: a flag, the async lock, then all the work in a catch-all that writes ex to the project's own log.
                private async void OnReplicateTick(object? state)
                {
                    bool done = false;
                    await _gate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        await Task.Delay(10);
                        done = true;
                    }
                    catch (Exception ex)
                    {
                        _log.Append("replication failed: " + ex);
                    }
                    finally
                    {
                        if (done) { _timer.Change(1000, Timeout.Infinite); }
                        _gate.Release();
                    }
                }
            }

            // A run-synchronously pump: the async void runs on, and throws back to, this very context.
            sealed class PumpContext : SynchronizationContext
            {
                private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
                private ExceptionDispatchInfo? _failure;
                private bool _finished;

                public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

                public void Run(Func<Task> work)
                {
                    async void Start(object? _)
                    {
                        try { await work(); }
                        catch (Exception e) { _failure = ExceptionDispatchInfo.Capture(e); throw; }
                        finally { Post(_ => _finished = true, null); }
                    }

                    Post(Start, null);
                    while (!_finished)
                    {
                        if (_queue.TryDequeue(out var item)) { item.Callback(item.State); _failure?.Throw(); }
                    }
                }
            }
            """);

        [Fact]
        public Task LockAcquiredInsideTheTry_OverGuardedWork_IsNotReported_UnguardedWorkIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Tasks;
            class Transport
            {
                private readonly SemaphoreSlim _sendSemaphore = new SemaphoreSlim(1, 1);
                private readonly ConcurrentQueue<byte[]> _sendQueue = new ConcurrentQueue<byte[]>();
                Task SendAsync(byte[] message) => Task.Delay(message.Length);

                // The acquire sits inside the try; each send is in its own catch-all: nothing escapes.
                private async void SendPendingMessages()
                {
                    try
                    {
                        await _sendSemaphore.WaitAsync().ConfigureAwait(false);
                        byte[]? message;
                        while (_sendQueue.TryDequeue(out message))
                        {
                            try { await SendAsync(message).ConfigureAwait(false); }
                            catch (Exception) { Console.WriteLine("send failed"); }
                        }
                    }
                    finally
                    {
                        _sendSemaphore.Release();
                    }
                }

                // The same region with an unguarded send: an exception escapes the async void.
                private async void {|#0:SendUnguarded|}()
                {
                    try
                    {
                        await _sendSemaphore.WaitAsync().ConfigureAwait(false);
                        while (_sendQueue.TryDequeue(out var message)) { await SendAsync(message); }
                    }
                    finally
                    {
                        _sendSemaphore.Release();
                    }
                }

                public void Enqueue(byte[] m) { _sendQueue.Enqueue(m); SendPendingMessages(); SendUnguarded(); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'SendUnguarded'"));

        [Fact]
        public Task PostedLambda_GuardedAwait_ThenPromiseCompleted_IsNotReported_ComputedCompletionIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Adapter
            {
                Task<string> HandleAsync() => System.IO.File.ReadAllTextAsync("reply.txt");
                string Compute() => "x";

                public Task<string> Dispatch(SynchronizationContext context)
                {
                    var tcs = new TaskCompletionSource<string>();
                    context.Post(async _ =>
                    {
                        string reply;
                        try { reply = await HandleAsync().ConfigureAwait(false); }
                        catch (Exception e) { reply = "error: " + e.Message; }
                        tcs.SetResult(reply);
                    }, null);
                    context.Post({|#0:async|} _ =>
                    {
                        try { await HandleAsync(); }
                        catch (Exception) { }
                        tcs.SetResult(Compute());
                    }, null);
                    return tcs.Task;
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("This async lambda converted to 'SendOrPostCallback'"));

        [Fact]
        public Task LookalikesOfLockAndPump_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Replicator
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _other = new SemaphoreSlim(1, 1);

                // A cancellable wait can throw OperationCanceledException outside the guard.
                private async void {|#0:Tick|}(CancellationToken token)
                {
                    await _gate.WaitAsync(token);
                    try { await Task.Delay(10); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                    finally { _gate.Release(); }
                }

                // Released is another semaphore: not the lock idiom.
                private async void {|#1:Tock|}()
                {
                    await _gate.WaitAsync();
                    try { await Task.Delay(10); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                    finally { _other.Release(); }
                }

                public void Start() { Tick(default); Tock(); }
            }

            // Not a SynchronizationContext: its async void still throws to the thread pool.
            sealed class Scheduler
            {
                public void Run(Func<Task> work)
                {
                    async void {|#2:Start|}(object? _) { await work(); }
                    ThreadPool.QueueUserWorkItem(Start);
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Tick'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Tock'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'Start'"));

        [Fact]
        public Task AwaitThroughAnInterface_WhoseImplementationsAreSelfGuarded_IsNotReported_OneThatWritesUnguardedIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            interface ISettingsStore { Task SaveAsync(int value); }
            interface IPublisher { Task PublishAsync(int value); }
            class SettingsStore : ISettingsStore
            {
                public async Task SaveAsync(int value)
                {
                    try { await Task.Delay(value); }
                    catch (Exception) { /* the default is used when loading */ }
                }
            }
            // The worst implementation decides: this one writes a file with nothing around it.
            class Bus : IPublisher { public Task PublishAsync(int value) => System.IO.File.AppendAllTextAsync("bus.log", value.ToString()); }
            class Mirror : IPublisher
            {
                public async Task PublishAsync(int value)
                {
                    try { await Task.Delay(value); }
                    catch (Exception ex) { Console.WriteLine(ex); }
                }
            }
            class Controller
            {
                private readonly ISettingsStore _store;
                private readonly IPublisher _publisher;
                public Controller(ISettingsStore store, IPublisher publisher) { _store = store; _publisher = publisher; }
                public int Duration { get; set; }

                private async void SaveDuration() { await _store.SaveAsync(Duration); }
                private async void {|#0:Publish|}() { await _publisher.PublishAsync(Duration); }
                public void Changed() { SaveDuration(); Publish(); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Publish'"));

        [Fact]
        public Task GuardedLoopInsideAUsingOfALocalTimer_IsNotReported_UnguardedIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Heartbeat
            {
                private async void Start(double interval, CancellationToken token)
                {
                    PeriodicTimer timer;
                    try { timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval)); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); return; }

                    using (timer)
                    {
                        while (true)
                        {
                            try
                            {
                                await timer.WaitForNextTickAsync(token);
                                await Console.Out.FlushAsync();
                            }
                            catch
                            {
                                return;
                            }
                        }
                    }
                }

                private async void {|#0:Pump|}(double interval, CancellationToken token)
                {
                    using (var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval)))
                    {
                        while (await timer.WaitForNextTickAsync(token))
                        {
                            await Console.Out.FlushAsync();
                        }
                    }
                }

                // Opening the file can throw outside the guard.
                private async void {|#1:Tail|}(string path, CancellationToken token)
                {
                    using (var file = new System.IO.FileStream(path, System.IO.FileMode.Open))
                    {
                        while (true)
                        {
                            try { await file.ReadAsync(new byte[16], 0, 16, token); }
                            catch { return; }
                        }
                    }
                }

                public void Run(CancellationToken token) { Start(1000, token); Pump(1000, token); Tail("log", token); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Pump'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Tail'"));

        [Fact]
        public Task CallbackAwaitingOnlyFaultFreeMethods_IsNotReported_IoThrowOrDelegateIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            sealed class CallbackManager
            {
                public void Subscribe<T>(Action<T> handler) { }
            }
            sealed class Connected { public int Id { get; set; } }
            sealed class Disconnected { public string Reason { get; set; } = ""; }
            sealed class Bot
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly Dictionary<int, string> _state = new Dictionary<int, string>();
                private Func<Task>? _onReady;
                private bool _playing;
                private static bool _saveFailed;

                public Bot(CallbackManager callbacks)
                {
                    callbacks.Subscribe<Connected>(OnConnected);
                    callbacks.Subscribe<Disconnected>(OnDisconnected);
                    callbacks.Subscribe<Connected>(async c => await MarkAsync(c.Id));
                    callbacks.Subscribe<Connected>({|#0:async|} c => await File.AppendAllTextAsync("bot.log", c.Id.ToString()));
                }

                // Awaits only in-memory work behind an async lock, and a guarded save: nothing escapes.
                private async void OnConnected(Connected callback)
                {
                    await MarkAsync(callback.Id);
                    await CheckStatusAsync();
                }

                private async void {|#1:OnDisconnected|}(Disconnected callback) => await ReconnectAsync(callback.Reason);

                private async void {|#2:OnReady|}(Connected callback) => await RaiseReadyAsync();

                public void Ready(Connected callback) => OnReady(callback);

                private async Task MarkAsync(int id)
                {
                    if (id < 0) throw new ArgumentOutOfRangeException(nameof(id));
                    await _gate.WaitAsync();
                    try { _state[id] = "connected"; }
                    finally { _gate.Release(); }
                    await SaveAsync();
                }

                private async Task CheckStatusAsync()
                {
                    _playing = _state.Count > 0;
                    await Task.Yield();
                }

                private static async Task SaveAsync()
                {
                    try { await File.WriteAllTextAsync("state.json", "{}"); }
                    catch (IOException) { _saveFailed = true; }
                }

                // Reads a file with no guard: its failure would crash the process from the async void.
                private async Task ReconnectAsync(string reason)
                {
                    string config = await File.ReadAllTextAsync("bot.json");
                    if (config.Length == 0) throw new InvalidOperationException(reason);
                }

                // Runs a subscriber's delegate: whatever it throws escapes.
                private async Task RaiseReadyAsync()
                {
                    if (_onReady != null) await _onReady();
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("This async lambda converted to 'Action<Connected>'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'OnDisconnected'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'OnReady'"));

        [Fact]
        public Task ReceiveLoop_GuardedPerIteration_AfterRentingABuffer_IsNotReported_UnguardedLoopIs() => Verify.VerifyAsync("""
            using System;
            using System.Buffers;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class Client
            {
                private async void Receive(Socket socket, ArrayPool<byte>? pool)
                {
                    if (pool == null) pool = ArrayPool<byte>.Shared;
                    while (true)
                    {
                        byte[] buffer = pool.Rent(1024);
                        try { await socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None); }
                        catch (ObjectDisposedException) { break; }
                        catch (Exception e) { Console.WriteLine(e); }
                        finally { pool.Return(buffer); }
                    }
                }

                private async void {|#0:Pump|}(Socket socket)
                {
                    while (true)
                    {
                        byte[] buffer = new byte[1024];
                        await socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None);
                    }
                }

                public void Start(Socket socket) { Receive(socket, null); Pump(socket); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Pump'"));

        [Fact]
        public Task ForEachOverACopy_GuardedPerItem_IsNotReported_UnguardedItemWorkIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            interface ISession { Task SaveAsync(); }
            class FileSession : ISession { public Task SaveAsync() => System.IO.File.WriteAllTextAsync("session.closed", "1"); }
            class Pool
            {
                private static readonly Serilog.ILogger s_logger = Serilog.Log.Logger;
                private readonly object _lock = new object();
                private readonly List<ISession> _idle = new List<ISession>();
                private string Identification() => "pool";

                // Log line, a copy taken under the lock, then every save guarded by a catch-all that logs.
                internal async void ClearIdle()
                {
                    s_logger.Debug("clearing " + Identification());
                    ISession[] copy;
                    lock (_lock)
                    {
                        copy = _idle.ToArray();
                        _idle.Clear();
                    }
                    foreach (ISession session in copy)
                    {
                        try { await session.SaveAsync(); }
                        catch (Exception ex) { s_logger.Error(ex, "failed to save a session"); }
                    }
                }

                internal async void {|#0:ShutdownSessions|}()
                {
                    foreach (ISession session in _idle.ToArray())
                    {
                        await session.SaveAsync();
                    }
                }

                public void Destroy() { ClearIdle(); ShutdownSessions(); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'ShutdownSessions'"));

        // Phase 25, a game server's per-connection handler: an early-exit guard that logs and disposes the socket, a
        // counter and a log line, then the whole work in a guarding try whose finally disposes the socket.
        [Fact]
        public Task ConnectionHandler_WithADisposingGuard_BeforeAGuardingTry_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Server
            {
                private readonly ILogger<Server> _logger;
                public Server(ILogger<Server> logger) { _logger = logger; }
                private int _active;
                private Task ServeAsync(Socket socket, CancellationToken ct) => socket.ReceiveAsync(new byte[16], SocketFlags.None, ct).AsTask();

                private async void HandleClientConnection(Socket socket, CancellationToken ct)
                {
                    if (socket.RemoteEndPoint is not IPEndPoint endpoint)
                    {
                        _logger.LogError("Unable to get remote endpoint");
                        socket.Dispose();
                        return;
                    }

                    var count = Interlocked.Increment(ref _active);
                    try
                    {
                        await ServeAsync(socket, ct);
                    }
                    catch (Exception exception)
                    {
                        _logger.LogError(exception, "Unhandled exception from client");
                    }
                    finally
                    {
                        socket.Dispose();
                        Interlocked.Decrement(ref _active);
                    }
                }

                public void Accept(Socket socket) => HandleClientConnection(socket, CancellationToken.None);
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                class Worker
                {
                    async void {|#0:A|}( { await Missing(); }
                    void B() { Action a = async () => await ; }
                """, Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'A'"));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_ReturnsTask_AndAwaitsCallsInAsyncCode_FixAll() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Worker
            {
                public async void {|#0:OnTick|}() { await System.Console.Out.FlushAsync(); }
                async void {|#1:Save|}(string key) { await System.Console.Out.FlushAsync(); }

                async Task RunAsync()
                {
                    OnTick();
                    Save("a");
                }

                void Sync() => Save("b");
            }
            """, """
            using System.Threading.Tasks;
            class Worker
            {
                public async Task OnTick() { await System.Console.Out.FlushAsync(); }
                async Task Save(string key) { await System.Console.Out.FlushAsync(); }

                async Task RunAsync()
                {
                    await OnTick();
                    await Save("a");
                }

                void Sync() => _ = Save("b");
            }
            """,
            REL106AsyncVoidCodeFix.ReturnTaskKey,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'OnTick'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Save'"));

        [Fact]
        public async Task Fix_NotOffered_WhenUsedAsVoidDelegate_OrForLambdas()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;
                class Worker
                {
                    async void {|#0:Tick|}() { await Console.Out.FlushAsync(); }
                    void Start()
                    {
                        Action a = Tick;
                        Action b = {|#1:async|} () => await Console.Out.FlushAsync();
                    }
                }
                """;
            await VerifyFix.VerifyAsync(source, source, null,
                Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Tick'"),
                Verify.Diagnostic("REL106").WithLocation(1).WithArguments("This async lambda converted to 'Action'"));
        }

        private const string SocketUsings = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            """;

        private const string SelfGuardedSocket = """
            static class Log { public static void Debug(string text) => Console.WriteLine(text); }
            class Rows
            {
                private int _index;
                private readonly object[] _values = new object[4];
                public bool IsEmpty() => _values.Length == 0;
                public bool NextRow() { _index++; return _index < _values.Length; }
                public T Read<T>(int column) => (T)_values[column];
            }
            abstract class SocketBase
            {
                private readonly Stream _stream = Stream.Null;
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                public async Task AsyncWrite(byte[] data)
                {
                    if (!IsOpen())
                        return;
                    try { await _stream.WriteAsync(data, 0, data.Length); }
                    catch (Exception ex) { Log.Debug(ex.ToString()); }
                }

                public async Task AsyncRead()
                {
                    try { await _stream.ReadAsync(new byte[16], 0, 16); }
                    catch (Exception ex) { Log.Debug(ex.Message); }
                }

                public bool IsOpen() => _socket.Connected;

                public void CloseSocket()
                {
                    try { _socket.Close(); }
                    catch (Exception ex) { Log.Debug(ex.Message); }
                }

                public Task RawWrite(byte[] data) => _stream.WriteAsync(data, 0, data.Length);

                public virtual bool RequestHandler(string request) => true;

                protected bool HandleMessage(string request) => RequestHandler(request);
            }
            """;

        [Fact]
        public Task AwaitsOnlySelfGuardedCalls_WithASimpleSyncPart_AreNotReported() => Verify.VerifyAsync(SocketUsings + SelfGuardedSocket + "\n" + """
            class Session : SocketBase
            {
                public async void SendResponse(uint token, string message)
                {
                    var buffer = new StringBuilder();
                    buffer.Append(token).Append(':').Append(message);
                    Log.Debug("sending " + token);
                    await AsyncWrite(Encoding.UTF8.GetBytes(buffer.ToString()));
                }

                public void Query(Action<Rows> callback, Rows rows) => callback(rows);

                public void Start(Rows pending)
                {
                    Query(async result =>
                    {
                        if (!result.IsEmpty())
                        {
                            bool banned = false;
                            do { if (result.Read<long>(0) != 0) banned = true; } while (result.NextRow());
                            if (banned) { CloseSocket(); return; }
                        }

                        await AsyncRead().ConfigureAwait(false);
                    }, pending);
                }
            }
            """);

        [Fact]
        public Task AwaitOfAnUnguardedCall_OrASyncPartThatDispatchesOrThrows_IsReported() => Verify.VerifyAsync(SocketUsings + SelfGuardedSocket + "\n" + """
            class Session : SocketBase
            {
                private readonly Socket _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);

                // Awaits a call that does not guard itself.
                public async void {|#0:SendRaw|}(string message) => await RawWrite(Encoding.UTF8.GetBytes(message));

                // Awaits the framework directly (an accept loop).
                public async void {|#1:Accept|}()
                {
                    try { var socket = await _listener.AcceptAsync(); }
                    catch (ObjectDisposedException) { return; }
                    Accept();
                }

                // The sync part runs request handling (a virtual handler, one level down).
                public async void {|#2:ReadHandler|}(string request)
                {
                    if (!HandleMessage(request)) { CloseSocket(); return; }
                    await AsyncRead();
                }

                // The sync part throws, or does file I/O.
                public async void {|#3:SendChecked|}(string message)
                {
                    if (message.Length == 0) throw new ArgumentException("empty", nameof(message));
                    await AsyncWrite(File.ReadAllBytes(message));
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'SendRaw'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Accept'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'ReadHandler'"),
            Verify.Diagnostic("REL106").WithLocation(3).WithArguments("'SendChecked'"));

        [Fact]
        public Task PausesThatCannotFail_WithInMemoryWork_AreNotReported_ACancellablePauseIs() => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;
            using System.Threading;
            using System.Threading.Tasks;
            class Watchdog
            {
                private readonly Stopwatch _clock = Stopwatch.StartNew();
                private long _lastPong;
                private int _state;
                private readonly CancellationToken _token;
                Watchdog(CancellationToken token) { _token = token; }

                void SetState(int state) => _state = state;

                // Only a tokenless delay and in-memory bookkeeping: nothing can escape.
                public async void Watch(TimeSpan interval)
                {
                    while (_state != 2)
                    {
                        await Task.Delay(interval);
                        if (_clock.ElapsedMilliseconds - _lastPong > interval.TotalMilliseconds * 2) SetState(1);
                        await Task.Yield();
                    }
                }

                public async void Later() { await Task.Delay(100, CancellationToken.None); SetState(0); }

                // A delay that a token can cancel throws TaskCanceledException into the async void.
                public async void {|#0:WatchUntilStopped|}(TimeSpan interval)
                {
                    while (true) { await Task.Delay(interval, _token); SetState(1); }
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'WatchUntilStopped'"));

        [Fact]
        public Task CancellablePauseWhoseCancellationIsHandled_AndTimerRearmAfterAGuardedTry_AreNotReported_UnhandledOnesAre() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Delay
            {
                private readonly TaskCompletionSource<object?> _done = new TaskCompletionSource<object?>();
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private bool _cancelled;
                private readonly int _ms;
                Delay(int ms) => _ms = ms;

                // Phase 26: the pause can fail only by cancellation, which the catch hands to the promise.
                private async void AwaiterLoop()
                {
                    if (_cancelled) { _done.TrySetCanceled(); return; }
                    try
                    {
                        await Task.Delay(_ms, _cts.Token).ConfigureAwait(false);
                    }
                    catch (TaskCanceledException)
                    {
                        _done.TrySetCanceled();
                        return;
                    }
                    _done.TrySetResult(null);
                }

                // A call that can fail for another reason sits beside the pause: the cancellation catch does not cover it.
                private async void {|#0:FetchLoop|}(HttpClient http)
                {
                    try
                    {
                        await Task.Delay(_ms, _cts.Token);
                        await http.GetStringAsync("https://example.com/");
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                    _done.TrySetResult(null);
                }
            }
            class Poller
            {
                private Timer? _timer;
                private readonly HttpClient _http = new HttpClient();
                void Start()
                {
                    // The non-overlapping timer idiom: the work is guarded, then the callback re-arms its timer.
                    _timer = new Timer(async _ =>
                    {
                        try
                        {
                            await _http.GetStringAsync("https://example.com/poll");
                        }
                        catch (Exception ex)
                        {
                            Console.Error.WriteLine(ex);
                        }

                        if (_timer != null)
                        {
                            _timer.Change(100, Timeout.Infinite);
                        }
                    }, null, 1, Timeout.Infinite);
                }

                void StartUnguarded()
                {
                    _timer = new Timer({|#1:async|} _ =>
                    {
                        await _http.GetStringAsync("https://example.com/poll");
                        _timer?.Change(100, Timeout.Infinite);
                    }, null, 1, Timeout.Infinite);
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'FetchLoop'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("This async lambda converted to 'TimerCallback'"));

        [Fact]
        public Task LookalikesOfAPauseOrATimerRearm_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            interface ISettings { void Change(string key, string value); }
            class Loop
            {
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();
                private readonly ISettings _timerSettings;
                private readonly HttpClient _http = new HttpClient();
                Loop(ISettings settings) => _timerSettings = settings;

                // Reading the token of a source the type disposes throws outside the catch.
                private async void {|#0:Tick|}()
                {
                    try { await Task.Delay(1000, _cts.Token); }
                    catch (TaskCanceledException) { return; }
                }

                public void Stop() { _cts.Cancel(); _cts.Dispose(); }

                // Not a timer's due time: a settings store's write.
                private async void {|#1:Refresh|}()
                {
                    try { await _http.GetStringAsync("https://example.com/"); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); }
                    _timerSettings.Change("interval", "5");
                }

                // A timer's state is often null.
                private async void {|#2:OnTick|}(object? state)
                {
                    int.TryParse(state.ToString(), out int id);
                    try { await _http.GetStringAsync("https://example.com/" + id); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); }
                }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Tick'"),
            Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Refresh'"),
            Verify.Diagnostic("REL106").WithLocation(2).WithArguments("'OnTick'"));

        [Fact]
        public async Task VoidFromAnInterfaceOrBaseOfAnotherProjectOfTheSolution_IsReported_FromTheFrameworkIsNot()
        {
            var test = Verify.Create("""
                using System;
                using System.Threading.Tasks;
                using System.Windows.Input;
                class Player : Contoso.Game.IPlayer
                {
                    Task SaveCharacterAsync() => System.IO.File.WriteAllTextAsync("character.json", "{}");

                    // The solution's own interface declares 'void SaveDirect()': the team can make it return Task.
                    public async void {|#0:SaveDirect|}() { await SaveCharacterAsync(); }
                }

                class Zone : Contoso.Game.ZoneBase
                {
                    public override async void {|#1:Tick|}() { await System.IO.File.AppendAllTextAsync("zone.log", "tick"); }
                }

                // ICommand.Execute is the framework's: the void is not this team's to change.
                class SaveCommand : ICommand
                {
                    public event EventHandler? CanExecuteChanged { add { } remove { } }
                    public bool CanExecute(object? parameter) => true;
                    public async void Execute(object? parameter) { await System.IO.File.WriteAllTextAsync("a", "b"); }
                }
                """,
                Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'SaveDirect'"),
                Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'Tick'"));
            test.TestState.AdditionalReferences.Add(Infrastructure.ProjectLibrary.Build(
                "Contoso.Game.Abstract",
                "namespace Contoso.Game { public interface IPlayer { void SaveDirect(); } public abstract class ZoneBase { public abstract void Tick(); } }"));
            await test.RunAsync();
        }

        // Phase 23, an MVVM library: the solution's own 'Command : ICommand' declares 'abstract void Execute()' to adapt the
        // framework's void ICommand.Execute; an async override is forced like a framework override. A void member of the
        // solution's own base class that mirrors no framework member stays reported.
        [Fact]
        public Task OverrideOfASourceAdapterOfAFrameworkVoidMember_IsNotReported_OwnVoidMemberIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using System.Windows.Input;
            public abstract class Command : ICommand
            {
                public event EventHandler? CanExecuteChanged;
                bool ICommand.CanExecute(object? parameter) => CanExecute();
                void ICommand.Execute(object? parameter) => Execute();
                public abstract bool CanExecute();
                public abstract void Execute();
                public abstract void Save();
            }
            public sealed class RefreshCommand : Command
            {
                public override bool CanExecute() => true;
                public override async void Execute() { await Console.Out.FlushAsync(); }
                public override async void {|#0:Save|}() { await Console.Out.FlushAsync(); }
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("'Save'"));

        [Fact]
        public Task LambdaAwaitingARetryHelperWhoseFilterLetsTheLastFailureOut_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public static class Retry
            {
                public static async Task<T> WithBackoffAsync<T>(Func<CancellationToken, Task<T>> action, int maxAttempts, CancellationToken ct)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try { return await action(ct); }
                        catch (Exception ex) when (attempt < maxAttempts && ex is HttpRequestException) { await Task.Delay(100 * attempt); }
                    }
                }
            }
            public sealed class StockClient(HttpClient http)
            {
                public Task<string> GetStockAsync(string sku, CancellationToken ct = default) =>
                    Retry.WithBackoffAsync(token => http.GetStringAsync("stock/" + sku, token), 3, ct);

                public void Prefetch(IEnumerable<string> skus) => skus.ToList().ForEach({|#0:async|} sku => await GetStockAsync(sku));
            }
            """,
            Verify.Diagnostic("REL106").WithLocation(0).WithArguments("This async lambda converted to 'Action<string>'"));
    }
}
