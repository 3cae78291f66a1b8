using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL101EmptyCatchCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL101EmptyCatchTests
    {
        // The real defects: an empty catch-all around work the caller relies on.

        [Fact]
        public Task SettingsWrite_SwallowedByEmptyCatchAll_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Text.Json;
            class UserSettings { public string Theme { get; set; } = "dark"; }
            class SettingsService
            {
                private readonly string _path = Path.Combine(AppContext.BaseDirectory, "settings.json");

                public void Save(UserSettings settings)
                {
                    try
                    {
                        File.WriteAllText(_path, JsonSerializer.Serialize(settings));
                    }
                    {|#0:catch|}
                    {
                    }
                }

                public void Backup()
                {
                    try { File.Copy(_path, _path + ".bak", overwrite: true); }
                    {|#1:catch (Exception)|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception", "'Copy'"));

        [Fact]
        public Task StartupMigration_AndPaymentBookkeeping_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Payment { public int Id { get; set; } public decimal Amount { get; set; } }
            class BillingContext : DbContext
            {
                public DbSet<Payment> Payments => Set<Payment>();
            }
            class Startup
            {
                public void ApplyMigrations(BillingContext db)
                {
                    try { db.Database.Migrate(); }
                    {|#0:catch (Exception)|} { }
                }
            }
            class Ledger
            {
                private readonly BillingContext _db;
                public Ledger(BillingContext db) { _db = db; }

                public async Task RecordAsync(Payment payment)
                {
                    try
                    {
                        _db.Payments.Add(payment);
                        await _db.SaveChangesAsync();
                    }
                    {|#1:catch|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every Exception", "'Migrate'"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'SaveChangesAsync'"));

        [Fact]
        public Task JobEnqueue_AndDatabaseCommand_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Data.Common;
            using System.Threading.Tasks;
            interface IJobQueue { Task EnqueueAsync(string job); }
            class SignupHandler
            {
                private readonly IJobQueue _jobs;
                public SignupHandler(IJobQueue jobs) { _jobs = jobs; }

                public async Task HandleAsync(string userId)
                {
                    try { await _jobs.EnqueueAsync("welcome-mail:" + userId); }
                    {|#0:catch (Exception)|} { }
                }

                public void MarkActive(DbConnection connection, string userId)
                {
                    using DbCommand command = connection.CreateCommand();
                    command.CommandText = "UPDATE users SET active = 1 WHERE id = @id";
                    try { command.ExecuteNonQuery(); }
                    {|#1:catch|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every Exception", "'EnqueueAsync'"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'ExecuteNonQuery'"));

        [Fact]
        public Task ReceiveLoop_ThatDropsEveryFailedFrame_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.WebSockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            class ChatDaemon
            {
                public async Task PumpAsync(WebSocket socket, CancellationToken cancellationToken)
                {
                    var buffer = new byte[4096];
                    while (socket.State == WebSocketState.Open)
                    {
                        try
                        {
                            WebSocketReceiveResult result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
                            Handle(Encoding.UTF8.GetString(buffer, 0, result.Count));
                        }
                        {|#0:catch (Exception)|}
                        {
                            // ignore
                        }
                    }
                }

                // Not in a loop: a one-off read with a fallback is audit level.
                public async Task<string> PeekAsync(System.IO.Stream stream)
                {
                    var buffer = new byte[16];
                    try { await stream.ReadAsync(buffer, 0, buffer.Length); } catch { }
                    return Encoding.ASCII.GetString(buffer);
                }

                private void Handle(string frame) { }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every Exception", "'ReceiveAsync' in a loop"));

        [Fact]
        public Task SaveIntoAMemoryStream_IsNotStorage_SaveIntoAFileIs() => Verify.VerifyAsync("""
            using System.IO;
            class Picture
            {
                public void Save(Stream destination) { destination.WriteByte(1); }
            }
            class Store
            {
                public void Save(string name, Stream content) { File.WriteAllText(name, content.Length.ToString()); }
            }
            static class PictureExtensions
            {
                public static void Save(this Picture picture, Stream destination, int quality) { picture.Save(destination); }
            }
            class Media
            {
                // A best-effort downscale: on failure the original upload is kept; nothing was stored.
                public Stream Compress(Picture picture, Stream original)
                {
                    try
                    {
                        var memory = new MemoryStream();
                        picture.Save(memory);
                        picture.Save(memory, 80); // an extension method: the receiver is its first argument
                        return memory;
                    }
                    catch { }
                    return original;
                }

                // The memory stream is the data handed to a store, not the destination: still a store.
                public void Upload(Store store, string name)
                {
                    try { store.Save(name, new MemoryStream()); }
                    {|#1:catch|} { }
                }

                public void Archive(Picture picture, string path)
                {
                    try
                    {
                        using var file = new FileStream(path, FileMode.Create);
                        picture.Save(file);
                    }
                    {|#0:catch|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'Save'"),
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'Save'"));

        [Fact]
        public Task LoopOverCandidates_ThatReadsOneWholeDocumentEach_IsNotAPump() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Catalog
            {
                private readonly HttpClient _http = new HttpClient();

                // Skipping an unreadable file or URL and trying the next is the design of a search over candidates.
                public async Task<List<string>> DescribeAsync(IEnumerable<string> paths)
                {
                    var found = new List<string>();
                    foreach (string path in paths)
                    {
                        try { found.Add(await File.ReadAllTextAsync(path)); } catch { }
                    }

                    return found;
                }

                public async Task<string?> FindAsync(string[] urls)
                {
                    for (int i = 0; i < urls.Length; i++)
                    {
                        try { return await (await _http.GetAsync(urls[i])).Content.ReadAsStringAsync(); } catch { }
                    }

                    return null;
                }

                // A stream read in a loop takes the next message: still a pump.
                public async Task DrainAsync(Stream stream)
                {
                    var buffer = new byte[512];
                    while (true)
                    {
                        try { if (await stream.ReadAsync(buffer, 0, buffer.Length) == 0) return; }
                        {|#0:catch|} { }
                    }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'ReadAsync' in a loop"));

        [Fact]
        public Task CommentThatGivesNoReason_DoesNotJustifyTheCatchAll() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Journal
            {
                void A(string line) { try { File.AppendAllText("journal.log", line); } {|#0:catch|} { /* Swallow */ } }
                void B(string line) { try { File.AppendAllText("journal.log", line); } {|#1:catch (Exception)|} { // Fail silently
                    } }
                void C(string line) { try { File.AppendAllText("journal.log", line); } {|#2:catch|} { /* ignored */ } }
                void D(string line)
                {
                    try { File.AppendAllText("journal.log", line); }
                    // ignore
                    {|#3:catch|} { }
                }
                void E(string line) { try { File.AppendAllText("journal.log", line); } {|#4:catch|} { /* TODO: handle this error properly later on */ } }
                // Phase 22: a long comment that calls the swallow a problem is no reason either.
                void F(string line) { try { File.AppendAllText("journal.log", line); } {|#5:catch|} { /* the customer is charged but the journal write failure is swallowed */ } }
                void G(string line) { try { File.AppendAllText("journal.log", line); } {|#6:catch|} { /* known bug: when the disk is full the journal write failure is swallowed */ } }
                // A long comment that explains stays a reason: audit level.
                void H(string line) { try { File.AppendAllText("journal.log", line); } catch { /* the journal is a convenience copy for support staff only */ } }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(2).WithArguments("every exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(3).WithArguments("every exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(4).WithArguments("every exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(5).WithArguments("every exception", "'AppendAllText'"),
            Verify.Diagnostic("REL101").WithLocation(6).WithArguments("every exception", "'AppendAllText'"));

        [Fact]
        public Task CatchInLambda_AroundAWrite_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                Action Persist(string text) => () => { try { File.WriteAllText("a", text); } {|#0:catch|} { } };
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"));

        [Theory]
        [InlineData("// ignore", false)]
        [InlineData("// ignored", false)]
        [InlineData("/* Swallow */", false)]
        [InlineData("// Fail silently", false)]
        [InlineData("// do nothing", false)]
        [InlineData("// TODO: log this exception somewhere useful later", false)]
        [InlineData("// best effort", true)]
        [InlineData("// Expected when the peer already closed the socket", true)]
        [InlineData("// ignore: the marker is optional", true)]
        [InlineData("/* Older kernels do not support this option */", true)]
        [InlineData("// The cache directory lives on a tmpfs that gets wiped", true)]
        [InlineData("// Because the file may be locked by the antivirus", true)]
        public void ReasonComment_NeedsAMarkerOrSeveralWords(string comment, bool isReason) =>
            Assert.Equal(isReason, EmptyCatches.IsReason(comment));

        // Deliberate shapes: not a warning (REL120 lists them at audit level, see REL120EmptyCatchAllAuditTests).

        // Phase 21, a tracker aggregator: a resumable task list or a "last seen" cursor written under a temp directory is
        // scratch (a lost write costs a rebuild); the database index written next to it is not.
        [Fact]
        public Task ScratchFileUnderATempDirectory_IsNotAWarning_TheStoreIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class SyncService
            {
                const string TaskParsePath = "Data/temp/rutor_taskParse.json";
                static readonly string LastNewPath = "Data/temp/rutor_lastnew.txt";
                static readonly string IndexPath = "Data/masterDb.json";

                void SaveTasks(string tasks)
                {
                    try { File.WriteAllText(TaskParsePath, tasks); }
                    catch { }
                }

                void SaveCursor(DateTime seen)
                {
                    try { File.WriteAllText(LastNewPath, seen.ToString("O")); }
                    catch { }
                }

                void SavePreview(string text)
                {
                    try { File.WriteAllText(Path.Combine(Path.GetTempPath(), "preview.txt"), text); }
                    catch { }
                }

                void SaveDatabase(string index)
                {
                    try { File.WriteAllText(IndexPath, index); }
                    {|#0:catch|} { }
                }

                // The commit step of a temp-then-copy save: the temp file is the source, the store the destination.
                void CommitSettings()
                {
                    try { File.Copy("data/tmp/settings.json", IndexPath, true); }
                    {|#1:catch|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'Copy'"));


        [Fact]
        public Task StaticHelperWritingIntoItsBuffer_IsNotConsequential_AProjectStoreWriteIs() => Verify.VerifyAsync("""
            using System;
            class Store { public void WriteRecord(string record) => System.IO.File.AppendAllText("records.txt", record); }
            static class Stun
            {
                // Stamps a fresh id into the request header it is given: in-memory composition.
                private static Guid WriteGuid(byte[] header) { Guid id = Guid.NewGuid(); Array.Copy(id.ToByteArray(), 0, header, 8, 8); return id; }

                public static Guid Request(byte[] header)
                {
                    Guid id = Guid.Empty;
                    try { id = WriteGuid(header); }
                    catch { }
                    return id;
                }

                public static void Record(Store store, string record)
                {
                    try { store.WriteRecord(record); }
                    {|#0:catch|} { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteRecord'"));

        [Fact]
        public Task LoggerOwnFileWrite_IsNotAWarning_TheSameWriteElsewhereIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            // Phase 22: a server's own ILogger appends each entry to its log file; it cannot log its own failure.
            sealed class FileLogger : ILogger
            {
                public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
                public bool IsEnabled(LogLevel logLevel) => true;
                public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                {
                    Append(formatter(state, exception));
                }

                private void Append(string line)
                {
                    try { File.AppendAllText(Path.Combine("data", "entries.txt"), line); }
                    catch { }
                }
            }

            class Journal
            {
                void Append(string line) { try { File.AppendAllText(Path.Combine("data", "entries.txt"), line); } {|#0:catch|} { } }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'AppendAllText'"));

        [Fact]
        public Task DeliberateShapes_AreNotWarnings() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class MessageBus
            {
                private readonly List<Action<string>> _subscribers = new List<Action<string>>();
                public event EventHandler? Changed;

                // Callback isolation: one bad subscriber must not stop the loop, even when subscribers save things.
                public void Dispatch(string message)
                {
                    foreach (Action<string> subscriber in _subscribers)
                    {
                        try { subscriber(message); File.WriteAllText("last.txt", message); }
                        catch { }
                    }
                }

                public void RaiseChanged() { try { Changed?.Invoke(this, EventArgs.Empty); } catch { } }

                // A run-and-ignore helper exists to do exactly this.
                public static void SafeExecute(Action action) { try { action(); } catch { } }

                // Best-effort enrichment of the error being reported.
                public void Load(string path)
                {
                    try { File.ReadAllText(path); }
                    catch (Exception ex)
                    {
                        string detail = "";
                        try { detail = new FileInfo(path).Length + " bytes"; File.WriteAllText("diag.txt", detail); } catch { }
                        throw new InvalidOperationException("Could not load " + path + " " + detail, ex);
                    }
                }

                // Optional socket option and a feature probe with a safe default.
                public void Tune(Socket socket)
                {
                    try { socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true); } catch { }
                    try { Console.CursorVisible = false; } catch { }
                }

                // A send flagged fire-and-forget: the author opted out of the result.
                public void Announce(ISubscriber subscriber, string text)
                {
                    try { subscriber.Publish(RedisChannel.Literal("news"), text, CommandFlags.FireAndForget); } catch { }
                }

                // A timer callback that tries again on the next tick.
                private void OnTick(object? state) { try { File.WriteAllText("snapshot.json", "{}"); } catch { } }

                // Try-style members: the result tells the caller.
                public async Task TryPersistAsync(string text) { try { await File.WriteAllTextAsync("p.txt", text); } catch { } }
                public string? TryReadSettings() { try { return File.ReadAllText("settings.json"); } catch { } return null; }

                // Fallback chain: try format A, then B.
                public static DateTime? ParseStamp(string text)
                {
                    try { return DateTime.ParseExact(text, "O", null); } catch { }
                    try { return DateTime.Parse(text); } catch { }
                    return null;
                }

                // Untrusted input: failure means rejection; reads and parses carry no consequence.
                public static bool IsJson(string body)
                {
                    try { System.Text.Json.JsonDocument.Parse(body).Dispose(); return true; } catch { }
                    return false;
                }

                // A reason in the comment over a small operation.
                public void WriteMarker()
                {
                    try { File.WriteAllText("warm.marker", ""); }
                    catch
                    {
                        // The marker is optional: a read-only disk only means a slower next start.
                    }
                }

                // Logging and caching are not work the caller relies on.
                public void Trace(TextWriter log, string text) { try { log.WriteLine(text); Console.Out.Write(text); } catch { } }
            }
            """);

        [Fact]
        public Task TestSupportProject_IsNotWarned()
        {
            var test = Verify.Create("""
                using System.IO;
                public class FakeStore
                {
                    public void Save(string text) { try { File.WriteAllText("fake.txt", text); } catch { } }
                }
                """);
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, "Contoso.Orders.Testing"));
            return test.RunAsync();
        }

        [Fact]
        public Task SpecificTypeWithoutComment_IsNotReported_ByDefault() => Verify.VerifyAsync("""
            using System.IO;
            class Store
            {
                void A() { try { File.WriteAllText("a", ""); } catch (IOException) { } }
            }
            """);

        [Fact]
        public Task SpecificTypeWithoutReason_IsReported_WhenOptedIn_WithReason_IsNot()
        {
            var test = Verify.Create("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } {|#0:catch (IOException)|} { } }
                void B() { try { File.ReadAllText("a"); } {|#1:catch (IOException)|} { /* ignore */ } }
                void C()
                {
                    try { File.ReadAllText("a"); }
                    catch (UnauthorizedAccessException)
                    {
                        // The cache file is optional: an unreadable one means a cold start.
                    }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("IOException", "the code in the try block"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("IOException", "the code in the try block"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nreliability.REL101.report_specific_types = true\n"));
            return test.RunAsync();
        }

        // Phase 25: 'when (ex is not OperationCanceledException)' lets every other failure in: still a catch-all.
        [Fact]
        public Task CatchAllExceptCancellation_AroundAWrite_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Settings
            {
                void Save(string text)
                {
                    try { File.WriteAllText("settings.json", text); }
                    {|#0:catch (Exception ex)|} when (ex is not OperationCanceledException) { }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every Exception", "'WriteAllText'"));

        [Fact]
        public Task Negatives_FiltersRethrowsCancellationTeardownAndNonEmpty() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Connection : IDisposable
            {
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                private readonly CancellationTokenSource _cts = new CancellationTokenSource();

                void Filtered() { try { File.WriteAllText("a", ""); } catch (Exception ex) when (ex is IOException) { } }
                void Rethrows() { try { File.WriteAllText("a", ""); } catch { throw; } }
                async Task Cancelled() { try { await Task.Delay(10, _cts.Token); } catch (OperationCanceledException) { } }
                void Disposed() { try { _socket.Send(new byte[1]); } catch (ObjectDisposedException) { } }
                void Teardown() { try { _socket.Shutdown(SocketShutdown.Both); _socket.Close(); } catch { } }
                void InFinally() { try { File.ReadAllText("a"); } finally { try { File.Delete("a"); File.WriteAllText("b", ""); } catch { } } }
                public void Dispose() { try { _cts.Cancel(); File.WriteAllText("x", ""); } catch (Exception) { } }
                void CloseQuietly() { try { File.WriteAllText("x", ""); } catch { } }
                void ConditionalDispose(IDisposable? d) { try { d?.Dispose(); Free(); } catch { } }
                void Free() { }
                void RetryDelete(FileInfo file) { while (true) { try { if (file.Exists) file.Delete(); break; } catch { } } }
                void GuardedLog(Microsoft.Extensions.Logging.ILogger logger, Exception e) { try { Microsoft.Extensions.Logging.LoggerExtensions.LogCritical(logger, e, "boom"); } catch { } }
                void CleanupTemp(string path) { try { DeleteFile(path); } catch { } }
                void DeleteFile(string path) { }
                bool TrySave() { try { File.WriteAllText("x", ""); return true; } catch { } return false; }
                async Task<bool> TryPingAsync() { try { await File.WriteAllTextAsync("x", ""); return true; } catch { } return false; }
            }
            """);

        [Fact]
        public Task GeneratedCode_IsNotReported() => Verify.VerifyAsync("""
            // <auto-generated/>
            using System.IO;
            class Store
            {
                void A() { try { File.WriteAllText("a", ""); } catch { } }
            }
            """);

        [Fact]
        public Task TeardownMethodsOption_IsHonoured()
        {
            var test = Verify.Create("""
                using System.IO;
                class Store
                {
                    void A() { try { Recycle(); } catch { } }
                    void B() { try { File.WriteAllText("a", ""); } {|#0:catch|} { } }
                    void Recycle() { }
                }
                """,
                Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nreliability.REL101.teardown_methods = Recycle, Evict\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task IncompleteCode_DoesNotCrash()
        {
            var test = Verify.Create("""
                class Store
                {
                    void A() { try { Foo(); } catch (Unknown) { } catch ( }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        // Fixes: Fix All logs and continues (behaviour kept); rethrow only where it is safe and strands no code.

        [Fact]
        public Task Fix_LogAndContinue_IsTheFixAllDefault_WithLoggerOrTrace() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class SettingsStore
            {
                private readonly ILogger<SettingsStore>? _logger;
                public SettingsStore(ILogger<SettingsStore>? logger) { _logger = logger; }

                public string Save(string json)
                {
                    try { File.WriteAllText("settings.json", json); return "saved"; }
                    {|#0:catch|} { }
                    return "not saved";
                }
            }
            static class Exporter
            {
                public static void Export(string csv)
                {
                    try { File.WriteAllText("export.csv", csv); File.Copy("export.csv", "export.bak"); File.Move("export.bak", "export.old"); File.WriteAllText("done", ""); }
                    {|#1:catch (Exception)|}
                    {
                        // ignore
                    }
                }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class SettingsStore
            {
                private readonly ILogger<SettingsStore>? _logger;
                public SettingsStore(ILogger<SettingsStore>? logger) { _logger = logger; }

                public string Save(string json)
                {
                    try { File.WriteAllText("settings.json", json); return "saved"; }
                    catch (Exception ex)
                    {
                        _logger?.LogError(ex, "Save failed");
                    }
                    return "not saved";
                }
            }
            static class Exporter
            {
                public static void Export(string csv)
                {
                    try { File.WriteAllText("export.csv", csv); File.Copy("export.csv", "export.bak"); File.Move("export.bak", "export.old"); File.WriteAllText("done", ""); }
                    catch (Exception ex)
                    {
                        // ignore
                        System.Diagnostics.Trace.TraceError(ex.ToString());
                    }
                }
            }
            """,
            REL101EmptyCatchCodeFix.LogAndContinueKey,
            VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"),
            VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception", "'WriteAllText'"));

        [Fact]
        public Task Fix_Rethrow_FixAll_WhereSafe() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void Persist(string text)
                {
                    try { File.WriteAllText("a", text); File.WriteAllText("b", text); File.WriteAllText("c", text); File.WriteAllText("d", text); }
                    {|#0:catch (Exception)|}
                    {
                        // best effort
                    }
                }

                string Save(string text)
                {
                    try { File.WriteAllText("a", text); }
                    {|#1:catch|} { }
                    return "ok";
                }
            }
            """, """
            using System;
            using System.IO;
            class Store
            {
                void Persist(string text)
                {
                    try { File.WriteAllText("a", text); File.WriteAllText("b", text); File.WriteAllText("c", text); File.WriteAllText("d", text); }
                    catch (Exception)
                    {
                        // best effort
                        throw;
                    }
                }

                string Save(string text)
                {
                    try { File.WriteAllText("a", text); }
                    catch
                    {
                        throw;
                    }
                    return "ok";
                }
            }
            """,
            REL101EmptyCatchCodeFix.RethrowOnlyKey,
            VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every Exception", "'WriteAllText'"),
            VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'WriteAllText'"));

        [Fact]
        public Task Fix_Rethrow_NotOffered_WhereItStrandsCode_OrInAnEventHandler()
        {
            const string source = """
                using System;
                using System.IO;
                class Store
                {
                    string Save(string text)
                    {
                        try { File.WriteAllText("a", text); return "ok"; }
                        {|#0:catch|} { }
                        return "";
                    }

                    void OnClosing(object sender, EventArgs e)
                    {
                        try { File.WriteAllText("window.json", "{}"); }
                        {|#1:catch|} { }
                    }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL101EmptyCatchCodeFix.RethrowOnlyKey };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'WriteAllText'"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_LogAndRethrow_UsesLoggerFieldAndPrimaryConstructorParameter() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger<Store> _logger;
                public Store(ILogger<Store> logger) { _logger = logger; }

                void Persist()
                {
                    try { File.WriteAllText("a", ""); }
                    {|#0:catch|} { }
                }
            }
            class Sender(ILogger logger)
            {
                void Upload()
                {
                    try { File.WriteAllText("a", ""); File.WriteAllText("b", ""); File.WriteAllText("c", ""); File.WriteAllText("d", ""); }
                    {|#1:catch (System.Exception)|} { }
                }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger<Store> _logger;
                public Store(ILogger<Store> logger) { _logger = logger; }

                void Persist()
                {
                    try { File.WriteAllText("a", ""); }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "Persist failed");
                        throw;
                    }
                }
            }
            class Sender(ILogger logger)
            {
                void Upload()
                {
                    try { File.WriteAllText("a", ""); File.WriteAllText("b", ""); File.WriteAllText("c", ""); File.WriteAllText("d", ""); }
                    catch (System.Exception ex)
                    {
                        logger.LogError(ex, "Upload failed");
                        throw;
                    }
                }
            }
            """,
            REL101EmptyCatchCodeFix.LogThenRethrowKey,
            VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"),
            VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception", "'WriteAllText'"));

        [Fact]
        public Task Fix_LogAndRethrow_NotOfferedWithoutLogger()
        {
            const string source = """
                    using System.IO;
                    class Store
                    {
                        void Persist() { try { File.WriteAllText("a", ""); } {|#0:catch|} { } }
                        void Save() { try { File.WriteAllText("a", ""); } {|#1:catch|} { } }
                    }
                    """;
            var test = new VerifyFix.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = REL101EmptyCatchCodeFix.LogThenRethrowKey,
            };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception", "'WriteAllText'"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every exception", "'WriteAllText'"));
            return test.RunAsync();
        }
    }
}
