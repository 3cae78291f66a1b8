using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL406BlockingPrimitiveInAsyncAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL406BlockingPrimitiveInAsyncTests
    {
        private const string Primitive = "Use an async primitive: SemaphoreSlim.WaitAsync, a TaskCompletionSource, or a Channel";
        private const string Rows = "Read the rows with await reader.ReadAsync(token) into your own list, or use Dapper/EF Core's async queries";

        private static DiagnosticResult D(int location, string call, string fix) =>
            new DiagnosticResult("REL406", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, fix);

        [Fact]
        public Task BlockingPrimitives_InAsyncCode_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Data;
            using System.Data.Common;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                private readonly BlockingCollection<string> _queue = new BlockingCollection<string>(100);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
                private readonly AutoResetEvent _signal = new AutoResetEvent(false);
                private readonly CountdownEvent _pending = new CountdownEvent(2);

                async Task<DataTable> RunAsync(DbCommand command, CancellationToken ct)
                {
                    string item = _queue.{|#0:Take(ct)|};
                    _ready.{|#1:Wait(ct)|};
                    _signal.{|#2:WaitOne()|};
                    bool got = _queue.{|#3:TryTake(out var next, TimeSpan.FromSeconds(5))|};
                    _pending.{|#4:Wait()|};
                    using DbDataReader reader = await command.ExecuteReaderAsync(ct);
                    var table = new DataTable();
                    table.{|#5:Load(reader)|};
                    foreach (var queued in _queue.{|#6:GetConsumingEnumerable()|}) { }
                    return table;
                }
            }
            """,
            D(0, "BlockingCollection.Take", "Use a Channel<T> and await ReadAsync / ReadAllAsync"),
            D(1, "ManualResetEventSlim.Wait", Primitive),
            D(2, "WaitHandle.WaitOne", Primitive),
            D(3, "BlockingCollection.TryTake", "Use a Channel<T> and await ReadAsync / ReadAllAsync"),
            D(4, "CountdownEvent.Wait", Primitive),
            D(5, "DataTable.Load", Rows),
            D(6, "BlockingCollection.GetConsumingEnumerable", "Use a Channel<T> and await ReadAsync / ReadAllAsync"));

        [Fact]
        public Task ProbesSyncCodeAndOffloadedWork_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Data;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                private readonly BlockingCollection<string> _queue = new BlockingCollection<string>(100);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
                private readonly AutoResetEvent _signal = new AutoResetEvent(false);

                async Task RunAsync(IDataReader reader, bool async)
                {
                    await Task.Yield();
                    _queue.TryTake(out var item);
                    bool set = _ready.Wait(0);
                    bool signalled = _signal.WaitOne(TimeSpan.Zero);
                    await Task.Run(() => _queue.Take());
                    await Task.Factory.StartNew(() => { foreach (var x in _queue.GetConsumingEnumerable()) { } }, TaskCreationOptions.LongRunning);
                    if (!async) { new DataTable().Load(reader); }
                }

                void Consume() { foreach (var x in _queue.GetConsumingEnumerable()) { } _ready.Wait(); new DataTable().Load(null!); }
            }
            """);
    
        [Fact]
        public Task ReaderWriterLocksHeldAcrossAwait_AndSpinUntil_InAsyncCode_AreReported_ShortSectionsSyncCodeOrPolledAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Catalog
            {
                private readonly ReaderWriterLockSlim _lock = new ReaderWriterLockSlim();
                private volatile bool _loaded;

                async Task Reload()
                {
                    _lock.{|#0:EnterWriteLock()|};
                    try { await Task.Delay(10); } finally { _lock.ExitWriteLock(); }
                }

                async Task<int> Read()
                {
                    _lock.{|#1:EnterReadLock()|};
                    try { await Task.Yield(); return 1; } finally { _lock.ExitReadLock(); }
                }

                async Task WaitLoaded()
                {
                    SpinWait.{|#2:SpinUntil(() => _loaded, 5000)|};
                    await Task.Yield();
                }

                int ReadSync()
                {
                    _lock.EnterReadLock();
                    try { return 1; } finally { _lock.ExitReadLock(); }
                }

                // Held only around in-memory work: microseconds, no await inside. Not reported.
                async Task<int> Count(System.Collections.Generic.List<int> items)
                {
                    int[] copy;
                    _lock.EnterReadLock();
                    try { copy = items.ToArray(); } finally { _lock.ExitReadLock(); }
                    await Task.Yield();
                    _lock.EnterWriteLock();
                    items.Clear();
                    _lock.ExitWriteLock();
                    await Task.Yield();
                    return copy.Length;
                }

                async Task Probe()
                {
                    if (_lock.TryEnterWriteLock(0)) { _lock.ExitWriteLock(); }
                    SpinWait.SpinUntil(() => _loaded, TimeSpan.Zero);
                    await Task.Yield();
                }
            }
            """,
            // Held across an await: REL411 (warning), reported by the same analyzer.
            new DiagnosticResult("REL411", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("ReaderWriterLockSlim.EnterWriteLock"),
            new DiagnosticResult("REL411", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("ReaderWriterLockSlim.EnterReadLock"),
            D(2, "SpinWait.SpinUntil", "Await a TaskCompletionSource or a SemaphoreSlim that the producer signals, instead of spinning"));
    }
}
