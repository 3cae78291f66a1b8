using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Async;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL401: await the task instead of blocking on it.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL401SyncOverAsyncCodeFix)), Shared]
    public sealed class REL401SyncOverAsyncCodeFix : CodeFixProvider
    {
        public const string AwaitKey = "REL401.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.SyncOverAsync);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (Rewrite(root, model, diagnostic, configureAwaitFalse: false) is null)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(CodeAction.Create("Await the task", ct => ApplyAsync(context.Document, one, ct), AwaitKey), diagnostic);
            }
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            bool configureAwaitFalse = AsyncFixHelpers.FileUsesConfigureAwaitFalse(root);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (Rewrite(root, model, diagnostic, configureAwaitFalse) is { } pair && !replacements.ContainsKey(pair.Key))
                {
                    replacements.Add(pair.Key, pair.Value);
                }
            }

            // Nested sites (a .Result inside another's receiver) are rewritten by the outer one's next pass of Fix All.
            var outermost = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (KeyValuePair<SyntaxNode, SyntaxNode> pair in replacements)
            {
                bool nested = false;
                foreach (SyntaxNode other in replacements.Keys)
                {
                    nested |= other != pair.Key && other.Span.Contains(pair.Key.Span);
                }

                if (!nested)
                {
                    outermost.Add(pair.Key, pair.Value);
                }
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(outermost.Keys, (original, _) => outermost[original]));
        }

        private static KeyValuePair<SyntaxNode, SyntaxNode>? Rewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, bool configureAwaitFalse)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (AsyncContext.IsInLock(node, AsyncContext.EnclosingFunction(node)))
            {
                return null; // 'await' is not allowed inside lock
            }

            diagnostic.Properties.TryGetValue(REL401SyncOverAsyncAnalyzer.KindProperty, out string? kind);
            switch (kind)
            {
                case nameof(BlockingKind.Result) when node is MemberAccessExpressionSyntax result:
                    return Pair(result, Await(result.Expression, configureAwaitFalse));

                case nameof(BlockingKind.GetResult) when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter } } } getResult:
                    return Pair(getResult, Await(getAwaiter.Expression, configureAwaitFalse));

                case nameof(BlockingKind.Wait) when node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax wait, Parent: ExpressionStatementSyntax } waitCall:
                    return Pair(waitCall, AwaitExpression(AsyncFixHelpers.WithConfigureAwait(wait.Expression.WithoutTrivia(), configureAwaitFalse)).WithTriviaFrom(waitCall));

                case nameof(BlockingKind.WaitAll) when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax all, Parent: ExpressionStatementSyntax } waitAll
                    && OnlyTasks(model, waitAll):
                    return Pair(waitAll, WhenX(waitAll, all, "WhenAll", configureAwaitFalse));

                case nameof(BlockingKind.WaitAny) when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax any, Parent: ExpressionStatementSyntax } waitAny
                    && OnlyTasks(model, waitAny):
                    return Pair(waitAny, WhenX(waitAny, any, "WhenAny", configureAwaitFalse));
            }

            return null;
        }

        private static KeyValuePair<SyntaxNode, SyntaxNode> Pair(SyntaxNode from, SyntaxNode to) => new KeyValuePair<SyntaxNode, SyntaxNode>(from, to);

        private static ExpressionSyntax Await(ExpressionSyntax task, bool configureAwaitFalse) =>
            ParenthesizedExpression(AwaitExpression(AsyncFixHelpers.WithConfigureAwait(task.WithoutTrivia(), configureAwaitFalse)))
                .WithTriviaFrom(task)
                .WithAdditionalAnnotations(Simplifier.Annotation);

        // Only the plain forms WaitAll(params Task[]) / WaitAll(IEnumerable<Task>): a timeout or token changes the meaning.
        private static bool OnlyTasks(SemanticModel model, InvocationExpressionSyntax call) =>
            model.GetSymbolInfo(call).Symbol is IMethodSymbol { Parameters.Length: 1 } method
            && (method.Parameters[0].Type is IArrayTypeSymbol || method.Parameters[0].Type.Name == "IEnumerable");

        private static ExpressionSyntax WhenX(InvocationExpressionSyntax call, MemberAccessExpressionSyntax access, string name, bool configureAwaitFalse)
        {
            InvocationExpressionSyntax when = call.WithExpression(access.WithName(IdentifierName(name)));
            return AwaitExpression(AsyncFixHelpers.WithConfigureAwait(when.WithoutTrivia(), configureAwaitFalse)).WithTriviaFrom(call);
        }
    }
}
