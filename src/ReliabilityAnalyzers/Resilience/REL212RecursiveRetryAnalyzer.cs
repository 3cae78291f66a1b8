using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL212 (audit): a retry written as recursion — a catch that calls its own method again with the very same
    /// arguments, with no filter and no throw to end it. Every failure starts another attempt, so the retry lasts as long
    /// as the outage (and the async state machines or the stack grow with it).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL212RecursiveRetryAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.RecursiveRetry,
            title: "Unbounded retry by recursion",
            messageFormat: "'{0}' calls itself again from its catch with the same arguments, so it retries for as long as the failure lasts. " +
                           "While the dependency is down the caller never gets an answer and the load on the failing service never lets up. " +
                           "Pass an attempt count and stop after a few tries, or use a bounded retry policy.",
            description: "A catch that calls the enclosing method again with unchanged arguments, with no exception filter and no throw that could end the recursion, is a retry with no bound.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterSyntaxNodeAction(AnalyzeCatch, SyntaxKind.CatchClause);
        }

        private static void AnalyzeCatch(SyntaxNodeAnalysisContext context)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            if (catchClause.Filter != null || catchClause.Block.IsMissing)
            {
                return; // a filter ('when (attempt < 3)') decides which failures go round again
            }

            // The enclosing method or local function, by name (syntax first: most catches call nothing of that name).
            SyntaxNode? function = null;
            for (SyntaxNode? current = catchClause.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax)
                {
                    return;
                }

                if (current is MethodDeclarationSyntax || current is LocalFunctionStatementSyntax)
                {
                    function = current;
                    break;
                }
            }

            string? name = function switch
            {
                MethodDeclarationSyntax m => m.Identifier.ValueText,
                LocalFunctionStatementSyntax l => l.Identifier.ValueText,
                _ => null,
            };
            if (name is null)
            {
                return;
            }

            InvocationExpressionSyntax? recursive = null;
            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        return; // 'if (++attempt > 3) throw;': a way out
                    case InvocationExpressionSyntax invocation when recursive is null && InvokedName(invocation) == name:
                        recursive = invocation;
                        break;
                }
            }

            if (recursive is null || IsCancellation(catchClause, context)
                || NeverReturningCalls.ContainsCall(catchClause.Block, context.SemanticModel, context.CancellationToken))
            {
                return; // (a [DoesNotReturn] or throw-only helper call is a way out like 'throw;')
            }

            if (!(context.SemanticModel.GetDeclaredSymbol(function!, context.CancellationToken) is IMethodSymbol method)
                || !(context.SemanticModel.GetSymbolInfo(recursive, context.CancellationToken).Symbol is IMethodSymbol called)
                || !SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, method.OriginalDefinition)
                || !SameArguments(recursive, method, context))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, recursive.GetLocation(), name));
        }

        private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member => member.Name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>Every argument given is the parameter of the same name or position passed straight through.</summary>
        private static bool SameArguments(InvocationExpressionSyntax invocation, IMethodSymbol method, SyntaxNodeAnalysisContext context)
        {
            SeparatedSyntaxList<ArgumentSyntax> arguments = invocation.ArgumentList.Arguments;
            for (int i = 0; i < arguments.Count; i++)
            {
                ArgumentSyntax argument = arguments[i];
                if (!(argument.Expression is IdentifierNameSyntax identifier)
                    || !(context.SemanticModel.GetSymbolInfo(identifier, context.CancellationToken).Symbol is IParameterSymbol parameter)
                    || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
                {
                    return false;
                }

                int expected = argument.NameColon is { } named ? IndexOf(method, named.Name.Identifier.ValueText) : i;
                if (parameter.Ordinal != expected)
                {
                    return false;
                }
            }

            return true;
        }

        private static int IndexOf(IMethodSymbol method, string name)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Name == name)
                {
                    return parameter.Ordinal;
                }
            }

            return -1;
        }

        private static bool IsCancellation(CatchClauseSyntax catchClause, SyntaxNodeAnalysisContext context)
        {
            if (catchClause.Declaration is null)
            {
                return false;
            }

            ITypeSymbol? caught = context.SemanticModel.GetTypeInfo(catchClause.Declaration.Type, context.CancellationToken).Type;
            return caught?.Name == "OperationCanceledException" || caught?.Name == "TaskCanceledException";
        }
    }
}
