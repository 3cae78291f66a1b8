using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// Where a fix may turn a swallowed failure into a rethrow. Rethrowing changes behaviour, so it is never the default,
    /// and it is not offered where swallowing is the design: callback or subscriber isolation, event handlers, Try-style
    /// members, code that builds an exception or a diagnostic, finally blocks and teardown, timer callbacks. Nor where
    /// the rethrow would make the code after the try unreachable (CS0162).
    /// </summary>
    internal static class RethrowPolicy
    {
        public static bool CanOfferRethrow(CatchClauseSyntax catchClause, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(catchClause.Parent is TryStatementSyntax tryStatement))
            {
                return false;
            }

            // finally blocks and other catch blocks (enrichment while another failure is being handled).
            for (SyntaxNode? current = tryStatement.Parent; current != null && !SyntaxHelpers.IsFunctionBoundary(current); current = current.Parent)
            {
                if (current is FinallyClauseSyntax || current is CatchClauseSyntax)
                {
                    return false;
                }
            }

            ISymbol? function = model.GetEnclosingSymbol(catchClause.Block.SpanStart, cancellationToken);
            if (function is IMethodSymbol method && !IsRethrowSafeFunction(method, model))
            {
                return false;
            }

            // The member (not the lambda) decides for teardown, Try-style and message-building members.
            string? memberName = SyntaxHelpers.EnclosingMemberName(catchClause, out _);
            if (memberName != null && !IsRethrowSafeName(memberName))
            {
                return false;
            }

            // Callback isolation: the try runs a delegate or raises an event.
            foreach (InvocationExpressionSyntax invocation in tryStatement.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)).OfType<InvocationExpressionSyntax>())
            {
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke })
                {
                    return false;
                }
            }

            return !WouldStrandFollowingCode(catchClause, tryStatement, model);
        }

        /// <summary>
        /// True when, with this catch ending in a throw, nothing leaves the try statement normally while statements follow
        /// it: they would become unreachable (CS0162).
        /// </summary>
        public static bool WouldStrandFollowingCode(CatchClauseSyntax changed, TryStatementSyntax tryStatement, SemanticModel model)
        {
            if (tryStatement.Parent is BlockSyntax parent && parent.Statements.IndexOf(tryStatement) == parent.Statements.Count - 1)
            {
                return false; // nothing follows
            }

            if (tryStatement.Parent is SwitchSectionSyntax section && section.Statements.IndexOf(tryStatement) == section.Statements.Count - 1)
            {
                return false;
            }

            if (EndReachable(tryStatement.Block, model))
            {
                return false;
            }

            foreach (CatchClauseSyntax other in tryStatement.Catches)
            {
                if (other != changed && EndReachable(other.Block, model))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool EndReachable(BlockSyntax block, SemanticModel model)
        {
            if (block.Statements.Count == 0)
            {
                return true;
            }

            ControlFlowAnalysis? flow = model.AnalyzeControlFlow(block.Statements[0], block.Statements[block.Statements.Count - 1]);
            return flow is null || !flow.Succeeded || flow.EndPointIsReachable;
        }

        private static bool IsRethrowSafeFunction(IMethodSymbol method, SemanticModel model)
        {
            // async void and event handlers: a rethrow there crashes the process or the event source.
            if (method.IsAsync && method.ReturnsVoid)
            {
                return false;
            }

            if (method.Parameters.Length == 2 && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
                && method.Parameters[1].Type.Name.EndsWith("EventArgs", StringComparison.Ordinal))
            {
                return false;
            }

            // Timer callbacks: void M(object state) runs again on the next tick.
            if (method.ReturnsVoid && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            // Code that builds an exception or a diagnostic: a throw there replaces the failure being reported.
            INamedTypeSymbol? exception = model.Compilation.GetTypeByMetadataName(KnownTypes.Exception);
            if (method.ReturnType.InheritsFromOrEquals(exception) || (method.MethodKind == MethodKind.Constructor && method.ContainingType.InheritsFromOrEquals(exception)))
            {
                return false;
            }

            return true;
        }

        private static readonly string[] NoRethrowWords =
        {
            "Dispose", "Close", "Stop", "Shutdown", "Cleanup", "CleanUp", "TearDown", "Teardown", "Finalize", "Quietly", "BestEffort",
            "IgnoreErrors", "Safe", "Message", "Describe", "Format", "Diagnostic", "Exception", "Error", "ToString", "Callback", "Handler",
            "Notify", "Raise", "Invoke", "Dispatch", "OnEvent", "Tick", "Elapsed",
        };

        private static bool IsRethrowSafeName(string name)
        {
            if (SyntaxHelpers.IsTryPatternName(name))
            {
                return false;
            }

            foreach (string word in NoRethrowWords)
            {
                if (name.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
