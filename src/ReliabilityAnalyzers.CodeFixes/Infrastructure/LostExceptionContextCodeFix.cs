using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Shared by REL104 and REL124: 'throw ex;' becomes 'throw;' (and the catch drops 'ex' when nothing else uses it,
    /// so no CS0168); 'throw new X(msg)' gets the caught exception as inner.
    /// </summary>
    public abstract class LostExceptionContextCodeFix : CodeFixProvider
    {
        // One equivalence key per rule for both actions: each restores the context its finding lost, so Fix All (and
        // one 'dotnet format' pass) fixes both kinds together.
        protected abstract string KeepKey { get; }

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => context.CodeActionEquivalenceKey == KeepKey
                ? await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false)
                : document);

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                diagnostic.Properties.TryGetValue(REL104LostExceptionContextAnalyzer.KindProperty, out string? kind);
                if (kind == REL104LostExceptionContextAnalyzer.KindRethrow)
                {
                    if (FindRethrowStatement(root, diagnostic) != null)
                    {
                        context.RegisterCodeFix(
                            CodeAction.Create("Rethrow with 'throw;'", ct => ApplyAsync(context.Document, one, ct), KeepKey),
                            diagnostic);
                    }
                }
                else if (kind == REL104LostExceptionContextAnalyzer.KindWrap && PlanWrap(root, model, diagnostic, context.CancellationToken) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Pass the caught exception as inner exception", ct => ApplyAsync(context.Document, one, ct), KeepKey),
                        diagnostic);
                }
            }
        }

        private static ThrowStatementSyntax? FindRethrowStatement(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL104LostExceptionContextAnalyzer.CanRethrowProperty, out string? can) || can != "true")
            {
                return null;
            }

            // 'x ?? throw ex' is an expression: 'throw;' cannot stand there, so no fix is offered.
            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) as ThrowStatementSyntax;
        }

        private static bool IsUsedOutside(CatchClauseSyntax owner, ILocalSymbol local, List<ThrowStatementSyntax> replaced, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (IdentifierNameSyntax identifier in owner.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText != local.Name || replaced.Exists(t => t.Span.Contains(identifier.Span)))
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class WrapPlan
        {
            public WrapPlan(BaseObjectCreationExpressionSyntax creation, CatchClauseSyntax catchClause, string variable, string? parameterName)
            {
                Creation = creation;
                CatchClause = catchClause;
                Variable = variable;
                ParameterName = parameterName;
            }

            public BaseObjectCreationExpressionSyntax Creation { get; }

            public CatchClauseSyntax CatchClause { get; }

            public string Variable { get; }

            public string? ParameterName { get; }
        }

        private static WrapPlan? PlanWrap(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is BaseObjectCreationExpressionSyntax creation)
                || creation.ArgumentList is null
                || !(model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol constructor))
            {
                return null;
            }

            CatchClauseSyntax? catchClause = SyntaxHelpers.EnclosingCatch(creation, out _);
            INamedTypeSymbol? exceptionType = model.Compilation.GetTypeByMetadataName(KnownTypes.Exception);
            if (catchClause is null || exceptionType is null)
            {
                return null;
            }

            ITypeSymbol caughtType = catchClause.Declaration is { } declaration
                ? model.GetTypeInfo(declaration.Type, cancellationToken).Type ?? exceptionType
                : exceptionType;

            // Look for the same constructor plus one trailing parameter that accepts the caught exception.
            ImmutableArray<IParameterSymbol> current = constructor.Parameters;
            ISymbol? within = model.GetEnclosingSymbol(creation.SpanStart, cancellationToken);
            foreach (IMethodSymbol candidate in constructor.ContainingType.InstanceConstructors)
            {
                if (candidate.Parameters.Length != current.Length + 1 || (within != null && !model.Compilation.IsSymbolAccessibleWithin(candidate, within.ContainingType ?? (ISymbol)model.Compilation.Assembly)))
                {
                    continue;
                }

                bool same = true;
                for (int i = 0; i < current.Length && same; i++)
                {
                    same = SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, current[i].Type);
                }

                IParameterSymbol last = candidate.Parameters[current.Length];
                if (same && caughtType.InheritsFromOrEquals(last.Type as INamedTypeSymbol))
                {
                    bool named = false;
                    foreach (ArgumentSyntax argument in creation.ArgumentList.Arguments)
                    {
                        named |= argument.NameColon != null;
                    }

                    return new WrapPlan(creation, catchClause, CatchFixHelpers.ExceptionVariableName(catchClause, model), named ? last.Name : null);
                }
            }

            return null;
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var catchesToName = new Dictionary<CatchClauseSyntax, string>();

            var rethrows = new Dictionary<CatchClauseSyntax, List<ThrowStatementSyntax>>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                diagnostic.Properties.TryGetValue(REL104LostExceptionContextAnalyzer.KindProperty, out string? kind);
                if (kind == REL104LostExceptionContextAnalyzer.KindRethrow)
                {
                    if (FindRethrowStatement(root, diagnostic) is { } statement)
                    {
                        editor.ReplaceNode(statement, ThrowStatement().WithTriviaFrom(statement));
                        if (SyntaxHelpers.EnclosingCatch(statement, out _) is { } owner)
                        {
                            if (!rethrows.TryGetValue(owner, out List<ThrowStatementSyntax>? list))
                            {
                                rethrows[owner] = list = new List<ThrowStatementSyntax>();
                            }

                            list.Add(statement);
                        }
                    }

                    continue;
                }

                if (!(PlanWrap(root, model, diagnostic, cancellationToken) is { } plan))
                {
                    continue;
                }

                // All throws in one catch must use the same variable name.
                if (catchesToName.TryGetValue(plan.CatchClause, out string? existing))
                {
                    plan = new WrapPlan(plan.Creation, plan.CatchClause, existing, plan.ParameterName);
                }
                else
                {
                    catchesToName[plan.CatchClause] = plan.Variable;
                }

                ArgumentSyntax inner = Argument(IdentifierName(plan.Variable));
                if (plan.ParameterName != null)
                {
                    inner = inner.WithNameColon(NameColon(plan.ParameterName));
                }

                BaseObjectCreationExpressionSyntax creation = plan.Creation;
                editor.ReplaceNode(creation, creation.WithArgumentList(creation.ArgumentList!.AddArguments(inner)));
            }

            // 'throw ex;' -> 'throw;' can leave 'ex' unused (CS0168): drop the name when nothing else in the catch reads it.
            foreach (KeyValuePair<CatchClauseSyntax, List<ThrowStatementSyntax>> pair in rethrows)
            {
                CatchClauseSyntax owner = pair.Key;
                if (catchesToName.ContainsKey(owner) || !(owner.Declaration is { } declaration) || declaration.Identifier.IsKind(SyntaxKind.None)
                    || !(model.GetDeclaredSymbol(declaration, cancellationToken) is ILocalSymbol local)
                    || IsUsedOutside(owner, local, pair.Value, model, cancellationToken))
                {
                    continue;
                }

                editor.ReplaceNode(declaration, (current, _) =>
                {
                    var currentDeclaration = (CatchDeclarationSyntax)current;
                    return currentDeclaration
                        .WithType(currentDeclaration.Type.WithTrailingTrivia(SyntaxTriviaList.Empty))
                        .WithIdentifier(Token(SyntaxKind.None));
                });
            }

            foreach (KeyValuePair<CatchClauseSyntax, string> pair in catchesToName)
            {
                string name = pair.Value;
                editor.ReplaceNode(pair.Key, (current, _) => CatchFixHelpers.EnsureExceptionVariable((CatchClauseSyntax)current, name));
            }

            return editor.GetChangedDocument();
        }
    }
}
