using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL109InfrastructureFailureHiddenAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL109InfrastructureFailureHiddenTests
    {
        private static DiagnosticResult Diagnostic(int location, string caught, string outcome) =>
            new DiagnosticResult("REL109", DiagnosticSeverity.Info).WithLocation(location).WithArguments(caught, outcome);

        [Fact]
        public Task SpecificInfrastructureCatches_AndLowLevelCatchAll_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using System.Text.Json;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Npgsql;
            using StackExchange.Redis;
            class UserRepository
            {
                readonly ILogger _logger;
                readonly IDatabase _cache;
                UserRepository(ILogger logger, IDatabase cache) { _logger = logger; _cache = cache; }

                async Task<string?> FindName(NpgsqlConnection connection, int id)
                {
                    try
                    {
                        await using var command = new NpgsqlCommand("select name from users where id = $1", connection);
                        return (string?)await command.ExecuteScalarAsync();
                    }
                    {|#0:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Lookup of user {Id} failed", id); return null; }
                }

                async Task<bool> Remember(string key)
                {
                    try { return await _cache.StringSetAsync(key, "1"); }
                    {|#1:catch (RedisConnectionException ex)|} { _logger.LogWarning(ex, "Cache unavailable"); return false; }
                }

                void Send(Socket socket, byte[] payload)
                {
                    try { socket.Send(payload); }
                    {|#2:catch (SocketException ex)|} { _logger.LogWarning(ex, "Send failed"); }
                }

                Dictionary<string, int> Parse(string json)
                {
                    try { return JsonSerializer.Deserialize<Dictionary<string, int>>(json)!; }
                    {|#3:catch (JsonException ex)|} { _logger.LogError(ex, "Bad settings document"); return new Dictionary<string, int>(); }
                }

                void Evict(string[] keys)
                {
                    foreach (string key in keys)
                    {
                        try { _cache.KeyDelete(key); }
                        {|#4:catch (RedisTimeoutException ex)|} { _logger.LogWarning(ex, "Evict {Key} failed", key); continue; }
                    }
                }

                void Refresh()
                {
                    try { File.WriteAllText("profile.json", "{}"); }
                    {|#5:catch (Exception ex)|} { _logger.LogWarning(ex, "Refresh failed"); }
                }

                void Touch()
                {
                    try { File.SetLastWriteTimeUtc("profile.json", DateTime.UtcNow); }
                    {|#6:catch (IOException ex)|} { _logger.LogInformation(ex, "Touch failed"); return; }
                }
            }
            """,
            Diagnostic(0, "NpgsqlException", "returns null"),
            Diagnostic(1, "RedisConnectionException", "returns false"),
            Diagnostic(2, "SocketException", "carries on"),
            Diagnostic(3, "JsonException", "returns an empty collection"),
            Diagnostic(4, "RedisTimeoutException", "continues with the next item"),
            Diagnostic(5, "every Exception", "carries on (logged below Error)"),
            Diagnostic(6, "IOException", "returns"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            using Microsoft.Extensions.Logging;
            using Npgsql;
            using StackExchange.Redis;
            class Store : IDisposable
            {
                readonly ILogger _logger;
                readonly IDatabase _cache;
                Store(ILogger logger, IDatabase cache) { _logger = logger; _cache = cache; }

                // REL102 reports this one (a broad type, log and return null): not twice.
                async Task<string?> Get(string key)
                {
                    try { return await _cache.StringGetAsync(key); }
                    catch (RedisConnectionException ex) { _logger.LogWarning(ex, "Redis unavailable"); return null; }
                }

                // Logged at Error: an operator sees it; a catch-all only counts below Error.
                void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) { _logger.LogError(ex, "Save failed"); } }

                // A narrow subtype means "not there": a decision, not an outage.
                string? Read() { try { return File.ReadAllText("a"); } catch (FileNotFoundException ex) { _logger.LogDebug(ex, "No file"); return null; } }

                // A filter picks the failure it means (a unique-key violation).
                async Task<bool> Insert(NpgsqlCommand command)
                {
                    try { await command.ExecuteNonQueryAsync(); return true; }
                    catch (PostgresException ex) when (ex.SqlState == "23505") { _logger.LogInformation(ex, "Duplicate"); return false; }
                }

                // Rethrows, or does more than log.
                async Task<string> Fetch(HttpClient http)
                {
                    try { return await http.GetStringAsync("https://example.org"); }
                    catch (HttpRequestException ex) { _logger.LogWarning(ex, "Fetch failed"); throw; }
                }

                async Task<string> FetchOrCached(HttpClient http)
                {
                    try { return await http.GetStringAsync("https://example.org"); }
                    catch (HttpRequestException ex) { _logger.LogWarning(ex, "Fetch failed"); return Cached(); }
                }

                // No log at all is another rule's business; Try-pattern, teardown and loops of catch-alls are boundaries.
                bool TryLoad() { try { File.ReadAllText("a"); return true; } catch (IOException ex) { _logger.LogWarning(ex, "x"); return false; } }
                public void Dispose() { try { File.Delete("tmp"); } catch (IOException ex) { _logger.LogWarning(ex, "Cleanup failed"); } }
                void Each(string[] files) { foreach (var f in files) { try { File.Delete(f); } catch (Exception ex) { _logger.LogWarning(ex, "Skip {File}", f); } } }
                void Printed() { try { File.Delete("x"); } catch (Exception ex) { Console.WriteLine(ex); } }
                static string Cached() => "cached";

                // A probe's answer.
                async Task<bool> IsReachableAsync(HttpClient http)
                {
                    try { await http.GetAsync("https://example.org/health"); return true; }
                    catch (HttpRequestException ex) { _logger.LogInformation(ex, "Not reachable"); return false; }
                }

                async Task<bool> PingAsync() { try { await _cache.PingAsync(); return true; } catch (RedisConnectionException ex) { _logger.LogWarning(ex, "x"); return false; } }
            }

            class Poller : BackgroundService
            {
                readonly ILogger _logger;
                Poller(ILogger logger) { _logger = logger; }
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    try { await Task.Delay(1000, stoppingToken); }
                    catch (Exception ex) { _logger.LogWarning(ex, "Cycle failed"); }
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.IO;
                class Store { void A() { try { Missing(); } catch (IOException ex) { Log(ex); return; } catch (Nope) { } catch (
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
