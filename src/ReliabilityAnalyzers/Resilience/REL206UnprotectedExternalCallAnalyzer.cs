using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL206 (suggestion): a call to an external service outside any resilience pipeline — StackExchange.Redis
    /// IDatabase operations, ADO.NET command execution and connection opening (Dapper included) against network
    /// databases, gRPC client calls, and sends through an HttpClient created by hand. Quiet inside Polly
    /// Execute* lambdas and inside types the user lists as resilient wrappers.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL206UnprotectedExternalCallAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Comma-separated type names (simple or fully qualified) whose members already wrap calls in a pipeline.</summary>
        public const string WrapperTypesOption = "wrapper_types";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnprotectedExternalCall,
            title: "External call outside any resilience pipeline",
            messageFormat: "'{0}' calls {1} with no retry, circuit breaker or timeout policy around it. " +
                           "When that call fails or slows down, the failure goes straight to this caller and on to its callers. " +
                           "Run it through a shared ResiliencePipeline (or a policy), or list this type in reliability.REL206.wrapper_types if it is the wrapper.",
            description: "Calls to Redis, databases, gRPC services and hand-made HttpClients fail in ways a resilience pipeline (retry with backoff, circuit breaker, timeout) absorbs. Calls made outside any pipeline pass every blip and outage to their callers.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private static readonly string[] NetworkProviders =
        {
            "Microsoft.Data.SqlClient.SqlConnection",
            "System.Data.SqlClient.SqlConnection",
            "Npgsql.NpgsqlConnection",
            "MySqlConnector.MySqlConnection",
            "MySql.Data.MySqlClient.MySqlConnection",
            "Oracle.ManagedDataAccess.Client.OracleConnection",
            "FirebirdSql.Data.FirebirdClient.FbConnection",
            "IBM.Data.Db2.DB2Connection",
            "Snowflake.Data.Client.SnowflakeDbConnection",
            "ClickHouse.Client.ADO.ClickHouseConnection",
        };

        internal sealed class Types
        {
            public Types(Compilation compilation)
            {
                var known = new KnownTypes(compilation);
                RedisDatabase = known.Get("StackExchange.Redis.IDatabase");
                RedisDatabaseAsync = known.Get("StackExchange.Redis.IDatabaseAsync");
                Redis = known.Get("StackExchange.Redis.IRedis");
                RedisAsync = known.Get("StackExchange.Redis.IRedisAsync");
                RedisBatch = known.Get("StackExchange.Redis.IBatch");
                DbCommand = known.Get("System.Data.Common.DbCommand");
                DbConnection = known.Get("System.Data.Common.DbConnection");
                IDbCommand = known.Get("System.Data.IDbCommand");
                IDbConnection = known.Get("System.Data.IDbConnection");
                Dapper = known.Get("Dapper.SqlMapper");
                SqliteConnection = known.Get("Microsoft.Data.Sqlite.SqliteConnection");
                SqliteCommand = known.Get("Microsoft.Data.Sqlite.SqliteCommand");
                SystemSqliteConnection = known.Get("System.Data.SQLite.SQLiteConnection");
                SystemSqliteCommand = known.Get("System.Data.SQLite.SQLiteCommand");
                EfInterceptor = known.Get("Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor");
                EfExecutionStrategy = known.Get("Microsoft.EntityFrameworkCore.Storage.IExecutionStrategy");
                EfExecutionStrategyExtensions = known.Get("Microsoft.EntityFrameworkCore.ExecutionStrategyExtensions");
                foreach (string provider in NetworkProviders)
                {
                    if (known.Get(provider) != null)
                    {
                        HasNetworkProvider = true;
                        break;
                    }
                }

                GrpcClientBase = known.Get("Grpc.Core.ClientBase");
                GrpcMetadata = known.Get("Grpc.Core.Metadata");
                GrpcCallOptions = known.Get("Grpc.Core.CallOptions");
                HttpClient = known.Get("System.Net.Http.HttpClient");
                HttpClientJson = known.Get("System.Net.Http.Json.HttpClientJsonExtensions");
                HttpMessageHandler = known.Get("System.Net.Http.HttpMessageHandler");
                DelegatingHandler = known.Get("System.Net.Http.DelegatingHandler");
            }

            public INamedTypeSymbol? RedisDatabase { get; }
            public INamedTypeSymbol? RedisDatabaseAsync { get; }
            public INamedTypeSymbol? Redis { get; }
            public INamedTypeSymbol? RedisAsync { get; }
            public INamedTypeSymbol? RedisBatch { get; }
            public INamedTypeSymbol? DbCommand { get; }
            public INamedTypeSymbol? DbConnection { get; }
            public INamedTypeSymbol? IDbCommand { get; }
            public INamedTypeSymbol? IDbConnection { get; }
            public INamedTypeSymbol? Dapper { get; }
            public INamedTypeSymbol? SqliteConnection { get; }
            public INamedTypeSymbol? SqliteCommand { get; }
            public INamedTypeSymbol? SystemSqliteConnection { get; }
            public INamedTypeSymbol? SystemSqliteCommand { get; }
            public INamedTypeSymbol? EfInterceptor { get; }
            public INamedTypeSymbol? EfExecutionStrategy { get; }
            public INamedTypeSymbol? EfExecutionStrategyExtensions { get; }

            /// <summary>False when the only ADO.NET provider referenced is a local one (SQLite): generic DbCommand calls then hit a file.</summary>
            public bool HasNetworkProvider { get; }

            public INamedTypeSymbol? GrpcClientBase { get; }
            public INamedTypeSymbol? GrpcMetadata { get; }
            public INamedTypeSymbol? GrpcCallOptions { get; }
            public INamedTypeSymbol? HttpClient { get; }
            public INamedTypeSymbol? HttpClientJson { get; }
            public INamedTypeSymbol? HttpMessageHandler { get; }
            public INamedTypeSymbol? DelegatingHandler { get; }

            public bool Any => RedisDatabaseAsync != null || DbCommand != null || Dapper != null || GrpcClientBase != null || HttpClient != null;
        }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new Types(start.Compilation);
                if (!types.Any)
                {
                    return;
                }

                // Candidates are collected per operation block and judged at its end: one finding per function body and
                // dependency needs the body's other calls, and a per-block list keeps no operation tree alive past its block.
                start.RegisterOperationBlockStartAction(block =>
                {
                    var candidates = new System.Collections.Generic.List<Candidate>();
                    block.RegisterOperationAction(c => Collect(c, types, candidates), InvocationKind);
                    block.RegisterOperationBlockEndAction(c => ReportFirsts(c, candidates));
                });
            });
        }

        // One array for every block's registration (the params overload allocates one per block).
        private static readonly ImmutableArray<OperationKind> InvocationKind = ImmutableArray.Create(OperationKind.Invocation);

        private readonly struct Candidate
        {
            public Candidate(IInvocationOperation invocation, string target, IOperation body, bool reportable)
            {
                Invocation = invocation;
                Target = target;
                Body = body;
                Reportable = reportable;
            }

            public IInvocationOperation Invocation { get; }

            public string Target { get; }

            /// <summary>The enclosing lambda, local function or member body: each is its own unit of work.</summary>
            public IOperation Body { get; }

            /// <summary>False where the call counts for its body's unit of work but is not reported (wrapper type, EF interceptor).</summary>
            public bool Reportable { get; }
        }

        private static void Collect(OperationAnalysisContext context, Types types, System.Collections.Generic.List<Candidate> candidates)
        {
            var invocation = (IInvocationOperation)context.Operation;
            string? target = Classify(invocation, types);
            if (target is null || InsidePollyExecute(invocation, target, types) || !IsUnprotected(invocation, target, context.Compilation))
            {
                return;
            }

            bool reportable = !InWrapperType(context, invocation)
                && !(target == "the database" && context.ContainingSymbol.ContainingType.IsOrImplements(types.EfInterceptor));
            lock (candidates)
            {
                candidates.Add(new Candidate(invocation, target, FunctionBody(invocation), reportable));
            }
        }

        /// <summary>
        /// One finding per unit of work: the first unprotected call to each dependency in a function body stands for the
        /// body's work with it; opening a connection and then running a command on it is one exposure, reported at the
        /// command (an Open is reported only when its body runs no command on that dependency).
        /// </summary>
        private static void ReportFirsts(OperationBlockAnalysisContext context, System.Collections.Generic.List<Candidate> candidates)
        {
            if (candidates.Count == 0)
            {
                return;
            }

            // Keyed by the body's span (one tree per block), not the operation: an object's first identity hash is slow
            // under concurrent analysis.
            var firstCommand = new System.Collections.Generic.Dictionary<(Microsoft.CodeAnalysis.Text.TextSpan, string), Candidate>();
            var firstOpen = new System.Collections.Generic.Dictionary<(Microsoft.CodeAnalysis.Text.TextSpan, string), Candidate>();
            foreach (Candidate candidate in candidates)
            {
                var into = IsOpen(candidate.Invocation.TargetMethod) ? firstOpen : firstCommand;
                var key = (candidate.Body.Syntax.Span, candidate.Target);
                if (!into.TryGetValue(key, out Candidate known) || candidate.Invocation.Syntax.SpanStart < known.Invocation.Syntax.SpanStart)
                {
                    into[key] = candidate;
                }
            }

            foreach (var open in firstOpen)
            {
                if (!firstCommand.ContainsKey(open.Key))
                {
                    firstCommand[open.Key] = open.Value;
                }
            }

            foreach (Candidate first in firstCommand.Values)
            {
                if (!first.Reportable)
                {
                    continue;
                }

                IInvocationOperation invocation = first.Invocation;
                Location location = invocation.Syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                    ? Location.Create(call.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
                    : invocation.Syntax.GetLocation();
                context.ReportDiagnostic(Diagnostic.Create(Rule, location, invocation.TargetMethod.Name, first.Target));
            }
        }

        /// <summary>
        /// What external service the invocation calls, or null. With <paramref name="anyHttpClient"/> every HttpClient send
        /// counts (REL203 asks "does this pipeline protect a remote call"), otherwise only hand-made clients (REL206).
        /// </summary>
        internal static string? Classify(IInvocationOperation invocation, Types types, bool anyHttpClient = false)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
            if (container is null)
            {
                return null;
            }

            // Redis: IDatabase / IDatabaseAsync / IRedis(Async) members, not queued on a batch or transaction.
            if (types.RedisDatabaseAsync != null
                && (Same(container, types.RedisDatabase) || Same(container, types.RedisDatabaseAsync) || Same(container, types.Redis) || Same(container, types.RedisAsync)))
            {
                switch (method.Name)
                {
                    case "CreateBatch":
                    case "CreateTransaction":
                    case "IsConnected":
                    case "Wait":
                    case "WaitAll":
                    case "WaitAny":
                    case "TryWait":
                        return null; // local: builds a batch, checks state, or waits on a task already sent
                }

                // The database itself (the usual receiver) is not a batch: no need to walk its interfaces.
                ITypeSymbol? receiver = ResilienceApis.Receiver(invocation)?.Type;
                return Same(receiver, types.RedisDatabase) || !receiver.IsOrImplements(types.RedisBatch) ? "Redis" : null;
            }

            // ADO.NET command execution and connection opening.
            switch (method.Name)
            {
                case "ExecuteReader":
                case "ExecuteReaderAsync":
                case "ExecuteNonQuery":
                case "ExecuteNonQueryAsync":
                case "ExecuteScalar":
                case "ExecuteScalarAsync":
                    if (container.InheritsFromOrEquals(types.DbCommand) || container.IsOrImplements(types.IDbCommand))
                    {
                        ITypeSymbol? command = ResilienceApis.Receiver(invocation)?.Type;
                        return IsLocalDatabase(command, types.SqliteCommand, types.SystemSqliteCommand, types.HasNetworkProvider) ? null : "the database";
                    }

                    break;
                case "Open":
                case "OpenAsync":
                    if (container.InheritsFromOrEquals(types.DbConnection) || container.IsOrImplements(types.IDbConnection))
                    {
                        ITypeSymbol? connection = ResilienceApis.Receiver(invocation)?.Type;
                        return IsLocalDatabase(connection, types.SqliteConnection, types.SystemSqliteConnection, types.HasNetworkProvider) ? null : "the database";
                    }

                    break;
            }

            // Dapper: every SqlMapper extension on a connection.
            if (types.Dapper != null && Same(container, types.Dapper) && method.IsExtensionMethod
                && (method.Name.StartsWith("Query", System.StringComparison.Ordinal) || method.Name.StartsWith("Execute", System.StringComparison.Ordinal)))
            {
                ITypeSymbol? connection = ResilienceApis.Receiver(invocation)?.Type;
                return IsLocalDatabase(connection, types.SqliteConnection, types.SystemSqliteConnection, types.HasNetworkProvider) ? null : "the database";
            }

            // gRPC: a generated client's call methods (they take Metadata headers or CallOptions). Parameters first:
            // walking the base types of every call's container is the expensive test.
            if (types.GrpcClientBase != null && !method.IsStatic && TakesGrpcCallParameter(method, types)
                && !Same(container, types.GrpcClientBase) && container.InheritsFromOrEquals(types.GrpcClientBase)
                && method.ContainingAssembly.Name != "Grpc.Core.Api")
            {
                return "a gRPC service";
            }

            // HttpClient sends through a client created by hand.
            if (types.HttpClient != null && (Same(container, types.HttpClient) || Same(container, types.HttpClientJson)) && IsHttpSend(method.Name))
            {
                if (anyHttpClient)
                {
                    return "an HTTP endpoint";
                }

                IOperation? receiver = ResilienceApis.Receiver(invocation);
                return receiver != null && IsHandMadeClient(receiver, types, invocation.SemanticModel) ? "an HTTP endpoint through a hand-made HttpClient" : null;
            }

            return null;
        }

        private static bool TakesGrpcCallParameter(IMethodSymbol method, Types types)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (Same(parameter.Type, types.GrpcMetadata) || Same(parameter.Type, types.GrpcCallOptions))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Same(ITypeSymbol? a, ITypeSymbol? b) => b != null && SymbolEqualityComparer.Default.Equals(a?.OriginalDefinition, b);

        private static bool IsLocalDatabase(ITypeSymbol? type, INamedTypeSymbol? sqlite, INamedTypeSymbol? systemSqlite, bool hasNetworkProvider) =>
            !hasNetworkProvider || (type != null && (type.InheritsFromOrEquals(sqlite) || type.InheritsFromOrEquals(systemSqlite)));

        private static bool IsHttpSend(string name)
        {
            switch (name)
            {
                case "Send":
                case "SendAsync":
                case "GetAsync":
                case "GetStringAsync":
                case "GetStreamAsync":
                case "GetByteArrayAsync":
                case "PostAsync":
                case "PutAsync":
                case "PatchAsync":
                case "DeleteAsync":
                case "GetFromJsonAsync":
                case "PostAsJsonAsync":
                case "PutAsJsonAsync":
                case "PatchAsJsonAsync":
                case "DeleteFromJsonAsync":
                case "GetFromJsonAsAsyncEnumerable":
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The receiver is a client created right there ('new HttpClient().GetAsync(...)'), or a local, field or property
        /// (static or not, declared in any file) initialized with 'new HttpClient()' / 'new()' or with a primary handler
        /// created in place ('new HttpClient(new SocketsHttpHandler {...})'): no handler that could add resilience.
        /// </summary>
        private static bool IsHandMadeClient(IOperation receiver, Types types, SemanticModel? model)
        {
            while (receiver is IConversionOperation conversion)
            {
                receiver = conversion.Operand;
            }

            if (receiver is IObjectCreationOperation created)
            {
                return Same(created.Type, types.HttpClient) && HasNoResilienceHandler(created.Syntax as BaseObjectCreationExpressionSyntax);
            }

            ISymbol? symbol;
            ITypeSymbol? declaredType;
            switch (receiver)
            {
                case ILocalReferenceOperation local: symbol = local.Local; declaredType = local.Local.Type; break;
                case IFieldReferenceOperation field: symbol = field.Field; declaredType = field.Field.Type; break;
                case IPropertyReferenceOperation property when property.Property.Parameters.Length == 0:
                    symbol = property.Property; declaredType = property.Property.Type; break;
                default: return false;
            }

            if (model is null || symbol.DeclaringSyntaxReferences.Length != 1 || !Same(declaredType, types.HttpClient))
            {
                return false;
            }

            SyntaxNode declaration = symbol.DeclaringSyntaxReferences[0].GetSyntax();
            ExpressionSyntax? initializer = declaration switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            // The declared type is HttpClient: 'new()' creates one; 'new X(...)' must name HttpClient itself (a
            // derived client may add handlers in its constructor).
            switch (initializer)
            {
                case ImplicitObjectCreationExpressionSyntax implicitCreation:
                    return HasNoResilienceHandler(implicitCreation);
                case ObjectCreationExpressionSyntax creation when SyntaxHelpers.LastName(creation.Type) == "HttpClient":
                    return HasNoResilienceHandler(creation);
                default:
                    return false;
            }
        }

        /// <summary>No handler argument, or a primary handler created in place (SocketsHttpHandler / HttpClientHandler).</summary>
        private static bool HasNoResilienceHandler(BaseObjectCreationExpressionSyntax? creation)
        {
            if (creation is null)
            {
                return false;
            }

            if (creation.ArgumentList is null || creation.ArgumentList.Arguments.Count == 0)
            {
                return true;
            }

            return creation.ArgumentList.Arguments[0].Expression is ObjectCreationExpressionSyntax handler
                && (SyntaxHelpers.LastName(handler.Type) == "SocketsHttpHandler" || SyntaxHelpers.LastName(handler.Type) == "HttpClientHandler");
        }

        private static bool IsOpen(IMethodSymbol method) => method.Name == "Open" || method.Name == "OpenAsync";

        /// <summary>
        /// Not protected by anything the analyzer can see: not the client library calling itself (a driver's own
        /// members; gRPC clients are generated into the application, so they count), not inside a bounded hand-written
        /// retry loop. (Polly Execute lambdas are checked before.)
        /// </summary>
        private static bool IsUnprotected(IInvocationOperation invocation, string target, Compilation compilation)
        {
            if (target != "a gRPC service" && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, compilation.Assembly))
            {
                return false;
            }

            return !REL202UnboundedRetryAnalyzer.IsInBoundedRetryLoop(invocation.Syntax);
        }

        /// <summary>The function the operation runs in: the enclosing lambda or local function, else the member body's root.</summary>
        private static IOperation FunctionBody(IOperation operation)
        {
            IOperation current = operation;
            while (current.Parent != null)
            {
                if (current.Parent is IAnonymousFunctionOperation || current.Parent is ILocalFunctionOperation)
                {
                    return current.Parent;
                }

                current = current.Parent;
            }

            return current;
        }

        /// <summary>
        /// Inside a lambda passed to a Polly v7 policy's or v8 pipeline's Execute* method, or, for a database call, to EF
        /// Core's execution strategy (which retries database-transient failures only: an HTTP or Redis call there is not protected).
        /// </summary>
        private static bool InsidePollyExecute(IOperation operation, string target, Types types)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IInvocationOperation call && (ResilienceApis.IsPollyExecute(call.TargetMethod)
                    || (target == "the database" && IsEfExecutionStrategyExecute(call.TargetMethod, types))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// EF Core's execution strategy ('Database.CreateExecutionStrategy().ExecuteAsync(...)', an ORM's
        /// 'Dependencies.ExecutionStrategy.Execute(...)'): a retrying strategy retries the database's transient failures of
        /// the work it runs (phase 22).
        /// </summary>
        private static bool IsEfExecutionStrategyExecute(IMethodSymbol method, Types types)
        {
            if (types.EfExecutionStrategy is null || !method.Name.StartsWith("Execute", System.StringComparison.Ordinal))
            {
                return false;
            }

            // The extensions on the interface, or the interface's own members on any strategy (ExecutionStrategy implements it).
            INamedTypeSymbol? container = (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition;
            return Same(container, types.EfExecutionStrategyExtensions) || container.IsOrImplements(types.EfExecutionStrategy);
        }

        private static bool InWrapperType(OperationAnalysisContext context, IOperation operation)
        {
            ImmutableArray<string> wrappers = RuleOptions.GetList(context.Options, operation.Syntax.SyntaxTree, RuleIds.UnprotectedExternalCall, WrapperTypesOption);
            if (wrappers.IsDefaultOrEmpty)
            {
                return false;
            }

            for (INamedTypeSymbol? type = context.ContainingSymbol.ContainingType; type != null; type = type.ContainingType)
            {
                string full = type.ToDisplayString();
                foreach (string wrapper in wrappers)
                {
                    if (wrapper == type.Name || wrapper == full)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
