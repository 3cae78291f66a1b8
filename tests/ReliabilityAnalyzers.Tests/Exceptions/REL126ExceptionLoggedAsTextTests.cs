using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL126 is the audit half of REL103, reported by the same analyzer.</summary>
    public class REL126ExceptionLoggedAsTextTests
    {
        private static DiagnosticResult Audit(int location, string method) =>
            new DiagnosticResult("REL126", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method);

        [Fact]
        public Task ExceptionWrittenWholeIntoTheText_OfAStructuredLogger_IsAuditLevel() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Settings
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Settings(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A(string key) { try { File.WriteAllText(key, ""); } catch (Exception ex) { {|#0:_logger.LogError($"Error updating setting {key} - {ex}")|}; } }
                void B() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#1:_logger.LogWarning("update check failed: " + ex)|}; } }
                void C() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#2:_logger.LogError(ex.ToString())|}; } }
                void D(int id) { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#3:_serilog.Error(string.Format("job {0} failed: {1}", id, ex))|}; } }
                // A template argument that is already the whole text: written as text on purpose.
                void E() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#4:_logger.LogError("Send failed.\n{Exception}.", ex.ToString())|}; } }
                void F(int id) { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#5:_logger.LogWarning("Job {Id} failed: {Error}", id, "cause: " + ex)|}; } }
            }
            """,
            Audit(0, "LogError"), Audit(1, "LogWarning"), Audit(2, "LogError"), Audit(3, "Error"), Audit(4, "LogError"), Audit(5, "LogWarning"));

        [Fact]
        public Task TemplateArgument_OrMessageOnly_StaysRel103() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Settings
            {
                private readonly ILogger _logger;
                Settings(ILogger logger) { _logger = logger; }
                // The exception bound to a template argument: the call meant the exception parameter.
                void A() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#0:_logger.LogError("save failed: {Error}", ex)|}; } }
                // Only the message: type, stack and inner exceptions are lost.
                void B() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#1:_logger.LogError($"save failed: {ex.Message}")|}; } }
                // The exception passed: nothing to report.
                void C() { try { File.WriteAllText("a", ""); } catch (Exception ex) { _logger.LogError(ex, "save failed"); } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task NoteBesideAWholeTextLine_IsNotReported_TheWholeTextLineIsAudit() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Upgrade
            {
                private readonly ILogger _logger;
                Upgrade(ILogger logger) { _logger = logger; }
                void A()
                {
                    try { File.WriteAllText("a", ""); }
                    catch (Exception ex)
                    {
                        _logger.LogWarning("Upgrade step failed, the site stays on the old version");
                        {|#0:_logger.LogError($"Upgrade error: {ex}")|};
                    }
                }

                // A whole-text line inside an 'if' does not always run: the note is still REL103.
                void B(bool verbose)
                {
                    try { File.WriteAllText("a", ""); }
                    catch (Exception ex)
                    {
                        {|#1:_logger.LogWarning("Upgrade step failed")|};
                        if (verbose) { {|#2:_logger.LogError($"Upgrade error: {ex}")|}; }
                    }
                }
            }
            """,
            Audit(0, "LogError"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("LogWarning"),
            Audit(2, "LogError"));

        [Fact]
        public Task TextBuiltEarlierInTheCatch_WithTheWholeException_IsAuditLevel() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Result { public string Message { get; set; } = ""; }
            class Installer
            {
                private readonly ILogger _logger;
                Installer(ILogger logger) { _logger = logger; }
                static string Tag(object owner, string text) => "[" + owner.GetType().Name + "] " + text;

                // The text is built first (a property, a local), then logged through a formatting helper.
                Result A()
                {
                    var result = new Result();
                    try { File.WriteAllText("db", ""); }
                    catch (Exception ex)
                    {
                        result.Message = "Migration failed. Check the database rights. " + ex.ToString();
                        {|#0:_logger.LogError(Tag(this, result.Message))|};
                    }
                    return result;
                }

                void B(string name)
                {
                    string message;
                    try { File.WriteAllText(name, ""); }
                    catch (Exception ex)
                    {
                        message = $"Installing {name} failed - {ex}";
                        {|#1:_logger.LogError(message)|};
                    }
                }

                // Built from the message only: type, stack and inner exceptions are lost, still REL103.
                void C(string name)
                {
                    try { File.WriteAllText(name, ""); }
                    catch (Exception ex)
                    {
                        var message = $"Installing {name} failed - {ex.Message}";
                        {|#2:_logger.LogError(message)|};
                    }
                }

                // The bare text of the exception kept in a local, then used as the whole message template: still REL103.
                void E(string name)
                {
                    try { File.WriteAllText(name, ""); }
                    catch (Exception e)
                    {
                        var text = e.ToString();
                        {|#4:_logger.LogError(text)|};
                    }
                }

                // Assigned after the log call: the logged text did not carry it.
                void D(string name)
                {
                    string message = "Installing failed";
                    try { File.WriteAllText(name, ""); }
                    catch (Exception ex)
                    {
                        {|#3:_logger.LogError(message)|};
                        message = "Installing failed: " + ex;
                    }
                }
            }
            """,
            Audit(0, "LogError"), Audit(1, "LogError"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(4).WithArguments("LogError"));
    }
}
