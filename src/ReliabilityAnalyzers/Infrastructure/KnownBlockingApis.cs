using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Which calls of referenced assemblies are known to block the thread on I/O or a wait (REL404 at warning level;
    /// any other API with an async twin is REL409, audit level): the framework's I/O namespaces, streams, readers,
    /// writers and ADO.NET types by inheritance (also as an argument: <c>JsonSerializer.Serialize(stream, ...)</c>,
    /// Dapper's <c>connection.Query(...)</c>), the well-known database, cache, messaging, mail, file-transfer and cloud
    /// clients by namespace, <c>SemaphoreSlim</c> and <c>Process</c>. Methods of the compilation itself are judged by
    /// their bodies elsewhere (<see cref="SourceSyncBodies"/>). One per compilation: <see cref="For"/>.
    /// </summary>
    internal sealed class KnownBlockingApis
    {
        // Namespaces (and their children) whose sync methods with an async twin talk to a server or the disk.
        private static readonly ImmutableArray<string> ClientNamespaces = ImmutableArray.Create(
            "System.Net", "System.IO", "System.Data", "Microsoft.Data", "Microsoft.EntityFrameworkCore", "Dapper",
            "MongoDB.Driver", "StackExchange.Redis", "Npgsql", "MySqlConnector", "MySql.Data", "Oracle.ManagedDataAccess",
            "FirebirdSql", "Cassandra", "Couchbase", "Neo4j.Driver", "Elastic", "Elasticsearch", "Nest", "Microsoft.Azure",
            "Azure", "Amazon", "Google.Cloud", "Google.Apis", "Confluent.Kafka", "RabbitMQ.Client", "NATS", "MailKit",
            "Renci.SshNet", "FluentFTP", "Minio", "Microsoft.Graph", "Octokit", "Docker.DotNet", "k8s", "Grpc", "Stripe",
            "OpenAI", "Anthropic", "Microsoft.Extensions.Caching.Distributed", "Microsoft.Extensions.Caching.StackExchangeRedis");

        private readonly INamedTypeSymbol?[] _ioBases;
        private readonly INamedTypeSymbol?[] _ioInterfaces;
        private readonly INamedTypeSymbol?[] _waits;
        private readonly INamedTypeSymbol?[] _inMemory;
        private readonly IAssemblySymbol _assembly;

        // Answer per namespace symbol: the display string is built once per namespace, not per call.
        private readonly ConcurrentDictionary<INamespaceSymbol, bool> _clientNamespaces = new ConcurrentDictionary<INamespaceSymbol, bool>(SymbolEqualityComparer.Default);

        private KnownBlockingApis(Compilation compilation, KnownTypes types)
        {
            _assembly = compilation.Assembly;
            _ioBases = new[]
            {
                types.Get("System.IO.Stream"), types.Get("System.IO.TextReader"), types.Get("System.IO.TextWriter"),
                types.Get("System.Data.Common.DbConnection"), types.Get("System.Data.Common.DbCommand"),
                types.Get("System.Data.Common.DbDataReader"), types.Get("System.Data.Common.DbTransaction"),
                types.Get("System.Data.Common.DbBatch"),
            };
            _ioInterfaces = new[]
            {
                types.Get("System.Data.IDbConnection"), types.Get("System.Data.IDbCommand"), types.Get("System.Data.IDataReader"),
                types.Get("System.Data.IDbTransaction"),
            };
            _waits = new[] { types.Get("System.Threading.SemaphoreSlim"), types.Get("System.Diagnostics.Process") };
            _inMemory = new[]
            {
                types.Get("System.IO.MemoryStream"), types.Get("System.IO.UnmanagedMemoryStream"), types.Get("System.IO.StringReader"),
                types.Get("System.IO.StringWriter"),
            };
        }

        /// <summary>The instance of <paramref name="compilation"/>, shared by REL404 and <see cref="SourceSyncBodies"/>.</summary>
        public static KnownBlockingApis For(Compilation compilation) =>
            PerCompilation<KnownBlockingApis>.Get(compilation, c => new KnownBlockingApis(c, new KnownTypes(c)))!;

        /// <summary>
        /// A stream type named as memory-backed ('MemoryBlockStream', 'RecyclableMemoryStream', 'PooledMemoryStream'): its
        /// bytes are in memory like MemoryStream's.
        /// </summary>
        public static bool IsNamedMemoryStream(ITypeSymbol? type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (current.Name.EndsWith("Stream", StringComparison.Ordinal) && current.Name.IndexOf("Memory", StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the call is known to block: a method of this compilation (its body is judged elsewhere), a method of
        /// a known I/O namespace or type, on a known I/O receiver, or taking a known I/O argument. Without
        /// <paramref name="includeWaits"/>, SemaphoreSlim and Process (waits, not I/O) do not count.
        /// </summary>
        public bool IsKnownBlocking(IInvocationOperation invocation, ITypeSymbol? receiverType, bool includeWaits = true)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _assembly))
            {
                return true;
            }

            if (includeWaits && (IsWait(method.ContainingType) || IsWait(receiverType)))
            {
                return true;
            }

            // 'GetPreSignedURL', 'GeneratePresignedUrl': a cloud client signs the URL locally with credentials it holds; the
            // async twin exists for credential providers that may have to fetch first. Not known to block.
            if (method.Name.IndexOf("presigned", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return false;
            }

            if (IsIoType(method.ContainingType) || IsIoType(receiverType) || InClientNamespace(method.ContainingType)
                || InClientNamespace(receiverType as INamedTypeSymbol))
            {
                return true;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (IsIoType(Operations.UnwrapOrNull(argument.Value)?.Type))
                {
                    return true; // JsonSerializer.Serialize(responseBody, ...), connection.Query<T>(sql) (Dapper)
                }
            }

            return false;
        }

        private bool IsWait(ITypeSymbol? type)
        {
            foreach (INamedTypeSymbol? wait in _waits)
            {
                if (type.InheritsFromOrEquals(wait))
                {
                    return true;
                }
            }

            return false;
        }

        // Streams, readers and writers, except the in-memory ones (MemoryStream, StringReader, 'RecyclableMemoryStream').
        private bool IsIoType(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            foreach (INamedTypeSymbol? inMemory in _inMemory)
            {
                if (type.InheritsFromOrEquals(inMemory))
                {
                    return false;
                }
            }

            if (IsNamedMemoryStream(type))
            {
                return false;
            }

            foreach (INamedTypeSymbol? ioBase in _ioBases)
            {
                if (type.InheritsFromOrEquals(ioBase))
                {
                    return true;
                }
            }

            foreach (INamedTypeSymbol? ioInterface in _ioInterfaces)
            {
                if (type.IsOrImplements(ioInterface))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A type of a library that talks to a server or the disk (MailKit, SSH.NET, System.Net.Mail, a driver).</summary>
        public bool InClientNamespace(INamedTypeSymbol? type) =>
            type?.ContainingNamespace is { IsGlobalNamespace: false } ns && _clientNamespaces.GetOrAdd(ns, n => IsClientNamespace(n.ToDisplayString()));

        private static bool IsClientNamespace(string ns)
        {
            foreach (string prefix in ClientNamespaces)
            {
                if (ns.StartsWith(prefix, StringComparison.Ordinal) && (ns.Length == prefix.Length || ns[prefix.Length] == '.'))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
