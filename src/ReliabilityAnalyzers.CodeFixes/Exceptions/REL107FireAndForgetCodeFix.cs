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
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL107: in async code, 'var t = FooAsync();' whose local is never read becomes 'await FooAsync();'.
    /// Dropped calls in synchronous code get no automatic fix: making the caller async changes its signature.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL107FireAndForgetCodeFix)), Shared]
    public sealed class REL107FireAndForgetCodeFix : CodeFixProvider
    {
        public const string AwaitKey = "REL107.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.FireAndForget);

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
                    CodeAction.Create("Await the task", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), AwaitKey),
                    diagnostic);
            }
        }

        private static LocalDeclarationStatementSyntax? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL107FireAndForgetAnalyzer.KindProperty, out string? kind) || kind != REL107FireAndForgetAnalyzer.KindLocal)
            {
                return null;
            }

            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is
                   { Initializer: { } initializer, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } }
                && statement.UsingKeyword.IsKind(SyntaxKind.None)
                && AsyncContext.IsInAsyncFunction(statement, out SyntaxNode? function)
                && !AsyncContext.IsInLock(statement, function)
                && initializer.Value != null
                ? statement
                : null;
        }

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

                ExpressionSyntax value = statement.Declaration.Variables[0].Initializer!.Value.WithoutTrivia();
                replacements.Add(
                    statement,
                    ExpressionStatement(AwaitExpression(AsyncFixHelpers.WithConfigureAwait(value, configureAwaitFalse))).WithTriviaFrom(statement));
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
