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
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL403: Thread.Sleep(x) becomes await Task.Delay(x, token).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL403ThreadSleepInAsyncCodeFix)), Shared]
    public sealed class REL403ThreadSleepInAsyncCodeFix : CodeFixProvider
    {
        public const string DelayKey = "REL403.AwaitDelay";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ThreadSleepInAsync);

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
                if (FindSleep(root, diagnostic) is null)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(CodeAction.Create("Use 'await Task.Delay(...)'", ct => ApplyAsync(context.Document, one, ct), DelayKey), diagnostic);
            }
        }

        private static InvocationExpressionSyntax? FindSleep(SyntaxNode root, Diagnostic diagnostic)
        {
            // Only a statement 'Thread.Sleep(x);' outside lock can become 'await Task.Delay(x);'.
            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax { Parent: ExpressionStatementSyntax, ArgumentList.Arguments.Count: 1 } sleep
                && !AsyncContext.IsInLock(sleep, AsyncContext.EnclosingFunction(sleep))
                ? sleep
                : null;
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
                if (!(FindSleep(root, diagnostic) is { } sleep) || replacements.ContainsKey(sleep))
                {
                    continue;
                }

                var arguments = new List<ArgumentSyntax> { sleep.ArgumentList.Arguments[0].WithNameColon(null) };
                if (AsyncFixHelpers.TokenInScope(model, sleep.SpanStart) is { } token)
                {
                    arguments.Add(Argument(IdentifierName(token)));
                }

                ExpressionSyntax delay = InvocationExpression(
                    MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        ParseTypeName("System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation),
                        IdentifierName("Delay")),
                    ArgumentList(SeparatedList(arguments)));
                replacements.Add(sleep, AwaitExpression(AsyncFixHelpers.WithConfigureAwait(delay, configureAwaitFalse)).WithTriviaFrom(sleep));
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
