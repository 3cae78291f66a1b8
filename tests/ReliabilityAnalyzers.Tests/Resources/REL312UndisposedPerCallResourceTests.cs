using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL312UndisposedPerCallResourceAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL312UndisposedPerCallResourceTests
    {
        private static DiagnosticResult Diagnostic(int location, string type, string why) =>
            new DiagnosticResult("REL312", DiagnosticSeverity.Info).WithLocation(location).WithArguments(type, why);

        private const string Connection = "Its connection goes back to the pool only when it is disposed, so under load the pool runs dry and requests time out waiting for one.";
        private const string Timer = "Its timer stays queued until it fires, one per call.";
        private const string Link = "It stays registered on the token it links to until that token is cancelled or disposed, so a long-lived token collects one registration per call.";

        // Phase 25, a recall probe's mail sender: a network client that opens its own connection, created per call and
        // never disposed (only disconnected on the success path).
        [Fact]
        public Task UndisposedConnectingClients_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class Sender
            {
                private readonly List<TcpClient> _pool = new List<TcpClient>();

                public async Task SendAsync(string host, byte[] data)
                {
                    var tcp = {|#0:new TcpClient()|};
                    await tcp.ConnectAsync(host, 25);
                    await tcp.GetStream().WriteAsync(data, 0, data.Length);
                }

                public async Task DisposedAsync(string host)
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync(host, 25);
                }

                public void Pooled(string host)
                {
                    var tcp = new TcpClient();
                    _pool.Add(tcp);
                }

                public void Closed(string host)
                {
                    var tcp = new TcpClient(host, 25);
                    tcp.Close();
                }
            }
            """,
            Diagnostic(0, "TcpClient", "Its socket is released only when it is disposed, so a failure before it disconnects leaves the connection open until the garbage collector finds it."));

        // Phase 26, a recall probe's event publisher: a broker channel opened per publish and never closed.
        [Fact]
        public Task ChannelsOpenedPerCallOnABrokerConnection_AreReported_DisposedStoredOrCommandsAreNot() => Verify.VerifyAsync("""
            using System.Data.Common;
            using RabbitMQ.Client;
            class Publisher
            {
                private readonly IConnection _connection;
                private readonly IModel _shared;
                Publisher(IConnection connection) { _connection = connection; _shared = connection.CreateModel(); }

                public void Publish(byte[] body)
                {
                    var channel = {|#0:_connection.CreateModel()|};
                    channel.BasicPublish("jobs", "created", null, body);
                }

                public void PublishDisposed(byte[] body)
                {
                    using var channel = _connection.CreateModel();
                    channel.BasicPublish("jobs", "created", null, body);
                }

                public int Count(DbConnection db)
                {
                    var command = db.CreateCommand();
                    command.CommandText = "select 1";
                    return 1;
                }
            }
            """,
            Diagnostic(0, "IModel", "It holds a channel or session on the broker or server until it is disposed, so one per call exhausts the connection's channel limit."));

        // Phase 26, a fleet tracker's listener: a DI scope created per device connection and never disposed.
        [Fact]
        public Task ServiceScopesCreatedPerCall_AndNeverDisposed_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            public interface IHandler { Task HandleAsync(byte[] frame); }
            class Listener(IServiceProvider services)
            {
                private IServiceScope? _current;

                public Task OnConnectionAsync(byte[] frame)
                {
                    var scope = {|#0:services.CreateScope()|};
                    return scope.ServiceProvider.GetRequiredService<IHandler>().HandleAsync(frame);
                }

                public async Task OnMessageAsync(byte[] frame)
                {
                    var scope = {|#1:services.CreateAsyncScope()|};
                    await scope.ServiceProvider.GetRequiredService<IHandler>().HandleAsync(frame);
                }

                public async Task DisposedAsync(byte[] frame)
                {
                    await using var scope = services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IHandler>().HandleAsync(frame);
                }

                public void Keep() => _current = services.CreateScope();

                public async Task DisposedInFinallyAsync(byte[] frame)
                {
                    IServiceScope scope = services.CreateScope();
                    try { await scope.ServiceProvider.GetRequiredService<IHandler>().HandleAsync(frame); }
                    finally { scope.Dispose(); }
                }
            }
            """,
            Diagnostic(0, "IServiceScope", "Every scoped service it resolved, a DbContext and its connection among them, stays alive until the scope is disposed."),
            Diagnostic(1, "AsyncServiceScope", "Every scoped service it resolved, a DbContext and its connection among them, stays alive until the scope is disposed."));

        [Fact]
        public Task UndisposedConnectionsAndHoldingSources_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Npgsql;
            public class Store
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly string _cs = "Host=db";

                public async Task<long> Count()
                {
                    var connection = {|#0:new NpgsqlConnection(_cs)|};
                    await connection.OpenAsync();
                    var command = new NpgsqlCommand("select count(*) from t", connection);
                    return (long)(await command.ExecuteScalarAsync())!;
                }

                public async Task<string> Region(CancellationToken token)
                {
                    var timeout = {|#1:new CancellationTokenSource(TimeSpan.FromSeconds(2))|};
                    var linked = {|#2:CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token)|};
                    return await _http.GetStringAsync("http://169.254.169.254/region", linked.Token);
                }

                public Task<string> Probe() => _http.GetStringAsync("http://example/", {|#3:new CancellationTokenSource(500)|}.Token);

                public object? Scalar()
                {
                    var connection = {|#5:new NpgsqlConnection(_cs)|};
                    var command = new NpgsqlCommand("select 1");
                    command.Connection = connection;                       // the command uses it, does not own it
                    connection.Open();
                    return command.ExecuteScalar();
                }

                public async Task<string> Later()
                {
                    var cts = {|#4:new CancellationTokenSource()|};
                    cts.CancelAfter(1000);
                    return await _http.GetStringAsync("http://example/", cts.Token);
                }
            }
            """,
            Diagnostic(0, "NpgsqlConnection", Connection),
            Diagnostic(1, "CancellationTokenSource", Timer),
            Diagnostic(2, "CancellationTokenSource", Link),
            Diagnostic(3, "CancellationTokenSource", Timer),
            Diagnostic(4, "CancellationTokenSource", Timer),
            Diagnostic(5, "NpgsqlConnection", Connection));

        [Fact]
        public Task DisposedReturnedStoredPassedOrPlainSources_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Npgsql;
            public class Store
            {
                private CancellationTokenSource? _stopping;
                private readonly List<CancellationTokenSource> _all = new List<CancellationTokenSource>();
                private readonly string _cs = "Host=db";

                public async Task UsingForms(CancellationToken token)
                {
                    using var a = new CancellationTokenSource(1000);
                    using (var b = CancellationTokenSource.CreateLinkedTokenSource(token)) { }
                    await using var connection = new NpgsqlConnection(_cs);
                    var c = new CancellationTokenSource(1000);
                    using (c) { }
                }

                // Phase 22 (an ORM): the using disposes the connection through its ConfigureAwait wrapper.
                public async Task ConfiguredUsing()
                {
                    var first = new NpgsqlConnection(_cs);
                    await using (first.ConfigureAwait(false)) { await first.OpenAsync(); }
                    var second = new NpgsqlConnection(_cs);
                    await using var configured = second.ConfigureAwait(false);
                    await second.OpenAsync();
                }

                public void Finally()
                {
                    NpgsqlConnection? connection = null;
                    var cts = new CancellationTokenSource(1000);
                    try { connection = new NpgsqlConnection(_cs); connection.Open(); }
                    finally { connection?.Dispose(); cts.Dispose(); }
                }

                public NpgsqlConnection Open() { var c = new NpgsqlConnection(_cs); c.Open(); return c; }   // the caller owns it
                public System.Data.Common.DbDataReader Read()
                {
                    var c = new NpgsqlConnection(_cs);
                    c.Open();
                    var command = new NpgsqlCommand("select 1", c);
                    return command.ExecuteReader(System.Data.CommandBehavior.CloseConnection);              // the reader closes it
                }
                public void Remember(CancellationToken token) { _stopping = CancellationTokenSource.CreateLinkedTokenSource(token); }
                public void Keep() { var s = new CancellationTokenSource(1000); _all.Add(s); }               // handed on
                public void Plain() { var s = new CancellationTokenSource(); s.Cancel(); }                  // holds no timer or link
                public void Chained(CancellationToken token)
                {
                    CancellationTokenSource a, b;
                    a = b = CancellationTokenSource.CreateLinkedTokenSource(token);                         // disposed through 'a'
                    using (a) { b.Cancel(); }
                }
                public static void SeedDatabase() { var c = new NpgsqlConnection("Host=db"); c.Open(); }      // once per process
            }
            """);

        private const string Context = "It keeps its change tracker, and any connection or transaction it opened, until the garbage collector finds it.";

        [Fact]
        public Task UndisposedDbContexts_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            public class Order { public int Id { get; set; } public DateTime CreatedAt { get; set; } public bool Archived { get; set; } }
            public class ShopContext : DbContext
            {
                public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }
                public DbSet<Order> Orders => Set<Order>();
            }
            public class Archiver(DbContextOptions<ShopContext> options, IDbContextFactory<ShopContext> factory)
            {
                public async Task<int> ArchiveAsync(DateTime before, CancellationToken ct)
                {
                    var db = {|#0:new ShopContext(options)|};
                    var old = await db.Orders.Where(o => o.CreatedAt < before).ToListAsync(ct);
                    foreach (var o in old) o.Archived = true;
                    return await db.SaveChangesAsync(ct);
                }

                public int Count()
                {
                    var db = {|#1:factory.CreateDbContext()|};
                    return db.Orders.Count();
                }

                public async Task<int> CountAsync(CancellationToken ct)
                {
                    var db = {|#2:await factory.CreateDbContextAsync(ct)|};
                    return await db.Orders.CountAsync(ct);
                }

                public async Task<int> CountConfiguredAsync(CancellationToken ct)
                {
                    var db = {|#3:await factory.CreateDbContextAsync(ct).ConfigureAwait(false)|};
                    return await db.Orders.CountAsync(ct);
                }
            }
            """,
            Diagnostic(0, "ShopContext", Context),
            Diagnostic(1, "ShopContext", Context),
            Diagnostic(2, "ShopContext", Context),
            Diagnostic(3, "ShopContext", Context));

        [Fact]
        public Task DisposedReturnedOrHandedOnDbContexts_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            public class Order { public int Id { get; set; } }
            public class ShopContext : DbContext
            {
                public ShopContext(DbContextOptions<ShopContext> options) : base(options) { }
                public DbSet<Order> Orders => Set<Order>();
            }
            public class Repository(ShopContext db) { public int Count() => db.Orders.Count(); }
            public class Archiver(DbContextOptions<ShopContext> options, IDbContextFactory<ShopContext> factory)
            {
                private ShopContext? _kept;
                public int Using() { using var db = new ShopContext(options); return db.Orders.Count(); }
                public async Task<int> AwaitUsing(CancellationToken ct) { await using var db = await factory.CreateDbContextAsync(ct); return await db.Orders.CountAsync(ct); }
                public ShopContext Create() { var db = new ShopContext(options); return db; }                   // the caller owns it
                public void Keep() { var db = factory.CreateDbContext(); _kept = db; }                            // stored
                public int Wrapped() { var db = new ShopContext(options); return new Repository(db).Count(); }    // handed on
                public int Finally() { var db = new ShopContext(options); try { return db.Orders.Count(); } finally { db.Dispose(); } }
            }
            """);
    }
}
