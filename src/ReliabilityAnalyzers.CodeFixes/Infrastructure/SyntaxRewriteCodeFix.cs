using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// A <see cref="DocumentCodeFix"/> whose diagnostics each map to one node rewritten from syntax alone; every node is
    /// rewritten once, however many diagnostics point at it.
    /// </summary>
    public abstract class SyntaxRewriteCodeFix : DocumentCodeFix
    {
        protected abstract string Title { get; }

        /// <summary>The node to rewrite for <paramref name="diagnostic"/>, or null when no compiling fix exists.</summary>
        protected abstract SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic);

        protected abstract SyntaxNode Rewrite(SyntaxNode node, RewriteContext context);

        protected sealed override string TitleFor(Diagnostic diagnostic) => Title;

        protected sealed override Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(Find(root, diagnostic) != null);

        protected sealed override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
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
