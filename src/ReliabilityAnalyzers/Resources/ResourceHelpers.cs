using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Resources
{
    internal static class ResourceHelpers
    {
        /// <summary>
        /// The semantic model of a tree other than the one being analyzed (REL302 reads the uses of one private field in its
        /// type's declarations; only ConcurrentQueue fields get here).
        /// </summary>
        internal static SemanticModel ModelOf(Compilation compilation, SyntaxTree tree) => compilation.GetSemanticModel(tree);

        public static IOperation SkipConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        public static bool IsMember(ISymbol? symbol, INamedTypeSymbol? type, string name) =>
            symbol != null && type != null && symbol.Name == name
            && SymbolEqualityComparer.Default.Equals(symbol.ContainingType?.OriginalDefinition, type);

        /// <summary>The constant is null, int.MaxValue or long.MaxValue ("no limit").</summary>
        public static bool IsNoLimitConstant(IOperation value, bool nullMeansNoLimit, bool maxMeansNoLimit)
        {
            Optional<object?> constant = value.ConstantValue;
            if (!constant.HasValue)
            {
                value = SkipConversions(value);
                constant = value.ConstantValue;
                if (!constant.HasValue)
                {
                    return false;
                }
            }

            object? raw = constant.Value;
            if (raw is null)
            {
                return nullMeansNoLimit;
            }

            return maxMeansNoLimit && (raw is int i && i == int.MaxValue || raw is long l && l == long.MaxValue);
        }

        public static bool InsideLoop(IOperation operation, IOperation? stopAt = null)
        {
            for (IOperation? current = operation.Parent; current != null && current != stopAt; current = current.Parent)
            {
                if (current is ILoopOperation)
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The initial count: the first argument, or the one named 'initialCount'.</summary>
        internal static ExpressionSyntax? InitialCount(BaseObjectCreationExpressionSyntax creation)
        {
            if (creation.ArgumentList is not { Arguments.Count: > 0 } arguments)
            {
                return null;
            }

            ArgumentSyntax? named = arguments.Arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "initialCount");
            return named?.Expression ?? (arguments.Arguments[0].NameColon is null ? arguments.Arguments[0].Expression : null);
        }
    }
}
