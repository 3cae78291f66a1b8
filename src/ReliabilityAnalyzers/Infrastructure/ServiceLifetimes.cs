using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Types this compilation registers with a per-request or per-resolve lifetime: 'AddScoped&lt;T&gt;()',
    /// 'AddScoped&lt;IService, T&gt;()', 'TryAddScoped', and typed HTTP clients ('AddHttpClient&lt;T&gt;()', transient).
    /// Their constructors run for every request (or every resolve), like a controller's. Read once per compilation, and
    /// only when first asked (a constructor that creates a client is rare).
    /// </summary>
    internal sealed class ServiceLifetimes
    {
        private readonly Compilation _compilation;
        private readonly object _gate = new object();
        private ConcurrentDictionary<INamedTypeSymbol, string>? _perRequest;

        private ServiceLifetimes(Compilation compilation)
        {
            _compilation = compilation;
        }

        public static ServiceLifetimes For(Compilation compilation) =>
            PerCompilation<ServiceLifetimes>.Get(compilation, c => new ServiceLifetimes(c))!;

        /// <summary>"scoped" or "transient" when <paramref name="type"/> is registered so; null otherwise.</summary>
        public string? LifetimeOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            ConcurrentDictionary<INamedTypeSymbol, string>? registered = _perRequest;
            if (registered is null)
            {
                // One scan per compilation: the first caller reads the trees, the others wait for its answer.
                lock (_gate)
                {
                    registered = _perRequest ??= Scan(cancellationToken);
                }
            }

            return registered.TryGetValue(type.OriginalDefinition, out string? lifetime) ? lifetime : null;
        }

        private ConcurrentDictionary<INamedTypeSymbol, string> Scan(CancellationToken cancellationToken)
        {
            var found = new ConcurrentDictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax invocation)
                        || !((invocation.Expression as MemberAccessExpressionSyntax)?.Name is GenericNameSyntax generic)
                        || LifetimeOf(generic.Identifier.ValueText) is not string lifetime)
                    {
                        continue;
                    }

                    model ??= _compilation.GetSemanticModel(tree);
                    if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && method.TypeArguments.Length > 0
                        && method.TypeArguments[method.TypeArguments.Length - 1] is INamedTypeSymbol { TypeKind: TypeKind.Class } implementation)
                    {
                        found.TryAdd(implementation.OriginalDefinition, lifetime);
                    }
                }
            }

            return found;
        }

        // A transient registration alone says nothing about how often it is resolved (a console app's 'App', resolved once);
        // a scoped one is per request scope, a typed HTTP client per resolve by the factory.
        private static string? LifetimeOf(string method) => method switch
        {
            "AddScoped" or "TryAddScoped" => "scoped",
            "AddHttpClient" => "transient",
            _ => null,
        };
    }
}
