using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Resilience;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    /// <summary>
    /// REL206 on the data-access and client code a service developer writes: one finding per unit of work and
    /// dependency, bounded hand-written retries protected, hand-made and static clients with no handler reported.
    /// </summary>
    public class REL206UnprotectedExternalCallVariantTests
    {
        private static readonly ImmutableArray<DiagnosticAnalyzer> Rule = ImmutableArray.Create<DiagnosticAnalyzer>(new REL206UnprotectedExternalCallAnalyzer());

        private static Task Verify(string members) => FamilyVerifier.VerifyAsync(Rule, FamilyVerifier.Resilient("""
                readonly NpgsqlDataSource _source = null!;
                readonly IDatabase _cache = null!;
                readonly IConnectionMultiplexer _redis = null!;
                readonly ResiliencePipeline _pipeline = null!;
                readonly IAsyncPolicy _policy = null!;
                static readonly HttpClient Shared = new();

            """ + members));

        [Theory]
        [InlineData("""
            async Task<long> CountAsync()
            {
                await using var connection = await _source.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("select count(*) from orders", connection);
                return (long)(await command.{|REL206:ExecuteScalarAsync()|})!;
            }
            """)]
        [InlineData("""
            async Task<int> SaveAsync(string connectionString)
            {
                using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                using var tx = connection.BeginTransaction();
                using var insert = new NpgsqlCommand("insert into a values (1)", connection, tx);
                int n = await insert.{|REL206:ExecuteNonQueryAsync()|};
                using var update = new NpgsqlCommand("update b set c = 1", connection, tx);
                n += await update.ExecuteNonQueryAsync();
                await tx.CommitAsync();
                return n;
            }
            """)]
        [InlineData("""
            async Task<List<string>> NamesAsync()
            {
                await using var command = _source.CreateCommand("select name from users");
                await using var reader = await command.{|REL206:ExecuteReaderAsync()|};
                var names = new List<string>();
                while (await reader.ReadAsync()) names.Add(reader.GetString(0));
                return names;
            }
            """)]
        [InlineData("""
            async Task<string?> CachedAsync(string key)
            {
                string? hit = await _cache.{|REL206:StringGetAsync(key)|};
                if (hit is null) await _cache.StringSetAsync(key, "miss", TimeSpan.FromMinutes(1));
                return hit;
            }
            """)]
        [InlineData("""
            Task<RedisValue> FromMultiplexer(string key) => _redis.GetDatabase().{|REL206:StringGetAsync(key)|};
            """)]
        [InlineData("""
            Task<string> Quote(string symbol) => Shared.{|REL206:GetStringAsync("https://quotes.example/" + symbol)|};
            """)]
        [InlineData("""
            async Task<string> Ask(string prompt)
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var response = await http.{|REL206:PostAsync("https://llm.example/v1", new StringContent(prompt))|};
                return await response.Content.ReadAsStringAsync();
            }
            """)]
        [InlineData("""
            async Task<long> WriteThenCache(string key)
            {
                await using var command = _source.CreateCommand("insert into hits default values returning id");
                long id = (long)(await command.{|REL206:ExecuteScalarAsync()|})!;
                await _cache.{|REL206:StringSetAsync(key, id)|};
                return id;
            }
            """)]
        public Task Unprotected_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            async Task<long> CountAsync()
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await using var command = _source.CreateCommand("select count(*) from orders");
                        return (long)(await command.ExecuteScalarAsync())!;
                    }
                    catch (NpgsqlException) when (attempt < 3)
                    {
                        await Task.Delay(200 * attempt);
                    }
                }
            }
            """)]
        [InlineData("""
            async Task<string?> CachedAsync(string key)
            {
                int attempt = 0;
                while (true)
                {
                    try { return await _cache.StringGetAsync(key); }
                    catch (RedisConnectionException)
                    {
                        if (++attempt >= 3) throw;
                        await Task.Delay(100);
                    }
                }
            }
            """)]
        [InlineData("""
            async Task<string?> CachedAsync(string key)
            {
                var deadline = DateTime.UtcNow.AddSeconds(5);
                while (DateTime.UtcNow < deadline)
                {
                    try { return await _cache.StringGetAsync(key); }
                    catch (RedisTimeoutException) { await Task.Delay(100); }
                }

                return null;
            }
            """)]
        [InlineData("""
            async Task<RedisValue> ViaPipeline(string key) => await _pipeline.ExecuteAsync(async ct => await _cache.StringGetAsync(key));
            """)]
        [InlineData("""
            Task<int> ViaPolicy(NpgsqlCommand command) => _policy.ExecuteAsync(() => command.ExecuteNonQueryAsync());
            """)]
        [InlineData("""
            Task<string> ViaFactory(IHttpClientFactory factory) => factory.CreateClient("quotes").GetStringAsync("https://quotes.example/x");
            """)]
        [InlineData("""
            Task<string> WithHandler(HttpMessageHandler handler) => new HttpClient(handler).GetStringAsync("https://quotes.example/x");
            """)]
        public Task Protected_Variants_AreNotReported(string members) => Verify(members);
    }
}
