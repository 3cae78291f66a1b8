using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal static class SymbolExtensions
    {
        /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
        public static bool InheritsFromOrEquals(this ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="type"/> is the interface or implements it.</summary>
        public static bool IsOrImplements(this ITypeSymbol? type, INamedTypeSymbol? interfaceType)
        {
            if (type is null || interfaceType is null)
            {
                return false;
            }

            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, interfaceType))
            {
                return true;
            }

            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, interfaceType))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
