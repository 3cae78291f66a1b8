using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL406BlockingPrimitiveInAsyncAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL411ThreadOwnedLockAcrossAwaitTests
    {
        private static DiagnosticResult D(int location, string call) =>
            new DiagnosticResult("REL411", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(call);

        [Fact]
        public Task MonitorHeldAcrossAnAwait_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class TokenCache
            {
                private readonly object _sync = new object();
                private readonly HttpClient _http;
                private string? _token;
                TokenCache(HttpClient http) { _http = http; }

                // Phase 22 (a recall probe): the Exit after the await may run on another thread and throw.
                async Task<string> Refresh(CancellationToken ct)
                {
                    Monitor.{|#0:Enter(_sync)|};
                    try
                    {
                        var response = await _http.PostAsync("oauth/token", null, ct);
                        _token = await response.Content.ReadAsStringAsync(ct);
                        return _token;
                    }
                    finally { Monitor.Exit(_sync); }
                }

                async Task<string?> WithTakenFlag(CancellationToken ct)
                {
                    bool taken = false;
                    try
                    {
                        Monitor.{|#1:Enter(_sync, ref taken)|};
                        await Task.Delay(10, ct);
                        return _token;
                    }
                    finally { if (taken) Monitor.Exit(_sync); }
                }

                async Task<string?> Probe(CancellationToken ct)
                {
                    if (Monitor.{|#2:TryEnter(_sync)|})
                    {
                        try { await Task.Delay(10, ct); } finally { Monitor.Exit(_sync); }
                    }

                    return _token;
                }

                async Task Unbalanced()
                {
                    Monitor.{|#3:Enter(_sync)|};
                    await Task.Yield();
                    Monitor.Exit(_sync);
                }

                async Task LogInCatch(Func<Task> log)
                {
                    Monitor.{|#4:Enter(_sync)|};
                    try { _token = null; }
                    catch (Exception) { await log(); throw; }
                    finally { Monitor.Exit(_sync); }
                }
            }
            """,
            D(0, "Monitor.Enter"), D(1, "Monitor.Enter"), D(2, "Monitor.TryEnter"), D(3, "Monitor.Enter"), D(4, "Monitor.Enter"));

        [Fact]
        public Task MonitorAroundInMemoryWork_OrInSyncCode_IsNotReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading;
            using System.Threading.Tasks;
            class Counter
            {
                private readonly object _sync = new object();
                private readonly List<int> _items = new List<int>();

                async Task<int> Snapshot()
                {
                    int count;
                    Monitor.Enter(_sync);
                    try { count = _items.Count; } finally { Monitor.Exit(_sync); }
                    await Task.Yield();
                    lock (_sync) { _items.Clear(); }
                    return count;
                }

                async Task Later()
                {
                    await Task.Yield();
                    if (Monitor.TryEnter(_sync, 100))
                    {
                        try { _items.Add(1); } finally { Monitor.Exit(_sync); }
                    }
                }

                // The branch where the lock was not taken may await; the locked section does not.
                async Task Negated(CancellationToken ct)
                {
                    if (!Monitor.TryEnter(_sync)) { await Task.Delay(50, ct); return; }
                    try { _items.Add(1); } finally { Monitor.Exit(_sync); }
                }

                async Task NegatedFlag(CancellationToken ct)
                {
                    bool got = Monitor.TryEnter(_sync, 100);
                    if (!got) { await Task.Delay(50, ct); return; }
                    try { _items.Add(2); } finally { Monitor.Exit(_sync); }
                }

                async Task AwaitAfterTheRelease(ReaderWriterLockSlim rw, CancellationToken ct)
                {
                    if (rw.TryEnterWriteLock(100))
                    {
                        try { _items.Clear(); } finally { rw.ExitWriteLock(); }
                        await Task.Delay(10, ct);
                    }
                }

                int Sync()
                {
                    Monitor.Enter(_sync);
                    try { return Task.FromResult(_items.Count).Result; } finally { Monitor.Exit(_sync); }
                }
            }
            """);
    }
}
