using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL206UnprotectedExternalCallAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL206UnprotectedExternalCallTests
    {
        private static DiagnosticResult Info(int location, string method, string target) =>
            new DiagnosticResult("REL206", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, target);

        private const string GreeterClient = """
            public sealed class HelloRequest { }
            public sealed class HelloReply { }
            public sealed class GreeterClient : Grpc.Core.ClientBase<GreeterClient>
            {
                public GreeterClient(Grpc.Core.CallInvoker invoker) : base(invoker) { }
                private GreeterClient(ClientBaseConfiguration configuration) : base(configuration) { }
                protected override GreeterClient NewInstance(ClientBaseConfiguration configuration) => new GreeterClient(configuration);
                public Grpc.Core.AsyncUnaryCall<HelloReply> SayHelloAsync(HelloRequest request, Grpc.Core.Metadata? headers = null, System.DateTime? deadline = null, System.Threading.CancellationToken cancellationToken = default)
                    => throw new System.NotImplementedException();
            }
            """;

        [Fact]
        public Task UnprotectedCalls_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Dapper;
            using Npgsql;
            using StackExchange.Redis;
            class Store
            {
                private readonly IConnectionMultiplexer _redis;
                private readonly NpgsqlDataSource _db;
                private readonly GreeterClient _greeter;
                private static readonly HttpClient Http = new HttpClient();
                Store(IConnectionMultiplexer redis, NpgsqlDataSource db, GreeterClient greeter) { _redis = redis; _db = db; _greeter = greeter; }

                async Task<string?> Get(string key) => await _redis.GetDatabase().{|#0:StringGetAsync(key)|};

                async Task<int> Count()
                {
                    await using var connection = _db.CreateConnection();
                    await connection.OpenAsync(); // one unit of work with the command below: reported there
                    await using var command = new NpgsqlCommand("select count(*) from t", connection);
                    var count = (long)(await command.{|#2:ExecuteScalarAsync()|})!;
                    return await connection.ExecuteScalarAsync<int>("select 1"); // same unit of work: the first command stands for it
                }

                async Task Greet() => await _greeter.{|#4:SayHelloAsync(new HelloRequest())|};

                async Task<string> Ping() => await Http.{|#5:GetStringAsync("https://status.example.com/health")|};
            }
            """ + GreeterClient,
            Info(0, "StringGetAsync", "Redis"),
            Info(2, "ExecuteScalarAsync", "the database"),
            Info(4, "SayHelloAsync", "a gRPC service"),
            Info(5, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"));

        [Fact]
        public Task OpenAlone_UnboundedLoops_AndStaticOrInlineHandMadeClients_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Npgsql;
            class Store
            {
                private readonly NpgsqlDataSource _db;
                private static HttpClient Shared { get; } = new();
                private readonly HttpClient _pooled = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                Store(NpgsqlDataSource db) { _db = db; }

                // Opening is the whole unit of work here.
                async Task<NpgsqlConnection> Connect()
                {
                    var connection = _db.CreateConnection();
                    await connection.{|#0:OpenAsync()|};
                    return connection;
                }

                Task<string> Status() => Shared.{|#1:GetStringAsync("https://status.example.com")|};
                Task<string> Pooled() => _pooled.{|#2:GetStringAsync("https://status.example.com")|};
                Task<string> Inline() => new HttpClient().{|#3:GetStringAsync("https://status.example.com")|};

                // Two dependencies in one body: one finding each; the lambda is its own body.
                async Task Mixed(StackExchange.Redis.IDatabase redis, NpgsqlConnection connection)
                {
                    await redis.{|#5:StringGetAsync("k")|};
                    await redis.StringSetAsync("k", "v");
                    await using var command = new NpgsqlCommand("select 1", connection);
                    await command.{|#6:ExecuteNonQueryAsync()|};
                    Func<Task> later = async () => await redis.{|#7:KeyDeleteAsync("k")|};
                }

                // A loop with no bound is no protection (REL202's finding).
                async Task<string> Forever()
                {
                    while (true)
                    {
                        try { return await Shared.{|#4:GetStringAsync("https://status.example.com")|}; }
                        catch (HttpRequestException) { await Task.Delay(1000); }
                    }
                }
            }
            """,
            Info(0, "OpenAsync", "the database"),
            Info(1, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"),
            Info(2, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"),
            Info(3, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"),
            Info(4, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"),
            Info(5, "StringGetAsync", "Redis"),
            Info(6, "ExecuteNonQueryAsync", "the database"),
            Info(7, "KeyDeleteAsync", "Redis"));

        [Fact]
        public Task WorkRunByEfCoresExecutionStrategy_IsNotReported_TheSameWorkOutsideIs() => Verify.VerifyAsync("""
            using System.Data.Common;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Npgsql;
            class Orders
            {
                // Phase 22 (an ORM): EF Core's execution strategy retries the work it runs.
                async Task<int> Count(DbContext db, string cs)
                {
                    var strategy = db.Database.CreateExecutionStrategy();
                    return await strategy.ExecuteAsync(async () =>
                    {
                        await using var connection = new NpgsqlConnection(cs);
                        await connection.OpenAsync();
                        await using DbCommand command = connection.CreateCommand();
                        command.CommandText = "select count(*) from orders";
                        return (int)(await command.ExecuteScalarAsync())!;
                    });
                }

                async Task<int> Outside(string cs)
                {
                    await using var connection = new NpgsqlConnection(cs);
                    await connection.OpenAsync();
                    await using DbCommand command = connection.CreateCommand();
                    return (int)(await command.{|#0:ExecuteScalarAsync()|})!;
                }

                // The strategy retries the database's transient failures only: an HTTP call inside is not protected.
                private static readonly System.Net.Http.HttpClient Http = new System.Net.Http.HttpClient();
                async Task<string> Charge(DbContext db)
                {
                    return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                    {
                        var receipt = await Http.{|#1:GetStringAsync("https://payments.example/charge")|};
                        await db.SaveChangesAsync();
                        return receipt;
                    });
                }
            }
            """,
            Info(0, "ExecuteScalarAsync", "the database"),
            Info(1, "GetStringAsync", "an HTTP endpoint through a hand-made HttpClient"));

        [Fact]
        public Task BoundedRetryLoops_AndClientsWithHandlers_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Dapper;
            using Npgsql;
            using StackExchange.Redis;
            class Store
            {
                private readonly IDatabase _redis;
                private readonly NpgsqlDataSource _db;
                private readonly HttpClient _withHandler;
                private static readonly HttpClient Shared = new HttpClient();
                Store(IDatabase redis, NpgsqlDataSource db, HttpMessageHandler handler) { _redis = redis; _db = db; _withHandler = new HttpClient(handler); }

                async Task<string?> Attempts(string key)
                {
                    for (var attempt = 1; ; attempt++)
                    {
                        try { return await _redis.StringGetAsync(key); }
                        catch (RedisConnectionException) when (attempt < 3) { await Task.Delay(200 * attempt); }
                    }
                }

                async Task<int> Deadline()
                {
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (DateTime.UtcNow < deadline)
                    {
                        try
                        {
                            await using var connection = await _db.OpenConnectionAsync();
                            return await connection.ExecuteScalarAsync<int>("select 1");
                        }
                        catch (NpgsqlException) { await Task.Delay(500); }
                    }
                    throw new TimeoutException();
                }

                async Task<string> CounterInCatch()
                {
                    var attempt = 0;
                    while (true)
                    {
                        try { return await Shared.GetStringAsync("https://status.example.com"); }
                        catch (HttpRequestException)
                        {
                            if (++attempt >= 3) throw;
                            await Task.Delay(1000);
                        }
                    }
                }

                Task<string> Handled() => _withHandler.GetStringAsync("https://status.example.com");
            }
            """);

        [Fact]
        public Task TheDriverItself_CallingItsOwnCommands_IsNotReported() => Verify.VerifyAsync("""
            using System.Data;
            using System.Data.Common;
            using System.Diagnostics.CodeAnalysis;
            using Npgsql;
            // An ADO.NET driver's own command type: its members calling each other are not an application's external call.
            sealed class MyCommand : DbCommand
            {
                [AllowNull] public override string CommandText { get; set; }
                public override int CommandTimeout { get; set; }
                public override CommandType CommandType { get; set; }
                public override bool DesignTimeVisible { get; set; }
                public override UpdateRowSource UpdatedRowSource { get; set; }
                protected override DbConnection? DbConnection { get; set; }
                protected override DbParameterCollection DbParameterCollection => null!;
                protected override DbTransaction? DbTransaction { get; set; }
                public override void Cancel() { }
                public override int ExecuteNonQuery() => 0;
                public override object? ExecuteScalar() { ExecuteNonQuery(); return null; }
                public override void Prepare() { }
                protected override DbParameter CreateDbParameter() => null!;
                protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => null!;
                // Called on the application's provider type: still an external call.
                void Other(NpgsqlCommand command) => command.{|#0:ExecuteNonQuery()|};
            }
            """, Info(0, "ExecuteNonQuery", "the database"));

        [Fact]
        public Task CallsInsidePipelines_WrappersAndFactoryClients_AreNotReported()
        {
            var test = Verify.Create("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Polly;
                using Polly.CircuitBreaker;
                using Polly.Retry;
                using StackExchange.Redis;
                class Store
                {
                    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                        .AddRetry(new RetryStrategyOptions())
                        .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                        .Build();
                    private static readonly IAsyncPolicy Policy7 = Policy.Handle<RedisException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
                    private readonly IConnectionMultiplexer _redis;
                    private readonly HttpClient _http; // from IHttpClientFactory: its registration decides (REL201)
                    Store(IConnectionMultiplexer redis, HttpClient http) { _redis = redis; _http = http; }

                    async Task<string?> Get(string key) =>
                        await Pipeline.ExecuteAsync(async ct => (string?)await _redis.GetDatabase().StringGetAsync(key));

                    Task Set(string key) => Policy7.ExecuteAsync(() => _redis.GetDatabase().StringSetAsync(key, "v"));

                    Task Batch(string key)
                    {
                        var batch = _redis.GetDatabase().CreateBatch();
                        var pending = batch.StringSetAsync(key, "v"); // queued, sent by Execute
                        batch.Execute();
                        return pending;
                    }

                    Task<string> Page() => _http.GetStringAsync("x");
                }

                class RedisGateway
                {
                    private readonly IDatabase _db;
                    RedisGateway(IDatabase db) { _db = db; }
                    Task<RedisValue> Get(string key) => _db.StringGetAsync(key);
                }

                sealed class LockingInterceptor : Microsoft.EntityFrameworkCore.Diagnostics.DbCommandInterceptor
                {
                    // Runs inside EF Core's own execution (and its execution strategy): not a separate external call.
                    public override Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> NonQueryExecuting(
                        System.Data.Common.DbCommand command,
                        Microsoft.EntityFrameworkCore.Diagnostics.CommandEventData eventData,
                        Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result)
                        => Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>.SuppressWithResult(command.ExecuteNonQuery());
                }

                class Local
                {
                    async Task Sqlite()
                    {
                        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=local.db");
                        await connection.OpenAsync();
                    }
                }
                """);
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
                root = true
                [*.cs]
                reliability.REL206.wrapper_types = RedisGateway
                """));
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using StackExchange.Redis;
                class C { void M(IDatabase db) { db.StringGet(; db. ; new System.Net.Http.HttpClient().GetAsync( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
