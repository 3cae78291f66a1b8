using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Exceptions that say a dependency failed — a database, the network, a cache, a remote service, the disk — matched with
    /// their subtypes (SqlException, NpgsqlException, RedisConnectionException). REL109 reads them in logged fallbacks,
    /// REL130 in silent ones. Parsing failures (JSON) are a separate, optional group: bad input, not a failed dependency.
    /// </summary>
    internal sealed class InfrastructureExceptions
    {
        private static readonly string[] Remote =
        {
            "System.Data.Common.DbException",
            "System.Net.Http.HttpRequestException",
            "System.Net.Sockets.SocketException",
            "System.Net.WebException",
            "StackExchange.Redis.RedisException",
            "StackExchange.Redis.RedisTimeoutException",
            "Microsoft.EntityFrameworkCore.DbUpdateException",
            "Grpc.Core.RpcException",
            "Azure.RequestFailedException",
            "MongoDB.Driver.MongoException",
        };

        /// <summary>The broad bases themselves, with IOException (REL102 matches these exactly, not their subtypes).</summary>
        internal static readonly string[] BroadBases = System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Append(Remote, "System.IO.IOException"));

        private static readonly string[] Parsing =
        {
            "System.Text.Json.JsonException",
            "Newtonsoft.Json.JsonException",
        };

        private readonly ImmutableArray<INamedTypeSymbol> _types;
        private readonly INamedTypeSymbol? _ioException;

        public InfrastructureExceptions(KnownTypes types, bool includeParsing)
        {
            ImmutableArray<INamedTypeSymbol>.Builder found = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (string name in includeParsing ? System.Linq.Enumerable.Concat(Remote, Parsing) : Remote)
            {
                if (types.Get(name) is { } type)
                {
                    found.Add(type);
                }
            }

            _types = found.ToImmutable();
            _ioException = types.Get("System.IO.IOException");
        }

        public bool Contains(ITypeSymbol caught)
        {
            foreach (INamedTypeSymbol type in _types)
            {
                if (caught.InheritsFromOrEquals(type))
                {
                    return true;
                }
            }

            // IOException itself (the disk or the pipe failed); its narrow subtypes (FileNotFoundException) are a decision.
            return _ioException != null && SymbolEqualityComparer.Default.Equals(caught, _ioException);
        }
    }
}
