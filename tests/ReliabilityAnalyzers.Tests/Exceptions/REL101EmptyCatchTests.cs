using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using ReliabilityAnalyzers.Exceptions;
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
        [Fact]
        public Task BareCatch_CatchException_AndCommentOnlyCatchAll_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } {|#0:catch|} { } }
                void B() { try { File.ReadAllText("a"); } {|#1:catch (Exception)|} { } }
                void C() { try { var a = File.ReadAllText("a"); File.WriteAllText("b", a); File.Delete("a"); File.Delete("b"); } {|#2:catch (Exception ex)|} { /* ignore */ } }
                void OneCall() { try { File.ReadAllText("a"); } catch (Exception) { /* progress reports are best effort */ } }
                void D() { try { File.ReadAllText("a"); } {|#3:catch (SystemException)|} { } }
                void TryWarmUp() { try { File.ReadAllText("a"); } {|#4:catch|} { } }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"),
            Verify.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception"),
            Verify.Diagnostic("REL101").WithLocation(2).WithArguments("every Exception"),
            Verify.Diagnostic("REL101").WithLocation(3).WithArguments("every SystemException"),
            Verify.Diagnostic("REL101").WithLocation(4).WithArguments("every exception"));

        [Fact]
        public Task SpecificTypeWithoutComment_IsNotReported_ByDefault() => Verify.VerifyAsync("""
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch (IOException) { } }
            }
            """);

        [Fact]
        public Task SpecificTypeWithoutComment_IsReported_WhenOptedIn_WithComment_IsNot()
        {
            var test = Verify.Create("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } {|#0:catch (IOException)|} { } }
                void B()
                {
                    try { File.ReadAllText("a"); }
                    catch (UnauthorizedAccessException)
                    {
                        // The cache file is optional: an unreadable one means a cold start.
                    }
                }
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("IOException"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nreliability.REL101.report_specific_types = true\n"));
            return test.RunAsync();
        }

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

                void Filtered() { try { File.ReadAllText("a"); } catch (Exception ex) when (ex is IOException) { } }
                void Rethrows() { try { File.ReadAllText("a"); } catch { throw; } }
                async Task Cancelled() { try { await Task.Delay(10, _cts.Token); } catch (OperationCanceledException) { } }
                void Disposed() { try { _socket.Send(new byte[1]); } catch (ObjectDisposedException) { } }
                void Teardown() { try { _socket.Shutdown(SocketShutdown.Both); _socket.Close(); } catch { } }
                void InFinally() { try { File.ReadAllText("a"); } finally { try { File.Delete("a"); File.ReadAllText("b"); } catch { } } }
                public void Dispose() { try { _cts.Cancel(); File.ReadAllText("x"); } catch (Exception) { } }
                void CloseQuietly() { try { File.ReadAllText("x"); } catch { } }
                void Probe() { try { File.ReadAllText("x"); } catch (DllNotFoundException) { } catch (EntryPointNotFoundException) { } catch (PlatformNotSupportedException) { } }
                void CommentAbove()
                {
                    try { File.ReadAllText("x"); }
                    // A missing cache file is a cold start.
                    catch (FileNotFoundException) { }
                }
                void ConditionalDispose(IDisposable? d) { try { d?.Dispose(); Free(); } catch { } }
                void Free() { }
                void RetryDelete(FileInfo file) { while (true) { try { if (file.Exists) file.Delete(); break; } catch { } } }
                void GuardedLog(Microsoft.Extensions.Logging.ILogger logger, Exception e) { try { Microsoft.Extensions.Logging.LoggerExtensions.LogCritical(logger, e, "boom"); } catch { } }
                void Absent() { try { File.ReadAllText("x"); } catch (FileNotFoundException) { } catch (DirectoryNotFoundException) { } }
                void CleanupTemp(string path) { try { DeleteFile(path); } catch { } }
                void DeleteFile(string path) { }
                void KillProcess(System.Diagnostics.Process p, Microsoft.Extensions.Logging.ILogger logger) { try { if (!p.WaitForExit(5000)) { Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "killing"); p.Kill(); } } catch (InvalidOperationException) { } }
                void DisposeOnFailure() { try { File.ReadAllText("x"); } catch { } }
                bool TryLoad() { try { File.ReadAllText("x"); return true; } catch { } return false; }
                async Task<bool> TryPingAsync() { try { await File.ReadAllTextAsync("x"); return true; } catch { } return false; }
                void Lambda() { Action a = () => { try { File.ReadAllText("a"); } catch (IOException) { throw; } }; }
            }
            """);

        [Fact]
        public Task CatchInLambda_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                Action A() => () => { try { File.ReadAllText("a"); } {|#0:catch|} { } };
            }
            """,
            Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"));

        [Fact]
        public Task GeneratedCode_IsNotReported() => Verify.VerifyAsync("""
            // <auto-generated/>
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch { } }
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
                    void B() { try { File.ReadAllText("a"); } {|#0:catch|} { } }
                    void Recycle() { }
                }
                """,
                Verify.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"));
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

        [Fact]
        public Task Fix_Rethrow_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                string A()
                {
                    try { return File.ReadAllText("a"); }
                    {|#0:catch|} { }
                    return "";
                }

                void B()
                {
                    try { File.ReadAllText("a"); File.ReadAllText("b"); File.ReadAllText("c"); File.ReadAllText("d"); }
                    {|#1:catch (Exception)|}
                    {
                        // best effort
                    }
                }
            }
            """, """
            using System;
            using System.IO;
            class Store
            {
                string A()
                {
                    try { return File.ReadAllText("a"); }
                    catch
                    {
                        throw;
                    }
                    return "";
                }

                void B()
                {
                    try { File.ReadAllText("a"); File.ReadAllText("b"); File.ReadAllText("c"); File.ReadAllText("d"); }
                    catch (Exception)
                    {
                        // best effort
                        throw;
                    }
                }
            }
            """,
            REL101EmptyCatchCodeFix.RethrowKey,
            VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"),
            VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception"));

        [Fact]
        public Task Fix_LogAndRethrow_UsesLoggerFieldAndPrimaryConstructorParameter() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger<Store> _logger;
                public Store(ILogger<Store> logger) { _logger = logger; }

                void Load()
                {
                    try { File.ReadAllText("a"); }
                    {|#0:catch|} { }
                }
            }
            class Sender(ILogger logger)
            {
                void Send()
                {
                    try { File.ReadAllText("a"); File.ReadAllText("b"); File.ReadAllText("c"); File.ReadAllText("d"); }
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

                void Load()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex)
                    {
                        _logger.LogError(ex, "Load failed");
                        throw;
                    }
                }
            }
            class Sender(ILogger logger)
            {
                void Send()
                {
                    try { File.ReadAllText("a"); File.ReadAllText("b"); File.ReadAllText("c"); File.ReadAllText("d"); }
                    catch (System.Exception ex)
                    {
                        logger.LogError(ex, "Send failed");
                        throw;
                    }
                }
            }
            """,
            REL101EmptyCatchCodeFix.LogAndRethrowKey,
            VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"),
            VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every Exception"));

        [Fact]
        public Task Fix_LogAndRethrow_NotOfferedWithoutLogger()
        {
            const string source = """
                    using System.IO;
                    class Store
                    {
                        void Load() { try { File.ReadAllText("a"); } {|#0:catch|} { } }
                        void Save() { try { File.WriteAllText("a", ""); } {|#1:catch|} { } }
                    }
                    """;
            var test = new VerifyFix.Test
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = REL101EmptyCatchCodeFix.LogAndRethrowKey,
            };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(0).WithArguments("every exception"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL101").WithLocation(1).WithArguments("every exception"));
            return test.RunAsync();
        }
    }
}
