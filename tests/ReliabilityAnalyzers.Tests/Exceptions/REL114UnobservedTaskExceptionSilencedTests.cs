using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL114UnobservedTaskExceptionSilencedAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL114UnobservedTaskExceptionSilencedTests
    {
        private static DiagnosticResult Diagnostic(int location, string detail) =>
            new DiagnosticResult("REL114", DiagnosticSeverity.Info).WithLocation(location).WithArguments(detail);

        [Fact]
        public Task HandlersThatNeverReadTheException_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            static class Startup
            {
                static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { e.SetObserved(); }

                public static void Configure()
                {
                    {|#0:TaskScheduler.UnobservedTaskException += (s, e) => e.SetObserved()|};
                    {|#1:TaskScheduler.UnobservedTaskException += OnUnobserved|};
                    {|#2:TaskScheduler.UnobservedTaskException += (s, e) => { Console.WriteLine("a task failed"); }|};
                }
            }
            """,
            Diagnostic(0, " and only marks it observed"), Diagnostic(1, " and only marks it observed"), Diagnostic(2, ""));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            static class Startup
            {
                static void Log(UnobservedTaskExceptionEventArgs e) { Console.WriteLine(e.Exception); }
                static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { e.SetObserved(); }

                public static void Configure(ILogger logger, EventHandler<UnobservedTaskExceptionEventArgs> external)
                {
                    TaskScheduler.UnobservedTaskException += (s, e) => { logger.LogError(e.Exception, "Unobserved task failure"); e.SetObserved(); };
                    TaskScheduler.UnobservedTaskException += (s, e) => Log(e);
                    TaskScheduler.UnobservedTaskException += external;
                    TaskScheduler.UnobservedTaskException -= OnUnobserved;
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class A { void M() { TaskScheduler.UnobservedTaskException += (s, e) => e.; TaskScheduler.UnobservedTaskException += Missing; } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
