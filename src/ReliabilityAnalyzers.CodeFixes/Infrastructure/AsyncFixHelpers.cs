using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Shared pieces of the "make it await" fixes.</summary>
    internal static class AsyncFixHelpers
    {
        /// <summary>True when the file already awaits with ConfigureAwait(false): the fix follows the file's convention.</summary>
        public static bool FileUsesConfigureAwaitFalse(SyntaxNode root)
        {
            foreach (SyntaxNode node in root.DescendantNodes())
            {
                if (node is AwaitExpressionSyntax awaitExpression
                    && awaitExpression.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } } call
                    && call.ArgumentList.Arguments.Count == 1
                    && call.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Appends .ConfigureAwait(false) unless the expression already ends with a ConfigureAwait call.</summary>
        public static ExpressionSyntax WithConfigureAwait(ExpressionSyntax expression, bool configureAwaitFalse)
        {
            if (!configureAwaitFalse
                || expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } })
            {
                return expression;
            }

            return InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, ParenthesizeIfNeeded(expression), IdentifierName("ConfigureAwait")),
                ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
        }

        public static ExpressionSyntax ParenthesizeIfNeeded(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax || expression is MemberAccessExpressionSyntax || expression is InvocationExpressionSyntax
                || expression is ElementAccessExpressionSyntax || expression is ThisExpressionSyntax || expression is ParenthesizedExpressionSyntax
                ? expression
                : ParenthesizedExpression(expression);

        /// <summary>The CancellationToken to pass: the only one among the parameters and locals in scope, else null.</summary>
        public static string? TokenInScope(SemanticModel model, int position)
        {
            INamedTypeSymbol? tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            if (tokenType is null)
            {
                return null;
            }

            string? found = null;
            foreach (ISymbol symbol in model.LookupSymbols(position))
            {
                ITypeSymbol? type = symbol switch
                {
                    IParameterSymbol p => p.Type,
                    ILocalSymbol l => l.Type,
                    _ => null,
                };

                if (type != null && SymbolEqualityComparer.Default.Equals(type, tokenType))
                {
                    if (found != null)
                    {
                        return null; // ambiguous: let the author choose
                    }

                    found = symbol.Name;
                }
            }

            return found;
        }
    }
}
