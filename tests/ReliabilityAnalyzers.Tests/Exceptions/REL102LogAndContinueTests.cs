using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL102LogAndContinueAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL102LogAndContinueAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL102LogAndContinueCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL102LogAndContinueTests
    {
        [Fact]
        public Task LogAndContinue_AndLogAndReturnNull_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using StackExchange.Redis;
            class Store
            {
                private readonly ILogger _logger;
                private readonly IDatabase _db;
                Store(ILogger logger, IDatabase db) { _logger = logger; _db = db; }
                async Task<string?> Get(string key)
                {
                    try { return await _db.StringGetAsync(key); }
                    {|#0:catch (RedisConnectionException ex)|} { _logger.LogWarning(ex, "Redis unavailable"); return null; }
                }
                void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) { _logger.LogError(ex, "save failed"); } }
                bool Ping(HttpClient c) { try { c.GetAsync("/").Wait(); return true; } catch (HttpRequestException ex) { Console.WriteLine(ex); return false; } }
                List<string> Load() { try { return new List<string>(File.ReadAllLines("a")); } {|#3:catch (IOException ex)|} { Serilog.Log.Error(ex, "load failed"); return new List<string>(); } }
                string[] Lines() { try { return File.ReadAllLines("a"); } {|#4:catch|} { System.Diagnostics.Trace.TraceError("load failed"); return Array.Empty<string>(); } }
                int? Size() { try { return File.ReadAllText("a").Length; } {|#1:catch (Exception ex)|} { _logger.LogError(ex, "size failed"); return default; } }
                Task<string?> Async() { try { return Task.FromResult<string?>(File.ReadAllText("a")); } {|#5:catch (Exception ex)|} { _logger.LogError(ex, "x"); return Task.FromResult<string?>(null); } }
                void Each(string[] files) { foreach (var f in files) { try { File.Delete(f); } catch (Exception ex) { _logger.LogError(ex, "delete failed"); continue; } } }
            }
            """,
            Verify.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("RedisConnectionException", "returns null"),
            Verify.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("every Exception", "returns default"),
            Verify.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("IOException", "returns an empty collection"),
            Verify.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("every exception", "returns an empty collection"),
            Verify.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(5).WithArguments("every Exception", "returns null"));

        [Fact]
        public Task Boundaries_AndPropagation_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            class Worker : BackgroundService
            {
                private readonly ILogger _logger;
                Worker(ILogger logger) { _logger = logger; }
                protected override async Task ExecuteAsync(CancellationToken t)
                {
                    while (!t.IsCancellationRequested)
                    {
                        try { await Task.Delay(10, t); } catch (Exception ex) { _logger.LogError(ex, "cycle failed"); }
                    }
                }
                private async Task Pump(CancellationToken t)
                {
                    while (true) { try { await Task.Delay(10, t); } catch (Exception ex) { _logger.LogError(ex, "pump failed"); } }
                }
            }
            class Middleware
            {
                private readonly RequestDelegate _next; private readonly ILogger _logger;
                Middleware(RequestDelegate next, ILogger logger) { _next = next; _logger = logger; }
                public async Task InvokeAsync(HttpContext context) { try { await _next(context); } catch (Exception ex) { _logger.LogError(ex, "unhandled"); } }
            }
            class Service : IDisposable
            {
                private readonly ILogger _logger;
                private readonly TaskCompletionSource<int> _tcs = new();
                private readonly List<Exception> _errors = new();
                Service(ILogger logger) { _logger = logger; }
                public void Dispose() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogWarning(ex, "cleanup failed"); } }
                void OnClick(object sender, EventArgs e) { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "click failed"); } }
                void Propagated() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "x"); _tcs.TrySetException(ex); } }
                void Collected() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "x"); _errors.Add(ex); } }
                void Rethrown() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "x"); throw; } }
                void Specific() { try { File.Delete("a"); } catch (FileNotFoundException ex) { _logger.LogDebug(ex, "already gone"); } }
                void Canceled(CancellationToken t) { try { t.ThrowIfCancellationRequested(); } catch (OperationCanceledException) { _logger.LogInformation("canceled"); } }
                bool TryLoad(out string s) { s = ""; try { s = File.ReadAllText("a"); return true; } catch (IOException ex) { _logger.LogWarning(ex, "x"); return false; } }
                IActionResult Get() { try { File.Delete("a"); return new OkResult(); } catch (Exception ex) { _logger.LogError(ex, "x"); return new StatusCodeResult(500); } }
                IResult Minimal() { try { File.Delete("a"); return Results.Ok(); } catch (Exception ex) { _logger.LogError(ex, "x"); return Results.Problem("failed"); } }
                void Finally() { try { } finally { try { File.Delete("a"); } catch (Exception ex) { _logger.LogWarning(ex, "x"); } } }
                void Filtered() { try { File.Delete("a"); } catch (Exception ex) when (Log(ex)) { } }
                bool Log(Exception ex) { _logger.LogError(ex, "x"); return false; }
                void FallsThrough() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "cleanup failed"); } }
                bool Probe() { try { File.Delete("a"); return true; } catch (IOException ex) { _logger.LogError(ex, "probe failed"); return false; } }
                IEnumerable<string?> Project(string[] names) => Array.ConvertAll(names, n => { try { return File.ReadAllText(n); } catch (Exception ex) { _logger.LogError(ex, "x"); return null; } });
                void PerItem(string[] files) { foreach (var f in files) { try { File.Delete(f); } catch (Exception ex) { _logger.LogError(ex, "delete failed"); continue; } } }
                string? PerItemReturn(string[] files) { foreach (var f in files) { try { return File.ReadAllText(f); } catch (IOException ex) { _logger.LogError(ex, "x"); return null; } } return null; }
                void NotOnlyLogs() { try { File.Delete("a"); } catch (Exception ex) { _logger.LogError(ex, "x"); Environment.Exit(1); } }
            }
            """);

        [Fact]
        public Task TopLevelStatements_AreABoundary()
        {
            var test = Verify.Create("""
                using System;
                try { System.IO.File.Delete("a"); } catch (Exception ex) { Console.WriteLine(ex); }
                """);
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task BoundaryMethodsOption_IsHonoured()
        {
            var test = Verify.Create("""
                using System;
                using Microsoft.Extensions.Logging;
                class Jobs { ILogger _l = null!; void RunJob() { try { System.IO.File.Delete("a"); } catch (Exception ex) { _l.LogError(ex, "job failed"); } } }
                """);
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nreliability.REL102.boundary_methods = RunJob, Other\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.Extensions.Logging;
                class C { ILogger l; int M() { try { } catch (Exception ex { l.LogWarning("x"); return null } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_RethrowsAfterLogging() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                string? Load()
                {
                    try
                    {
                        return File.ReadAllText("a");
                    }
                    {|#0:catch (IOException ex)|}
                    {
                        _logger.LogWarning(ex, "load failed");
                        return null;
                    }
                }

                int Size()
                {
                    try
                    {
                        return File.ReadAllText("a").Length;
                    }
                    {|#1:catch (Exception ex)|}
                    {
                        _logger.LogError(ex, "size failed");
                        return default;
                    }
                }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                string? Load()
                {
                    try
                    {
                        return File.ReadAllText("a");
                    }
                    catch (IOException ex)
                    {
                        _logger.LogWarning(ex, "load failed");
                        throw;
                    }
                }

                int Size()
                {
                    try
                    {
                        return File.ReadAllText("a").Length;
                    }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "size failed");
                        throw;
                    }
                }
            }
            """,
            REL102LogAndContinueCodeFix.RethrowKey,
            VerifyFix.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("IOException", "returns null"),
            VerifyFix.Diagnostic("REL102").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("every Exception", "returns default"));
    }
}
