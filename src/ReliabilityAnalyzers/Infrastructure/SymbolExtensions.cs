using System.Collections.Generic;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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

            // A constructed type implements the definitions its generic definition implements (substitution changes only
            // type arguments, and only definitions are compared below): asking the definition spares building the
            // interface list of every construction (ILogger<A>, ILogger<B>...) and shares one cache entry among them.
            if (type is INamedTypeSymbol)
            {
                type = type.OriginalDefinition;
            }

            // AllInterfaces builds a new array of public symbols on every call: remember the answer per type, in a cache
            // held by the interface symbol (so per compilation, and collected with it).
            var answers = ImplementsCache.GetValue(interfaceType, _ => new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default));
            if (answers.TryGetValue(type, out bool implements))
            {
                return implements;
            }

            implements = false;
            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, interfaceType))
                {
                    implements = true;
                    break;
                }
            }

            answers.TryAdd(type, implements);
            return implements;
        }

        /// <summary>
        /// The one symbol every reference to a method binds to: the unreduced extension method ('s.PumpAsync()' binds to
        /// a reduced form), the generic definition, and for a partial method its defining part (a call binds to it, the
        /// body's declaration to the implementing part).
        /// </summary>
        public static IMethodSymbol Canonical(this IMethodSymbol method)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return definition.PartialDefinitionPart ?? definition;
        }

        /// <summary>The interface members <paramref name="method"/> implements for its own type (canonical symbols).</summary>
        public static List<IMethodSymbol> ImplementedInterfaceMembers(this IMethodSymbol method)
        {
            var implemented = new List<IMethodSymbol>();
            if (method.ContainingType is not { } type)
            {
                return implemented;
            }

            IMethodSymbol canonical = method.Canonical();
            foreach (INamedTypeSymbol contract in type.AllInterfaces)
            {
                foreach (ISymbol member in contract.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol contractMethod && type.FindImplementationForInterfaceMember(member) is IMethodSymbol found
                        && SymbolEqualityComparer.Default.Equals(found.Canonical(), canonical))
                    {
                        implemented.Add(contractMethod.Canonical());
                    }
                }
            }

            return implemented;
        }

        /// <summary>The foreach statement that declares this local as its element variable, or null.</summary>
        public static ForEachStatementSyntax? ForEachLoopOf(this ILocalSymbol local, System.Threading.CancellationToken cancellationToken = default) =>
            local.DeclaringSyntaxReferences.Length == 1 ? local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) as ForEachStatementSyntax : null;

        private static readonly ConditionalWeakTable<INamedTypeSymbol, ConcurrentDictionary<ITypeSymbol, bool>> ImplementsCache =
            new ConditionalWeakTable<INamedTypeSymbol, ConcurrentDictionary<ITypeSymbol, bool>>();
    }
}
