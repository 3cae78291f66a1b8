using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Well-known types, resolved at most once per compilation. Create one in
    /// <c>RegisterCompilationStartAction</c> and capture it in the actions registered there;
    /// never keep it in an analyzer field. Every instance over the same compilation shares one answer cache (held
    /// weakly by the compilation), so a type looked up by several analyzers is resolved once, not once per analyzer.
    /// </summary>
    internal sealed class KnownTypes
    {
        public const string Exception = "System.Exception";
        public const string SystemException = "System.SystemException";
        public const string OperationCanceledException = "System.OperationCanceledException";
        public const string TaskCanceledException = "System.Threading.Tasks.TaskCanceledException";
        public const string ObjectDisposedException = "System.ObjectDisposedException";
        public const string ILogger = "Microsoft.Extensions.Logging.ILogger";

        private readonly Compilation _compilation;
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<string, INamedTypeSymbol?>> SharedCaches =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<string, INamedTypeSymbol?>>();

        private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _cache;

        public KnownTypes(Compilation compilation)
        {
            _compilation = compilation;
            _cache = SharedCaches.GetValue(compilation, _ => new ConcurrentDictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal));
        }

        public Compilation Compilation => _compilation;

        /// <summary>The type with this metadata name, or null when the compilation does not reference it.</summary>
        public INamedTypeSymbol? Get(string metadataName)
        {
            // GetTypeByMetadataName walks every referenced assembly: cache the answer, including "absent".
            if (_cache.TryGetValue(metadataName, out INamedTypeSymbol? cached))
            {
                return cached;
            }

            INamedTypeSymbol? resolved = Resolve(metadataName);
            _cache.TryAdd(metadataName, resolved);
            return resolved;
        }

        /// <summary>
        /// Walks the merged namespaces of the compilation to the type: only the assemblies that declare the namespace are
        /// asked, where GetTypeByMetadataName asks every reference (about 200 in an ASP.NET Core service) for each of the
        /// package's ~200 type names. Nested names, and the rare name declared more than once (where GetTypeByMetadataName
        /// applies its own tie-breaking), go to the compiler's lookup.
        /// </summary>
        private INamedTypeSymbol? Resolve(string metadataName)
        {
            if (metadataName.IndexOf('+') >= 0)
            {
                return _compilation.GetTypeByMetadataName(metadataName);
            }

            INamespaceSymbol ns = _compilation.GlobalNamespace;
            int start = 0;
            for (int dot = metadataName.IndexOf('.'); dot >= 0; dot = metadataName.IndexOf('.', start))
            {
                INamespaceSymbol? next = null;
                foreach (ISymbol member in ns.GetMembers(metadataName.Substring(start, dot - start)))
                {
                    if (member is INamespaceSymbol child)
                    {
                        next = child;
                        break;
                    }
                }

                if (next is null)
                {
                    return null;
                }

                ns = next;
                start = dot + 1;
            }

            string name = metadataName.Substring(start);
            int arity = 0;
            int tick = name.IndexOf('`');
            if (tick >= 0)
            {
                if (!int.TryParse(name.Substring(tick + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out arity))
                {
                    return _compilation.GetTypeByMetadataName(metadataName);
                }

                name = name.Substring(0, tick);
            }

            System.Collections.Immutable.ImmutableArray<INamedTypeSymbol> types = ns.GetTypeMembers(name, arity);
            if (types.Length == 0)
            {
                return null;
            }

            return types.Length == 1 ? types[0] : _compilation.GetTypeByMetadataName(metadataName);
        }
    }
}
