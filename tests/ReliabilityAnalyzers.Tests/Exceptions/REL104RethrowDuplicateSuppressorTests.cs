using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>
    /// 'throw ex;' gives one finding: REL104. The SDK's CA2200 on the same statement is suppressed while REL104 is on,
    /// and reports as usual when REL104 is off. CA2200 is stood in for by an analyzer with the same ID and shape.
    /// </summary>
    public class REL104RethrowDuplicateSuppressorTests
    {
        private const string Source = @"
using System;
using System.IO;

class C
{
    void Rethrow(string p)
    {
        try { File.ReadAllText(p); }
        catch (IOException ex) { throw ex; }
    }

    void RethrowInExpression(string p, string? q)
    {
        try { File.ReadAllText(p); }
        catch (IOException ex) { _ = q ?? throw (ex); }
    }

    void ThrowLocal()
    {
        var fresh = new InvalidOperationException();
        throw fresh;
    }
}";

        [Fact]
        public void Ca2200_OnACatchVariable_IsSuppressed_AndReportedAsREL104()
        {
            ImmutableArray<Diagnostic> diagnostics = Run(ReportDiagnostic.Default);
            Diagnostic[] ca2200 = diagnostics.Where(d => d.Id == "CA2200").OrderBy(d => d.Location.SourceSpan.Start).ToArray();
            Assert.Equal(3, ca2200.Length);
            Assert.True(ca2200[0].IsSuppressed);
            Assert.True(ca2200[1].IsSuppressed);
            Assert.False(ca2200[2].IsSuppressed); // a fresh local is not REL104's 'throw ex;'
            Assert.Equal(2, diagnostics.Count(d => d.Id == "REL104" && !d.IsSuppressed));
        }

        [Fact]
        public void WithREL104Off_Ca2200Reports()
        {
            ImmutableArray<Diagnostic> diagnostics = Run(ReportDiagnostic.Suppress);
            Assert.Equal(3, diagnostics.Count(d => d.Id == "CA2200" && !d.IsSuppressed));
            Assert.DoesNotContain(diagnostics, d => d.Id == "REL104");
        }

        private static ImmutableArray<Diagnostic> Run(ReportDiagnostic rel104)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "SuppressorTest",
                new[] { CSharpSyntaxTree.ParseText(Source, path: "Test0.cs") },
                TestReferences.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                    .WithSpecificDiagnosticOptions(new[] { new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("REL104", rel104) }));
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new StandInCa2200(), new REL104LostExceptionContextAnalyzer(), new REL104RethrowDuplicateSuppressor());
            var withAnalyzers = new CompilationWithAnalyzers(
                compilation,
                analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true));
            return withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>CA2200's shape: a throw whose operand is a variable.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class StandInCa2200 : DiagnosticAnalyzer
        {
            // A test stand-in for the SDK's rule, never shipped: it must carry the SDK's ID (reserved, untracked).
#pragma warning disable RS1029, RS2000
            private static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
                "CA2200", "Rethrow to preserve stack details", "Re-throwing caught exception changes stack information", "Usage", DiagnosticSeverity.Warning, true);
#pragma warning restore RS1029, RS2000

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxNodeAction(
                    c =>
                    {
                        ExpressionSyntax? thrown = c.Node is ThrowStatementSyntax s ? s.Expression : ((ThrowExpressionSyntax)c.Node).Expression;
                        while (thrown is ParenthesizedExpressionSyntax p)
                        {
                            thrown = p.Expression;
                        }

                        if (thrown is IdentifierNameSyntax)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, c.Node.GetLocation()));
                        }
                    },
                    SyntaxKind.ThrowStatement,
                    SyntaxKind.ThrowExpression);
            }
        }
    }
}
