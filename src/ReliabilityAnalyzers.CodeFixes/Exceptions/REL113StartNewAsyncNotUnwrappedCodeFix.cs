using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL113: 'Task.Factory.StartNew(async ...)' becomes 'Task.Factory.StartNew(async ...).Unwrap()'. Not offered where the
    /// await of the result is used as a value (unwrapping changes what the await yields).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL113StartNewAsyncNotUnwrappedCodeFix))]
    public sealed class REL113StartNewAsyncNotUnwrappedCodeFix : SyntaxRewriteCodeFix
    {
        public const string UnwrapKey = "REL113.Unwrap";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.StartNewAsyncNotUnwrapped);

        protected override string Title => "Unwrap the task returned by StartNew";

        protected override string EquivalenceKey => UnwrapKey;

        protected override SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            InvocationExpressionSyntax? invocation = node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (!(invocation?.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "StartNew" }))
            {
                return null;
            }

            SyntaxNode? parent = invocation.Parent;
            while (parent is ParenthesizedExpressionSyntax)
            {
                parent = parent.Parent;
            }

            if (parent is AwaitExpressionSyntax awaitExpression)
            {
                SyntaxNode? above = awaitExpression.Parent;
                while (above is ParenthesizedExpressionSyntax)
                {
                    above = above.Parent;
                }

                if (!(above is ExpressionStatementSyntax))
                {
                    return null;
                }
            }

            return invocation;
        }

        protected override SyntaxNode Rewrite(SyntaxNode node, RewriteContext context)
        {
            var invocation = (InvocationExpressionSyntax)node;
            InvocationExpressionSyntax unwrapped = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, invocation.WithoutTrivia(), IdentifierName("Unwrap")));
            return unwrapped.WithTriviaFrom(invocation);
        }
    }
}
