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
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL108: in async code, '_ = FooAsync();' becomes 'await FooAsync();'. Not offered in synchronous code.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL108DiscardedTaskCodeFix)), Shared]
    public sealed class REL108DiscardedTaskCodeFix : CodeFixProvider
    {
        public const string AwaitKey = "REL108.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.DiscardedTask);

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
                if (Find(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Await the task instead of discarding it", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), AwaitKey),
                    diagnostic);
            }
        }

        private static ExpressionStatementSyntax? Find(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } } statement
            && AsyncContext.IsInAsyncFunction(statement, out SyntaxNode? function)
            && !AsyncContext.IsInLock(statement, function)
                ? statement
                : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            bool configureAwaitFalse = AsyncContext.FileUsesConfigureAwaitFalse(root);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(Find(root, diagnostic) is { } statement) || replacements.ContainsKey(statement))
                {
                    continue;
                }

                ExpressionSyntax value = ((AssignmentExpressionSyntax)statement.Expression).Right.WithoutTrivia();
                replacements.Add(
                    statement,
                    statement.WithExpression(AwaitExpression(AsyncFixHelpers.WithConfigureAwait(value, configureAwaitFalse))));
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
