using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL105: adds 'when (ex is not OperationCanceledException)' to the catch-all (combined with an existing filter).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL105CatchAllSwallowsCancellationCodeFix))]
    public sealed class REL105CatchAllSwallowsCancellationCodeFix : DocumentCodeFix
    {
        public const string FilterKey = "REL105.ExcludeCancellation";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.CatchAllSwallowsCancellation);

        protected override string EquivalenceKey => FilterKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Let OperationCanceledException through ('when (ex is not OperationCanceledException)')";

        protected override Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            Task.FromResult(FindCatch(root, diagnostic) != null);

        private static CatchClauseSyntax? FindCatch(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>();

        private static bool NameInScope(SemanticModel model, int position)
        {
            INamedTypeSymbol? type = model.Compilation.GetTypeByMetadataName(KnownTypes.OperationCanceledException);
            foreach (ISymbol symbol in model.LookupNamespacesAndTypes(position, name: "OperationCanceledException"))
            {
                return SymbolEqualityComparer.Default.Equals(symbol, type);
            }

            return false;
        }

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            bool notPatterns = root.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp9 };
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(FindCatch(root, diagnostic) is { } catchClause) || replacements.ContainsKey(catchClause))
                {
                    continue;
                }

                string name = CatchFixHelpers.ExceptionVariableName(catchClause, model);
                CatchClauseSyntax updated = CatchFixHelpers.EnsureExceptionVariable(catchClause, name);
                // Parsed rather than built, so the tree matches what the parser makes of the same text (a constant pattern).
                string typeName = NameInScope(model, catchClause.SpanStart) ? "OperationCanceledException" : "System.OperationCanceledException";
                ExpressionSyntax notCanceled = ParseExpression(notPatterns
                    ? name + " is not " + typeName
                    : "!(" + name + " is " + typeName + ")");

                if (updated.Filter is { } filter)
                {
                    ExpressionSyntax existing = filter.FilterExpression;
                    if (existing is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } || existing is ConditionalExpressionSyntax || existing is AssignmentExpressionSyntax)
                    {
                        existing = ParenthesizedExpression(existing);
                    }

                    updated = updated.WithFilter(filter.WithFilterExpression(BinaryExpression(SyntaxKind.LogicalAndExpression, notCanceled, existing)));
                }
                else
                {
                    CatchDeclarationSyntax declaration = updated.Declaration!;
                    CatchFilterClauseSyntax newFilter = CatchFilterClause(notCanceled).WithTrailingTrivia(declaration.GetTrailingTrivia());
                    updated = updated.WithDeclaration(declaration.WithTrailingTrivia(Space)).WithFilter(newFilter);
                }

                replacements.Add(catchClause, updated.WithAdditionalAnnotations(Formatter.Annotation));
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }
    }
}
