using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using ReliabilityAnalyzers.CodeFixes.Resources;
using Fix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<ReliabilityAnalyzers.Resources.REL301ClientPerOperationAnalyzer, ReliabilityAnalyzers.CodeFixes.Resources.REL301ClientPerOperationCodeFix>;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL301ClientPerOperationAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL301ClientPerOperationTests
    {
        // Phase 25, a recall probe: a Redis cache registered with AddScoped connects a new multiplexer in its constructor,
        // once per request scope; the same class registered as a singleton (or not registered here) builds it once.
        [Fact]
        public Task ClientCreatedInTheConstructorOfAScopedOrTransientService_IsReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;
            public sealed class LiveStateCache
            {
                private readonly ConnectionMultiplexer _redis;
                public LiveStateCache() { _redis = {|#0:ConnectionMultiplexer.Connect("localhost")|}; }
            }
            public interface IGeocoder { }
            public sealed class Geocoder : IGeocoder
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly HttpClient _other;
                public Geocoder() { _other = {|#1:new HttpClient()|}; }
            }
            // Not the container's constructor, a once-per-process static, a '??=' cache, a fallback, a hand-off to 'this(...)',
            // or a plain transient registration (a console app's 'App', resolved once): not reported.
            public sealed class RestApi
            {
                private readonly HttpClient _http;
                private static HttpClient? s_shared;
                public RestApi(HttpClient http, string name) { _http = http; s_shared ??= new HttpClient(); }
                internal RestApi(System.TimeSpan timeout) { _http = new HttpClient { Timeout = timeout }; }
                public RestApi() : this(new HttpClient(), "default") { }
            }
            public sealed class GeoApi
            {
                private readonly HttpClient _http;
                public GeoApi(HttpClient? http = null) { _http = http ?? new HttpClient(); }
            }
            public sealed class App
            {
                private readonly HttpClient _http;
                public App() { _http = new HttpClient(); }
            }
            public sealed class SharedCache
            {
                private readonly ConnectionMultiplexer _redis;
                public SharedCache() { _redis = ConnectionMultiplexer.Connect("localhost"); }
            }
            public sealed class Unregistered
            {
                private readonly HttpClient _http;
                public Unregistered() { _http = new HttpClient(); }
            }
            public static class Registration
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddScoped<LiveStateCache>();
                    services.AddHttpClient<IGeocoder, Geocoder>();
                    services.AddSingleton<SharedCache>();
                    services.AddScoped<RestApi>();
                    services.AddHttpClient<GeoApi>();
                    services.AddTransient<App>();
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("ConnectionMultiplexer", "in the constructor of 'LiveStateCache', which is registered as scoped and runs for every request scope", "register one IConnectionMultiplexer as a singleton"),
            Verify.Diagnostic("REL301").WithLocation(1).WithArguments("HttpClient", "in the constructor of 'Geocoder', which is registered as transient and runs for every resolve", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"));

        [Fact]
        public Task ClientCreatedInCodeThatRunsOncePerProcess_IsNotReported_InALoopThereOrElsewhereItIs() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            static class OcrWorker
            {
                // A worker mode of the process (one parameter: the command line): one client for the process.
                public static async Task Process(string[] args)
                {
                    using var client = new HttpClient();
                    await client.GetStringAsync(args[0]);
                    foreach (var url in args) { using var each = {|#0:new HttpClient()|}; await each.GetStringAsync(url); }
                }

                // Not a process entry: a string array with something else.
                public static async Task Fetch(string[] urls, int retries)
                {
                    using var client = {|#1:new HttpClient()|};
                    await client.GetStringAsync(urls[0]);
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every iteration of a loop in 'Process'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(1).WithArguments("HttpClient", "on every call of 'Fetch'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"));

        [Fact]
        public Task ClientsCreatedPerCall_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using StackExchange.Redis;
            class Pinger
            {
                public async Task<string> PingAsync(string url)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }

                public async Task<int> TargetTyped(string url)
                {
                    using HttpClient client = {|#1:new()|};
                    var response = await client.GetAsync(url);
                    return (int)response.StatusCode;
                }

                public Task<string> Inline(string url) => {|#2:new HttpClient()|}.GetStringAsync(url);

                public async Task SaveAsync(string key, string value)
                {
                    using var redis = await {|#3:ConnectionMultiplexer.ConnectAsync("localhost")|};
                    await redis.GetDatabase().StringSetAsync(key, value);
                }

                public async Task FetchAll(IEnumerable<string> urls)
                {
                    foreach (var url in urls)
                    {
                        using var client = {|#4:new HttpClient(new HttpClientHandler { UseCookies = false })|};
                        await client.GetStringAsync(url);
                    }
                }
            }

            public class OrdersController : ControllerBase
            {
                private readonly HttpClient _http;
                public OrdersController() { _http = {|#5:new HttpClient()|}; }

                // A fallback behind a lookup, a parameter or another object's setting: per call whenever it is unset.
                public async Task<string> FromLookup(string url, HttpClient? given, Settings settings)
                {
                    var client = Find(url) ?? {|#6:new HttpClient()|};
                    var passed = given ?? {|#7:new HttpClient()|};
                    var configured = settings.Http ?? {|#8:new HttpClient()|};
                    return await client.GetStringAsync(url) + await passed.GetStringAsync(url) + await configured.GetStringAsync(url);
                }

                public class Settings { public HttpClient? Http { get; set; } }

                private static HttpClient? Find(string url) => null;
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'PingAsync'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(1).WithArguments("HttpClient", "on every call of 'TargetTyped'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(2).WithArguments("HttpClient", "on every call of 'Inline'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(3).WithArguments("ConnectionMultiplexer", "on every call of 'SaveAsync'", "register one IConnectionMultiplexer as a singleton"),
            Verify.Diagnostic("REL301").WithLocation(4).WithArguments("HttpClient", "on every iteration of a loop in 'FetchAll'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(5).WithArguments("HttpClient", "in the constructor of 'OrdersController', which runs for every request", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(6).WithArguments("HttpClient", "on every call of 'FromLookup'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(7).WithArguments("HttpClient", "on every call of 'FromLookup'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"),
            Verify.Diagnostic("REL301").WithLocation(8).WithArguments("HttpClient", "on every call of 'FromLookup'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"));
    
        [Fact]
        public Task TestHarnessShippedForUsersTests_IsNotReported_ProductCodeIs() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            namespace Broker.Testing
            {
                class VirtualHostCleaner
                {
                    public async Task<byte[]> EntitiesAsync(string url)
                    {
                        using var client = new HttpClient();
                        return await client.GetByteArrayAsync(url);
                    }
                }
            }
            namespace Broker.Transport
            {
                class Management
                {
                    public async Task<byte[]> EntitiesAsync(string url)
                    {
                        using var client = {|#0:new HttpClient()|};
                        return await client.GetByteArrayAsync(url);
                    }
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'EntitiesAsync'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"));

        [Fact]
        public Task SharedClients_Factories_AndLegitimatePerClientHandlers_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using StackExchange.Redis;
            class Shared
            {
                static readonly HttpClient Static = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
                static readonly HttpMessageHandler Handler = new SocketsHttpHandler();
                readonly HttpClient _field = new();
                readonly HttpClient _fromCtor;
                HttpClient? _lazy;
                IConnectionMultiplexer? _redis;

                static Shared() { }
                public Shared() { _fromCtor = new HttpClient(); }

                // Per-call client over a shared handler: the connection pool lives in the handler (IDISP014 complaint).
                public Task<string> WithHeaders(string url, string token)
                {
                    using var client = new HttpClient(Handler, disposeHandler: false);
                    client.DefaultRequestHeaders.Add("Authorization", token);
                    return client.GetStringAsync(url);
                }

                // Factory methods whose result the caller keeps.
                public HttpClient Create() => new HttpClient();
                public static HttpClient CreateWithCredentials(NetworkCredential credentials)
                {
                    var client = new HttpClient(new HttpClientHandler { Credentials = credentials });
                    client.Timeout = TimeSpan.FromSeconds(30);
                    return client;
                }

                public HttpClient Lazy() => _lazy ??= new HttpClient();

                // The injected client is used; one is made only when none was given (phase 20, a notebook kernel).
                public async Task<string> Fallback(string url)
                {
                    var client = _lazy ?? new HttpClient();
                    var other = this._lazy ?? (new HttpClient());
                    return await client.GetStringAsync(url) + await other.GetStringAsync(url);
                }
                public void Store() { _lazy = new HttpClient(); }
                public async Task<IConnectionMultiplexer> Connect() => _redis ??= await ConnectionMultiplexer.ConnectAsync("localhost");
                public Wrapper Wrap() { var client = new HttpClient(); return new Wrapper(client); }

                // DI registrations: the container keeps the singleton.
                public static void Register(IServiceCollection services)
                {
                    services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect("localhost"));
                    services.AddSingleton(_ => new HttpClient());
                }

                // Runs once.
                public static async Task Main(string[] args)
                {
                    using var client = new HttpClient();
                    await client.GetStringAsync(args[0]);
                }
            }

            class Wrapper { public Wrapper(HttpClient client) { } }
            """);

        [Fact]
        public Task ClientCapturedByAReturnedLambda_IsNotReported_ALambdaRunNowIs() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Defaults
            {
                Func<HttpClient>? _provider;

                // One client, handed out by the returned factory for as long as its owner lives.
                public static Func<HttpClient> ClientFactory()
                {
                    var client = new HttpClient();
                    return () => client;
                }

                public void Install()
                {
                    var client = new HttpClient();
                    _provider = () => client;
                }

                // The lambda runs now, per call: the client is still created on every call.
                public Task<string> Fetch(string url)
                {
                    var client = {|#0:new HttpClient()|};
                    return Task.Run(() => client.GetStringAsync(url));
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'Fetch'", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory"));

        [Fact]
        public Task TopLevelStatements_AreNotReported() => new Verify.Test
        {
            TestState =
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                Sources =
                {
                    """
                    using System.Net.Http;
                    using var client = new HttpClient();
                    await client.GetStringAsync("https://localhost/");
                    """,
                },
            },
        }.RunAsync(CancellationToken.None);

        private const string Advice = "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory";

        [Fact]
        public Task Fix_HoistsToSharedStaticClient() => Fix.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Pinger
            {
                public async Task<string> PingAsync(string url)
                {
                    var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }

                public Task<string> Inline(string url) => {|#1:new HttpClient()|}.GetStringAsync(url);
            }
            """, """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Pinger
            {
                // One client for the process; PooledConnectionLifetime makes it pick up DNS changes.
                private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<string> PingAsync(string url)
                {
                    var client = SharedHttpClient;
                    return await client.GetStringAsync(url);
                }

                public Task<string> Inline(string url) => SharedHttpClient.GetStringAsync(url);
            }
            """,
            REL301ClientPerOperationCodeFix.SharedFieldKey,
            Fix.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'PingAsync'", Advice),
            Fix.Diagnostic("REL301").WithLocation(1).WithArguments("HttpClient", "on every call of 'Inline'", Advice));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Net.Http;
                class C
                {
                    void M()
                    {
                        var client = new HttpClient(
                        client.
                    }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task ClientMadeOnceInAStartupMethodThatReceivesTheAppBuilder_IsNotReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;
            using Microsoft.Extensions.DependencyInjection;
            static class WeatherEndpoints
            {
                public static IEndpointRouteBuilder MapWeather(this IEndpointRouteBuilder app)
                {
                    var shared = new HttpClient();
                    app.MapGet("/weather", async () => await shared.GetStringAsync("https://weather.vendor.io/today"));
                    return app;
                }

                public static void AddClients(IServiceCollection services)
                {
                    var client = new HttpClient();
                    services.AddSingleton(client);
                }

                public static void MapAll(WebApplication app)
                {
                    var client = new HttpClient();
                    app.MapGet("/ping", () => client.GetStringAsync("https://status.vendor.io/ping"));
                }
            }
            """);

        [Fact]
        public Task StartupLikeMethodWithoutTheBuilder_IsStillReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            static class Reports
            {
                public static async Task<string> MapReport(string id)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync("https://reports.vendor.io/" + id);
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'MapReport'", Advice));


        [Fact]
        public Task ClientCreatedOnlyWhenAFieldCacheMisses_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class Checks
            {
                private static readonly ConcurrentDictionary<string, IConnectionMultiplexer> _connections = new();
                private readonly ConcurrentDictionary<string, HttpClient> _clients = new();
                private HttpClient? _client;
                private IPAddress? _address;
                private DateTime _lastRequest;
                private readonly TimeSpan _lifetime = TimeSpan.FromMinutes(5);

                public async Task<bool> CheckAsync(string connectionString)
                {
                    if (!_connections.TryGetValue(connectionString, out var connection))
                    {
                        var connecting = ConnectionMultiplexer.ConnectAsync(connectionString);
                        connection = await connecting;
                        if (!_connections.TryAdd(connectionString, connection))
                        {
                            connection.Dispose();
                            connection = _connections[connectionString];
                        }
                    }

                    return connection.IsConnected;
                }

                public HttpClient For(string host)
                {
                    if (!_clients.ContainsKey(host))
                    {
                        var client = new HttpClient();
                        _clients[host] = client;
                    }

                    return _clients[host];
                }

                public async Task<string> Lazy(string url)
                {
                    if (this._client is null)
                    {
                        var client = new HttpClient();
                        this._client = client;
                    }

                    return await _client!.GetStringAsync(url);
                }

                public async Task<IPAddress> ResolveAsync()
                {
                    if (this._lastRequest + this._lifetime < DateTime.Now)
                    {
                        this._address = await this.FetchAsync();
                        this._lastRequest = DateTime.Now;
                    }

                    return this._address!;
                }

                private async Task<IPAddress> FetchAsync()
                {
                    using var client = new HttpClient();
                    return IPAddress.Parse(await client.GetStringAsync("https://example.invalid/ip"));
                }

                // The value factory of a cache kept in a field: one client per key for the life of the cache.
                private readonly ConcurrentDictionary<string, string> _documents = new();
                public string Document(string url) => _documents.GetOrAdd(url, Download);
                public string Lookup(string url) => _documents.GetOrAdd(url, u => Download(u));

                private string Download(string url)
                {
                    using var client = new HttpClient();
                    return client.GetStringAsync(url).GetAwaiter().GetResult();
                }
            }
            """);

        [Fact]
        public Task ConnectionStoredInAFieldThroughConfigureAwait_IsNotReported_ALocalUsedOnceIs() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class Backplane
            {
                private IConnectionMultiplexer? _muxer;

                // Lazy initialisation: the connection is kept, as with 'await ConnectAsync(...)' without ConfigureAwait.
                public async Task EnsureConnectionAsync(string configuration)
                {
                    if (_muxer is not null)
                        return;

                    _muxer = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
                }

                public async Task<string?> GetAsync(string configuration, string key)
                {
                    using var muxer = await {|#0:ConnectionMultiplexer.ConnectAsync(configuration)|}.ConfigureAwait(false);
                    return await muxer.GetDatabase().StringGetAsync(key);
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("ConnectionMultiplexer", "on every call of 'GetAsync'", "register one IConnectionMultiplexer as a singleton"));

        [Fact]
        public Task ClientInAMissBranchThatDoesNotFillTheCache_OrCalledOutsideIt_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Checks
            {
                private readonly ConcurrentDictionary<string, string> _bodies = new();
                private HttpClient? _client;
                private IPAddress? _address;
                private DateTime _lastRequest;

                // The miss is tested but the cache is never filled: every call creates a client.
                public async Task<string> Get(string url)
                {
                    if (!_bodies.TryGetValue(url, out var body))
                    {
                        using var client = {|#0:new HttpClient()|};
                        body = await client.GetStringAsync(url);
                    }

                    return body;
                }

                // A not-null test is not a miss.
                public async Task<string> Other(string url)
                {
                    if (_client is not null)
                    {
                        using var client = {|#1:new HttpClient()|};
                        _client = null;
                        return await client.GetStringAsync(url);
                    }

                    return string.Empty;
                }

                // The private fetch is also called outside the expiry check.
                public async Task<IPAddress> ResolveAsync(bool force)
                {
                    if (force)
                    {
                        return await FetchAsync();
                    }

                    if (_lastRequest < DateTime.Now.AddMinutes(-5))
                    {
                        _address = await FetchAsync();
                        _lastRequest = DateTime.Now;
                    }

                    return _address!;
                }

                private async Task<IPAddress> FetchAsync()
                {
                    using var client = {|#2:new HttpClient()|};
                    return IPAddress.Parse(await client.GetStringAsync("https://example.invalid/ip"));
                }

                // A cache's value factory that is also called directly: per call there.
                private readonly ConcurrentDictionary<string, string> _documents = new();
                public string Document(string url) => _documents.GetOrAdd(url, Download);
                public string Fresh(string url) => Download(url);

                private string Download(string url)
                {
                    using var client = {|#3:new HttpClient()|};
                    return client.GetStringAsync(url).GetAwaiter().GetResult();
                }

                // AddOrUpdate's update factory runs on every call for a key that is present.
                private readonly ConcurrentDictionary<string, string> _pages = new();
                public string Page(string url) => _pages.AddOrUpdate(url, u => "", (u, old) => Refresh(u));

                private string Refresh(string url)
                {
                    using var client = {|#4:new HttpClient()|};
                    return client.GetStringAsync(url).GetAwaiter().GetResult();
                }
            }
            """,
            Verify.Diagnostic("REL301").WithLocation(0).WithArguments("HttpClient", "on every call of 'Get'", Advice),
            Verify.Diagnostic("REL301").WithLocation(1).WithArguments("HttpClient", "on every call of 'Other'", Advice),
            Verify.Diagnostic("REL301").WithLocation(2).WithArguments("HttpClient", "on every call of 'FetchAsync'", Advice),
            Verify.Diagnostic("REL301").WithLocation(3).WithArguments("HttpClient", "on every call of 'Download'", Advice),
            Verify.Diagnostic("REL301").WithLocation(4).WithArguments("HttpClient", "on every call of 'Refresh'", Advice));
    }
}
