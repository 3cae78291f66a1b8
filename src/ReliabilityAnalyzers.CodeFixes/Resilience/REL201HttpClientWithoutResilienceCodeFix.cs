using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Resilience
{
    /// <summary>REL201: append '.AddStandardResilienceHandler()' to the registration's builder chain.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL201HttpClientWithoutResilienceCodeFix))]
    public sealed class REL201HttpClientWithoutResilienceCodeFix : DocumentCodeFix
    {
        public const string AddStandardHandlerKey = "REL201.AddStandardResilienceHandler";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.HttpClientWithoutResilience);

        protected override string EquivalenceKey => AddStandardHandlerKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Add '.AddStandardResilienceHandler()'";

        protected override Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(CanFix(diagnostic) && FindChainEnd(root, diagnostic) != null);

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

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
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
