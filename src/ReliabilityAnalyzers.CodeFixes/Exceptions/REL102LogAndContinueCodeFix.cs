using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL102: rethrow after logging. 'return null;' / 'continue;' / 'return;' after the log becomes 'throw;'; otherwise 'throw;' is appended.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL102LogAndContinueCodeFix))]
    public sealed class REL102LogAndContinueCodeFix : DocumentCodeFix
    {
        public const string RethrowKey = "REL102.Rethrow";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.LogAndContinue);

        protected override string EquivalenceKey => RethrowKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Rethrow after logging ('throw;')";

        // A rethrow changes behaviour: it is offered only where swallowing is not the design (RethrowPolicy: no callback
        // isolation, event handler, Try-style member, message building, finally or teardown) and strands no code (CS0162).
        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            FindCatch(root, diagnostic) is { } catchClause
            && await ModelAsync(document, cancellationToken).ConfigureAwait(false) is { } model
            && RethrowPolicy.CanOfferRethrow(catchClause, model, cancellationToken);

        private static CatchClauseSyntax? FindCatch(SyntaxNode root, Diagnostic diagnostic)
        {
            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            CatchClauseSyntax? catchClause = node as CatchClauseSyntax ?? node.FirstAncestorOrSelf<CatchClauseSyntax>();
            return catchClause is { Block.Statements.Count: > 0 } ? catchClause : null;
        }

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            SemanticModel? model = await ModelAsync(document, cancellationToken).ConfigureAwait(false);
            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(FindCatch(root, diagnostic) is { } catchClause) || model is null || !RethrowPolicy.CanOfferRethrow(catchClause, model, cancellationToken))
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
