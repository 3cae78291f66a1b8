using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Small operation-tree helpers every rule needs.</summary>
    internal static class Operations
    {
        /// <summary>The operand under any (implicit or explicit) conversions.</summary>
        public static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary><see cref="Unwrap(IOperation)"/> for optional operations.</summary>
        public static IOperation? UnwrapOrNull(IOperation? operation) => operation is null ? null : Unwrap(operation);

        /// <summary>
        /// The catch clause operation of <paramref name="catchClause"/>, found among the ancestors of an operation inside
        /// it: its caught type and local come from the tree the driver already built, with no semantic-model query.
        /// </summary>
        public static ICatchClauseOperation? CatchOf(IOperation inside, SyntaxNode catchClause)
        {
            for (IOperation? current = inside.Parent; current != null; current = current.Parent)
            {
                if (current is ICatchClauseOperation candidate && candidate.Syntax == catchClause)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>The exception variable a catch clause declares ('catch (Exception ex)'), or null.</summary>
        public static ILocalSymbol? CaughtLocal(ICatchClauseOperation catchOperation) =>
            catchOperation.ExceptionDeclarationOrExpression is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
    }
}
