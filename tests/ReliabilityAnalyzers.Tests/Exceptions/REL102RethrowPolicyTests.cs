using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL102LogAndContinueAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL102LogAndContinueCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL102's only fix is a rethrow, which changes behaviour: it is not offered where swallowing is the design or where it strands code.</summary>
    public class REL102RethrowPolicyTests
    {
        [Fact]
        public Task Rethrow_NotOffered_WhenBuildingAMessage_OrIsolatingACallback()
        {
            const string source = """
                using System;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;
                class Store
                {
                    private readonly ILogger _logger;
                    Store(ILogger logger) { _logger = logger; }

                    // Builds a message for an error report: a throw here would replace the failure being reported.
                    string? DescribeFailure(object state)
                    {
                        try { return state.ToString(); }
                        {|#0:catch (Exception ex)|}
                        {
                            _logger.LogError(ex, "describe failed");
                            return null;
                        }
                    }

                    // Isolates a caller-supplied callback: the callback's failure is reported as no result.
                    async Task<string?> RunHandlerAsync(Func<Task<string?>> handler)
                    {
                        try { return await handler(); }
                        {|#1:catch (Exception ex)|}
                        {
                            _logger.LogError(ex, "handler failed");
                            return null;
                        }
                    }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL102LogAndContinueCodeFix.RethrowKey };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL102").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("every Exception", "returns null"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL102").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("every Exception", "returns null"));
            return test.RunAsync();
        }
    }
}
