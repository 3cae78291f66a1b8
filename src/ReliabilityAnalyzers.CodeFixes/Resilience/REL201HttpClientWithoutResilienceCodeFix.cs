using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Resilience
{
    /// <summary>REL201: append '.AddStandardResilienceHandler()' to the registration's builder chain.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL201HttpClientWithoutResilienceCodeFix)), Shared]
    public sealed class REL201HttpClientWithoutResilienceCodeFix : CodeFixProvider
    {
        public const string AddStandardHandlerKey = "REL201.AddStandardResilienceHandler";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.HttpClientWithoutResilience);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!CanFix(diagnostic) || FindChainEnd(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Add '.AddStandardResilienceHandler()'",
                        ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        AddStandardHandlerKey),
                    diagnostic);
            }
        }

        private static bool CanFix(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(REL201HttpClientWithoutResilienceAnalyzer.CanAddStandardHandlerProperty, out string? can) && can == "true";

        /// <summary>The outermost invocation of the fluent chain that starts at the reported registration.</summary>
        private static ExpressionSyntax? FindChainEnd(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            InvocationExpressionSyntax? invocation = node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null)
            {
                return null;
            }

            ExpressionSyntax current = invocation;
            while (current.Parent is MemberAccessExpressionSyntax member && member.Expression == current
                && member.Parent is InvocationExpressionSyntax next)
            {
                current = next;
            }

            return current.Parent is ExpressionStatementSyntax ? current : null;
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!CanFix(diagnostic) || !(FindChainEnd(root, diagnostic) is { } end))
                {
                    continue;
                }

                ExpressionSyntax receiver = end.WithoutTrailingTrivia();
                SyntaxTriviaList trailing = end.GetTrailingTrivia();
                InvocationExpressionSyntax added = InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName("AddStandardResilienceHandler")))
                    .WithTrailingTrivia(trailing);
                editor.ReplaceNode(end, added);
            }

            return editor.GetChangedDocument();
        }
    }
}
