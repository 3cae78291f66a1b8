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

            INamedTypeSymbol? resolved = _compilation.GetTypeByMetadataName(metadataName);
            _cache.TryAdd(metadataName, resolved);
            return resolved;
        }
    }
}
