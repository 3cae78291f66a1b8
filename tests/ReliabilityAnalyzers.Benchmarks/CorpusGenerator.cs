using System;
using System.Collections.Generic;
using System.Text;

namespace ReliabilityAnalyzers.Benchmarks
{
    /// <summary>One generated source file.</summary>
    public sealed record CorpusFile(string Path, string Text, int Lines);

    /// <summary>A generated service code base and the defects seeded into it.</summary>
    public sealed class Corpus
    {
        public Corpus(IReadOnlyList<CorpusFile> files, IReadOnlyDictionary<string, int> seededDefects, string largestFile)
        {
            Files = files;
            SeededDefects = seededDefects;
            LargestFile = largestFile;
            int lines = 0;
            foreach (CorpusFile f in files)
            {
                lines += f.Lines;
            }

            Lines = lines;
        }

        public IReadOnlyList<CorpusFile> Files { get; }

        public int Lines { get; }

        /// <summary>Defect kind (e.g. "empty-catch") → how many were seeded.</summary>
        public IReadOnlyDictionary<string, int> SeededDefects { get; }

        /// <summary>Path of the one large document used for the IDE-latency measurement.</summary>
        public string LargestFile { get; }
    }

    /// <summary>
    /// Generates, deterministically from a seed, a C# service code base of about the requested number of lines:
    /// per domain module a model, options, a Redis-backed repository, an API controller, a typed HTTP client with
    /// Polly (v7 and v8) or Microsoft.Extensions.Http.Resilience, a background worker with a channel, and DI
    /// registration; plus one large legacy facade (the IDE-latency document). Most code is clean; each defect kind
    /// is seeded with a small probability at the places where it occurs in real services.
    /// </summary>
    public static class CorpusGenerator
    {
        private static readonly string[] Entities =
        {
            "Order", "Customer", "Invoice", "Product", "Shipment", "Payment", "Refund", "Coupon", "Basket", "Review",
            "Supplier", "Warehouse", "Ticket", "Subscription", "Account", "Notification", "Report", "Tenant", "Quote", "Booking",
        };

        private static readonly string[] Areas = { "Sales", "Billing", "Catalog", "Logistics", "Support", "Identity", "Marketing", "Analytics" };

        public static Corpus Generate(int targetLines, int seed, double defectRate = 0.04)
        {
            var g = new Generator(seed, defectRate);
            var files = new List<CorpusFile>();
            int lines = 0;

            void Add(string path, string text)
            {
                int n = CountLines(text);
                files.Add(new CorpusFile(path, text, n));
                lines += n;
            }

            Add("Infrastructure/ServiceDefaults.cs", g.ServiceDefaults());

            // The large document (~3% of the corpus, at least 1,500 lines): a legacy facade most services have.
            int facadeMethods = Math.Max(40, targetLines / 1000);
            string facade = g.LegacyFacade(facadeMethods);
            Add("Legacy/LegacyBillingFacade.cs", facade);

            int module = 0;
            while (lines < targetLines)
            {
                string entity = Entities[module % Entities.Length] + (module / Entities.Length).ToString(System.Globalization.CultureInfo.InvariantCulture);
                string area = Areas[module % Areas.Length];
                string ns = "Acme." + area + "." + entity;
                string dir = area + "/" + entity + "/";
                Add(dir + entity + ".cs", g.Model(ns, entity));
                Add(dir + entity + "Options.cs", g.Options(ns, entity));
                Add(dir + entity + "Repository.cs", g.Repository(ns, entity));
                Add(dir + entity + "Controller.cs", g.Controller(ns, entity));
                Add(dir + entity + "Client.cs", g.Client(ns, entity));
                Add(dir + entity + "Worker.cs", g.Worker(ns, entity));
                Add(dir + entity + "Registration.cs", g.Registration(ns, entity));
                module++;
            }

            return new Corpus(files, g.Seeded, "Legacy/LegacyBillingFacade.cs");
        }

