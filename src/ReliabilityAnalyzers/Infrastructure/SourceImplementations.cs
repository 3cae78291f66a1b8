using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// The methods of this compilation that implement or override an abstract or interface method declared in source:
    /// what a call through the project's own interface can run. REL107 / REL108 judge a dropped call by its
    /// implementations; REL404 / REL405 take a call as lazy when every implementation is an iterator. Members of the same
    /// name only, found through the compilation's declaration table; cached per compilation.
    /// </summary>
    internal sealed class SourceImplementations
    {
        private readonly Compilation _compilation;

        // Abstract or interface method -> its implementations in this compilation (empty: none).
        private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>> _implementations =
            new ConcurrentDictionary<IMethodSymbol, ImmutableArray<IMethodSymbol>>(SymbolEqualityComparer.Default);

        // Member name -> the members of that name in this compilation, in the declaration table's order.
        private readonly ConcurrentDictionary<string, ImmutableArray<ISymbol>> _membersByName =
            new ConcurrentDictionary<string, ImmutableArray<ISymbol>>(System.StringComparer.Ordinal);

        private SourceImplementations(Compilation compilation)
        {
            _compilation = compilation;
        }

        public static SourceImplementations For(Compilation compilation) =>
            PerCompilation<SourceImplementations>.Get(compilation, c => new SourceImplementations(c))!;

        /// <summary>Every implementation of <paramref name="method"/> (an abstract or interface member's definition) in this compilation.</summary>
        public ImmutableArray<IMethodSymbol> Of(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty || method.ContainingType is null)
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            return _implementations.GetOrAdd(method, m =>
            {
                ImmutableArray<IMethodSymbol>.Builder found = ImmutableArray.CreateBuilder<IMethodSymbol>();
                foreach (ISymbol candidate in MembersNamed(m.Name, cancellationToken))
                {
                    if (!(candidate is IMethodSymbol { IsAbstract: false } implementation) || implementation.ContainingType is null)
                    {
                        continue;
                    }

                    bool implements;
                    if (m.ContainingType.TypeKind == TypeKind.Interface)
                    {
                        // The interface may map to an abstract or virtual member of a base class that this one overrides
                        // ('ITicketCache.GetAsync' implemented by 'abstract TicketCacheBase.GetAsync', overridden in each cache).
                        IMethodSymbol? mapped = implementation.ContainingType.FindImplementationForInterfaceMember(m) as IMethodSymbol;
                        implements = mapped != null && (SymbolEqualityComparer.Default.Equals(mapped.OriginalDefinition, implementation.OriginalDefinition)
                            || Overrides(implementation, mapped.OriginalDefinition));
                    }
                    else
                    {
                        implements = Overrides(implementation, m);
                    }
                    if (implements)
                    {
                        found.Add(implementation);
                    }
                }

                return found.ToImmutable();
            });
        }

        /// <summary>
        /// The name overload reads the declaration table's name index (the predicate overload visits every name), but
        /// still costs in proportion to the members of that name: interfaces repeat names (every repository's FindAsync),
        /// so one search per name instead of one per interface method keeps this linear in the project's size.
        /// </summary>
        private ImmutableArray<ISymbol> MembersNamed(string name, CancellationToken cancellationToken) =>
            _membersByName.GetOrAdd(name, n => ImmutableArray.CreateRange(_compilation.GetSymbolsWithName(n, SymbolFilter.Member, cancellationToken)));

        private static bool Overrides(IMethodSymbol method, IMethodSymbol baseMethod)
        {
            for (IMethodSymbol? current = method.OverriddenMethod; current != null; current = current.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseMethod))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
