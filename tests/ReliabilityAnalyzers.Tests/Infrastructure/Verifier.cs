using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>Analyzer verification against the repository's pinned reference set.</summary>
    internal static class AnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Test Create(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test;
        }

        public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
            Create(source, expected).RunAsync(CancellationToken.None);

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test()
            {
                TestConfiguration.Apply(this);
            }
        }
    }

    /// <summary>Code fix verification (Fix All in document, project and solution runs automatically).</summary>
    internal static class CodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

        public static Task VerifyAsync(string source, string fixedSource, string? equivalenceKey, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                TestConfiguration.Apply(this);
            }
        }
    }

    internal static class TestConfiguration
    {
        public static void Apply(AnalyzerTest<DefaultVerifier> test)
        {
            // An empty reference set from the harness; the pinned one is added explicitly.
            test.ReferenceAssemblies = new ReferenceAssemblies("net8.0");
            test.TestState.AdditionalReferences.AddRange(TestReferences.References);
        }
    }
}