        private static int CountLines(string text)
        {
            int n = 0;
            foreach (char c in text)
            {
                if (c == '\n')
                {
                    n++;
                }
            }

            return n;
        }

        private sealed class Generator
        {
            private readonly Random _random;
            private readonly double _rate;

            public Generator(int seed, double rate)
            {
                _random = new Random(seed);
                _rate = rate;
            }

            public Dictionary<string, int> Seeded { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

            /// <summary>Decides whether to seed a defect of the given kind here, and counts it.</summary>
            private bool Defect(string kind, double scale = 1.0)
            {
                if (_random.NextDouble() < _rate * scale)
                {
                    Seeded[kind] = Seeded.TryGetValue(kind, out int n) ? n + 1 : 1;
                    return true;
                }

                return false;
            }

            private int Pick(int min, int max) => _random.Next(min, max + 1);

            private const string Usings = """
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Text.Json;
                using System.Threading;
                using System.Threading.Channels;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;
                using Microsoft.Extensions.Options;
                using Polly;
                using StackExchange.Redis;

                """;

            public string ServiceDefaults() => Usings + """
                namespace Acme.Infrastructure
                {
                    /// <summary>Shared service settings.</summary>
                    public static class ServiceDefaults
                    {
                        public static readonly TimeSpan CacheTtl = TimeSpan.FromMinutes(5);
                        public static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web);

                        public static string Key(string prefix, Guid id) => prefix + ":" + id.ToString("N");
                    }

                    public sealed class NotFoundInStoreException : Exception
                    {
                        public NotFoundInStoreException(string message) : base(message) { }
                        public NotFoundInStoreException(string message, Exception inner) : base(message, inner) { }
                    }

                    public sealed class UpstreamException : Exception
                    {
                        public UpstreamException(string message) : base(message) { }
                        public UpstreamException(string message, Exception inner) : base(message, inner) { }
                    }
                }

                """;

            public string Model(string ns, string e)
            {
                var sb = new StringBuilder(Usings);
                sb.Append($$"""
                    namespace {{ns}}
                    {
                        /// <summary>The {{e}} aggregate as stored and served.</summary>
                        public sealed class {{e}}
                        {
                            public Guid Id { get; set; }
                            public string Name { get; set; } = string.Empty;
                            public decimal Amount { get; set; }
                            public DateTimeOffset CreatedAt { get; set; }
                            public DateTimeOffset? UpdatedAt { get; set; }
                            public string Status { get; set; } = "new";
                            public List<string> Tags { get; set; } = new List<string>();

                    """);
                int extra = Pick(2, 8);
                for (int i = 0; i < extra; i++)
                {
                    sb.Append($"        public string Field{i} {{ get; set; }} = string.Empty;\n");
                }

                sb.Append($$"""

                            public bool IsActive => Status != "closed";

                            public {{e}} WithStatus(string status)
                            {
                                if (string.IsNullOrWhiteSpace(status))
                                {
                                    throw new ArgumentException("A status is required.", nameof(status));
                                }

                                Status = status;
                                UpdatedAt = DateTimeOffset.UtcNow;
                                return this;
                            }
                        }

                        public sealed record {{e}}Summary(Guid Id, string Name, decimal Amount, string Status);
                    }

                    """);
                return sb.ToString();
            }

            public string Options(string ns, string e)
            {
                string password = Defect("hardcoded-password")
                    ? "\"Pr0d-" + e + "-" + Pick(1000, 9999) + "!\""
                    : "string.Empty";
                string timeout = Defect("infinite-timeout", 0.5) ? "System.Threading.Timeout.InfiniteTimeSpan" : "TimeSpan.FromSeconds(" + Pick(5, 30) + ")";
                return Usings + $$"""
                    namespace {{ns}}
                    {
                        public sealed class {{e}}Options
                        {
                            public const string Section = "{{e}}";

                            public string BaseAddress { get; set; } = "http://localhost:5000/";
                            public string RedisConnection { get; set; } = "localhost:6379";
                            public string UserName { get; set; } = "svc-{{e.ToLowerInvariant()}}";
                            public string Password { get; set; } = {{password}};
                            public TimeSpan Timeout { get; set; } = {{timeout}};
                            public int MaxRetries { get; set; } = {{Pick(2, 5)}};
                            public int BatchSize { get; set; } = {{Pick(10, 500)}};
                            public int QueueCapacity { get; set; } = {{Pick(100, 5000)}};
                        }
                    }

                    """;
            }

            public string Repository(string ns, string e)
            {
                var sb = new StringBuilder(Usings);
                sb.Append($$"""
                    using Acme.Infrastructure;

                    namespace {{ns}}
                    {
                        public interface I{{e}}Repository
                        {
                            Task<{{e}}?> FindAsync(Guid id, CancellationToken cancellationToken);
                            Task SaveAsync({{e}} item, CancellationToken cancellationToken);
                            Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken);
                            Task<IReadOnlyList<{{e}}>> ListAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken);
                        }

                        /// <summary>Redis-backed store for {{e}}.</summary>
                        public sealed class {{e}}Repository : I{{e}}Repository
                        {
                            private const string Prefix = "{{e.ToLowerInvariant()}}";
                            private readonly IConnectionMultiplexer _redis;
                            private readonly ILogger<{{e}}Repository> _logger;

                            public {{e}}Repository(IConnectionMultiplexer redis, ILogger<{{e}}Repository> logger)
                            {
                                _redis = redis;
                                _logger = logger;
                            }

                            private IDatabase Db => _redis.GetDatabase();

                            public async Task<{{e}}?> FindAsync(Guid id, CancellationToken cancellationToken)
                            {

                    """);
                if (Defect("log-and-return-null"))
                {
                    sb.Append($$"""
                                    try
                                    {
                                        RedisValue value = await Db.StringGetAsync(ServiceDefaults.Key(Prefix, id));
                                        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<{{e}}>(value.ToString(), ServiceDefaults.Json);
                                    }
                                    catch (Exception ex)
                                    {
                                        _logger.LogError(ex, "Could not read {{e}} {Id}", id);
                                        return null;
                                    }

                        """);
                }
                else
                {
                    sb.Append($$"""
                                    RedisValue value = await Db.StringGetAsync(ServiceDefaults.Key(Prefix, id));
                                    if (value.IsNullOrEmpty)
                                    {
                                        _logger.LogDebug("{{e}} {Id} not in store", id);
                                        return null;
                                    }

                                    return JsonSerializer.Deserialize<{{e}}>(value.ToString(), ServiceDefaults.Json);

                        """);
                }

                sb.Append($$"""
                            }

                            public async Task SaveAsync({{e}} item, CancellationToken cancellationToken)
                            {
                                ArgumentNullException.ThrowIfNull(item);
                                item.UpdatedAt = DateTimeOffset.UtcNow;
                                string json = JsonSerializer.Serialize(item, ServiceDefaults.Json);

                    """);
                if (Defect("sync-over-async"))
                {
                    sb.Append("            Db.StringSetAsync(ServiceDefaults.Key(Prefix, item.Id), json).Wait();\n");
                }
                else
                {
                    sb.Append("            await Db.StringSetAsync(ServiceDefaults.Key(Prefix, item.Id), json).ConfigureAwait(false);\n");
                }

                sb.Append($$"""
                                _logger.LogInformation("Saved {{e}} {Id}", item.Id);
                            }

                            public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
                            {

                    """);
                if (Defect("empty-catch"))
                {
                    sb.Append("""
                                    try
                                    {
                                        return await Db.KeyDeleteAsync(ServiceDefaults.Key(Prefix, id));
                                    }
                                    catch (Exception)
                                    {
                                    }

                                    return false;

                        """);
                }
                else
                {
                    sb.Append("""
                                    try
                                    {
                                        return await Db.KeyDeleteAsync(ServiceDefaults.Key(Prefix, id));
                                    }
                                    catch (RedisConnectionException ex)
                                    {
                                        _logger.LogWarning(ex, "Delete of {Id} failed", id);
                                        throw;
                                    }

                        """);
                }

                sb.Append($$"""
                            }

                            public async Task<IReadOnlyList<{{e}}>> ListAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
                            {
                                var result = new List<{{e}}>();
                                foreach (Guid id in ids)
                                {
                                    cancellationToken.ThrowIfCancellationRequested();
                                    {{e}}? item = await FindAsync(id, cancellationToken);
                                    if (item != null && item.IsActive)
                                    {
                                        result.Add(item);
                                    }
                                }

                                return result;
                            }

                    """);
                int extra = Pick(1, 4);
                for (int i = 0; i < extra; i++)
                {
                    sb.Append(RepositoryQuery(e, i));
                }

                sb.Append("    }\n}\n");
                return sb.ToString();
            }

            private string RepositoryQuery(string e, int i)
            {
                string body;
                if (Defect("throw-ex"))
                {
                    body = $$"""
                                    catch (RedisException ex)
                                    {
                                        _logger.LogError(ex, "Query {{i}} failed");
                                        throw ex;
                                    }
                        """;
                }
                else if (Defect("throw-new-without-inner"))
                {
                    body = $$"""
                                    catch (RedisException ex)
                                    {
                                        _logger.LogError(ex, "Query {{i}} failed");
                                        throw new NotFoundInStoreException("Query {{i}} failed: " + ex.Message);
                                    }
                        """;
                }
                else
                {
                    body = $$"""
                                    catch (RedisException ex)
                                    {
                                        throw new NotFoundInStoreException("Query {{i}} failed", ex);
                                    }
                        """;
                }

                return $$"""

                            public async Task<long> CountByTag{{i}}Async(string tag, CancellationToken cancellationToken)
                            {
                                if (string.IsNullOrEmpty(tag))
                                {
                                    return 0;
                                }

                                try
                                {
                                    RedisValue[] members = await Db.SetMembersAsync(Prefix + ":tag{{i}}:" + tag);
                                    long count = 0;
                                    foreach (RedisValue member in members)
                                    {
                                        if (!member.IsNullOrEmpty)
                                        {
                                            count++;
                                        }
                                    }

                                    return count;
                                }
                    {{body}}
                            }

                    """;
            }

            public string Controller(string ns, string e)
            {
                string lower = e.ToLowerInvariant();
                var sb = new StringBuilder(Usings);
                sb.Append($$"""
                    using Acme.Infrastructure;

                    namespace {{ns}}
                    {
                        [ApiController]
                        [Route("api/{{lower}}")]
                        public sealed class {{e}}Controller : ControllerBase
                        {
                            private readonly I{{e}}Repository _repository;
                            private readonly {{e}}Client _client;
                            private readonly ILogger<{{e}}Controller> _logger;

                            public {{e}}Controller(I{{e}}Repository repository, {{e}}Client client, ILogger<{{e}}Controller> logger)
                            {
                                _repository = repository;
                                _client = client;
                                _logger = logger;
                            }

                            [HttpGet("{id:guid}")]
                            public async Task<ActionResult<{{e}}Summary>> Get(Guid id, CancellationToken cancellationToken)
                            {
                                {{e}}? item = await _repository.FindAsync(id, cancellationToken);
                                if (item is null)
                                {
                                    return NotFound();
                                }

                                return Ok(new {{e}}Summary(item.Id, item.Name, item.Amount, item.Status));
                            }

                            [HttpPost]
                            public async Task<IActionResult> Create([FromBody] {{e}} item, CancellationToken cancellationToken)
                            {
                                if (!ModelState.IsValid)
                                {
                                    return BadRequest(ModelState);
                                }

                                item.Id = Guid.NewGuid();
                                item.CreatedAt = DateTimeOffset.UtcNow;
                                await _repository.SaveAsync(item, cancellationToken);

                    """);
                if (Defect("fire-and-forget"))
                {
                    sb.Append("            _ = Task.Run(() => _client.PublishAsync(item.Id, CancellationToken.None));\n");
                }
                else
                {
                    sb.Append("            await _client.PublishAsync(item.Id, cancellationToken);\n");
                }

                sb.Append($$"""
                                return CreatedAtAction(nameof(Get), new { id = item.Id }, item);
                            }

                            [HttpDelete("{id:guid}")]
                            public async Task<IActionResult> Delete(Guid id, CancellationToken cancellationToken)
                            {
                                bool removed = await _repository.DeleteAsync(id, cancellationToken);
                                return removed ? NoContent() : NotFound();
                            }

                            [HttpGet("{id:guid}/remote")]
                            public async Task<IActionResult> GetRemote(Guid id, CancellationToken cancellationToken)
                            {

                    """);
                if (Defect("result-in-async"))
                {
                    sb.Append($$"""
                                    {{e}}Summary? summary = _client.FetchAsync(id, cancellationToken).Result;
                        """);
                }
                else
                {
                    sb.Append($$"""
                                    {{e}}Summary? summary = await _client.FetchAsync(id, cancellationToken);
                        """);
                }

                sb.Append($$"""

                                if (summary is null)
                                {
                                    return NotFound();
                                }

                                return Ok(summary);
                            }

                            [HttpGet("{id:guid}/legacy")]
                            public async Task<IActionResult> GetLegacy(Guid id)
                            {

                    """);
                if (Defect("new-httpclient-per-call"))
                {
                    sb.Append($$"""
                                    using var http = new HttpClient();
                                    string body = await http.GetStringAsync("http://legacy.internal/{{lower}}/" + id);
                        """);
                }
                else
                {
                    sb.Append($$"""
                                    string body = await _client.GetRawAsync(id, HttpContext.RequestAborted);
                        """);
                }

                sb.Append("""

                                return Content(body, "application/json");
                            }

                    """);
                int extra = Pick(1, 4);
                for (int i = 0; i < extra; i++)
                {
                    sb.Append(ControllerAction(e, i));
                }

                sb.Append("    }\n}\n");
                return sb.ToString();
            }

            private string ControllerAction(string e, int i)
            {
                string wait = Defect("thread-sleep-in-async") ? "Thread.Sleep(250);" : "await Task.Delay(250, cancellationToken);";
                string catchBlock = Defect("empty-catch", 0.5)
                    ? """
                                    catch
                                    {
                                    }
                        """
                    : $$"""
                                    catch (HttpRequestException ex)
                                    {
                                        _logger.LogWarning(ex, "Batch {{i}} upstream call failed");
                                        return StatusCode(502);
                                    }
                        """;
                return $$"""

                            [HttpPost("batch{{i}}")]
                            public async Task<IActionResult> Batch{{i}}([FromBody] List<Guid> ids, CancellationToken cancellationToken)
                            {
                                if (ids.Count == 0)
                                {
                                    return BadRequest();
                                }

                                var found = new List<{{e}}Summary>();
                                try
                                {
                                    foreach (Guid id in ids.Distinct())
                                    {
                                        {{e}}Summary? s = await _client.FetchAsync(id, cancellationToken);
                                        if (s != null)
                                        {
                                            found.Add(s);
                                        }
                                        else
                                        {
                                            {{wait}}
                                        }
                                    }
                                }
                    {{catchBlock}}

                                _logger.LogInformation("Batch {{i}} returned {Count} items", found.Count);
                                return Ok(found.OrderBy(x => x.Name).ToList());
                            }

                    """;
            }

            public string Client(string ns, string e)
            {
                string lower = e.ToLowerInvariant();
                bool v7 = _random.Next(2) == 0;
                string retry = Defect("retry-forever")
                    ? "Policy.Handle<HttpRequestException>().WaitAndRetryForeverAsync(attempt => TimeSpan.FromMilliseconds(200 * attempt))"
                    : "Policy.Handle<HttpRequestException>().WaitAndRetryAsync(3, attempt => TimeSpan.FromMilliseconds(200 * attempt))";
                var sb = new StringBuilder(Usings);
                sb.Append($$"""
                    using Acme.Infrastructure;
                    using Polly.Retry;
                    using Polly.Timeout;

                    namespace {{ns}}
                    {
                        /// <summary>Typed client for the remote {{e}} service.</summary>
                        public sealed class {{e}}Client
                        {
                            private readonly HttpClient _http;
                            private readonly ILogger<{{e}}Client> _logger;

                    """);
                if (v7)
                {
                    sb.Append($$"""
                                private static readonly IAsyncPolicy Retry = {{retry}};
                                private static readonly IAsyncPolicy Breaker = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
                                private static readonly IAsyncPolicy Resilience = Policy.WrapAsync(Retry, Breaker);

                        """);
                }
                else
                {
                    sb.Append($$"""
                                private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                                    .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = {{Pick(2, 5)}}, Delay = TimeSpan.FromMilliseconds(200) })
                                    .AddTimeout(TimeSpan.FromSeconds({{Pick(5, 20)}}))
                                    .Build();

                        """);
                }

                sb.Append($$"""

                            public {{e}}Client(HttpClient http, ILogger<{{e}}Client> logger)
                            {
                                _http = http;
                                _logger = logger;
                            }

                            public async Task<{{e}}Summary?> FetchAsync(Guid id, CancellationToken cancellationToken)
                            {

                    """);
                if (v7)
                {
                    sb.Append($$"""
                                    return await Resilience.ExecuteAsync(
                                        ct => _http.GetFromJsonAsync<{{e}}Summary>("{{lower}}/" + id, ServiceDefaults.Json, ct),
                                        cancellationToken);

                        """);
                }
                else
                {
                    sb.Append($$"""
                                    return await Pipeline.ExecuteAsync(
                                        async ct => await _http.GetFromJsonAsync<{{e}}Summary>("{{lower}}/" + id, ServiceDefaults.Json, ct),
                                        cancellationToken);

                        """);
                }

                sb.Append($$"""
                            }

                            public async Task<string> GetRawAsync(Guid id, CancellationToken cancellationToken)
                            {
                                using HttpResponseMessage response = await _http.GetAsync("{{lower}}/" + id + "/raw", cancellationToken);
                                response.EnsureSuccessStatusCode();
                                return await response.Content.ReadAsStringAsync(cancellationToken);
                            }

                            public async Task PublishAsync(Guid id, CancellationToken cancellationToken)
                            {
                                try
                                {
                                    using HttpResponseMessage response = await _http.PostAsJsonAsync("{{lower}}/events", new { id, at = DateTimeOffset.UtcNow }, cancellationToken);
                                    response.EnsureSuccessStatusCode();
                                }

                    """);
                if (Defect("throw-new-without-inner"))
                {
                    sb.Append($$"""
                                    catch (HttpRequestException ex)
                                    {
                                        throw new UpstreamException("Publishing {{e}} " + id + " failed with " + ex.StatusCode);
                                    }

                        """);
                }
                else
                {
                    sb.Append($$"""
                                    catch (HttpRequestException ex)
                                    {
                                        _logger.LogError(ex, "Publishing {{e}} {Id} failed", id);
                                        throw new UpstreamException("Publishing {{e}} " + id + " failed", ex);
                                    }

                        """);
                }

                sb.Append("""
                            }

                            public IReadOnlyList<string> ParseTags(string csv)
                            {
                                var tags = new List<string>();
                                foreach (string part in csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                                {
                                    if (part.Length > 0 && part.Length < 64)
                                    {
                                        tags.Add(part.ToLowerInvariant());
                                    }
                                }

                                return tags;
                            }

                    """);
                if (Defect("connect-per-call", 0.5))
                {
                    sb.Append($$"""

                                public async Task<bool> IsCachedAsync(Guid id)
                                {
                                    using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync("localhost:6379");
                                    return await redis.GetDatabase().KeyExistsAsync("{{lower}}:" + id.ToString("N"));
                                }

                        """);
                }

                sb.Append("    }\n}\n");
                return sb.ToString();
            }

            public string Worker(string ns, string e)
            {
                string channel = Defect("unbounded-channel")
                    ? $"Channel.CreateUnbounded<{e}>()"
                    : $"Channel.CreateBounded<{e}>(new BoundedChannelOptions(options.Value.QueueCapacity) {{ FullMode = BoundedChannelFullMode.Wait }})";
                var sb = new StringBuilder(Usings);
                sb.Append($$"""
                    using Acme.Infrastructure;

                    namespace {{ns}}
                    {
                        /// <summary>Drains queued {{e}} updates into the store.</summary>
                        public sealed class {{e}}Worker : BackgroundService
                        {
                            private readonly Channel<{{e}}> _queue;
                            private readonly I{{e}}Repository _repository;
                            private readonly ILogger<{{e}}Worker> _logger;
                            private readonly int _batchSize;

                            public {{e}}Worker(I{{e}}Repository repository, IOptions<{{e}}Options> options, ILogger<{{e}}Worker> logger)
                            {
                                _repository = repository;
                                _logger = logger;
                                _batchSize = options.Value.BatchSize;
                                _queue = {{channel}};
                            }

                            public ValueTask EnqueueAsync({{e}} item, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(item, cancellationToken);

                            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                            {
                                var batch = new List<{{e}}>(_batchSize);
                                while (!stoppingToken.IsCancellationRequested)
                                {
                                    try
                                    {
                                        {{e}} item = await _queue.Reader.ReadAsync(stoppingToken);
                                        batch.Add(item);
                                        while (batch.Count < _batchSize && _queue.Reader.TryRead(out {{e}}? next))
                                        {
                                            batch.Add(next);
                                        }

                                        await FlushAsync(batch, stoppingToken);
                                        batch.Clear();
                                    }
                                    catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                                    {
                                        break;
                                    }
                                    catch (Exception ex)
                                    {
                                        _logger.LogError(ex, "{{e}} batch failed; retrying after a pause");

                    """);
                sb.Append(Defect("thread-sleep-in-async")
                    ? "                    Thread.Sleep(TimeSpan.FromSeconds(1));\n"
                    : "                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);\n");
                sb.Append($$"""
                                    }
                                }
                            }

                            private async Task FlushAsync(List<{{e}}> batch, CancellationToken cancellationToken)
                            {
                                foreach ({{e}} item in batch)
                                {
                                    await _repository.SaveAsync(item, cancellationToken);
                                }

                                _logger.LogDebug("Flushed {Count} {{e}} items", batch.Count);
                            }

                    """);
                if (Defect("async-void", 0.5))
                {
                    sb.Append($$"""

                                public async void Refresh(Guid id)
                                {
                                    {{e}}? item = await _repository.FindAsync(id, CancellationToken.None);
                                    if (item != null)
                                    {
                                        await EnqueueAsync(item, CancellationToken.None);
                                    }
                                }

                        """);
                }

                sb.Append("    }\n}\n");
                return sb.ToString();
            }

            public string Registration(string ns, string e)
            {
                string handler;
                int kind = _random.Next(4);
                if (kind == 0 && Defect("missing-resilience-handler", 4))
                {
                    handler = "";
                }
                else if (kind == 1)
                {
                    handler = "\n            .AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(3, attempt => TimeSpan.FromMilliseconds(100 * attempt)))";
                }
                else
                {
                    handler = "\n            .AddStandardResilienceHandler()";
                }

                return Usings + $$"""
                    using Microsoft.Extensions.Configuration;

                    namespace {{ns}}
                    {
                        public static class {{e}}Registration
                        {
                            public static IServiceCollection Add{{e}}Module(this IServiceCollection services, IConfiguration configuration)
                            {
                                services.Configure<{{e}}Options>(configuration.GetSection({{e}}Options.Section));
                                services.AddSingleton<I{{e}}Repository, {{e}}Repository>();
                                services.AddHostedService<{{e}}Worker>();
                                services.AddHttpClient<{{e}}Client>((sp, client) =>
                                {
                                    {{e}}Options options = sp.GetRequiredService<IOptions<{{e}}Options>>().Value;
                                    client.BaseAddress = new Uri(options.BaseAddress);
                                    client.Timeout = options.Timeout;
                                }){{handler}};
                                return services;
                            }
                        }
                    }

                    """;
            }

            public string LegacyFacade(int methods)
            {
                var sb = new StringBuilder(Usings);
                sb.Append("""
                    using Acme.Infrastructure;

                    namespace Acme.Legacy
                    {
                        /// <summary>The old billing facade: long, much-edited, still on the hot path.</summary>
                        public sealed class LegacyBillingFacade
                        {
                            private readonly HttpClient _http;
                            private readonly IDatabase _cache;
                            private readonly ILogger<LegacyBillingFacade> _logger;

                            public LegacyBillingFacade(HttpClient http, IConnectionMultiplexer redis, ILogger<LegacyBillingFacade> logger)
                            {
                                _http = http;
                                _cache = redis.GetDatabase();
                                _logger = logger;
                            }

                    """);
                for (int i = 0; i < methods; i++)
                {
                    string read = Defect("result-in-async")
                        ? $"_cache.StringGetAsync(\"invoice:\" + invoiceId).Result"
                        : $"await _cache.StringGetAsync(\"invoice:\" + invoiceId)";
                    string handler = Defect("empty-catch")
                        ? "            catch (Exception)\n            {\n            }\n"
                        : Defect("throw-ex")
                            ? "            catch (Exception ex)\n            {\n                _logger.LogError(ex, \"Step " + i + " failed\");\n                throw ex;\n            }\n"
                            : "            catch (HttpRequestException ex)\n            {\n                _logger.LogError(ex, \"Step " + i + " failed for {Invoice}\", invoiceId);\n                throw;\n            }\n";
                    sb.Append($$"""

                                public async Task<decimal> Step{{i}}Async(string invoiceId, decimal amount, CancellationToken cancellationToken)
                                {
                                    if (string.IsNullOrEmpty(invoiceId))
                                    {
                                        throw new ArgumentException("Invoice id required", nameof(invoiceId));
                                    }

                                    decimal total = amount;
                                    try
                                    {
                                        RedisValue cached = {{read}};
                                        if (cached.HasValue && decimal.TryParse(cached.ToString(), out decimal previous))
                                        {
                                            total += previous * {{Pick(1, 9)}}m / 100m;
                                        }

                                        using HttpResponseMessage response = await _http.GetAsync("billing/{{i}}/" + invoiceId, cancellationToken);
                                        response.EnsureSuccessStatusCode();
                                        string text = await response.Content.ReadAsStringAsync(cancellationToken);
                                        if (text.Length > {{Pick(10, 90)}})
                                        {
                                            total = Math.Round(total * 1.{{Pick(1, 9)}}m, 2);
                                        }
                                    }
                        {{handler}}
                                    _logger.LogDebug("Step {{i}} computed {Total}", total);
                                    return total;
                                }

                        """);
                }

                sb.Append("    }\n}\n");
                return sb.ToString();
            }
        }
    }
}
