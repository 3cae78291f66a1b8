using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL103LogWithoutExceptionCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL103LogWithoutExceptionTests
    {
        [Fact]
        public Task MessageOnlyLogs_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:_logger.LogWarning("read failed: " + ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#1:_logger.LogInformation($"read failed: {ex}")|}; } }
                void C() { try { File.ReadAllText("a"); } catch { {|#2:_logger.LogError("read failed for {Path}", "a")|}; } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#3:_logger.Log(LogLevel.Warning, "failed: {Reason}", ex.Message)|}; } }
                void E() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#4:_serilog.Error("failed: {Reason}", ex.Message)|}; } }
                void F() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#5:Serilog.Log.Warning("failed " + ex.ToString())|}; } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogWarning"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogInformation"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("Log"),
            Verify.Diagnostic("REL103").WithLocation(4).WithArguments("Error"),
            Verify.Diagnostic("REL103").WithLocation(5).WithArguments("Warning"));

        [Fact]
        public Task ProjectsOwnHttpException_LoggedWithMessageOnly_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class PaymentApiException : Exception
            {
                public PaymentApiException(HttpStatusCode status, string body) : base("payment API returned " + status) { Status = status; Body = body; }
                public HttpStatusCode Status { get; }
                public string Body { get; }
            }
            class GatewayException : HttpRequestException { public GatewayException(string m) : base(m) { } }
            class InvoiceNotFoundException : Exception { }
            class PaymentClient
            {
                private readonly ILogger<PaymentClient> _logger;
                public PaymentClient(ILogger<PaymentClient> logger) { _logger = logger; }

                public async Task<bool> CaptureAsync(string id)
                {
                    try { await SendAsync(id); return true; }
                    catch (PaymentApiException ex)
                    {
                        {|#0:_logger.LogWarning("Capture of {Id} failed: {Error}", id, ex.Message)|};
                        return false;
                    }
                }

                public async Task RefundAsync(string id)
                {
                    try { await SendAsync(id); }
                    catch (GatewayException ex) { {|#1:_logger.LogError("Refund failed: " + ex.Message)|}; }
                }

                // Not a transport failure, and the message does not use the exception: an expected case.
                public async Task VoidAsync(string id)
                {
                    try { await SendAsync(id); }
                    catch (InvoiceNotFoundException ex) { _logger.LogWarning("Invoice {Id} not found: {Error}", id, ex.Message); }
                    catch (PaymentApiException) { _logger.LogWarning("Void of {Id} was rejected", id); }
                }

                private Task SendAsync(string id) => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogWarning"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void Passed() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogWarning(ex, "read failed"); } }
                void PassedLevel() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.Log(LogLevel.Error, ex, "read failed"); } }
                void Rethrown() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError("read failed: " + ex.Message); throw; } }
                void Wrapped() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError("read failed"); throw new InvalidOperationException("x", ex); } }
                void Canceled(CancellationToken t) { try { t.ThrowIfCancellationRequested(); } catch (OperationCanceledException) { _logger.LogWarning("canceled"); } }
                void LowLevelNote() { try { File.ReadAllText("a"); } catch (FileNotFoundException) { _logger.LogDebug("no cache file, starting fresh"); } }
                void Outside() { _logger.LogWarning("not in a catch"); }
                void InLambda() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError(ex, "x"); Action a = () => _logger.LogWarning("later"); a(); } }
                void Specific() { try { File.ReadAllText("a"); } catch (ArgumentException ex) { _logger.LogWarning("bad path: " + ex.Message); } }
                void FilteredCatch() { try { File.ReadAllText("a"); } catch (Exception ex) when (ex is UnauthorizedAccessException) { _logger.LogWarning("no access: {Reason}", ex.Message); } }
                void Console_() { try { File.ReadAllText("a"); } catch (IOException ex) { Console.WriteLine("failed: " + ex.Message); } }
            }
            """);

        [Fact]
        public Task EachCallBelongsToItsNearestCatch() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void Nested()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex)
                    {
                        // In a try inside the catch-all: still this catch's call.
                        try { {|#0:_logger.LogWarning("cleanup after " + ex.Message)|}; } finally { }
                        // An inner catch of a specific type is judged on its own: an expected case, not reported.
                        try { int.Parse("a"); } catch (FormatException inner) { _logger.LogWarning("not a number: " + inner.Message); }
                        // A local function runs later, elsewhere.
                        void Later() => _logger.LogWarning("later");
                        Later();
                    }
                }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogWarning"));

        [Fact]
        public Task NoLoggingLibrary_NothingRegistered() => Verify.VerifyAsync("""
            using System;
            class C { void M() { try { } catch (Exception ex) { Console.WriteLine(ex.Message); } } }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.Extensions.Logging;
                class C { ILogger l; void M() { try { } catch (Exception ex { l.LogWarning("x" + ex.Message }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_PassesTheException() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:_logger.LogWarning("read failed: {Reason}", ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch { {|#1:_logger.LogError("read failed")|}; } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#2:_logger.Log(LogLevel.Warning, "failed: " + ex.Message)|}; } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#3:_serilog.Error("failed: {Reason}", ex.Message)|}; } }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogWarning(ex, "read failed: {Reason}", ex.Message); } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.LogError(ex, "read failed"); } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.Log(LogLevel.Warning, ex, "failed: " + ex.Message); } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { _serilog.Error(ex, "failed: {Reason}", ex.Message); } }
            }
            """,
            REL103LogWithoutExceptionCodeFix.PassExceptionKey,
            VerifyFix.Diagnostic("REL103").WithLocation(0).WithArguments("LogWarning"),
            VerifyFix.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"),
            VerifyFix.Diagnostic("REL103").WithLocation(2).WithArguments("Log"),
            VerifyFix.Diagnostic("REL103").WithLocation(3).WithArguments("Error"));
    }
}
