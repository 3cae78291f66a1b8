using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Resilience
{
    /// <summary>
    /// REL203: add a circuit breaker right after the retry, so it sits inside it.
    /// Polly v8: '.AddRetry(...)' gains '.AddCircuitBreaker(new CircuitBreakerStrategyOptions())' (the HTTP options on
    /// an HttpResponseMessage pipeline). HTTP policy handlers: the registration gains
    /// '.AddTransientHttpErrorPolicy(p => p.CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)))'.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL203RetryWithoutBreakerCodeFix))]
    public sealed class REL203RetryWithoutBreakerCodeFix : DocumentCodeFix
    {
        public const string AddBreakerKey = "REL203.AddCircuitBreaker";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.RetryWithoutBreaker);

        protected override string EquivalenceKey => AddBreakerKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Add a circuit breaker inside the retry";

        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            await ModelAsync(document, cancellationToken).ConfigureAwait(false) is { } model && Plan(root, model, diagnostic, cancellationToken) != null;

        private static (InvocationExpressionSyntax Old, ExpressionSyntax New)? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            diagnostic.Properties.TryGetValue(REL203RetryWithoutBreakerAnalyzer.KindProperty, out string? kind);
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } retry))
            {
                return null;
            }

            if (kind == REL203RetryWithoutBreakerAnalyzer.KindV8)
            {
                if (!(model.GetTypeInfo(retry, cancellationToken).Type is INamedTypeSymbol builder))
                {
                    return null;
                }

                string options = "global::Polly.CircuitBreaker.CircuitBreakerStrategyOptions";
                if (builder.IsGenericType && builder.TypeArguments.Length == 1)
                {
                    ITypeSymbol result = builder.TypeArguments[0];
                    options = result.ToDisplayString() == "System.Net.Http.HttpResponseMessage"
                        && model.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Http.Resilience.HttpCircuitBreakerStrategyOptions") != null
                            ? "global::Microsoft.Extensions.Http.Resilience.HttpCircuitBreakerStrategyOptions"
                            : options + "<" + result.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ">";
                }

                ExpressionSyntax added = ParseExpression("X.AddCircuitBreaker(new " + options + "())");
                return Append(retry, (InvocationExpressionSyntax)added, model, cancellationToken);
            }

            if (kind == REL203RetryWithoutBreakerAnalyzer.KindHttpHandler)
            {
                // The handler call that holds the retry.
                InvocationExpressionSyntax? handler = retry.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>(
                    n => model.GetSymbolInfo(n, cancellationToken).Symbol is IMethodSymbol m && ResilienceApis.IsFrom(m, ResilienceApis.HttpPollyAssembly));
                if (handler is null)
                {
                    return null;
                }

                ExpressionSyntax added = ParseExpression("X.AddTransientHttpErrorPolicy(p => p.CircuitBreakerAsync(5, global::System.TimeSpan.FromSeconds(30)))");
                return Append(handler, (InvocationExpressionSyntax)added, model, cancellationToken);
            }

            return null;
        }

        /// <summary>'target' becomes 'target.Method(args)' using the template 'X.Method(args)'; checked to bind.</summary>
        private static (InvocationExpressionSyntax, ExpressionSyntax)? Append(InvocationExpressionSyntax target, InvocationExpressionSyntax template, SemanticModel model, CancellationToken cancellationToken)
        {
            // Mark every qualified name of the template for simplification ('global::System.TimeSpan' -> 'TimeSpan').
            template = template.ReplaceNodes(
                template.DescendantNodes().Where(n => n is QualifiedNameSyntax || n is AliasQualifiedNameSyntax || (n is MemberAccessExpressionSyntax m && m.Expression is AliasQualifiedNameSyntax)),
                (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
            var access = (MemberAccessExpressionSyntax)template.Expression;
            InvocationExpressionSyntax replacement = template
                .WithExpression(access.WithExpression(target.WithoutTrailingTrivia()))
                .WithTrailingTrivia(target.GetTrailingTrivia());

            SymbolInfo info = model.GetSpeculativeSymbolInfo(target.SpanStart, replacement, SpeculativeBindingOption.BindAsExpression);
            if (!(info.Symbol is IMethodSymbol))
            {
                return null;
            }

            return (target, replacement);
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
