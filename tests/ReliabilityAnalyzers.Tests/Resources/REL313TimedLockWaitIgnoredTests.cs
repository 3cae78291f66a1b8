using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL313TimedLockWaitIgnoredAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL313TimedLockWaitIgnoredTests
    {
        private static DiagnosticResult Diagnostic(int location, string wait, string target, string where = "in this code") =>
            Verify.Diagnostic("REL313").WithLocation(location).WithArguments(wait, target, where);

        [Fact]
        public Task IgnoredTimedWaits_ThenReleased_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class ClusterSync
            {
                private readonly SemaphoreSlim _queueSync = new SemaphoreSlim(1, 1);
                private readonly Mutex _mutex = new Mutex();
                private readonly object _gate = new object();
                private readonly ReaderWriterLockSlim _rw = new ReaderWriterLockSlim();
                private int _state;

                // After 1.5 s the sync runs unprotected, and the finally releases a semaphore it never took.
                public async Task SyncAsync(Func<Task> send)
                {
                    try
                    {
                        await {|#0:_queueSync.WaitAsync(TimeSpan.FromMilliseconds(1500))|}.ConfigureAwait(false);
                        await send();
                    }
                    catch
                    {
                    }
                    finally
                    {
                        _queueSync.Release();
                    }
                }

                public void Sync(int timeoutMs)
                {
                    {|#1:_queueSync.Wait(timeoutMs)|};
                    try { _state++; } finally { _queueSync.Release(); }
                }

                public void Discarded()
                {
                    _ = {|#2:_queueSync.Wait(500)|};
                    _state++;
                    _queueSync.Release();
                }

                public void Native()
                {
                    {|#3:_mutex.WaitOne(1000)|};
                    _state++;
                    _mutex.ReleaseMutex();
                }

                public void Monitored()
                {
                    {|#4:Monitor.TryEnter(_gate, TimeSpan.FromMilliseconds(100))|};
                    try { _state++; } finally { Monitor.Exit(_gate); }
                }

                public void Write()
                {
                    {|#5:_rw.TryEnterWriteLock(50)|};
                    _state++;
                    _rw.ExitWriteLock();
                }

                public void Local()
                {
                    var gate = new SemaphoreSlim(1);
                    {|#6:gate.Wait(TimeSpan.Zero)|};
                    gate.Release();
                }
            }
            """,
            Diagnostic(0, "_queueSync.WaitAsync", "_queueSync"),
            Diagnostic(1, "_queueSync.Wait", "_queueSync"),
            Diagnostic(2, "_queueSync.Wait", "_queueSync"),
            Diagnostic(3, "_mutex.WaitOne", "_mutex"),
            Diagnostic(4, "Monitor.TryEnter", "_gate"),
            Diagnostic(5, "_rw.TryEnterWriteLock", "_rw"),
            Diagnostic(6, "gate.Wait", "gate"));

        [Fact]
        public Task CheckedOrUntimedWaits_SignalWaits_AndWaitsWithoutARelease_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                private readonly SemaphoreSlim _lock = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _other = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
                private readonly AutoResetEvent _tick = new AutoResetEvent(false);
                private readonly object _gate = new object();
                private int _state;

                public async Task Checked(CancellationToken token)
                {
                    if (!await _lock.WaitAsync(TimeSpan.FromSeconds(1), token)) { return; }
                    try { _state++; } finally { _lock.Release(); }

                    bool entered = _lock.Wait(100);
                    try { _state++; } finally { if (entered) _lock.Release(); }
                }

                public async Task Untimed(CancellationToken token)
                {
                    await _lock.WaitAsync(token);
                    _lock.Wait(Timeout.Infinite);
                    _lock.Wait(-1);
                    await _lock.WaitAsync(Timeout.InfiniteTimeSpan);
                    try { _state++; } finally { _lock.Release(); _lock.Release(); _lock.Release(); _lock.Release(); }
                }

                // A wake-up signal: waiting at most the poll interval is the point; nothing is released here.
                public async Task Poll(TimeSpan interval, CancellationToken token)
                {
                    await _signal.WaitAsync(interval, token).ConfigureAwait(false);
                    _ready.Wait(100);
                    _tick.WaitOne(250);
                    Task.Delay(1).Wait(100);
                }

                // Released before the wait, or another lock released after it.
                public void Handoff()
                {
                    _other.Release();
                    _lock.Wait(100);
                    _other.Release();
                }

                // A re-signal or a checked release is not the release of a lock that may not be held.
                public async Task Drain(Func<Task<int>> drainAsync, CancellationToken token)
                {
                    await _signal.WaitAsync(TimeSpan.FromSeconds(5), token);
                    if (await drainAsync() == 100) { _signal.Release(); }
                    Monitor.TryEnter(_gate, 10);
                    if (Monitor.IsEntered(_gate)) { Monitor.Exit(_gate); }
                    _lock.Wait(TimeSpan.FromMilliseconds(-1));
                    _lock.Release();
                    _other.Wait(10);
                    Action later = () => _other.Release();
                    later();
                }

                public sealed class Node { public SemaphoreSlim Gate { get; } = new SemaphoreSlim(1, 1); }
                public void HandOver(Node current, Node next)
                {
                    next.Gate.Wait(100);
                    current.Gate.Release();
                }

                public void LockTaken()
                {
                    bool taken = false;
                    Monitor.TryEnter(_gate, 100, ref taken);
                    try { _state++; } finally { if (taken) Monitor.Exit(_gate); }
                }
            }
            """);

        // A lock wrapper whose timed Enter ignores the result while Exit releases unconditionally (phase 20, a home-automation hub).
        [Fact]
        public Task LockWrapper_TimedEnterIgnored_ExitReleases_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class AsyncLock
            {
                private readonly SemaphoreSlim _semaphore = new(1, 1);

                public void Enter(CancellationToken token = default) => _semaphore.Wait(token);

                public void Enter(TimeSpan timeout)
                {
                    {|#0:_semaphore.Wait(timeout)|};
                }

                public Task EnterAsync(TimeSpan timeout)
                {
                    return {|#1:_semaphore.WaitAsync(timeout)|};
                }

                public void Exit()
                {
                    _semaphore.Release();
                }
            }

            public sealed class MonitorLock
            {
                private readonly object _gate = new object();
                private Mutex _mutex;

                public MonitorLock() { _mutex = new Mutex(); }

                public void Enter(int timeoutMs) { {|#2:Monitor.TryEnter(_gate, timeoutMs)|}; }
                public void Exit() { Monitor.Exit(_gate); }

                public void EnterNative(int timeoutMs) { {|#3:_mutex.WaitOne(timeoutMs)|}; }
                public void ExitNative() { _mutex.ReleaseMutex(); }
            }

            public sealed class ArrowLock
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(maxCount: 1, initialCount: 1);
                public void Enter(TimeSpan timeout) => {|#4:_gate.Wait(timeout)|};
                public void Exit() => _gate.Release();
            }
            """,
            Diagnostic(0, "_semaphore.Wait", "_semaphore", "by 'Exit'"),
            Diagnostic(1, "_semaphore.WaitAsync", "_semaphore", "by 'Exit'"),
            Diagnostic(2, "Monitor.TryEnter", "_gate", "by 'Exit'"),
            Diagnostic(3, "_mutex.WaitOne", "_mutex", "by 'ExitNative'"),
            Diagnostic(4, "_gate.Wait", "_gate", "by 'Exit'"));

        // A semaphore created empty is a signal: the timed wait polls for work, the Release elsewhere is the producer.
        [Fact]
        public Task SignalSemaphores_ConditionalOrAcquiringReleases_AndBoolTasks_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class WorkQueue
            {
                private readonly SemaphoreSlim _signal = new SemaphoreSlim(0);
                private readonly Semaphore _native = new Semaphore(0, 10);
                public void WaitForWork(TimeSpan poll) { _signal.Wait(poll); _native.WaitOne(poll); }
                public Task WaitForWorkAsync(TimeSpan poll) => _signal.WaitAsync(poll);
                public void Post() { _signal.Release(); _native.Release(); }
            }

            public sealed class CheckedWrapper
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private bool _held;
                public void Enter(TimeSpan timeout) { _gate.Wait(timeout); }
                public Task<bool> TryEnterAsync(TimeSpan timeout) => _gate.WaitAsync(timeout);
                public void Exit() { if (_held) { _gate.Release(); } }
                // Takes and releases in the same body: a lock use of its own, not the Exit of the wrapper.
                public void Run(Action work) { _gate.Wait(); try { work(); } finally { _gate.Release(); } }
            }

            // A shutdown drain waits, then does more: not a lock wrapper's Enter. A checked wait through ConfigureAwait.
            public sealed class Drained : IDisposable
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _other = new SemaphoreSlim(initialCount: 0, maxCount: 1);
                public void Dispose() { _gate.Wait(TimeSpan.FromSeconds(5)); _gate.Dispose(); }
                public void Release() => _gate.Release();
                public void Poll(TimeSpan t) => _other.Wait(t);
                public void Signal() => _other.Release();
                public async Task<bool> RunAsync(Func<Task> work, TimeSpan t)
                {
                    if (!await _gate.WaitAsync(t).ConfigureAwait(false)) { return false; }
                    try { await work().ConfigureAwait(false); } finally { _gate.Release(); }
                    var entered = await _gate.WaitAsync(t).ConfigureAwait(false);
                    try { return entered; } finally { if (entered) { _gate.Release(); } }
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading;
                class Worker
                {
                    SemaphoreSlim _s;
                    void A() { {|#0:_s.Wait(100|}; Missing.Wait(5); _s.Release( ; Monitor.TryEnter(, 10); }
                """, Diagnostic(0, "_s.Wait", "_s"));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
