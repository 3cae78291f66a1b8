using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Finds a Microsoft.Extensions.Logging ILogger usable at a position: parameter, local, field, property or primary-constructor parameter.</summary>
    internal static class LoggerLookup
    {
        public static ISymbol? FindLogger(SemanticModel model, int position, INamedTypeSymbol? iloggerType, bool inStaticContext)
        {
            if (iloggerType is null)
            {
                return null;
            }

            ImmutableArray<ISymbol> symbols = model.LookupSymbols(position);
            ISymbol? member = null;
            foreach (ISymbol symbol in symbols)
            {
                ITypeSymbol? type = symbol switch
                {
                    ILocalSymbol local => local.Type,
                    IParameterSymbol parameter => parameter.Type,
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property when !property.IsIndexer => property.Type,
                    _ => null,
                };

                if (type is null || !type.IsOrImplements(iloggerType))
                {
                    continue;
                }

                if (symbol is IParameterSymbol primary && inStaticContext
                    && primary.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor })
                {
                    // A primary-constructor parameter is not reachable from a static member.
                    continue;
                }

                if (symbol is ILocalSymbol || symbol is IParameterSymbol)
                {
                    // Closest scope wins: locals and parameters before members.
                    return symbol;
                }

                if (inStaticContext && !symbol.IsStatic)
                {
                    continue;
                }

                member ??= symbol;
            }

            return member;
        }
    }
}
