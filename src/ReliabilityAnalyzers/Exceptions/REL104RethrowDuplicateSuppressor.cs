using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// One finding for <c>throw ex;</c>, not two: the SDK's CA2200 reports the same rethrow REL104 reports (with its code
    /// fix and its place in the presets). Where REL104 covers it (the thrown value is a catch variable) and REL104 is not
    /// turned off for the file, CA2200 is suppressed with a justification that names REL104; SARIF keeps it as suppressed.
    /// With REL104 off, CA2200 reports as usual.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL104RethrowDuplicateSuppressor : DiagnosticSuppressor
    {
        public const string SuppressedId = "CA2200";

        internal static readonly SuppressionDescriptor Rethrow = new SuppressionDescriptor(
            "REL104S",
            SuppressedId,
            "Reported as REL104 ('throw ex;' loses the stack trace), which carries the code fix; set REL104 to none to see CA2200 instead.");

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions => ImmutableArray.Create(Rethrow);

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
            {
                SyntaxTree? tree = diagnostic.Location.SourceTree;
                if (tree is null || IsOff(context, tree))
                {
                    continue;
                }

                SyntaxNode node = tree.GetRoot(context.CancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (IsRethrowOfCatchVariable(node, context.GetSemanticModel(tree), context.CancellationToken))
                {
                    context.ReportSuppression(Suppression.Create(Rethrow, diagnostic));
                }
            }
        }

        /// <summary>What REL104 reports as 'throw ex;': a throw whose operand is a variable declared by a catch clause.</summary>
        internal static bool IsRethrowOfCatchVariable(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            ExpressionSyntax? thrown = null;
            for (SyntaxNode? current = node; current != null && thrown is null; current = current.Parent)
            {
                thrown = current switch
                {
                    ThrowStatementSyntax statement => statement.Expression,
                    ThrowExpressionSyntax expression => expression.Expression,
                    _ => null,
                };
                if (current is StatementSyntax && !(current is ThrowStatementSyntax))
                {
                    break;
                }
            }

            while (thrown is ParenthesizedExpressionSyntax parenthesized)
            {
                thrown = parenthesized.Expression;
            }

            if (!(thrown is IdentifierNameSyntax)
                || !(model.GetSymbolInfo(thrown, cancellationToken).Symbol is ILocalSymbol local)
                || local.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is CatchDeclarationSyntax;
        }

        /// <summary>REL104 configured to none for this file (ID entry, else category or bulk entry).</summary>
        private static bool IsOff(SuppressionAnalysisContext context, SyntaxTree tree)
        {
            string id = RuleIds.LostExceptionContext;
            CompilationOptions options = context.Compilation.Options;
            SyntaxTreeOptionsProvider? trees = options.SyntaxTreeOptionsProvider;
            if (trees != null && trees.TryGetDiagnosticValue(tree, id, context.CancellationToken, out ReportDiagnostic fromTree) && fromTree != ReportDiagnostic.Default)
            {
                return fromTree == ReportDiagnostic.Suppress;
            }

            if (trees != null && trees.TryGetGlobalDiagnosticValue(id, context.CancellationToken, out ReportDiagnostic fromGlobal) && fromGlobal != ReportDiagnostic.Default)
            {
                return fromGlobal == ReportDiagnostic.Suppress;
            }

            if (options.SpecificDiagnosticOptions.TryGetValue(id, out ReportDiagnostic fromCommandLine) && fromCommandLine != ReportDiagnostic.Default)
            {
                return fromCommandLine == ReportDiagnostic.Suppress;
            }

            AnalyzerConfigOptions config = context.Options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            foreach (string key in new[] { "dotnet_analyzer_diagnostic.category-" + RuleCategories.Exceptions + ".severity", "dotnet_analyzer_diagnostic.severity" })
            {
                if (config.TryGetValue(key, out string? value) && NonSourceFileSeverity.TryParse(value, out ReportDiagnostic bulk) && bulk != ReportDiagnostic.Default)
                {
                    return bulk == ReportDiagnostic.Suppress;
                }
            }

            return false;
        }
    }
}
