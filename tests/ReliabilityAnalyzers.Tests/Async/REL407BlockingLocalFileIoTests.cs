using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL407OnlyView>;
using Verify404 = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL404OnlyView>;
using VerifyShipped = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL404BlockingCallWithAsyncTwinAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Tests.Async.REL407OnlyView,
    ReliabilityAnalyzers.CodeFixes.Async.REL407BlockingLocalFileIoCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL407BlockingLocalFileIoTests
    {
        private static DiagnosticResult D(int location, string method, string twin) =>
            new DiagnosticResult("REL407", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, twin);

        private const string Mixed = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                async Task Export(string path, NetworkStream network, Stream unknown, SemaphoreSlim gate, CancellationToken ct)
                {
                    string text = File.{|#0:ReadAllText(path)|};
                    using var file = new FileStream(path, FileMode.Open);
                    var buffer = new byte[16];
                    file.{|#1:Read(buffer, 0, buffer.Length)|};
                    using var reader = new StreamReader(path);
                    string all = reader.{|#2:ReadToEnd()|};
                    network.{|#3:Write(buffer, 0, buffer.Length)|};
                    unknown.{|#4:Flush()|};
                    gate.{|#5:Wait()|};
                    await Task.Yield();
                }

                void Sync(string path, FileStream file)
                {
                    File.ReadAllText(path);
                    file.Read(new byte[1], 0, 1);
                }
            }
            """;

        [Fact]
        public Task FileApis_FileStreamOverPath_AndPathReaders_AreReported() => Verify.VerifyAsync(
            Mixed,
            D(0, "ReadAllText", "ReadAllTextAsync"),
            D(1, "Read", "ReadAsync"),
            D(2, "ReadToEnd", "ReadToEndAsync"));

        [Fact]
        public Task NetworkUnknownStreamsAndWaits_StayREL404_AndFileIoIsNotREL404() => Verify404.VerifyAsync(
            Mixed,
            Verify404.Diagnostic("REL404").WithLocation(3).WithArguments("Write", "WriteAsync"),
            Verify404.Diagnostic("REL404").WithLocation(4).WithArguments("Flush", "FlushAsync"),
            Verify404.Diagnostic("REL404").WithLocation(5).WithArguments("Wait", "WaitAsync"));

        private static DiagnosticResult D404(int location, string method, string twin, DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
            new DiagnosticResult("REL404", severity).WithLocation(location).WithArguments(method, twin);

        private static Task VerifyShippedAsync(string? editorConfig, params DiagnosticResult[] expected)
        {
            // The shipped analyzer supports both IDs: each call gets exactly one, and each ID keeps its own severity.
            var test = VerifyShipped.Create(Mixed, expected);
            if (editorConfig != null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\n" + editorConfig));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task ShippedAnalyzer_ReportsEachCallOnce_WithREL404OrREL407() => VerifyShippedAsync(
            null,
            D(0, "ReadAllText", "ReadAllTextAsync"),
            D(1, "Read", "ReadAsync"),
            D(2, "ReadToEnd", "ReadToEndAsync"),
            D404(3, "Write", "WriteAsync"),
            D404(4, "Flush", "FlushAsync"),
            D404(5, "Wait", "WaitAsync"));

        [Fact]
        public Task ShippedAnalyzer_REL404Off_KeepsREL407() => VerifyShippedAsync(
            "dotnet_diagnostic.REL404.severity = none\n",
            D(0, "ReadAllText", "ReadAllTextAsync"),
            D(1, "Read", "ReadAsync"),
            D(2, "ReadToEnd", "ReadToEndAsync"));

        [Fact]
        public Task ShippedAnalyzer_REL407Off_KeepsREL404() => VerifyShippedAsync(
            "dotnet_diagnostic.REL407.severity = none\n",
            D404(3, "Write", "WriteAsync"),
            D404(4, "Flush", "FlushAsync"),
            D404(5, "Wait", "WaitAsync"));

        [Fact]
        public Task ShippedAnalyzer_EachIdKeepsItsOwnSeverity() => VerifyShippedAsync(
            "dotnet_diagnostic.REL407.severity = error\ndotnet_diagnostic.REL404.severity = suggestion\n",
            new DiagnosticResult("REL407", DiagnosticSeverity.Error).WithLocation(0).WithArguments("ReadAllText", "ReadAllTextAsync"),
            new DiagnosticResult("REL407", DiagnosticSeverity.Error).WithLocation(1).WithArguments("Read", "ReadAsync"),
            new DiagnosticResult("REL407", DiagnosticSeverity.Error).WithLocation(2).WithArguments("ReadToEnd", "ReadToEndAsync"),
            D404(3, "Write", "WriteAsync", DiagnosticSeverity.Info),
            D404(4, "Flush", "FlushAsync", DiagnosticSeverity.Info),
            D404(5, "Wait", "WaitAsync", DiagnosticSeverity.Info));

        [Fact]
        public Task ShippedAnalyzer_BothOff_ReportsNothing() => VerifyShippedAsync(
            "dotnet_diagnostic.REL404.severity = none\ndotnet_diagnostic.REL407.severity = none\n");

        private const string EfStore = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Item { public int Id { get; set; } public bool Done { get; set; } }
            class AppDb : DbContext { public DbSet<Item> Items => Set<Item>(); }
            class Store
            {
                private readonly AppDb _db;
                Store(AppDb db) { _db = db; }
                async Task<List<Item>> Open()
                {
                    await Task.Yield();
                    var open = _db.Items.Where(i => !i.Done).{|#0:ToList()|};
                    _db.{|#1:SaveChanges()|};
                    return open;
                }
            }
            """;

        private static MetadataReference EfSqliteProvider() => MetadataReference.CreateFromFile(System.IO.Path.Combine(
            Infrastructure.TestReferences.NuGetPackageRoot, "microsoft.entityframeworkcore.sqlite.core", "8.0.30", "lib", "net8.0", "Microsoft.EntityFrameworkCore.Sqlite.dll"));

        [Fact]
        public Task EfCoreWhenSqliteIsTheOnlyProvider_IsLocalFileIo()
        {
            var test = VerifyShipped.Create(EfStore, D(0, "ToList", "ToListAsync"), D(1, "SaveChanges", "SaveChangesAsync"));
            test.TestState.AdditionalReferences.Add(EfSqliteProvider());
            return test.RunAsync();
        }

        [Fact]
        public Task EfCoreWithoutTheSqliteProvider_StaysREL404() => VerifyShipped.VerifyAsync(
            EfStore,
            D404(0, "ToList", "ToListAsync"),
            D404(1, "SaveChanges", "SaveChangesAsync"));

        [Fact]
        public Task DapperOnAnEmbeddedSqliteConnection_IsLocalFileIo_OnAnyOtherConnection_StaysREL404() => VerifyShipped.VerifyAsync("""
            using System.Data.Common;
            using System.Threading.Tasks;
            using Dapper;
            using Microsoft.Data.Sqlite;
            class Store
            {
                async Task<int> Count(SqliteConnection local, DbConnection remote)
                {
                    await Task.Yield();
                    using var db = new SqliteConnection("Data Source=app.db");
                    int a = db.{|#0:QuerySingle<int>("select count(*) from t")|};
                    int b = local.{|#1:Execute("delete from t")|};
                    int c = remote.{|#2:Execute("delete from t")|};
                    using var grid = local.{|#3:QueryMultiple("select 1; select 2")|};
                    int d = grid.{|#4:ReadSingle<int>()|};                       // reads of a grid made on the SQLite connection
                    using var remoteGrid = remote.{|#5:QueryMultiple("select 1; select 2")|};
                    int e = remoteGrid.{|#6:ReadSingle<int>()|};
                    return a + b + c + d + e;
                }
            }
            """,
            D(0, "QuerySingle", "QuerySingleAsync"),
            D(1, "Execute", "ExecuteAsync"),
            new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(2).WithArguments("Execute", "ExecuteAsync"),
            D(3, "QueryMultiple", "QueryMultipleAsync"),
            D(4, "ReadSingle", "ReadSingleAsync"),
            new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(5).WithArguments("QueryMultiple", "QueryMultipleAsync"),
            new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(6).WithArguments("ReadSingle", "ReadSingleAsync"));

        [Fact]
        public Task ZipArchiveEntries_InAsync_AreReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.IO.Compression;
            using System.Threading.Tasks;
            class Restore
            {
                async Task<string> Run(string archive, string target)
                {
                    await Task.Yield();
                    using ZipArchive zip = ZipFile.OpenRead(archive);
                    using var reader = new StreamReader(zip.Entries[0].Open());
                    string manifest = reader.{|#0:ReadToEnd()|};
                    using var gzip = new GZipStream(File.OpenRead(target), CompressionMode.Decompress);
                    gzip.{|#1:CopyTo(Stream.Null)|};
                    // ZipFile.ExtractToDirectory and ZipArchiveEntry.Open have async twins only from .NET 10 (the tests
                    // reference net8.0): on .NET 10 they are REL407 through their declaring type.
                    ZipFile.ExtractToDirectory(archive, target);
                    return manifest;
                }

                string RunSync(string archive)
                {
                    using ZipArchive zip = ZipFile.OpenRead(archive);
                    return new StreamReader(zip.Entries[0].Open()).ReadToEnd();
                }
            }
            """,
            D(0, "ReadToEnd", "ReadToEndAsync"),
            D(1, "CopyTo", "CopyToAsync"));

        [Fact]
        public Task Fix_AwaitsTwin_FixAll() => VerifyFix.VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                async Task<int> Export(string path, CancellationToken ct)
                {
                    await Task.Yield();
                    string text = File.{|#0:ReadAllText(path)|};
                    File.{|#1:WriteAllText(path + ".bak", text)|};
                    return text.Length;
                }
            }
            """, """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                async Task<int> Export(string path, CancellationToken ct)
                {
                    await Task.Yield();
                    string text = await File.ReadAllTextAsync(path, ct);
                    await File.WriteAllTextAsync(path + ".bak", text, ct);
                    return text.Length;
                }
            }
            """,
            REL407BlockingLocalFileIoCodeFix.AwaitTwinKey,
            new DiagnosticResult("REL407", DiagnosticSeverity.Info).WithLocation(0).WithArguments("ReadAllText", "ReadAllTextAsync"),
            new DiagnosticResult("REL407", DiagnosticSeverity.Info).WithLocation(1).WithArguments("WriteAllText", "WriteAllTextAsync"));
    }
}
