using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Shared pieces of the "make it await" fixes.</summary>
    internal static class AsyncFixHelpers
    {
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
    }
}
