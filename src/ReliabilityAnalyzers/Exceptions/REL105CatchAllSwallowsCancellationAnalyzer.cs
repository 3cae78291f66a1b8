using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL105: a catch-all around code that passes a CancellationToken also catches OperationCanceledException,
    /// so a cancelled operation looks like a failure (or like success) and the caller keeps going.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL105CatchAllSwallowsCancellationAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>"true" when the catch already has a filter (the fix combines with it).</summary>
        public const string HasFilterProperty = "HasFilter";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CatchAllSwallowsCancellation,
            title: "Catch-all swallows cancellation",
            messageFormat: "This catch-all also catches the OperationCanceledException raised when '{0}' is cancelled. " +
                           "Cancellation is turned into an ordinary failure or into success, so shutdown and request aborts do not stop the work. " +
                           "Let cancellation through with 'when (ex is not OperationCanceledException)' or catch OperationCanceledException first.",
            description: "A catch (Exception) or bare catch around code that passes a CancellationToken also catches the OperationCanceledException " +
                         "that cancellation raises. Unless an earlier catch, a filter or a rethrow lets it through, the caller never learns that the " +
                         "operation was cancelled.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? token = types.Get("System.Threading.CancellationToken");
                INamedTypeSymbol? canceled = types.Get(KnownTypes.OperationCanceledException);
                if (token is null || canceled is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(c => AnalyzeCatch(c, types, token, canceled), SyntaxKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(SyntaxNodeAnalysisContext context, KnownTypes types, INamedTypeSymbol tokenType, INamedTypeSymbol canceled)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            if (!(catchClause.Parent is TryStatementSyntax tryStatement) || catchClause.Block.IsMissing)
            {
                return;
            }

            // Cheap syntax first: a filter that mentions cancellation or tests the exception's type lets cancellation through.
            if (catchClause.Filter != null && FilterMayExcludeCancellation(catchClause.Filter))
            {
                return;
            }

            // The body rethrows, translates or looks at cancellation itself: not swallowed.
            if (BodyHandlesCancellation(catchClause.Block))
            {
                return;
            }

            SemanticModel model = context.SemanticModel;
            if (catchClause.Declaration is { } declaration)
            {
                ITypeSymbol? caught = model.GetTypeInfo(declaration.Type, context.CancellationToken).Type;
                if (caught is null || caught.TypeKind == TypeKind.Error || !canceled.InheritsFromOrEquals(caught as INamedTypeSymbol))
                {
                    return; // does not catch OperationCanceledException
                }
            }

            // An earlier catch of the same try handles cancellation.
            foreach (CatchClauseSyntax earlier in tryStatement.Catches)
            {
                if (earlier == catchClause)
                {
                    break;
                }

                if (earlier.Declaration is { } d
                    && model.GetTypeInfo(d.Type, context.CancellationToken).Type is ITypeSymbol t
                    && t.InheritsFromOrEquals(canceled))
                {
                    return;
                }
            }

            // The guarded code must be cancellable: it passes a token (or checks one) somewhere outside nested functions.
            string? tokenText = FindTokenUse(tryStatement.Block, model, tokenType, context);
            if (tokenText is null)
            {
                return;
            }

            TextSpan span = TextSpan.FromBounds(
                catchClause.CatchKeyword.SpanStart,
                catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(HasFilterProperty, catchClause.Filter != null ? "true" : "false");
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), properties, tokenText));
        }

        private static bool FilterMayExcludeCancellation(CatchFilterClauseSyntax filter)
        {
            foreach (SyntaxNode node in filter.FilterExpression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case IsPatternExpressionSyntax _:
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.IsExpression) || b.IsKind(SyntaxKind.AsExpression):
                        return true; // a type test: may well exclude cancellation; do not guess
                    case IdentifierNameSyntax id when MentionsCancellation(id.Identifier.ValueText):
                        return true;
                }
            }

            return false;
        }

        // Names that show the code already separates cancellation from failure.
        private static bool MentionsCancellation(string name) =>
            name == "IsCancellationRequested" || name == "OperationCanceledException" || name == "TaskCanceledException";

        private static bool BodyHandlesCancellation(BlockSyntax block)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n) && !(n is AnonymousFunctionExpressionSyntax)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        return true;
                    case IdentifierNameSyntax id when MentionsCancellation(id.Identifier.ValueText):
                        return true;
                }
            }

            return false;
        }

        private static string? FindTokenUse(BlockSyntax tryBlock, SemanticModel model, INamedTypeSymbol tokenType, SyntaxNodeAnalysisContext context)
        {
            foreach (SyntaxNode node in tryBlock.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ArgumentSyntax argument)
                {
                    // 'default' / 'CancellationToken.None' cannot be cancelled.
                    ExpressionSyntax expression = argument.Expression;
                    if (expression.IsKind(SyntaxKind.DefaultLiteralExpression) || expression.IsKind(SyntaxKind.DefaultExpression)
                        || (expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "None" }))
                    {
                        continue;
                    }

                    ITypeSymbol? type = model.GetTypeInfo(expression, context.CancellationToken).Type;
                    if (type != null && SymbolEqualityComparer.Default.Equals(type, tokenType))
                    {
                        return expression.ToString();
                    }
                }
                else if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ThrowIfCancellationRequested" } access })
                {
                    ITypeSymbol? type = model.GetTypeInfo(access.Expression, context.CancellationToken).Type;
                    if (type != null && SymbolEqualityComparer.Default.Equals(type, tokenType))
                    {
                        return access.Expression.ToString();
                    }
                }
            }

            return null;
        }
    }
}
