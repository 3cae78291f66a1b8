using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// The shape most fixes share: each diagnostic maps to one node that is rewritten from syntax alone. The single fix
    /// and Fix All run the same code, every node is rewritten once, and a diagnostic whose node cannot be rewritten into
    /// code that compiles gets no fix.
    /// </summary>
    public abstract class SyntaxRewriteCodeFix : CodeFixProvider
    {
        protected abstract string Title { get; }

        protected abstract string EquivalenceKey { get; }

        /// <summary>The node to rewrite for <paramref name="diagnostic"/>, or null when no compiling fix exists.</summary>
        protected abstract SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic);

        protected abstract SyntaxNode Rewrite(SyntaxNode node, RewriteContext context);

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
                if (Find(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var context = new RewriteContext(root);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (Find(root, diagnostic) is { } node && !replacements.ContainsKey(node))
                {
                    replacements.Add(node, Rewrite(node, context));
                }
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }

    /// <summary>Facts about the document a rewrite may need, computed once per document.</summary>
    public sealed class RewriteContext
    {
        private bool? _configureAwaitFalse;

        internal RewriteContext(SyntaxNode root)
        {
            Root = root;
        }

        public SyntaxNode Root { get; }

        /// <summary>True when the file already awaits with ConfigureAwait(false): added awaits follow that convention.</summary>
        public bool ConfigureAwaitFalse => _configureAwaitFalse ??= AsyncContext.FileUsesConfigureAwaitFalse(Root);
    }
}
