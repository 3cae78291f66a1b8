using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// The shape most fixes share: one code action per diagnostic that edits its document. The single fix and Fix All run
    /// the same <see cref="ApplyAsync"/>, and a diagnostic is offered a fix only when <see cref="CanFixAsync"/> finds one
    /// that compiles.
    /// </summary>
    public abstract class DocumentCodeFix : CodeFixProvider
    {
        protected abstract string EquivalenceKey { get; }

        protected abstract string TitleFor(Diagnostic diagnostic);

        /// <summary>Whether <see cref="ApplyAsync"/> can fix <paramref name="diagnostic"/> (the same checks it makes).</summary>
        protected abstract Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken);

        /// <summary>Fixes every diagnostic it can in one document; the others are left as they are.</summary>
        protected abstract Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (await CanFixAsync(context.Document, root, diagnostic, context.CancellationToken).ConfigureAwait(false))
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(TitleFor(diagnostic), ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        /// <summary>The semantic model, for fixes that need one to decide.</summary>
        protected static async Task<SemanticModel?> ModelAsync(Document document, CancellationToken cancellationToken) =>
            await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
    }
}
