using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL120EmptyCatchAllAuditAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL120EmptyCatchAllAuditAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL120EmptyCatchAllAuditCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL120 lists, at audit level, the empty catch-alls REL101 does not warn about, so an audit stays complete.</summary>
    public class REL120EmptyCatchAllAuditTests
    {
        private static DiagnosticResult Audit(int location, string caught = "every exception") =>
            Verify.Diagnostic("REL120").WithSeverity(DiagnosticSeverity.Info).WithLocation(location).WithArguments(caught);

        [Fact]
        public Task ErrorLogSinks_AndHandOffsToInMemoryQueues_AreAuditLevel() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            interface IEnqueue<T> { void Enqueue(T item); }
            class Diagnostics
            {
                private readonly IEnqueue<string> _incoming;
                public Diagnostics(IEnqueue<string> incoming) { _incoming = incoming; }

                public static void SaveError(string text)
                {
                    try { File.AppendAllText("errors.txt", text + Environment.NewLine); }
                    {|#0:catch|} { }
                }

                public void Received(string message)
                {
                    try { _incoming.Enqueue(message); }
                    {|#1:catch|} { }
                }
            }
            """,
            Audit(0), Audit(1));

        [Fact]
        public Task ErrorLogSinks_AndHandOffsToInMemoryQueues_AreNotWarnings_SettingsWritesAndJobQueuesAre() =>
            ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer>.VerifyAsync("""
            using System;
            using System.IO;
            interface IEnqueue<T> { void Enqueue(T item); }
            interface IJobClient { void Enqueue(string job); }
            class Diagnostics
            {
                private readonly IEnqueue<string> _incoming;
                private readonly IJobClient _jobs;
                public Diagnostics(IEnqueue<string> incoming, IJobClient jobs) { _incoming = incoming; _jobs = jobs; }

                public static void SaveError(string text)
                {
                    try { File.AppendAllText("errors.txt", text + Environment.NewLine); }
                    catch { }
                }

                public void Received(string message)
                {
                    try { _incoming.Enqueue(message); }
                    catch { }
                }

                public static void SaveSettings(string json)
                {
                    try { File.WriteAllText("settings.json", json); }
                    {|#0:catch|} { }
                }

                public void Welcome(string user)
                {
                    try { _jobs.Enqueue("welcome:" + user); }
                    {|#1:catch|} { }
                }
            }
            """,
            ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer>.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"),
            ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer>.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'Enqueue'"));

        [Fact]
        public Task DeliberateShapes_AreListedAtAuditLevel() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using StackExchange.Redis;
            class MessageBus
            {
                private readonly List<Action<string>> _subscribers = new List<Action<string>>();

                public void Dispatch(string message)
                {
                    foreach (Action<string> subscriber in _subscribers)
                    {
                        try { subscriber(message); }
                        {|#0:catch|} { }
                    }
                }

                public static void SafeExecute(Action action) { try { action(); } {|#1:catch (Exception)|} { } }

                public void Tune(Socket socket)
                {
                    try { socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true); } {|#2:catch|} { }
                }

                public void Announce(ISubscriber subscriber, string text)
                {
                    try { subscriber.Publish(RedisChannel.Literal("news"), text, CommandFlags.FireAndForget); } {|#3:catch|} { }
                }

                private void OnTick(object? state) { try { File.WriteAllText("snapshot.json", "{}"); } {|#4:catch|} { } }

                public string? TryReadSettings() { try { return File.ReadAllText("settings.json"); } {|#5:catch|} { } return null; }

                public static DateTime? ParseStamp(string text)
                {
                    try { return DateTime.ParseExact(text, "O", null); } {|#6:catch|} { }
                    return null;
                }

                public void WriteMarker()
                {
                    try { File.WriteAllText("warm.marker", ""); }
                    {|#7:catch|}
                    {
                        // The marker is optional: a read-only disk only means a slower next start.
                    }
                }
            }
            """,
            Audit(0), Audit(1, "every Exception"), Audit(2), Audit(3), Audit(4), Audit(5), Audit(6), Audit(7));

        [Fact]
        public Task WarningsTeardownAndFilteredCatches_AreNotListedHere() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store : IDisposable
            {
                // REL101's warning, not REL120's.
                public void Save(string json) { try { File.WriteAllText("settings.json", json); } catch { } }

                // Teardown, filters, Try-bool and non-empty catches are not reported at any level.
                public void Dispose() { try { File.WriteAllText("x", ""); } catch { } }
                void Filtered() { try { File.ReadAllText("a"); } catch (Exception ex) when (ex is IOException) { } }
                bool TryLoad() { try { File.ReadAllText("x"); return true; } catch { } return false; }
                void Handled() { try { File.ReadAllText("x"); } catch (Exception ex) { Console.Error.WriteLine(ex); } }
                void Specific() { try { File.ReadAllText("x"); } catch (IOException) { } }
            }
            """);

        [Fact]
        public Task TestSupportProject_ListsEvenWritesAtAuditLevel()
        {
            var test = Verify.Create("""
                using System.IO;
                public class FakeStore
                {
                    public void Save(string text) { try { File.WriteAllText("fake.txt", text); } {|#0:catch|} { } }
                }
                """,
                Audit(0));
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Contoso.Orders.Testing"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_LogWarningAndContinue_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using Microsoft.Extensions.Logging;
            class Dispatcher
            {
                private readonly ILogger<Dispatcher> _logger;
                private readonly List<Action<string>> _handlers = new List<Action<string>>();
                public Dispatcher(ILogger<Dispatcher> logger) { _logger = logger; }

                public void Dispatch(string message)
                {
                    foreach (Action<string> handler in _handlers)
                    {
                        try { handler(message); }
                        {|#0:catch|} { }
                    }
                }

                public static int? ParsePort(string text)
                {
                    try { return int.Parse(text); }
                    {|#1:catch (Exception)|} { }
                    return null;
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            using Microsoft.Extensions.Logging;
            class Dispatcher
            {
                private readonly ILogger<Dispatcher> _logger;
                private readonly List<Action<string>> _handlers = new List<Action<string>>();
                public Dispatcher(ILogger<Dispatcher> logger) { _logger = logger; }

                public void Dispatch(string message)
                {
                    foreach (Action<string> handler in _handlers)
                    {
                        try { handler(message); }
                        catch (Exception ex)
                        {
                            _logger.LogWarning(ex, "Dispatch failed");
                        }
                    }
                }

                public static int? ParsePort(string text)
                {
                    try { return int.Parse(text); }
                    catch (Exception ex)
                    {
                        System.Diagnostics.Trace.TraceError(ex.ToString());
                    }
                    return null;
                }
            }
            """,
            REL120EmptyCatchAllAuditCodeFix.LogAndContinueKey,
            Audit(0), Audit(1, "every Exception"));

        // Phase 25, a recall probe: a filter that only lets cancellation through leaves a catch-all; the fix keeps the filter.
        [Fact]
        public Task CatchAllExceptCancellation_IsListed_AndTheFixKeepsTheFilter() => VerifyFix.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Evaluator
            {
                private readonly ILogger<Evaluator> _logger;
                public Evaluator(ILogger<Evaluator> logger) { _logger = logger; }
                private Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task Evaluate(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await RefreshAsync(ct); }
                        {|#0:catch (Exception e)|} when (e is not OperationCanceledException) { }
                        await Task.Delay(1000, ct);
                    }
                }
            }
            """, """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class Evaluator
            {
                private readonly ILogger<Evaluator> _logger;
                public Evaluator(ILogger<Evaluator> logger) { _logger = logger; }
                private Task RefreshAsync(CancellationToken ct) => Task.CompletedTask;

                public async Task Evaluate(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try { await RefreshAsync(ct); }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            _logger.LogWarning(e, "Evaluate failed");
                        }
                        await Task.Delay(1000, ct);
                    }
                }
            }
            """,
            REL120EmptyCatchAllAuditCodeFix.LogAndContinueKey,
            Audit(0, "every Exception"));

        [Fact]
        public Task Fix_Rethrow_NotOffered_ForCallbackIsolation_OrWhereItStrandsCode()
        {
            const string source = """
                using System;
                using System.Collections.Generic;
                class Dispatcher
                {
                    private readonly List<Action<string>> _handlers = new List<Action<string>>();

                    public void Dispatch(string message)
                    {
                        foreach (Action<string> handler in _handlers)
                        {
                            try { handler(message); }
                            {|#0:catch|} { }
                        }
                    }

                    public static int? ParsePort(string text)
                    {
                        try { return int.Parse(text); }
                        {|#1:catch (Exception)|} { }
                        return null;
                    }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL120EmptyCatchAllAuditCodeFix.RethrowOnlyKey };
            test.ExpectedDiagnostics.Add(Audit(0));
            test.ExpectedDiagnostics.Add(Audit(1, "every Exception"));
            return test.RunAsync();
        }
    
        [Fact]
        public Task SpecificTypeSwallowedAroundAWrite_IsAuditLevel_OthersAreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Orders
            {
                private readonly DbContext _db;
                public Orders(DbContext db) { _db = db; }

                public async Task ChangeQuantity(CancellationToken ct)
                {
                    try { await _db.SaveChangesAsync(ct); }
                    {|#0:catch (DbUpdateConcurrencyException)|} { }
                }

                public void Export(string path, string text)
                {
                    try { File.WriteAllText(path, text); }
                    {|#1:catch (IOException)|} { }
                }

                public int? Parse(string text)
                {
                    try { return int.Parse(text); }
                    catch (FormatException) { }                        // no work the caller relies on
                    return null;
                }

                public async Task Saved(CancellationToken ct)
                {
                    try { await _db.SaveChangesAsync(ct); }
                    catch (OperationCanceledException) { }             // cancellation is expected
                    try { await _db.SaveChangesAsync(ct); }
                    catch (DbUpdateConcurrencyException)
                    {
                        // Last writer wins: the other update already holds the newer quantity.
                    }
                }

                public bool TrySave()
                {
                    try { _db.SaveChanges(); return true; }
                    catch (DbUpdateException) { }                       // a Try-style member reports through its result
                    return false;
                }
            }
            """,
            Audit(0, "DbUpdateConcurrencyException"), Audit(1, "IOException"));

        [Fact]
        public Task Fix_LogWarningAndContinue_NamesTheSpecificType() => VerifyFix.VerifyAsync("""
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Exporter
            {
                private readonly ILogger<Exporter> _logger;
                public Exporter(ILogger<Exporter> logger) { _logger = logger; }

                public void Export(string path, string text)
                {
                    try { File.WriteAllText(path, text); }
                    {|#0:catch (IOException)|} { }
                }
            }
            """, """
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Exporter
            {
                private readonly ILogger<Exporter> _logger;
                public Exporter(ILogger<Exporter> logger) { _logger = logger; }

                public void Export(string path, string text)
                {
                    try { File.WriteAllText(path, text); }
                    catch (IOException ex)
                    {
                        _logger.LogWarning(ex, "Export failed");
                    }
                }
            }
            """,
            REL120EmptyCatchAllAuditCodeFix.LogAndContinueKey,
            Audit(0, "IOException"));
    }
}
