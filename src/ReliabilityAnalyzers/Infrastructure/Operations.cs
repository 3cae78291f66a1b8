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
    }
}
