using System.Threading.Tasks;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    /// <summary>
    /// REL202, REL203, REL205, REL207-REL210 written the ways a service developer writes them, and the correct code that
    /// looks like them. All resilience audit rules run together (see <see cref="FamilyVerifier"/>).
    /// </summary>
    public class REL202To210VariantTests
    {
        private static Task Verify(string members) => FamilyVerifier.VerifyAsync(FamilyVerifier.Resilience, FamilyVerifier.Resilient(members));

        // Unbounded and out-of-reach retry counts (REL202 / REL207).
        [Theory]
        [InlineData("""static readonly RetryStrategyOptions A = new() { {|REL202:MaxRetryAttempts = int.MaxValue|}, Delay = TimeSpan.FromSeconds(1) };""")]
        [InlineData("""static readonly RetryStrategyOptions A = new RetryStrategyOptions { {|REL207:MaxRetryAttempts = 100_000|} };""")]
        [InlineData("""static readonly RetryStrategyOptions Base = new(); static readonly RetryStrategyOptions A = new RetryStrategyOptions { {|REL202:MaxRetryAttempts = Int32.MaxValue|} };""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => b.AddRetry(new RetryStrategyOptions { {|REL207:MaxRetryAttempts = int.MaxValue|} }).AddCircuitBreaker(new CircuitBreakerStrategyOptions()));""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddStandardResilienceHandler(o => { {|REL207:o.Retry.MaxRetryAttempts = 5000|}; });""")]
        [InlineData("""static void Register(IServiceCollection s) => s.Configure<HttpStandardResilienceOptions>(o => {|REL202:o.Retry.MaxRetryAttempts = int.MaxValue|});""")]
        [InlineData("""const int Attempts = int.MaxValue; static readonly RetryStrategyOptions A = new() { {|REL202:MaxRetryAttempts = Attempts|} };""")]
        [InlineData("""static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().WaitAndRetryAsync({|REL207:10000|}, _ => TimeSpan.FromSeconds(2)).WrapAsync(Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));""")]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key)
            {
                bool done = false;
                RedisValue value = default;
                {|REL202:while|} (!done)
                {
                    try { value = await _cache.StringGetAsync(key); done = true; }
                    catch (RedisConnectionException) { await Task.Delay(1000); }
                }

                return value;
            }
            """)]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key)
            {
                try { return await _cache.StringGetAsync(key); }
                catch (RedisConnectionException)
                {
                    await Task.Delay(1000);
                    return await {|REL212:GetAsync(key)|};
                }
            }
            """)]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key)
            {
                {|REL202:while|} (true)
                {
                    try { return await _cache.StringGetAsync(key); }
                    catch (RedisTimeoutException ex) { Console.WriteLine(ex.Message); await Task.Delay(TimeSpan.FromSeconds(1)); }
                }
            }
            """)]
        // Phase 22: the registration lambda is the pipeline; another client's standard handler or timeout registered in
        // the same body (a top-level Program.cs, a registration extension) does not bound this retry.
        [InlineData("""
            static void Register(IServiceCollection s)
            {
                s.AddHttpClient("catalog").AddStandardResilienceHandler();
                s.AddResiliencePipeline("sms", b => b.{|REL210:AddRetry(new RetryStrategyOptions { {|REL202:MaxRetryAttempts = int.MaxValue|}, Delay = TimeSpan.FromSeconds(2) })|});
                s.AddResiliencePipeline("db", b => b.AddTimeout(TimeSpan.FromSeconds(10)));
            }
            """)]
        // The same inside a host's ConfigureServices lambda: the registration's own lambda is the pipeline.
        [InlineData("""
            static void Register(Microsoft.Extensions.Hosting.IHostBuilder host) => host.ConfigureServices((context, s) =>
            {
                s.AddHttpClient("catalog").AddStandardResilienceHandler();
                s.AddResiliencePipeline("sms", b => b.{|REL210:AddRetry(new RetryStrategyOptions { {|REL202:MaxRetryAttempts = int.MaxValue|}, Delay = TimeSpan.FromSeconds(2) })|});
            });
            """)]
        public Task RetryCount_Variants_AreReported(string members) => Verify(members);

        // Breakers that never open (REL207).
        [Theory]
        [InlineData("""static readonly CircuitBreakerStrategyOptions A = new() { {|REL207:FailureRatio = 1.0|}, MinimumThroughput = 10 };""")]
        [InlineData("""static readonly CircuitBreakerStrategyOptions A = new() { FailureRatio = 0.5, {|REL203:MinimumThroughput = int.MaxValue|} };""")]
        [InlineData("""static readonly CircuitBreakerStrategyOptions A = new() { {|REL207:FailureRatio = 1|} };""")]
        [InlineData("""static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().CircuitBreakerAsync({|REL207:int.MaxValue|}, TimeSpan.FromMinutes(1));""")]
        [InlineData("""static readonly ISyncPolicy A = Policy.Handle<HttpRequestException>().CircuitBreaker({|REL207:exceptionsAllowedBeforeBreaking: int.MaxValue|}, durationOfBreak: TimeSpan.FromMinutes(1));""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddStandardResilienceHandler(o => { {|REL207:o.CircuitBreaker.FailureRatio = 1.0|}; });""")]
        public Task Breaker_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""static readonly RetryStrategyOptions A = new() { MaxRetryAttempts = 5, Delay = TimeSpan.FromSeconds(1) };""")]
        [InlineData("""static RetryStrategyOptions From(int configured) => new() { MaxRetryAttempts = configured };""")]
        [InlineData("""static readonly CircuitBreakerStrategyOptions A = new() { FailureRatio = 0.5, MinimumThroughput = 20 };""")]
        [InlineData("""static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));""")]
        [InlineData("""static readonly RetryStrategyOptions A = new() { MaxRetryAttempts = 100 };""")]
        // A Polly v7 retry wrapped around a breaker stops when the breaker opens (BrokenCircuitException is not handled).
        [InlineData("""static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().WaitAndRetryForeverAsync(_ => TimeSpan.FromSeconds(2)).WrapAsync(Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));""")]
        // The standard handler's total request timeout bounds its retries.
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = int.MaxValue);""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => b.AddTimeout(TimeSpan.FromSeconds(30)).AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue }).AddCircuitBreaker(new CircuitBreakerStrategyOptions()));""")]
        [InlineData("""
            static void Register(IServiceCollection s)
            {
                s.AddResiliencePipeline("sms", b =>
                {
                    b.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue, Delay = TimeSpan.FromSeconds(2) });
                    b.AddCircuitBreaker(new CircuitBreakerStrategyOptions());
                    b.AddTimeout(TimeSpan.FromMinutes(2));
                });
            }
            """)]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => b.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = int.MaxValue, ShouldHandle = new PredicateBuilder().Handle<TimeoutException>() }).AddCircuitBreaker(new CircuitBreakerStrategyOptions()));""")]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key, int attempt = 0)
            {
                try { return await _cache.StringGetAsync(key); }
                catch (RedisConnectionException) when (attempt < 3)
                {
                    await Task.Delay(1000);
                    return await GetAsync(key, attempt + 1);
                }
            }
            """)]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key, int retries)
            {
                try { return await _cache.StringGetAsync(key); }
                catch (RedisConnectionException)
                {
                    if (retries <= 0) throw;
                    return await GetAsync(key, retries - 1);
                }
            }
            """)]
        [InlineData("""
            readonly IDatabase _cache = null!;
            async Task<RedisValue> GetAsync(string key)
            {
                int attempt = 0;
                bool done = false;
                RedisValue value = default;
                while (!done && attempt < 5)
                {
                    try { value = await _cache.StringGetAsync(key); done = true; }
                    catch (RedisConnectionException) { attempt++; await Task.Delay(1000); }
                }

                return value;
            }
            """)]
        public Task RetryAndBreaker_Negatives(string members) => Verify(members);

        // Retry without a breaker (REL203 warns where it can prove the call; REL210 reports the rest).
        [Theory]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => b.{|REL210:AddRetry(new RetryStrategyOptions())|}.AddTimeout(TimeSpan.FromSeconds(5)));""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline<string, HttpResponseMessage>("api", b => b.{|REL203:AddRetry(new RetryStrategyOptions<HttpResponseMessage>())|});""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", (b, context) => { b.{|REL210:AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 })|}; b.AddTimeout(TimeSpan.FromSeconds(2)); });""")]
        [InlineData("""static ResiliencePipeline<HttpResponseMessage> Build() => new ResiliencePipelineBuilder<HttpResponseMessage>().{|REL203:AddRetry(new RetryStrategyOptions<HttpResponseMessage> { MaxRetryAttempts = 3 })|}.Build();""")]
        [InlineData("""
            static ResiliencePipeline Build()
            {
                var builder = new ResiliencePipelineBuilder();
                builder.{|REL210:AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 })|};
                builder.AddTimeout(TimeSpan.FromSeconds(10));
                return builder.Build();
            }
            """)]
        [InlineData("""static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder().{|REL210:AddRetry(new())|}.Build();""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddResilienceHandler("api", b => b.{|REL203:AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 4 })|}.AddTimeout(TimeSpan.FromSeconds(5)));""")]
        [InlineData("""
            readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder().{|REL203:AddRetry(new RetryStrategyOptions())|}.Build();
            readonly IDatabase _cache = null!;
            Task<RedisValue> Get(string key) => _pipeline.ExecuteAsync(async ct => await _cache.StringGetAsync(key)).AsTask();
            """)]
        [InlineData("""
            static void Register(IServiceCollection s) => s.AddHttpClient("api").AddPolicyHandler({|REL203:RetryPolicy()|});
            static IAsyncPolicy<HttpResponseMessage> RetryPolicy() =>
                Policy<HttpResponseMessage>.Handle<HttpRequestException>().WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(Math.Pow(2, i)));
            """)]
        [InlineData("""
            static void Register(IServiceCollection s) => s.AddHttpClient("api").AddResilienceHandler("api", (b, context) =>
            {
                b.{|REL203:AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 3 })|};
                b.AddTimeout(TimeSpan.FromSeconds(5));
            });
            """)]
        public Task RetryWithoutBreaker_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => b.AddRetry(new RetryStrategyOptions()).AddCircuitBreaker(new CircuitBreakerStrategyOptions()));""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddStandardResilienceHandler();""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("api").AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 5);""")]
        [InlineData("""
            static ResiliencePipeline Build()
            {
                var builder = new ResiliencePipelineBuilder();
                builder.AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 });
                builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions());
                return builder.Build();
            }
            """)]
        [InlineData("""
            static ResiliencePipeline Build() => AddBreaker(new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions())).Build();
            static ResiliencePipelineBuilder AddBreaker(ResiliencePipelineBuilder b) => b.AddCircuitBreaker(new CircuitBreakerStrategyOptions());
            """)]
        [InlineData("""static void Register(IServiceCollection s) => s.AddResiliencePipeline("db", b => { b.AddRetry(new RetryStrategyOptions()); b.AddCircuitBreaker(new CircuitBreakerStrategyOptions { FailureRatio = 0.5 }); });""")]
        [InlineData("""static ResiliencePipeline Build() => new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).AddRetry(new RetryStrategyOptions()).Build();""")]
        [InlineData("""static readonly IAsyncPolicy A = Policy.WrapAsync(Policy.Handle<HttpRequestException>().RetryAsync(3), Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));""")]
        [InlineData("""
            static void Register(IServiceCollection s) => s.AddHttpClient("api").AddPolicyHandler(RetryPolicy()).AddPolicyHandler(BreakerPolicy());
            static IAsyncPolicy<HttpResponseMessage> RetryPolicy() =>
                Policy<HttpResponseMessage>.Handle<HttpRequestException>().WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(Math.Pow(2, i)));
            static IAsyncPolicy<HttpResponseMessage> BreakerPolicy() =>
                Policy<HttpResponseMessage>.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
            """)]
        public Task RetryWithoutBreaker_Negatives(string members) => Verify(members);

        // Redis that fails hard or waits forever (REL208 / REL209 / REL205).
        [Theory]
        [InlineData("""const string Redis = {|REL208:"redis:6379,password=FAKE,abortConnect=true"|};""")]
        [InlineData("""static ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect({|REL208:"abortconnect=TRUE,redis:6379"|});""")]
        [InlineData("""static ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect({|REL208:"redis:6379 , ssl=false , AbortConnect = true "|});""")]
        [InlineData("""static ConnectionMultiplexer Connect(string host) => ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { host }, {|REL208:AbortOnConnectFail = true|} });""")]
        [InlineData("""static ConfigurationOptions Options() { var o = ConfigurationOptions.Parse("redis:6379"); {|REL208:o.AbortOnConnectFail = true|}; return o; }""")]
        [InlineData("""static readonly ConfigurationOptions Options = new() { EndPoints = { "redis:6379" }, {|REL205:SyncTimeout = int.MaxValue|} };""")]
        [InlineData("""static readonly ConfigurationOptions Options = new() { EndPoints = { "redis:6379" }, {|REL205:AsyncTimeout = Timeout.Infinite|} };""")]
        [InlineData("""static readonly ConfigurationOptions Options = new() { EndPoints = { "redis:6379" }, {|REL205:ConnectTimeout = int.MaxValue|} };""")]
        [InlineData("""const string Redis = {|REL209:"redis:6379,syncTimeout=2147483647"|};""")]
        [InlineData("""const string Redis = {|REL209:"localhost, syncTimeout = -1"|};""")]
        [InlineData("""static readonly ConfigurationOptions Options = new() { EndPoints = { "redis:6379" }, {|REL205:SyncTimeout = -1|} };""")]
        public Task Redis_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""const string Redis = "redis:6379,abortConnect=false,connectTimeout=5000";""")]
        [InlineData("""static readonly ConfigurationOptions Options = new() { EndPoints = { "redis:6379" }, AbortOnConnectFail = false, SyncTimeout = 5000 };""")]
        [InlineData("""const string Note = "set abortConnect=true only in tests";""")]
        [InlineData("""const string Message = "Redis unreachable, abortConnect=true was set; retrying later";""")]
        [InlineData("""const string Redis = "localhost,syncTimeout=5000,asyncTimeout=5000";""")]
        public Task Redis_Negatives(string members) => Verify(members);

        // Timeouts switched off in connection strings, Kestrel and accepted sockets (REL209 / REL205).
        [Theory]
        [InlineData("""const string Db = {|REL209:"Host=db;Database=app;Command Timeout=0;Pooling=true"|};""")]
        [InlineData("""const string Db = {|REL209:"Server=db;Database=app;CommandTimeout=0"|};""")]
        [InlineData("""static NpgsqlDataSource Source() => NpgsqlDataSource.Create({|REL209:"Host=db;command timeout = 0"|});""")]
        [InlineData("""static void Web(KestrelServerOptions options) => {|REL209:options.Limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan|};""")]
        [InlineData("""static void Web(KestrelServerOptions options) { {|REL209:options.Limits.KeepAliveTimeout = TimeSpan.MaxValue|}; }""")]
        [InlineData("""static void Web(KestrelServerOptions options) { var limits = options.Limits; {|REL209:limits.RequestHeadersTimeout = Timeout.InfiniteTimeSpan|}; }""")]
        [InlineData("""
            static async Task Serve(TcpListener listener)
            {
                while (true)
                {
                    Socket socket = await listener.AcceptSocketAsync();
                    {|REL209:socket.ReceiveTimeout = 0|};
                }
            }
            """)]
        [InlineData("""
            static async Task Serve(TcpListener listener)
            {
                using TcpClient client = await listener.AcceptTcpClientAsync();
                {|REL209:client.ReceiveTimeout = -1|};
            }
            """)]
        [InlineData("""static readonly NpgsqlConnectionStringBuilder Builder = new() { Host = "db", {|REL205:CommandTimeout = 0|} };""")]
        [InlineData("""static readonly HttpClient Client = new() { {|REL205:Timeout = Timeout.InfiniteTimeSpan|} };""")]
        [InlineData("""static void Register(IServiceCollection s) => s.AddHttpClient("llm", c => {|REL205:c.Timeout = TimeSpan.MaxValue|});""")]
        [InlineData("""static HttpClient Create() { var c = new HttpClient(); {|REL205:c.Timeout = TimeSpan.FromMilliseconds(-1)|}; return c; }""")]
        [InlineData("""static void Report(NpgsqlCommand command) { {|REL205:command.CommandTimeout = 0|}; }""")]
        [InlineData("""static NpgsqlCommand Report(NpgsqlConnection c) => new NpgsqlCommand("select 1", c) { {|REL205:CommandTimeout = 0|} };""")]
        [InlineData("""static readonly ResiliencePipeline P = new ResiliencePipelineBuilder().AddTimeout({|REL205:Timeout.InfiniteTimeSpan|}).Build();""")]
        [InlineData("""static void Web(IServiceCollection s) => s.Configure<KestrelServerOptions>(o => { {|REL209:o.Limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan|}; });""")]
        [InlineData("""static Task<IEnumerable<string>> Report(NpgsqlConnection c) => Dapper.SqlMapper.QueryAsync<string>(c, "select name from big", {|REL205:commandTimeout: 0|});""")]
        [InlineData("""static void Migrate(Microsoft.EntityFrameworkCore.DbContext db) => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.SetCommandTimeout(db.Database, {|REL205:0|});""")]
        public Task DisabledTimeout_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""const string Db = "Host=db;Database=app;Command Timeout=30";""")]
        [InlineData("""const string Db = "Host=db;Database=app;Command Timeout=300;Timeout=15";""")]
        [InlineData("""static void Web(KestrelServerOptions options) { options.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2); }""")]
        [InlineData("""static void Client(TcpClient client) { client.ReceiveTimeout = 5000; }""")]
        [InlineData("""static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(100) };""")]
        [InlineData("""static void Report(NpgsqlCommand command, int configured) { command.CommandTimeout = configured; }""")]
        public Task DisabledTimeout_Negatives(string members) => Verify(members);
    }
}
