using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL315LockReleasedOutsideFinallyAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL315LockReleasedOutsideFinallyTests
    {
        private static DiagnosticResult D(int location, string gate) =>
            new DiagnosticResult("REL315", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(gate);

        [Fact]
        public Task ReleaseOnlyOnTheSuccessPath_IsReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class WarehouseClient(HttpClient http)
            {
                private readonly SemaphoreSlim _throttle = new SemaphoreSlim(8, 8);
                private static readonly SemaphoreSlim Gate = new SemaphoreSlim(1, 1);

                // A failed POST keeps the permit: after eight failures every call waits forever.
                public async Task<bool> ReserveAsync(string sku, CancellationToken ct)
                {
                    await {|#0:_throttle.WaitAsync(ct)|}.ConfigureAwait(false);
                    using var response = await http.PostAsync("reservations/" + sku, null, ct).ConfigureAwait(false);
                    _throttle.Release();
                    return response.IsSuccessStatusCode;
                }

                public void Flush(string path)
                {
                    {|#1:Gate.Wait()|};
                    System.IO.File.WriteAllText(path, "flushed");
                    Gate.Release();
                }

                // A keyed add can throw on a duplicate key and keep the permit.
                private readonly System.Collections.Generic.Dictionary<string, int> _index = new();
                public void Index(string key)
                {
                    {|#2:Gate.Wait()|};
                    _index.Add(key, 1);
                    Gate.Release();
                }
            }
            """,
            D(0, "_throttle"),
            D(1, "Gate"),
            D(2, "Gate"));

        // Phase 25, an ingest library's export pump: between the wait and the release it only starts an async method
        // (failures land in its task), adds the task to a list and awaits Task.WhenAny (which never faults). Awaiting the
        // started task there, or starting it through a call that runs code first, is still work that can fail.
        [Fact]
        public Task StartingAsyncWork_AndWhenAny_AreNotWork_AwaitingItIs() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            class Pump
            {
                private readonly SemaphoreSlim _throttle = new SemaphoreSlim(4);
                private readonly SemaphoreSlim _other = new SemaphoreSlim(4);
                private readonly List<Task> _tasks = new List<Task>();

                public async Task RunAsync(IEnumerable<int[]> batches, CancellationToken ct)
                {
                    foreach (var items in batches)
                    {
                        await _throttle.WaitAsync(ct).ConfigureAwait(false);
                        var t = ExportAsync(items);
                        _tasks.Add(t);
                        if (_tasks.Count >= 4)
                        {
                            var done = await Task.WhenAny(_tasks).ConfigureAwait(false);
                            _tasks.Remove(done);
                        }
                        _throttle.Release();
                    }
                }

                public async Task RunAndWaitAsync(int[] items)
                {
                    await {|#0:_other.WaitAsync()|};
                    var t = ExportAsync(items);
                    await t;
                    _other.Release();
                }

                private async Task ExportAsync(int[] items) => await Task.Delay(items.Length);
            }

            // Review of phase 25: a writer's Dispose flushes and can throw; WhenAny over a list nothing proves non-empty throws.
            class Journal
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly SemaphoreSlim _drain = new SemaphoreSlim(1, 1);
                private System.IO.StreamWriter _writer = new System.IO.StreamWriter("journal.log");
                private readonly List<Task> _pending = new List<Task>();

                public async Task RotateAsync()
                {
                    await {|#1:_gate.WaitAsync()|};
                    _writer.Dispose();
                    _writer = new System.IO.StreamWriter("journal-2.log");
                    _gate.Release();
                }

                public async Task DrainOneAsync()
                {
                    await {|#2:_drain.WaitAsync()|};
                    var done = await Task.WhenAny(_pending);
                    _pending.Remove(done);
                    _drain.Release();
                }
            }
            """,
            D(0, "_other"), D(1, "_gate"), D(2, "_drain"));

        [Fact]
        public Task ReleaseInFinallyOrCatch_TrivialWork_OrTimedWaits_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public sealed class Client(HttpClient http)
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private int _count;

                public async Task<string> FinallyAsync()
                {
                    await _gate.WaitAsync();
                    try { return await http.GetStringAsync("https://example/"); }
                    finally { _gate.Release(); }
                }

                public async Task<string> CatchAndRethrowAsync()
                {
                    await _gate.WaitAsync();
                    string result;
                    try { result = await http.GetStringAsync("https://example/"); }
                    catch { _gate.Release(); throw; }
                    _gate.Release();
                    return result;
                }

                // Only a counter changes between the wait and the release: nothing can throw there.
                public async Task CountAsync()
                {
                    await _gate.WaitAsync();
                    _count++;
                    _gate.Release();
                }

                // Review (phase 24): work that cannot let a failure escape — a catch-all that logs, a loop of such tries,
                // a copy of an in-memory collection, a Try-pattern call, an interlocked counter.
                private readonly System.Collections.Generic.List<string> _items = new();
                private readonly System.Collections.Generic.Dictionary<string, string> _map = new();
                public async Task GuardedAsync(string[] urls, CancellationToken ct)
                {
                    await _gate.WaitAsync(ct);
                    try { await http.GetStringAsync("https://example/", ct); }
                    catch (Exception ex) { Console.Error.WriteLine(ex); }
                    foreach (var url in urls)
                    {
                        try { await http.GetStringAsync(url, ct); }
                        catch (Exception ex) { Console.Error.WriteLine(ex); }
                    }
                    _gate.Release();
                }

                public string[] Snapshot(string key)
                {
                    _gate.Wait();
                    var copy = _items.ToArray();
                    _map.TryGetValue(key, out var found);
                    Interlocked.Increment(ref _count);
                    _gate.Release();
                    return copy;
                }

                // Phase 24 re-run: a local gate nobody else can wait on; keyless in-memory changes.
                public async Task<string> LocalGateAsync()
                {
                    var gate = new SemaphoreSlim(1);
                    await gate.WaitAsync();
                    string body = await http.GetStringAsync("https://example/");
                    gate.Release();
                    return body;
                }

                public void Reset(string item)
                {
                    _gate.Wait();
                    _items.Add(item);
                    _items.Remove("old");
                    _map.Clear();
                    GC.Collect();
                    _gate.Release();
                }

                // A timed wait is REL313's concern.
                public async Task TimedAsync()
                {
                    if (!await _gate.WaitAsync(TimeSpan.FromSeconds(1))) return;
                    await http.GetStringAsync("https://example/");
                    _gate.Release();
                }

                // Released in a branch: a hand-written protocol this rule does not read.
                public async Task BranchAsync(bool early)
                {
                    await _gate.WaitAsync();
                    if (early) { _gate.Release(); return; }
                    await http.GetStringAsync("https://example/");
                    _gate.Release();
                }
            }
            """);
    }
}
