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

        // The same retry taken on a failure status instead of an exception (phase 26, a recall probe's chat client re-posting on 429).
        internal static readonly DiagnosticDescriptor StatusRule = Descriptors.Create(
            RuleIds.RecursiveRetry,
            title: "Unbounded retry by recursion",
            messageFormat: "'{0}' calls itself again with the same arguments when the response is a failure status, so it retries for as long as the failure lasts. " +
                           "While the dependency is down or throttling, the caller never gets an answer and the load on it never lets up. " +
                           "Pass an attempt count and stop after a few tries, or use a bounded retry policy.",
            description: "An if-branch that tests a response for a failure status (429, 5xx, !IsSuccessStatusCode) and calls the enclosing method again with unchanged arguments, with no throw that could end the recursion.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, StatusRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterSyntaxNodeAction(AnalyzeCatch, SyntaxKind.CatchClause);
            context.RegisterSyntaxNodeAction(AnalyzeStatusBranch, SyntaxKind.IfStatement);
        }

        private static void AnalyzeCatch(SyntaxNodeAnalysisContext context)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            if (catchClause.Filter != null || catchClause.Block.IsMissing)
            {
                return; // a filter ('when (attempt < 3)') decides which failures go round again
            }

            if (RecursiveCall(catchClause.Block, catchClause, context, out _) is { } recursive && !IsCancellation(catchClause, context))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, recursive.Call.GetLocation(), recursive.Name));
            }
        }

        /// <summary>'if (response.StatusCode == HttpStatusCode.TooManyRequests) { await Task.Delay(wait); await PostAsync(a, b); return; }'.</summary>
        private static void AnalyzeStatusBranch(SyntaxNodeAnalysisContext context)
        {
            var branch = (IfStatementSyntax)context.Node;
            if (!TestsFailureStatus(branch.Condition) || RecursiveCall(branch.Statement, branch, context, out _) is not { } recursive)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(StatusRule, recursive.Call.GetLocation(), recursive.Name));
        }

        // A failure status: 429 / TooManyRequests, 5xx / ServiceUnavailable / BadGateway / GatewayTimeout / InternalServerError,
        // or '!response.IsSuccessStatusCode'. A test for 202 or 'Pending' polls for a state and is not one.
        private static bool TestsFailureStatus(ExpressionSyntax condition)
        {
            // The source characters first, without building the condition's text or walking its tokens: almost no if
            // tests a response status.
            if (!Contains(condition.SyntaxTree.GetText(), condition.Span, "StatusCode"))
            {
                return false;
            }

            string text = condition.ToString();

            return text.IndexOf("TooManyRequests", System.StringComparison.Ordinal) >= 0 || text.IndexOf("429", System.StringComparison.Ordinal) >= 0
                || text.IndexOf("ServiceUnavailable", System.StringComparison.Ordinal) >= 0 || text.IndexOf("BadGateway", System.StringComparison.Ordinal) >= 0
                || text.IndexOf("GatewayTimeout", System.StringComparison.Ordinal) >= 0 || text.IndexOf("InternalServerError", System.StringComparison.Ordinal) >= 0
                || text.IndexOf(">= 500", System.StringComparison.Ordinal) >= 0 || text.IndexOf("> 499", System.StringComparison.Ordinal) >= 0
                || (condition is PrefixUnaryExpressionSyntax { Operand: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsSuccessStatusCode" } } not && not.IsKind(SyntaxKind.LogicalNotExpression));
        }

        private static bool Contains(Microsoft.CodeAnalysis.Text.SourceText source, Microsoft.CodeAnalysis.Text.TextSpan span, string word)
        {
            for (int i = span.Start; i <= span.End - word.Length; i++)
            {
                int j = 0;
                while (j < word.Length && source[i + j] == word[j])
                {
                    j++;
                }

                if (j == word.Length)
                {
                    return true;
                }
            }

            return false;
        }

        private readonly struct Recursion
        {
            public Recursion(InvocationExpressionSyntax call, string name)
            {
                Call = call;
                Name = name;
            }

            public InvocationExpressionSyntax Call { get; }

            public string Name { get; }
        }

        /// <summary>
        /// The call of the enclosing method (or local function) with its own arguments unchanged, in <paramref name="body"/>,
        /// when nothing there throws or calls a never-returning helper: a retry with no way out.
        /// </summary>
        private static Recursion? RecursiveCall(SyntaxNode body, SyntaxNode start, SyntaxNodeAnalysisContext context, out SyntaxNode? function)
        {
            // The enclosing method or local function, by name (syntax first: most bodies call nothing of that name).
            function = null;
            for (SyntaxNode? current = start.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax)
                {
                    return null;
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
                return null;
            }

            InvocationExpressionSyntax? recursive = null;
            foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        return null; // 'if (++attempt > 3) throw;': a way out
                    case InvocationExpressionSyntax invocation when recursive is null && InvokedName(invocation) == name:
                        recursive = invocation;
                        break;
                }
            }

            if (recursive is null || NeverReturningCalls.ContainsCall(body, context.SemanticModel, context.CancellationToken))
            {
                return null; // (a [DoesNotReturn] or throw-only helper call is a way out like 'throw;')
            }

            if (!(context.SemanticModel.GetDeclaredSymbol(function!, context.CancellationToken) is IMethodSymbol method)
                || !(context.SemanticModel.GetSymbolInfo(recursive, context.CancellationToken).Symbol is IMethodSymbol called)
                || !SymbolEqualityComparer.Default.Equals(called.OriginalDefinition, method.OriginalDefinition)
                || !SameArguments(recursive, method, context))
            {
                return null;
            }

            return new Recursion(recursive, name);
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
