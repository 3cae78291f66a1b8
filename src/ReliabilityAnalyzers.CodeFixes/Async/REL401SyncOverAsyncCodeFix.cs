using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ReliabilityAnalyzers.Async;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>
    /// REL401: <c>t.Result</c> → <c>(await t)</c>, <c>t.Wait();</c> → <c>await t;</c>,
    /// <c>x.GetAwaiter().GetResult()</c> → <c>await x</c>, <c>Task.WaitAll(...);</c> → <c>await Task.WhenAll(...);</c>,
    /// <c>Task.WaitAny(...);</c> → <c>await Task.WhenAny(...);</c>. Offered only where the analyzer found an await legal.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL401SyncOverAsyncCodeFix))]
    public sealed class REL401SyncOverAsyncCodeFix : DocumentCodeFix
    {
        public const string AwaitKey = "REL401.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SyncOverAsync);

        protected override string EquivalenceKey => AwaitKey;

        protected override string TitleFor(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(REL401SyncOverAsyncAnalyzer.KindProperty, out string? kind) && kind == nameof(BlockingKind.WaitAll)
                ? "Use 'await Task.WhenAll(...)'"
                : kind == nameof(BlockingKind.WaitAny) ? "Use 'await Task.WhenAny(...)'" : "Await the task";

        protected override Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(Find(root, diagnostic) != null);

        private static SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL401SyncOverAsyncAnalyzer.FixableProperty, out string? fixable) || fixable != "true"
                || !diagnostic.Properties.TryGetValue(REL401SyncOverAsyncAnalyzer.KindProperty, out string? kind))
            {
                return null;
            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            return kind == nameof(BlockingKind.Result)
                ? node as MemberAccessExpressionSyntax
                : node as InvocationExpressionSyntax;
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
                SyntaxNode? node = Find(root, diagnostic);
                diagnostic.Properties.TryGetValue(REL401SyncOverAsyncAnalyzer.KindProperty, out string? kind);
                if (node is null || kind is null)
                {
                    continue;
                }

                // Nested waits (a.Result.M(b.Result)) are rewritten inside-out by the editor: transform the current node.
                editor.ReplaceNode(node, (current, _) => Rewrite(current, kind, node.Parent) ?? current);
            }

            return editor.GetChangedDocument();
        }

        private static SyntaxNode? Rewrite(SyntaxNode current, string kind, SyntaxNode? originalParent)
        {
            ExpressionSyntax? awaited = null;
            switch (kind)
            {
                case nameof(BlockingKind.Result) when current is MemberAccessExpressionSyntax result:
                    awaited = result.Expression;
                    break;
                case nameof(BlockingKind.Wait) when current is InvocationExpressionSyntax wait && wait.Expression is MemberAccessExpressionSyntax waitTarget:
                    awaited = waitTarget.Expression;
                    break;
                case nameof(BlockingKind.GetResult) when current is InvocationExpressionSyntax getResult
                    && getResult.Expression is MemberAccessExpressionSyntax resultTarget
                    && resultTarget.Expression is InvocationExpressionSyntax getAwaiter
                    && getAwaiter.Expression is MemberAccessExpressionSyntax awaiterTarget:
                    awaited = awaiterTarget.Expression;
                    break;
                case nameof(BlockingKind.WaitAll) when current is InvocationExpressionSyntax all && all.Expression is MemberAccessExpressionSyntax allTarget:
                    awaited = all.WithExpression(allTarget.WithName(IdentifierName("WhenAll").WithTriviaFrom(allTarget.Name)));
                    break;
                case nameof(BlockingKind.WaitAny) when current is InvocationExpressionSyntax any && any.Expression is MemberAccessExpressionSyntax anyTarget:
                    awaited = any.WithExpression(anyTarget.WithName(IdentifierName("WhenAny").WithTriviaFrom(anyTarget.Name)));
                    break;
            }

            if (awaited is null)
            {
                return null;
            }

            ExpressionSyntax replacement = AwaitExpression(
                Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space),
                awaited.WithoutTrivia());
            if (NeedsParentheses(current, originalParent))
            {
                replacement = ParenthesizedExpression(replacement);
            }

            return replacement.WithTriviaFrom(current);
        }

        private static bool NeedsParentheses(SyntaxNode node, SyntaxNode? parent)
        {
            switch (parent)
            {
                case MemberAccessExpressionSyntax member:
                    return member.Expression.Span == node.Span || member.Expression.IsEquivalentTo(node);
                case ConditionalAccessExpressionSyntax conditional:
                    return conditional.Expression.Span == node.Span;
                case ElementAccessExpressionSyntax _:
                case InvocationExpressionSyntax _:
                case PostfixUnaryExpressionSyntax _:
                    return true;
                default:
                    return false;
            }
        }
    }
}
