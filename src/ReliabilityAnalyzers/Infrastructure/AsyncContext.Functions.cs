using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Syntax-only questions about the function that holds a node (which body, is it async, is it under an "async"
    /// flag or a lock). The semantic classification lives in AsyncContext.cs.
    /// </summary>
    internal static partial class AsyncContext
    {
        /// <summary>
        /// The innermost function (method, local function, lambda, anonymous method, accessor, constructor) whose body
        /// holds <paramref name="node"/>, or null at top level or in field initializers.
        /// </summary>
        public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                        return current;
                    case GlobalStatementSyntax _:
                    case TypeDeclarationSyntax _:
                    case FieldDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>True when the function carries the <c>async</c> modifier.</summary>
        public static bool IsAsync(SyntaxNode? function)
        {
            switch (function)
            {
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                default:
                    return false;
            }
        }

        /// <summary>True when <paramref name="node"/> runs directly in the body of an async function.</summary>
        public static bool IsInAsyncFunction(SyntaxNode node, out SyntaxNode? function)
        {
            function = EnclosingFunction(node);
            return IsAsync(function);
        }

        /// <summary>
        /// The "async flag" dual path of high-performance libraries: <c>if (async) await x.ReadAsync(); else x.Read();</c>.
        /// True when the node sits under a condition that tests a bool parameter named like <c>async</c>.
        /// </summary>
        public static bool IsUnderAsyncFlag(SyntaxNode node, SyntaxNode function)
        {
            for (SyntaxNode? current = node.Parent; current != null && current != function; current = current.Parent)
            {
                ExpressionSyntax? condition = current switch
                {
                    IfStatementSyntax s => s.Condition,
                    ConditionalExpressionSyntax c => c.Condition,
                    _ => null,
                };

                if (condition != null && !condition.Span.Contains(node.Span) && MentionsAsyncFlag(condition))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsAsyncFlag(ExpressionSyntax condition)
        {
            foreach (SyntaxNode n in condition.DescendantNodesAndSelf())
            {
                // ioBehavior == IOBehavior.Asynchronous: the same dual path keyed on an enum (MySqlConnector).
                if (n is MemberAccessExpressionSyntax member
                    && (member.Name.Identifier.ValueText == "Asynchronous" || member.Name.Identifier.ValueText == "Synchronous"))
                {
                    return true;
                }

                if (n is IdentifierNameSyntax id)
                {
                    string name = id.Identifier.ValueText;
                    if (IsAsyncFlagName(name) || IsSyncFlagName(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>True inside a <c>lock</c> statement of the same function, where <c>await</c> is not allowed.</summary>
        public static bool IsInLock(SyntaxNode node, SyntaxNode? function)
        {
            for (SyntaxNode? current = node.Parent; current != null && current != function; current = current.Parent)
            {
                if (current is LockStatementSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
