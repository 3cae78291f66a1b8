using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Decides whether a blocking call is local file-system or archive I/O (REL407) rather than network, database,
    /// pipe or wait blocking (REL404): declared on System.IO.File/FileInfo/Directory/DirectoryInfo or the Zip archive
    /// types, or called on a stream, reader or writer whose origin is visibly a file (FileStream, a path constructor,
    /// File.Open*, an archive entry), or on an embedded SQLite connection, command or reader. A stream of unknown
    /// origin (parameter, field, property) is not file I/O.
    /// Resolved once per compilation.
    /// </summary>
    internal sealed class LocalFileIo
    {
        private const int MaxDepth = 4;
        private readonly INamedTypeSymbol?[] _fileApiTypes;
        private readonly INamedTypeSymbol? _fileStream;
        private readonly INamedTypeSymbol? _stream;
        private readonly INamedTypeSymbol? _textReader;
        private readonly INamedTypeSymbol? _textWriter;
        private readonly INamedTypeSymbol? _streamReader;
        private readonly INamedTypeSymbol? _streamWriter;
        private readonly INamedTypeSymbol?[] _sqliteTypes;

        public LocalFileIo(KnownTypes types)
        {
            _fileApiTypes = new[]
            {
                types.Get("System.IO.File"),
                types.Get("System.IO.FileInfo"),
                types.Get("System.IO.Directory"),
                types.Get("System.IO.DirectoryInfo"),
                types.Get("System.IO.FileSystemInfo"),
                types.Get("System.IO.Compression.ZipFile"),
                types.Get("System.IO.Compression.ZipFileExtensions"),
                types.Get("System.IO.Compression.ZipArchive"),
                types.Get("System.IO.Compression.ZipArchiveEntry"),
            };
            _fileStream = types.Get("System.IO.FileStream");
            _stream = types.Get("System.IO.Stream");
            _textReader = types.Get("System.IO.TextReader");
            _textWriter = types.Get("System.IO.TextWriter");
            _streamReader = types.Get("System.IO.StreamReader");
            _streamWriter = types.Get("System.IO.StreamWriter");

            // An embedded SQLite database is a local file: Microsoft.Data.Sqlite's *Async methods run synchronously
            // (no async I/O in the provider), System.Data.SQLite keeps the base class's synchronous defaults.
            _sqliteTypes = new[]
            {
                types.Get("Microsoft.Data.Sqlite.SqliteConnection"),
                types.Get("Microsoft.Data.Sqlite.SqliteCommand"),
                types.Get("Microsoft.Data.Sqlite.SqliteDataReader"),
                types.Get("Microsoft.Data.Sqlite.SqliteTransaction"),
                types.Get("System.Data.SQLite.SQLiteConnection"),
                types.Get("System.Data.SQLite.SQLiteCommand"),
                types.Get("System.Data.SQLite.SQLiteDataReader"),
                types.Get("System.Data.SQLite.SQLiteTransaction"),
            };
            _dbContext = types.Get("Microsoft.EntityFrameworkCore.DbContext");
            _dbSet = types.Get("Microsoft.EntityFrameworkCore.DbSet`1");
            SqliteIsTheOnlyEfProvider = _dbContext != null && OnlySqliteProvider(types.Compilation);
        }

        private readonly INamedTypeSymbol? _dbContext;
        private readonly INamedTypeSymbol? _dbSet;

        /// <summary>
        /// EF Core's only database provider referenced here is SQLite: its async queries and SaveChangesAsync run
        /// synchronously over Microsoft.Data.Sqlite, so a blocking EF call is local file I/O like the connection's own.
        /// </summary>
        public bool SqliteIsTheOnlyEfProvider { get; }

        // EF Core providers of servers reached over the network (their async twins do real async I/O).
        private static readonly string[] NetworkEfProviders =
        {
            "Microsoft.EntityFrameworkCore.SqlServer", "Npgsql.EntityFrameworkCore.PostgreSQL", "Pomelo.EntityFrameworkCore.MySql",
            "MySql.EntityFrameworkCore", "MySql.Data.EntityFrameworkCore", "Oracle.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Cosmos",
            "FirebirdSql.EntityFrameworkCore.Firebird", "MongoDB.EntityFrameworkCore", "IBM.EntityFrameworkCore", "Teradata.EntityFrameworkCore",
        };

        // EF Core assemblies that are not database providers.
        private static readonly string[] EfNonProviders =
        {
            "Microsoft.EntityFrameworkCore", "Microsoft.EntityFrameworkCore.Relational", "Microsoft.EntityFrameworkCore.Abstractions",
            "Microsoft.EntityFrameworkCore.Design", "Microsoft.EntityFrameworkCore.Proxies", "Microsoft.EntityFrameworkCore.Analyzers",
            "Microsoft.EntityFrameworkCore.Tools", "Microsoft.EntityFrameworkCore.InMemory", "Microsoft.EntityFrameworkCore.Sqlite",
            "Microsoft.AspNetCore.Identity.EntityFrameworkCore", "Microsoft.Extensions.Diagnostics.HealthChecks.EntityFrameworkCore",
        };

        private static bool OnlySqliteProvider(Compilation compilation)
        {
            bool sqlite = false;
            foreach (AssemblyIdentity reference in compilation.ReferencedAssemblyNames)
            {
                if (reference.Name == "Microsoft.EntityFrameworkCore.Sqlite")
                {
                    sqlite = true;
                }
                else if (System.Array.IndexOf(NetworkEfProviders, reference.Name) >= 0
                    || (reference.Name.IndexOf("EntityFrameworkCore", System.StringComparison.Ordinal) >= 0 && System.Array.IndexOf(EfNonProviders, reference.Name) < 0))
                {
                    return false; // a server provider, or an EF assembly we do not know: it may be one
                }
            }

            return sqlite;
        }

        /// <summary>A blocking EF Core call (a query operator over a DbSet, SaveChanges, Find) when SQLite is the only provider.</summary>
        public bool IsEfCallOnSqlite(IInvocationOperation invocation, bool efQueryTwin)
        {
            if (!SqliteIsTheOnlyEfProvider)
            {
                return false;
            }

            INamedTypeSymbol? type = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).ContainingType;
            return efQueryTwin || type.InheritsFromOrEquals(_dbContext)
                || (type != null && _dbSet != null && type.OriginalDefinition.InheritsFromOrEquals(_dbSet));
        }

        /// <summary>True when the blocking <paramref name="invocation"/> reads or writes the local file system or an archive.</summary>
        public bool IsLocalFileIo(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod;
            if (IsFileApiType(method.ContainingType))
            {
                return true;
            }

            IOperation? receiver = invocation.Instance;
            if (receiver is null && method.IsExtensionMethod && invocation.Arguments.Length > 0)
            {
                receiver = invocation.Arguments[0].Value;
            }

            if (receiver != null)
            {
                // 'connection.Execute(sql)' (Dapper) or 'command.ExecuteReader()' on a SQLite connection or command.
                return IsSqlite(Operations.Unwrap(receiver).Type) || IsFileOrigin(receiver, 0) || IsMadeBySqliteCall(receiver);
            }

            // A static call over streams (JsonSerializer.Serialize(fileStream, ...)): file I/O when every stream is a file.
            bool anyStream = false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation? value = Operations.UnwrapOrNull(argument.Value);
                if (value != null && IsStreamLike(value.Type))
                {
                    if (!IsFileOrigin(value, 0))
                    {
                        return false;
                    }

                    anyStream = true;
                }
            }

            return anyStream;
        }

        private bool IsFileApiType(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            foreach (INamedTypeSymbol? candidate in _fileApiTypes)
            {
                if (candidate != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsSqlite(ITypeSymbol? type)
        {
            foreach (INamedTypeSymbol? candidate in _sqliteTypes)
            {
                if (candidate != null && type.InheritsFromOrEquals(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A local made by a call on a SQLite connection or command: Dapper's grid reader ('using var grid =
        /// conn.QueryMultiple(sql); grid.ReadSingle&lt;int&gt;()') or a reader, whose reads are the same local file I/O
        /// (phase 24, a release dashboard's stats queries over SQLite).
        /// </summary>
        private bool IsMadeBySqliteCall(IOperation receiver)
        {
            if (!(Operations.Unwrap(receiver) is ILocalReferenceOperation local) || local.SemanticModel is null
                || local.Local.DeclaringSyntaxReferences.Length != 1
                || !(local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer })
                || initializer.SyntaxTree != local.Syntax.SyntaxTree
                || !(Operations.UnwrapOrNull(local.SemanticModel.GetOperation(initializer.Value)) is IInvocationOperation maker))
            {
                return false;
            }

            IMethodSymbol method = maker.TargetMethod.ReducedFrom ?? maker.TargetMethod;
            IOperation? source = maker.Instance ?? (method.IsExtensionMethod && maker.Arguments.Length > 0 ? maker.Arguments[0].Value : null);
            return source != null && IsSqlite(Operations.Unwrap(source).Type);
        }

        private bool IsStreamLike(ITypeSymbol? type) =>
            type.InheritsFromOrEquals(_stream) || type.InheritsFromOrEquals(_textReader) || type.InheritsFromOrEquals(_textWriter);

        private bool IsFileOrigin(IOperation operation, int depth)
        {
            IOperation current = Operations.Unwrap(operation);
            if (depth > MaxDepth)
            {
                return false;
            }

            if (current.Type.InheritsFromOrEquals(_fileStream))
            {
                return true;
            }

            switch (current)
            {
                case ILocalReferenceOperation local
                    when local.Local.DeclaringSyntaxReferences.Length == 1 && current.SemanticModel != null
                         && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer }
                         && initializer.SyntaxTree == current.Syntax.SyntaxTree:
                    IOperation? value = current.SemanticModel.GetOperation(initializer.Value);
                    return value != null && IsFileOrigin(value, depth + 1);

                case IObjectCreationOperation creation when creation.Arguments.Length > 0:
                    // new StreamReader(path) / new StreamWriter(path, ...); new GZipStream(fileStream, ...), new BinaryReader(fileStream).
                    IOperation first = Operations.Unwrap(creation.Arguments[0].Value);
                    if (first.Type?.SpecialType == SpecialType.System_String)
                    {
                        return creation.Type.InheritsFromOrEquals(_streamReader) || creation.Type.InheritsFromOrEquals(_streamWriter);
                    }

                    return IsStreamLike(first.Type) && IsFileOrigin(first, depth + 1);

                case IInvocationOperation call:
                    // File.OpenRead(path), fileInfo.OpenText(), ZipFile.OpenRead(path), entry.Open().
                    return IsFileApiType((call.TargetMethod.ReducedFrom ?? call.TargetMethod).ContainingType);

                default:
                    return false;
            }
        }
    }
}
