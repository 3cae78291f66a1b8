using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL128HandledFailureLogWithoutExceptionCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>
    /// REL128: REL103's shape where the code marks the failure as expected (a warning-or-lower log, or a catch of a specific
    /// type), audit level; REL103 keeps error-level lines in a catch-all and the exception bound to a template argument.
    /// </summary>
    public class REL128HandledFailureLogWithoutExceptionTests
    {
        private static DiagnosticResult Audit(int location, string name) =>
            new DiagnosticResult("REL128", DiagnosticSeverity.Info).WithLocation(location).WithArguments(name);

        [Fact]
        public Task WarningLevelOrSpecificCatch_IsAudit_ErrorLevelInACatchAll_IsREL103() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Sync
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Sync(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                // The author's own words: a warning is a handled condition.
                void A() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#0:_logger.LogWarning("peer went away: {Reason}", ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#1:_serilog.Warning("decode failed: " + ex.Message)|}; } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#2:_logger.Log(LogLevel.Information, "skipped: {Reason}", ex.Message)|}; } }
                // A specific type is an expected case, even at error level.
                void D() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#3:_logger.LogError("read failed: {Reason}", ex.Message)|}; } }
                // Error level in a catch-all: the failure can be anything, and its stack is lost.
                void E() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#4:_logger.LogError("sync failed: {Reason}", ex.Message)|}; } }
                void F() { try { File.ReadAllText("a"); } catch { {|#5:_serilog.Fatal("sync failed")|}; } }
                // The exception bound to a template argument: the call meant the exception parameter, at any level.
                void G() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#6:_logger.LogWarning("sync failed: {Error}", ex)|}; } }
                // Passed to the exception parameter: nothing to report at any level.
                void H() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.LogWarning(ex, "peer went away"); } }
            }
            """,
            Audit(0, "LogWarning"),
            Audit(1, "Warning"),
            Audit(2, "Log"),
            Audit(3, "LogError"),
            Verify.Diagnostic("REL103").WithLocation(4).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(5).WithArguments("Fatal"),
            Verify.Diagnostic("REL103").WithLocation(6).WithArguments("LogWarning"));

        [Fact]
        public Task SecondLineOfACatchAlreadyWarned_IsAudit() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Connect
            {
                private readonly ILogger _logger;
                Connect(ILogger logger) { _logger = logger; }
                // One lost exception, one warning: the lines after the first are the same failure.
                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex)
                    {
                        {|#0:_logger.LogError("connect failed: {Reason}", ex.Message)|};
                        {|#1:_logger.LogError("inner: {Reason}", ex.InnerException?.Message)|};
                        {|#2:_logger.LogError("closing the connection")|};
                    }
                }
                // Each catch gets its own warning.
                void B()
                {
                    try { File.ReadAllText("a"); } catch (Exception ex) { {|#3:_logger.LogError("first: {Reason}", ex.Message)|}; }
                    try { File.ReadAllText("b"); } catch (Exception ex) { {|#4:_logger.LogError("second: {Reason}", ex.Message)|}; }
                }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            Audit(1, "LogError"),
            Audit(2, "LogError"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(4).WithArguments("LogError"));

        [Fact]
        public Task Fix_PassesTheException() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:_logger.LogWarning("read failed: {Reason}", ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#1:_logger.Log(LogLevel.Warning, "failed: " + ex.Message)|}; } }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogWarning(ex, "read failed: {Reason}", ex.Message); } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.Log(LogLevel.Warning, ex, "failed: " + ex.Message); } }
            }
            """,
            REL128HandledFailureLogWithoutExceptionCodeFix.PassExceptionKey,
            Audit(0, "LogWarning"),
            Audit(1, "Log"));
    }
}
