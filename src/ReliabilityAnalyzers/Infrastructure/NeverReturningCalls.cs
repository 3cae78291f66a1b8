using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Calls that are a way out like <c>throw;</c>: a method marked <c>[DoesNotReturn]</c>
    /// (System.Diagnostics.CodeAnalysis.DoesNotReturnAttribute), or a throw helper in source whose body is only a throw
    /// (<c>static void JobPersistence(string m, Exception e) =&gt; throw new JobPersistenceException(m, e);</c>).
    /// Used where a rule looks for a throw in a catch (REL202, REL212).
    /// </summary>
    internal static class NeverReturningCalls
    {
        /// <summary>A statement of the block (outside nested functions) calls a method that never returns.</summary>
        public static bool ContainsCall(SyntaxNode block, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method
                    && NeverReturns(method, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool NeverReturns(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "DoesNotReturnAttribute" } type
                    && type.ContainingNamespace?.Name == "CodeAnalysis")
                {
                    return true;
                }
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                (BlockSyntax? body, ArrowExpressionClauseSyntax? arrow) = syntax switch
                {
                    MethodDeclarationSyntax m => (m.Body, m.ExpressionBody),
                    LocalFunctionStatementSyntax l => (l.Body, l.ExpressionBody),
                    _ => (null, null),
                };

                if (arrow?.Expression is ThrowExpressionSyntax
                    || (body != null && body.Statements.Count == 1 && body.Statements[0] is ThrowStatementSyntax { Expression: { } }))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
