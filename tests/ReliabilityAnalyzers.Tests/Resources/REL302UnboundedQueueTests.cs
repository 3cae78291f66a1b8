using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL302UnboundedQueueAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL302UnboundedQueueTests
    {
        private static DiagnosticResult Info(int location, string what) =>
            new DiagnosticResult("REL302", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what);

        [Fact]
        public Task UnboundedQueues_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Channels;
            class Queues
            {
                readonly Channel<string> _a = {|#0:Channel.CreateUnbounded<string>()|};
                readonly Channel<int> _b = {|#1:Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true })|};
                readonly BlockingCollection<string> _c = {|#2:new BlockingCollection<string>()|};
                readonly BlockingCollection<string> _d = {|#3:new BlockingCollection<string>(new ConcurrentQueue<string>())|};
                readonly Channel<string> _e = {|#4:Channel.CreateBounded<string>(int.MaxValue)|};
                readonly BoundedChannelOptions _f = {|#5:new BoundedChannelOptions(int.MaxValue)|};
                readonly SemaphoreSlim _g = {|#6:new SemaphoreSlim(int.MaxValue)|};
            }
            """,
            Info(0, "Channel.CreateUnbounded"),
            Info(1, "Channel.CreateUnbounded"),
            Info(2, "BlockingCollection without a bounded capacity"),
            Info(3, "BlockingCollection without a bounded capacity"),
            Info(4, "A bounded channel with capacity int.MaxValue"),
            Info(5, "A bounded channel with capacity int.MaxValue"),
            Info(6, "A SemaphoreSlim that starts with int.MaxValue slots"));

        [Fact]
        public Task BoundedQueues_AreNotReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading;
            using System.Threading.Channels;
            class Queues
            {
                readonly Channel<string> _a = Channel.CreateBounded<string>(1_000);
                readonly Channel<string> _b = Channel.CreateBounded<string>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });
                readonly BlockingCollection<string> _c = new BlockingCollection<string>(boundedCapacity: 100);
                readonly BlockingCollection<string> _d = new BlockingCollection<string>(new ConcurrentQueue<string>(), 50);
                readonly SemaphoreSlim _e = new SemaphoreSlim(10, 10);
                readonly SemaphoreSlim _f = new SemaphoreSlim(0, int.MaxValue);
                readonly ConcurrentQueue<string> _g = new ConcurrentQueue<string>();
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Channels;
                class C { object o = Channel.CreateUnbounded<>(; }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("REL302", DiagnosticSeverity.Info).WithSpan(2, 22, 2, 48).WithArguments("Channel.CreateUnbounded"));
            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task WorkQueueFieldWithoutCountCheck_IsReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading.Tasks;
            public sealed class ClickTracker
            {
                private readonly ConcurrentQueue<string> {|#0:_clicks|} = new();
                private static ConcurrentQueue<int> {|#1:s_pending|} = new();

                public void Track(string e) => _clicks.Enqueue(e);
                public static void Later(int id) { s_pending.Enqueue(id); }

                public async Task DrainAsync()
                {
                    while (_clicks.TryDequeue(out var click)) { await Task.Yield(); }
                    if (!s_pending.IsEmpty) { s_pending.TryDequeue(out _); }
                }
            }
            """,
            Info(0, "The ConcurrentQueue '_clicks', fed by Enqueue without a Count check,"),
            Info(1, "The ConcurrentQueue 's_pending', fed by Enqueue without a Count check,"));

        [Fact]
        public Task QueueFieldsThatAreBoundedHandedOnOrNotFed_AreNotReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            public sealed class Queues
            {
                private readonly ConcurrentQueue<string> _capped = new();
                private readonly ConcurrentQueue<string> _shared = new();
                private readonly ConcurrentQueue<string> _drainedOnly = new();
                public ConcurrentQueue<string> Exposed { get; } = new();
                internal readonly ConcurrentQueue<string> Internal = new();

                public void Add(string e)
                {
                    if (_capped.Count >= 1000) { _capped.TryDequeue(out _); }
                    _capped.Enqueue(e);
                    _shared.Enqueue(e);
                    Exposed.Enqueue(e);
                    Internal.Enqueue(e);
                }

                public IEnumerable<string> Shared() => _shared;              // someone else reads (and may bound) it
                public bool Next(out string? e) => _drainedOnly.TryDequeue(out e);
            }
            public sealed class BufferPool
            {
                private readonly ConcurrentQueue<byte[]> _free = new();          // a pool: it holds what was rented and returned
                public byte[] Rent() => _free.TryDequeue(out var b) ? b : new byte[4096];
                public void Return(byte[] b) => _free.Enqueue(b);
            }
            public sealed class AsyncQueue<T>
            {
                private readonly ConcurrentQueue<T> _items = new();               // a container: its users decide the bound
                public void Enqueue(T item) => _items.Enqueue(item);
                public bool TryDequeue(out T? item) => _items.TryDequeue(out item);
            }
            """);
    }
}
