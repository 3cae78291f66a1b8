using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL106: 'async void M()' becomes 'async Task M()'; calls of M that are statements in async code of the same document get
    /// 'await'. Not offered for lambdas, overrides, interface implementations, or when M is used anywhere as a method group
    /// (a void-returning delegate would no longer accept it).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL106AsyncVoidCodeFix))]
    public sealed class REL106AsyncVoidCodeFix : DocumentCodeFix
    {
        public const string ReturnTaskKey = "REL106.ReturnTask";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AsyncVoid);

        protected override string EquivalenceKey => ReturnTaskKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Return Task instead of void";

        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) != null;

        private sealed class Plan
        {
            public Plan(SyntaxNode declaration, TypeSyntax returnType, List<InvocationExpressionSyntax> callsToAwait, List<InvocationExpressionSyntax> callsToDiscard)
            {
                Declaration = declaration;
                ReturnType = returnType;
                CallsToAwait = callsToAwait;
                CallsToDiscard = callsToDiscard;
            }

            /// <summary>Statement calls where 'await' cannot go (sync code, inside a lock): '_ =' keeps today's fire-and-forget and adds no CS4014.</summary>
            public List<InvocationExpressionSyntax> CallsToDiscard { get; }

            public SyntaxNode Declaration { get; }

            public TypeSyntax ReturnType { get; }

            public List<InvocationExpressionSyntax> CallsToAwait { get; }
        }

        private static async Task<Plan?> PlanAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(REL106AsyncVoidAnalyzer.KindProperty, out string? kind) || kind != REL106AsyncVoidAnalyzer.KindMethod)
            {
                return null;
            }

            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            SyntaxNode? declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            TypeSyntax? returnType = declaration switch
            {
                MethodDeclarationSyntax m => m.ReturnType,
                LocalFunctionStatementSyntax l => l.ReturnType,
                _ => null,
            };

            if (declaration is null || returnType is null || !(model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol method)
                || method.IsOverride || method.IsVirtual || method.IsAbstract || !method.ExplicitInterfaceImplementations.IsEmpty || ImplementsInterface(method)
                || (declaration is MethodDeclarationSyntax { Modifiers: var modifiers } && modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                return null;
            }

            // Every reference must be a call: a method group converted to a void-returning delegate would stop compiling.
            var calls = new List<InvocationExpressionSyntax>();
            var discards = new List<InvocationExpressionSyntax>();
            IEnumerable<ReferencedSymbol> references = await SymbolFinder.FindReferencesAsync(method, document.Project.Solution, cancellationToken).ConfigureAwait(false);
            foreach (ReferencedSymbol referenced in references)
            {
                foreach (ReferenceLocation location in referenced.Locations)
                {
                    SyntaxNode? node = (await location.Location.SourceTree!.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    SyntaxNode? callee = node?.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node;
                    if (!(callee?.Parent is InvocationExpressionSyntax invocation) || invocation.Expression != callee)
                    {
                        return null;
                    }

                    if (location.Document.Id != document.Id)
                    {
                        continue;
                    }

                    bool statement = invocation.Parent is ExpressionStatementSyntax || invocation.Parent is ArrowExpressionClauseSyntax
                        || (invocation.Parent is AnonymousFunctionExpressionSyntax lambda && lambda.Body == invocation);
                    if (!statement)
                    {
                        continue;
                    }

                    if (invocation.Parent is ExpressionStatementSyntax
                        && AsyncContext.IsInAsyncFunction(invocation, out SyntaxNode? function) && !AsyncContext.IsInLock(invocation, function))
                    {
                        calls.Add(invocation);
                    }
                    else
                    {
                        discards.Add(invocation);
                    }
                }
            }

            return new Plan(declaration, returnType, calls, discards);
        }

        private static bool ImplementsInterface(IMethodSymbol method)
        {
            if (method.ContainingType is null || method.MethodKind != MethodKind.Ordinary)
            {
                return false;
            }

            foreach (INamedTypeSymbol @interface in method.ContainingType.AllInterfaces)
            {
                foreach (ISymbol member in @interface.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        protected override async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var plans = new List<Plan>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (await PlanAsync(document, diagnostic, cancellationToken).ConfigureAwait(false) is { } plan)
                {
                    plans.Add(plan);
                }
            }

            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || plans.Count == 0)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Plan plan in plans)
            {
                if (!replacements.ContainsKey(plan.ReturnType))
                {
                    replacements.Add(
                        plan.ReturnType,
                        ParseTypeName("System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation).WithTriviaFrom(plan.ReturnType));
                }

                foreach (InvocationExpressionSyntax call in plan.CallsToAwait)
                {
                    if (!replacements.ContainsKey(call))
                    {
                        replacements.Add(call, AwaitExpression(call.WithoutLeadingTrivia()).WithLeadingTrivia(call.GetLeadingTrivia()));
                    }
                }

                foreach (InvocationExpressionSyntax call in plan.CallsToDiscard)
                {
                    if (!replacements.ContainsKey(call))
                    {
                        replacements.Add(
                            call,
                            AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("_"), call.WithoutTrivia()).WithTriviaFrom(call));
                    }
                }
            }

            // Calls never contain return types of other planned methods, so no replaced node nests inside another.
            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, rewritten) => replacements[original]));
        }
    }
}
