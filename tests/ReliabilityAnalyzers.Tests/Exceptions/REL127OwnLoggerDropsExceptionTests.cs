using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL127OwnLoggerDropsExceptionCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL127: REL103's shape on a project's own logger, audit level (same analyzer and fix as REL103).</summary>
    public class REL127OwnLoggerDropsExceptionTests
    {
        private static DiagnosticResult Diagnostic(int location, string name) =>
            new DiagnosticResult("REL127", DiagnosticSeverity.Info).WithLocation(location).WithArguments(name);

        private static Task VerifyWithOwnLoggers(string code, params DiagnosticResult[] expected)
        {
            Verify.Test test = Verify.Create(code, expected);
            test.TestState.Sources.Add(("OwnLoggers.cs", OwnLoggers));
            return test.RunAsync();
        }

        // A service's own logging facade, no logging library referenced: the same defect as with ILogger.
        private const string OwnLoggers = """
            #nullable enable
            using System;
            public interface IServiceLogger
            {
                void Info(string message);
                void Warn(string message, Exception? ex = null);
                void Error(string message, Exception? ex = null);
            }
            public interface IPlainLogger { void Error(string message); void Warn(string message); }
            public static class AppLog
            {
                public static void LogError(string message) { }
                public static void LogError(Exception exception, string message) { }
            }
            public static class Dialog { public static void Error(string message, Exception? detail = null) { } }
            """;

        [Fact]
        public Task OwnLoggerThatTakesAnException_IsAuditLevel_OneWithoutAnExceptionParameterOrNotALogger_IsNotReported() => VerifyWithOwnLoggers("""
            using System;
            using System.IO;
            class Worker
            {
                private readonly IServiceLogger _log;
                private readonly IPlainLogger _plain;
                Worker(IServiceLogger log, IPlainLogger plain) { _log = log; _plain = plain; }
                void A() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#0:_log.Warn("Failed to read the settings: " + ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#1:AppLog.LogError($"Sync failed: {ex.Message}")|}; } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { _log.Warn("Failed to read the settings", ex); } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { _plain.Error("Failed: " + ex.Message); } }
                void E() { try { File.ReadAllText("a"); } catch (Exception ex) { Dialog.Error("Could not open the file: " + ex.Message); } }
            }
            """,
            Diagnostic(0, "Warn"),
            Diagnostic(1, "LogError"));

        [Fact]
        public Task Fix_OwnLoggerWithAnOptionalExceptionParameter_PassesItThere()
        {
            var test = new VerifyFix.Test
            {
                TestCode = """
                    using System;
                    using System.IO;
                    class Worker
                    {
                        private readonly IServiceLogger _log;
                        Worker(IServiceLogger log) { _log = log; }
                        void A() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#0:_log.Warn("Failed to read the settings: " + ex.Message)|}; } }
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.IO;
                    class Worker
                    {
                        private readonly IServiceLogger _log;
                        Worker(IServiceLogger log) { _log = log; }
                        void A() { try { File.ReadAllText("a"); } catch (Exception ex) { _log.Warn("Failed to read the settings: " + ex.Message, ex); } }
                    }
                    """,
                CodeActionEquivalenceKey = REL127OwnLoggerDropsExceptionCodeFix.PassExceptionKey,
                ExpectedDiagnostics = { Diagnostic(0, "Warn") },
            };
            test.TestState.Sources.Add(("OwnLoggers.cs", OwnLoggers));
            test.FixedState.Sources.Add(("OwnLoggers.cs", OwnLoggers));
            return test.RunAsync();
        }

        [Fact]
        public Task OwnLoggerCallPassingTheException_OrBesideOneThatDoes_IsNotReported() => VerifyWithOwnLoggers("""
            using System;
            using System.IO;
            class Worker
            {
                private readonly IServiceLogger _log;
                Worker(IServiceLogger log) { _log = log; }
                void A() { try { File.ReadAllText("a"); } catch (Exception ex) { _log.Error("Failed to read the settings", ex); _log.Warn("Falling back to the defaults"); } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { AppLog.LogError(ex, "Sync failed"); } }
            }
            """);
    }
}
