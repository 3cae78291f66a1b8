using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Async;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL404 (and REL407 through its subclass): <c>x.Read(args)</c> becomes <c>await x.ReadAsync(args, token)</c> when that compiles to the same type.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL404BlockingCallWithAsyncTwinCodeFix))]
    public class REL404BlockingCallWithAsyncTwinCodeFix : DocumentCodeFix
    {
        public const string AwaitTwinKey = "REL404.AwaitTwin";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingCallWithAsyncTwin);

        protected override string EquivalenceKey => AwaitTwinKey;

        protected override string TitleFor(Diagnostic diagnostic)
        {
            diagnostic.Properties.TryGetValue(REL404BlockingCallWithAsyncTwinAnalyzer.TwinProperty, out string? twin);
            return "Use 'await " + twin + "(...)'";
        }

        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            await ModelAsync(document, cancellationToken).ConfigureAwait(false) is { } model && Plan(root, model, diagnostic, false, cancellationToken) != null;

        private static (InvocationExpressionSyntax Original, ExpressionSyntax Replacement)? Plan(
            SyntaxNode root, SemanticModel model, Diagnostic diagnostic, bool configureAwaitFalse, CancellationToken cancellationToken)
        {
            diagnostic.Properties.TryGetValue(REL404BlockingCallWithAsyncTwinAnalyzer.TwinProperty, out string? twinName);
            diagnostic.Properties.TryGetValue(REL404BlockingCallWithAsyncTwinAnalyzer.ShapeProperty, out string? shape);
            diagnostic.Properties.TryGetValue(REL404BlockingCallWithAsyncTwinAnalyzer.TokenRequiredProperty, out string? tokenRequired);
            diagnostic.Properties.TryGetValue(REL404BlockingCallWithAsyncTwinAnalyzer.ParameterCountProperty, out string? parameterCount);
            if (twinName is null || (shape != nameof(TwinShape.Same) && shape != nameof(TwinShape.SamePlusToken)))
            {
                return null; // Memory-shaped twins need the buffer rewritten by hand
            }

            SyntaxNode? node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            InvocationExpressionSyntax? invocation = node as InvocationExpressionSyntax ?? node?.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocation is null || AsyncContext.IsInLock(invocation, AsyncContext.EnclosingFunction(invocation)))
            {
                return null;
            }

            ExpressionSyntax? renamed = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.WithName(Rename(access.Name, twinName)),
                SimpleNameSyntax name => Rename(name, twinName).WithTriviaFrom(name),
                _ => null, // x?.Read(): awaiting a conditional access is not the same code
            };

            if (renamed is null)
            {
                return null;
            }

            ArgumentListSyntax arguments = invocation.ArgumentList;
            if (shape == nameof(TwinShape.SamePlusToken))
            {
                string? token = AsyncContext.FindCancellationToken(invocation, model, model.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken"), default);
                if (token != null)
                {
                    if (arguments.Arguments.Any(a => a.NameColon != null))
                    {
                        return null;
                    }

                    arguments = arguments.AddArguments(Argument(IdentifierName(token)));
                }
                else if (tokenRequired == "true")
                {
                    return null;
                }
            }

            ExpressionSyntax call = InvocationExpression(renamed, arguments);
            ExpressionSyntax awaited = AwaitExpression(AsyncFixHelpers.WithConfigureAwait(call, configureAwaitFalse));

            // The fix is offered only when the new code binds to a method and keeps the expression's type.
            SymbolInfo symbol = model.GetSpeculativeSymbolInfo(invocation.SpanStart, call, SpeculativeBindingOption.BindAsExpression);
            ITypeSymbol? newType = model.GetSpeculativeTypeInfo(invocation.SpanStart, awaited, SpeculativeBindingOption.BindAsExpression).Type;
            ITypeSymbol? oldType = model.GetTypeInfo(invocation, cancellationToken).Type;
            if (!(symbol.Symbol is IMethodSymbol bound) || bound.Name != twinName || newType is null || oldType is null
                || (bound.ReducedFrom ?? bound).Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) != parameterCount
                || !SymbolEqualityComparer.IncludeNullability.Equals(newType, oldType) && !SymbolEqualityComparer.Default.Equals(newType, oldType))
            {
                return null;
            }

            ExpressionSyntax replacement = invocation.Parent is ExpressionStatementSyntax
                ? awaited
                : ParenthesizedExpression(awaited).WithAdditionalAnnotations(Simplifier.Annotation);
            return (invocation, replacement.WithTriviaFrom(invocation));
        }

        private static SimpleNameSyntax Rename(SimpleNameSyntax name, string twinName) =>
            name is GenericNameSyntax generic
                ? generic.WithIdentifier(Identifier(twinName).WithTriviaFrom(generic.Identifier))
                : IdentifierName(Identifier(twinName).WithTriviaFrom(name.Identifier));

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            bool configureAwaitFalse = AsyncContext.FileUsesConfigureAwaitFalse(root);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (Plan(root, model, diagnostic, configureAwaitFalse, cancellationToken) is { } plan && !replacements.ContainsKey(plan.Original))
                {
                    replacements.Add(plan.Original, plan.Replacement);
                }
            }

            // Nested blocking calls (a.Read(b.Read())): fix the outer one; the inner one stays for a second pass.
            var outermost = replacements.Keys.Where(k => !replacements.Keys.Any(o => o != k && o.Span.Contains(k.Span))).ToList();
            return document.WithSyntaxRoot(root.ReplaceNodes(outermost, (original, _) => replacements[original]));
        }
    }
}
