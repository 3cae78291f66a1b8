using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Async;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>
    /// REL403: <c>Thread.Sleep(x);</c> → <c>await Task.Delay(x, token);</c> with the one obvious CancellationToken in
    /// scope (none when there is none or several), and <c>.ConfigureAwait(false)</c> when the file uses it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL403ThreadSleepInAsyncCodeFix))]
    public sealed class REL403ThreadSleepInAsyncCodeFix : DocumentCodeFix
    {
        public const string DelayKey = "REL403.TaskDelay";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ThreadSleepInAsync);

        protected override string EquivalenceKey => DelayKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Use 'await Task.Delay(...)'";

        protected override Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(Find(root, diagnostic) != null);

        private static InvocationExpressionSyntax? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL403ThreadSleepInAsyncAnalyzer.FixableProperty, out string? fixable) || fixable != "true")
            {
                return null;
            }

            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation
                && invocation.ArgumentList.Arguments.Count == 1
                && invocation.Parent is ExpressionStatementSyntax
                ? invocation
                : null;
        }

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            INamedTypeSymbol? tokenType = model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            bool configureAwait = AsyncContext.FileUsesConfigureAwaitFalse(root);
            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                InvocationExpressionSyntax? sleep = Find(root, diagnostic);
                if (sleep is null)
                {
                    continue;
                }

                string? token = AsyncContext.FindCancellationToken(sleep, model, tokenType, cancellationToken);
                ArgumentListSyntax arguments = ArgumentList(SingletonSeparatedList(sleep.ArgumentList.Arguments[0].WithoutTrivia()));
                if (token != null)
                {
                    arguments = arguments.AddArguments(Argument(IdentifierName(token)));
                }

                ExpressionSyntax delay = InvocationExpression(
                    MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        ParseExpression("System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation),
                        IdentifierName("Delay")),
                    arguments);
                if (configureAwait)
                {
                    delay = InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, delay, IdentifierName("ConfigureAwait")),
                        ArgumentList(SingletonSeparatedList(Argument(LiteralExpression(SyntaxKind.FalseLiteralExpression)))));
                }

                editor.ReplaceNode(sleep, AwaitExpression(Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(Space), delay).WithTriviaFrom(sleep));
            }

            return editor.GetChangedDocument();
        }
    }
}
