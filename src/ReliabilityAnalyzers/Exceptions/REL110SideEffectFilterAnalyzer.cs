using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL110 (audit level): an exception filter with a side effect that always returns true — <c>when (Log(ex))</c> where
    /// Log logs and returns true, or <c>when (Log(ex) || true)</c> — on a catch that does not rethrow. The filter looks
    /// selective but catches everything, so a catch-all that swallows hides behind it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL110SideEffectFilterAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SideEffectFilter,
            title: "Exception filter with a side effect always returns true",
            messageFormat: "The filter '{0}' has a side effect and always returns true, so this catch takes every exception it sees and does not rethrow. " +
                           "It reads like a selective catch but swallows every failure after logging it. " +
                           "Return false from the logging filter (log without catching), or rethrow in the catch, or catch only what you handle.",
            description: "An exception filter that calls a method which logs (or does anything else) and always returns true, or a filter " +
                         "'X(ex) || true', turns the catch into a catch-all. When the catch body does not rethrow, every failure is swallowed " +
                         "after a log line. The idiom 'when (Log(ex))' with Log returning false logs without catching and is not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                // Per compilation: filter method -> "has a side effect and always returns true" (one level, syntax only).
                var cache = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(c => AnalyzeCatch(c, cache), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(OperationAnalysisContext context, ConcurrentDictionary<IMethodSymbol, bool> cache)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;
            if (catchOperation.Filter is null || !(catchOperation.Syntax is CatchClauseSyntax { Filter: { } filterSyntax } catchClause) || catchClause.Block.IsMissing)
            {
                return;
            }

            if (!AlwaysTrueWithSideEffect(Operations.Unwrap(catchOperation.Filter), cache, context.CancellationToken))
            {
                return;
            }

            // A catch that rethrows (or throws anything) lets the failure go on: the filter only logs on the way.
            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return;
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, filterSyntax.GetLocation(), filterSyntax.FilterExpression.ToString()));
        }

        private static bool AlwaysTrueWithSideEffect(IOperation filter, ConcurrentDictionary<IMethodSymbol, bool> cache, System.Threading.CancellationToken cancellationToken)
        {
            switch (filter)
            {
                // 'Log(ex) || true': a call for its side effect, then a constant true.
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    return IsTrue(or.RightOperand) && ContainsCall(or.LeftOperand);
                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod.OriginalDefinition;
                    if (method.DeclaringSyntaxReferences.IsEmpty || method.ReturnType.SpecialType != SpecialType.System_Boolean)
                    {
                        return false;
                    }

                    return cache.GetOrAdd(method, m => BodyAlwaysReturnsTrueWithSideEffect(m, cancellationToken));
                default:
                    return false;
            }
        }

        private static bool IsTrue(IOperation operation)
        {
            operation = Operations.Unwrap(operation);
            return operation.ConstantValue.HasValue && operation.ConstantValue.Value is true;
        }

        private static bool ContainsCall(IOperation operation)
        {
            foreach (IOperation part in operation.DescendantsAndSelf())
            {
                if (part is IInvocationOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Every return in the body returns the literal true, and the body does something else first.</summary>
        private static bool BodyAlwaysReturnsTrueWithSideEffect(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                BlockSyntax? body = syntax switch
                {
                    MethodDeclarationSyntax m => m.Body,
                    LocalFunctionStatementSyntax l => l.Body,
                    _ => null,
                };
                ArrowExpressionClauseSyntax? arrow = syntax switch
                {
                    MethodDeclarationSyntax m => m.ExpressionBody,
                    LocalFunctionStatementSyntax l => l.ExpressionBody,
                    _ => null,
                };

                if (arrow != null)
                {
                    // '=> Log(ex) || true'
                    return arrow.Expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } binary
                        && binary.Right.IsKind(SyntaxKind.TrueLiteralExpression)
                        && HasInvocation(binary.Left);
                }

                if (body is null || body.Statements.Count < 2)
                {
                    return false;
                }

                bool sawReturn = false;
                foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax returnStatement)
                    {
                        if (returnStatement.Expression is null || !returnStatement.Expression.IsKind(SyntaxKind.TrueLiteralExpression))
                        {
                            return false;
                        }

                        sawReturn = true;
                    }
                    else if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                    {
                        return false;
                    }
                }

                return sawReturn && body.Statements[body.Statements.Count - 1] is ReturnStatementSyntax && HasInvocation(body);
            }

            return false;
        }

        private static bool HasInvocation(SyntaxNode node)
        {
            foreach (SyntaxNode inner in node.DescendantNodesAndSelf())
            {
                if (inner is InvocationExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
