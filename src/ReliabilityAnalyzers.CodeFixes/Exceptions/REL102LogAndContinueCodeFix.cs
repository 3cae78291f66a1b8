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
using Microsoft.CodeAnalysis.Formatting;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL102: rethrow after logging. 'return null;' / 'continue;' / 'return;' after the log becomes 'throw;'; otherwise 'throw;' is appended.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL102LogAndContinueCodeFix)), Shared]
    public sealed class REL102LogAndContinueCodeFix : CodeFixProvider
    {
        public const string RethrowKey = "REL102.Rethrow";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.LogAndContinue);

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
                if (FindCatch(root, diagnostic) is null)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create("Rethrow after logging ('throw;')", ct => ApplyAsync(context.Document, one, ct), RethrowKey),
                    diagnostic);
            }
        }

        private static CatchClauseSyntax? FindCatch(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            CatchClauseSyntax? catchClause = node as CatchClauseSyntax ?? node.FirstAncestorOrSelf<CatchClauseSyntax>();
            return catchClause is { Block.Statements.Count: > 0 } ? catchClause : null;
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
                if (!(FindCatch(root, diagnostic) is { } catchClause))
                {
                    continue;
                }

                bool endsWithExit = diagnostic.Properties.TryGetValue(REL102LogAndContinueAnalyzer.EndsWithExitProperty, out string? exit) && exit == "true";
                SyntaxList<StatementSyntax> statements = catchClause.Block.Statements;
                StatementSyntax last = statements[statements.Count - 1];
                if (endsWithExit)
                {
                    editor.ReplaceNode(last, ThrowStatement().WithTriviaFrom(last));
                }
                else
                {
                    editor.InsertAfter(last, ThrowStatement().WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            return editor.GetChangedDocument();
        }
    }
}
