using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Resilience
{
    /// <summary>
    /// REL202: bound the retry at 3 attempts — 'WaitAndRetryForeverAsync(f)' becomes 'WaitAndRetryAsync(3, f)',
    /// 'RetryForever()' becomes 'Retry(3)', and an int.MaxValue retry count becomes 3. Offered only when the bounded
    /// call binds. Hand-written loops have no automatic fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL202UnboundedRetryCodeFix))]
    public sealed class REL202UnboundedRetryCodeFix : DocumentCodeFix
    {
        public const string BoundRetryKey = "REL202.BoundRetry";

        /// <summary>The documented default: Polly v8's own default attempt count.</summary>
        public const int DefaultAttempts = 3;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.UnboundedRetry);

        protected override string EquivalenceKey => BoundRetryKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Bound the retry at " + DefaultAttempts + " attempts";

        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            await ModelAsync(document, cancellationToken).ConfigureAwait(false) is { } model && Plan(root, model, diagnostic, cancellationToken) != null;

        private static (SyntaxNode Old, SyntaxNode New)? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(REL202UnboundedRetryAnalyzer.KindProperty, out string? kind))
            {
                return null;
            }

            SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node is null)
            {
                return null;
            }

            LiteralExpressionSyntax three = LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(DefaultAttempts));
            if (kind == REL202UnboundedRetryAnalyzer.KindMaxValue)
            {
                foreach (SyntaxNode candidate in node.DescendantNodesAndSelf())
                {
                    if (candidate is MemberAccessExpressionSyntax member && member.Name.Identifier.ValueText == "MaxValue"
                        && model.GetConstantValue(member, cancellationToken) is { HasValue: true, Value: int i } && i == int.MaxValue)
                    {
                        return (member, three.WithTriviaFrom(member));
                    }
                }

                return null;
            }

            if (kind != REL202UnboundedRetryAnalyzer.KindForever
                || !(node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation)
                || !(invocation.Expression is MemberAccessExpressionSyntax access))
            {
                return null;
            }

            string name = access.Name.Identifier.ValueText;
            string bounded = name.Replace("Forever", string.Empty);
            if (bounded == name)
            {
                return null;
            }

            SimpleNameSyntax newName = access.Name is GenericNameSyntax generic
                ? generic.WithIdentifier(Identifier(bounded))
                : (SimpleNameSyntax)IdentifierName(bounded);
            InvocationExpressionSyntax replacement = invocation
                .WithExpression(access.WithName(newName.WithTriviaFrom(access.Name)))
                .WithArgumentList(invocation.ArgumentList.WithArguments(invocation.ArgumentList.Arguments.Insert(0, Argument(three))));

            // Offer the fix only when the bounded overload exists for these arguments.
            SymbolInfo info = model.GetSpeculativeSymbolInfo(invocation.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
            if (!(info.Symbol is IMethodSymbol method) || method.Name != bounded)
            {
                return null;
            }

            return (invocation, replacement);
        }

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (Plan(root, model, diagnostic, cancellationToken) is { } plan)
                {
                    editor.ReplaceNode(plan.Old, plan.New);
                }
            }

            return editor.GetChangedDocument();
        }
    }
}
