using System.Collections.Generic;
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
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL103: pass the caught exception to the logger: LogX(message, args) becomes LogX(ex, message, args);
    /// Log(level, message) becomes Log(level, ex, message); Serilog/NLog Error(template) becomes Error(ex, template);
    /// log4net Error(message) becomes Error(message, ex); a project's own Warn(message, Exception? ex = null) becomes
    /// Warn(message, ex). Offered only when that overload or optional parameter exists.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL103LogWithoutExceptionCodeFix))]
    public class REL103LogWithoutExceptionCodeFix : DocumentCodeFix
    {
        public const string PassExceptionKey = "REL103.PassException";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.LogWithoutException);

        protected override string EquivalenceKey => PassExceptionKey;

        protected override string TitleFor(Diagnostic diagnostic) => "Pass the caught exception to the logger";

        protected override async Task<bool> CanFixAsync(Document document, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken) =>
            await ModelAsync(document, cancellationToken).ConfigureAwait(false) is { } model && Plan(root, model, diagnostic, cancellationToken) != null;

        private sealed class FixPlan
        {
            public FixPlan(InvocationExpressionSyntax invocation, CatchClauseSyntax catchClause, int argumentIndex)
            {
                Invocation = invocation;
                CatchClause = catchClause;
                ArgumentIndex = argumentIndex;
            }

            public InvocationExpressionSyntax Invocation { get; }

            public CatchClauseSyntax CatchClause { get; }

            /// <summary>Where the exception argument goes in the argument list.</summary>
            public int ArgumentIndex { get; }
        }

        private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is InvocationExpressionSyntax invocation))
            {
                return null;
            }

            CatchClauseSyntax? catchClause = SyntaxHelpers.EnclosingCatch(invocation, out _);
            if (catchClause is null)
            {
                return null;
            }

            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                if (argument.NameColon != null)
                {
                    return null; // named arguments: leave the call to a human
                }
            }

            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method))
            {
                return null;
            }

            INamedTypeSymbol? exceptionType = model.Compilation.GetTypeByMetadataName("System.Exception");

            // A project's own logger: 'Warn(string message, Exception? ex = null)' takes it as the next, optional, argument.
            int supplied = invocation.ArgumentList.Arguments.Count;
            if (supplied < method.Parameters.Length && method.Parameters[supplied] is { IsOptional: true } next
                && SymbolEqualityComparer.Default.Equals(next.Type, exceptionType))
            {
                return new FixPlan(invocation, catchClause, supplied);
            }

            int messageIndex = -1;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                string name = method.Parameters[i].Name;
                if (name == "message" || name == "messageTemplate")
                {
                    messageIndex = i;
                    break;
                }
            }

            if (messageIndex < 0 || messageIndex > invocation.ArgumentList.Arguments.Count)
            {
                return null;
            }

            // log4net: Error(object message) -> Error(object message, Exception exception); the others take it first.
            bool messageIsObject = method.Parameters[messageIndex].Type.SpecialType == SpecialType.System_Object;
            int insertAt = messageIsObject ? messageIndex + 1 : messageIndex;
            if (!HasOverload(method, insertAt, exceptionType))
            {
                return null;
            }

            // A static call of an extension method has the receiver as first argument: positions still line up.
            return new FixPlan(invocation, catchClause, insertAt);
        }

        private static bool HasOverload(IMethodSymbol method, int insertAt, INamedTypeSymbol? exceptionType)
        {
            IMethodSymbol lookup = (method.ReducedFrom ?? method).OriginalDefinition;
            int offset = method.ReducedFrom != null ? 1 : 0;
            INamedTypeSymbol? owner = lookup.ContainingType;
            if (owner is null || exceptionType is null)
            {
                return false;
            }

            var candidates = new List<ISymbol>(owner.GetMembers(lookup.Name));
            foreach (INamedTypeSymbol inherited in owner.AllInterfaces)
            {
                candidates.AddRange(inherited.GetMembers(lookup.Name));
            }

            foreach (ISymbol symbol in candidates)
            {
                if (!(symbol is IMethodSymbol candidate) || candidate.Arity != lookup.Arity
                    || candidate.Parameters.Length != lookup.Parameters.Length + 1 || candidate.IsStatic != lookup.IsStatic)
                {
                    continue;
                }

                int exceptionAt = insertAt + offset;
                IParameterSymbol inserted = candidate.Parameters[exceptionAt];
                if (!SymbolEqualityComparer.Default.Equals(inserted.Type, exceptionType))
                {
                    continue;
                }

                bool same = true;
                for (int i = 0, j = 0; i < lookup.Parameters.Length; i++, j++)
                {
                    if (j == exceptionAt)
                    {
                        j++;
                    }

                    IParameterSymbol original = lookup.Parameters[i];
                    IParameterSymbol other = candidate.Parameters[j];
                    if (original.IsParams != other.IsParams
                        || (!original.Type.Equals(other.Type, SymbolEqualityComparer.Default) && original.Type.TypeKind != TypeKind.TypeParameter))
                    {
                        same = false;
                        break;
                    }
                }

                if (same)
                {
                    return true;
                }
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

            DocumentEditor editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var names = new Dictionary<CatchClauseSyntax, string>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(Plan(root, model, diagnostic, cancellationToken) is { } plan))
                {
                    continue;
                }

                if (!names.TryGetValue(plan.CatchClause, out string? name))
                {
                    name = CatchFixHelpers.ExceptionVariableName(plan.CatchClause, model);
                    names.Add(plan.CatchClause, name);
                }

                SeparatedSyntaxList<ArgumentSyntax> arguments = plan.Invocation.ArgumentList.Arguments;
                ArgumentSyntax exceptionArgument = Argument(IdentifierName(name));
                SeparatedSyntaxList<ArgumentSyntax> updated = arguments.Insert(plan.ArgumentIndex, exceptionArgument);
                editor.ReplaceNode(plan.Invocation.ArgumentList, plan.Invocation.ArgumentList.WithArguments(updated));
            }

            foreach (KeyValuePair<CatchClauseSyntax, string> pair in names)
            {
                string name = pair.Value;
                editor.ReplaceNode(pair.Key, (current, _) => CatchFixHelpers.EnsureExceptionVariable((CatchClauseSyntax)current, name));
            }

            return editor.GetChangedDocument();
        }
    }
}
