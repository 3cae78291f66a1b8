using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL110SideEffectFilterAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL110SideEffectFilterTests
    {
        private static DiagnosticResult Diagnostic(int location, string filter) =>
            new DiagnosticResult("REL110", DiagnosticSeverity.Info).WithLocation(location).WithArguments(filter);

        [Fact]
        public Task AlwaysTrueFilters_WithSideEffects_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Importer
            {
                readonly ILogger _logger;
                Importer(ILogger logger) { _logger = logger; }

                bool Log(Exception ex)
                {
                    _logger.LogError(ex, "Import failed");
                    return true;
                }

                static bool Mark(Exception ex) { ex.Data["seen"] = true; return ex != null; }
                bool LogAndReturnTrue(Exception ex) => Trace(ex) || true;
                bool Trace(Exception ex) { Console.WriteLine(ex); return false; }

                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex) {|#0:when (Log(ex))|} { }
                }

                int B()
                {
                    try { return File.ReadAllText("b").Length; }
                    catch (IOException ex) {|#1:when (Trace(ex) || true)|} { return 0; }
                }

                void C()
                {
                    try { File.Delete("c"); }
                    catch (Exception ex) {|#2:when (LogAndReturnTrue(ex))|} { Console.WriteLine("ignored"); }
                }
            }
            """,
            Diagnostic(0, "Log(ex)"), Diagnostic(1, "Trace(ex) || true"), Diagnostic(2, "LogAndReturnTrue(ex)"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Importer
            {
                readonly ILogger _logger;
                Importer(ILogger logger) { _logger = logger; }

                // The log-without-catching idiom: returns false, the exception flies on with its stack intact.
                bool LogAndFalse(Exception ex) { _logger.LogError(ex, "Import failed"); return false; }
                bool LogTrue(Exception ex) { _logger.LogError(ex, "Import failed"); return true; }
                bool IsTransient(Exception ex) { _logger.LogDebug("checking"); return ex is IOException; }
                static bool Always(Exception ex) => true;

                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex) when (LogAndFalse(ex)) { }
                }

                void B()
                {
                    // Logs in the filter, then rethrows: nothing is swallowed.
                    try { File.ReadAllText("b"); }
                    catch (Exception ex) when (LogTrue(ex)) { throw; }
                }

                void C()
                {
                    try { File.ReadAllText("c"); }
                    catch (Exception ex) when (IsTransient(ex)) { Console.WriteLine("retry later"); }
                    catch (Exception ex) when (Always(ex)) { Console.WriteLine("no side effect in the filter"); }
                }

                void D()
                {
                    try { File.ReadAllText("d"); }
                    catch (Exception ex) when (ex is IOException || ex.Message.Length > 0) { }
                    catch (Exception ex) when (ex.Data.Contains("x") || false) { }
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                class A { void M() { try { } catch (System.Exception ex) when (Missing(ex)) { } catch when ( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
