using System.Threading.Tasks;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>
    /// "Log and return null" written the many ways a service developer writes it (REL102 takes the catch-alls and broad
    /// types outside loops, REL109 the rest), and the correct code that looks like it. All exception rules run together.
    /// </summary>
    public class REL109InfrastructureFailureHiddenVariantTests
    {
        [Theory]
        [InlineData("""
            async Task<User?> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Lookup {Id} failed", id); return default; }
            }
            """)]
        [InlineData("""
            async Task<User[]> ListAsync()
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User[1]; }
                {|REL102:catch (DbException ex)|} { _logger.LogError(ex, "List failed"); return Array.Empty<User>(); }
            }
            """)]
        [InlineData("""
            async Task<List<User>> FetchAsync()
            {
                try { return (await _http.GetFromJsonAsyncShim<List<User>>("users"))!; }
                {|REL102:catch (HttpRequestException ex)|} { _logger.LogWarning(ex, "Fetch failed"); return new List<User>(); }
            }
            """)]
        [InlineData("""
            List<User> Parse(string json)
            {
                try { return JsonSerializer.Deserialize<List<User>>(json)!; }
                {|REL109:catch (JsonException ex)|} { _logger.LogWarning(ex, "Bad payload"); return new(); }
            }
            """)]
        [InlineData("""
            IEnumerable<User> Peers(Socket socket)
            {
                try { socket.Send(new byte[1]); return new[] { new User(1, "a") }; }
                {|REL102:catch (SocketException ex)|} { _logger.LogError(ex, "Peer query failed"); return Enumerable.Empty<User>(); }
            }
            """)]
        [InlineData("""
            async Task<(string? Value, bool Found)> GetAsync(string key)
            {
                try { var v = await _cache.StringGetAsync(key); return (v, v.HasValue); }
                {|REL102:catch (RedisTimeoutException ex)|} { _logger.LogWarning(ex, "Cache timeout"); return (null, false); }
            }
            """)]
        [InlineData("""
            async Task WarmAsync(string[] urls)
            {
                foreach (var url in urls)
                {
                    try { await _http.GetStringAsync(url); }
                    {|REL109:catch (HttpRequestException ex)|} { _logger.LogWarning(ex, "Warm {Url} failed", url); continue; }
                }
            }
            """)]
        [InlineData("""
            void Archive(string path)
            {
                try { File.Move(path, path + ".bak"); }
                {|REL109:catch (IOException ex)|} { _logger.Log(LogLevel.Warning, ex, "Archive failed"); }
            }
            """)]
        [InlineData("""
            async Task<User?> LoadAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                {|REL109:catch (NpgsqlException ex)|} { LookupFailed(_logger, ex); return null; }
            }
            """)]
        [InlineData("""
            User? Decode(string json)
            {
                try { return JsonSerializer.Deserialize<User>(json); }
                {|REL109:catch (JsonException ex)|} { Serilog.Log.Warning(ex, "Bad user document"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> CachedAsync(string key)
            {
                try { return await _cache.StringGetAsync(key); }
                {|REL102:catch (RedisConnectionException ex)|} { _logger.CacheUnavailable(ex); return null; }
            }
            """)]
        [InlineData("""
            async Task<User?> ByNameAsync(string name)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(1, name); }
                {|REL102:catch (Exception ex)|} when (ex is DbException) { _logger.LogError(ex, "Lookup failed"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> ProfileAsync(int id)
            {
                try { return await _http.GetStringAsync($"profiles/{id}"); }
                {|REL102:catch (Exception ex)|} when (ex is HttpRequestException or TaskCanceledException) { _logger.LogWarning(ex, "Profile failed"); return null; }
            }
            """)]
        [InlineData("""
            Task<string?> ReadConfigAsync(string path)
            {
                try { return Task.FromResult<string?>(File.ReadAllText(path)); }
                {|REL102:catch (IOException ex)|} { _logger.LogError(ex, "Config read failed"); return Task.FromResult<string?>(null); }
            }
            """)]
        [InlineData("""
            async Task<string> BodyAsync(string url)
            {
                try { return await _http.GetStringAsync(url); }
                {|REL102:catch (HttpRequestException ex)|} { _logger.LogError(ex, "GET {Url} failed", url); return string.Empty; }
            }
            """)]
        [InlineData("""
            async Task<User> SingleAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                {|REL109:catch (PostgresException ex)|} { _logger.LogError(ex, "Lookup failed"); return null!; }
            }
            """)]
        [InlineData("""
            async Task<bool> SaveAsync(User user)
            {
                try { await using var c = _db.CreateCommand("insert"); await c.ExecuteNonQueryAsync(); return true; }
                {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Save {Id} failed", user.Id); return false; }
            }
            """)]
        [InlineData("""
            async Task<long> CountAsync()
            {
                try { await using var c = _db.CreateCommand("select count(*)"); return (long)(await c.ExecuteScalarAsync())!; }
                {|REL109:catch (Microsoft.Data.Sqlite.SqliteException ex)|} { _logger?.LogWarning(ex, "Count failed"); return default(long); }
            }
            """)]
        [InlineData("""
            async Task<RedisValue[]> MembersAsync(string key)
            {
                try { return await _cache.SetMembersAsync(key); }
                {|REL102:catch (RedisException ex)|} { _logger.LogWarning(ex, "Members of {Key} failed", key); _logger.LogInformation("Serving empty set"); return Array.Empty<RedisValue>(); }
            }
            """)]
        [InlineData("""
            void Flush(Stream stream)
            {
                try { stream.Flush(); }
                {|REL109:catch (Exception ex)|} { _logger.LogDebug(ex, "Flush failed"); }
            }
            """)]
        [InlineData("""
            async Task<IReadOnlyList<User>> RecentAsync()
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new List<User>(); }
                {|REL102:catch (DbException ex)|} { _logger.LogError(ex, "Recent failed"); return []; }
            }
            """)]
        [InlineData("""
            async Task<Dictionary<string, string>> SettingsAsync()
            {
                try { return (await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(File.OpenRead("s.json")))!; }
                {|REL109:catch (JsonException ex)|} { _logger.LogError(ex, "Settings unreadable"); return new Dictionary<string, string>(StringComparer.Ordinal); }
            }
            """)]
        [InlineData("""
            async Task<User?> AnyFailureAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                {|REL102:catch (Exception ex)|} when (ex is not DbException) { _logger.LogError(ex, "Lookup failed"); return null; }
            }
            """)]
        [InlineData("""
            async Task<User?> LoadOrNullAsync(int id)
            {
                User? user = null;
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); user = new User(id, "a"); }
                {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Lookup {Id} failed", id); user = null; }
                return user;
            }
            """)]
        [InlineData("""
            Task PublishAsync(string message)
            {
                try { return _cache.PublishAsync(RedisChannel.Literal("events"), message); }
                {|REL109:catch (RedisConnectionException ex)|} { _logger.LogWarning(ex, "Publish failed"); return Task.CompletedTask; }
            }
            """)]
        [InlineData("""
            async Task<string?> FetchBodyAsync(string url)
            {
                string? body = default;
                try { body = await _http.GetStringAsync(url); }
                {|REL109:catch (Exception ex)|} when (ex is HttpRequestException || ex is TaskCanceledException) { _logger.LogWarning(ex, "Fetch failed"); }
                return body;
            }
            """)]
        [InlineData("""
            async Task<User[]> ArrayAsync()
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User[1]; }
                {|REL102:catch (DbException ex)|} { _logger.LogError(ex, "List failed"); return new User[0]; }
            }
            """)]
        [InlineData("""
            async Task<List<User>> ListCopyAsync()
            {
                try { return (await _http.GetFromJsonAsyncShim<List<User>>("users"))!; }
                {|REL102:catch (HttpRequestException ex)|} { _logger.LogError(ex, "List failed"); return Enumerable.Empty<User>().ToList(); }
            }
            """)]
        [InlineData("""
            async Task<int> PendingCountAsync()
            {
                try { await using var c = _db.CreateCommand("select count(*) from outbox"); return Convert.ToInt32(await c.ExecuteScalarAsync()); }
                {|REL109:catch (DbException ex)|} { _logger.LogError(ex, "Count failed"); return 0; }
            }
            """)]
        public Task LogAndReturnNothing_Variants_AreReported(string members) =>
            FamilyVerifier.VerifyAsync(FamilyVerifier.Exceptions, FamilyVerifier.Service(members + Shim));

        [Theory]
        [InlineData("""
            async Task<User?> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                catch (DbException ex) { _logger.LogError(ex, "Lookup {Id} failed", id); throw; }
            }
            """)]
        [InlineData("""
            async Task<object> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                catch (NpgsqlException ex) { _logger.LogError(ex, "Lookup {Id} failed", id); return Fail(ex.Message); }
            }
            static object Fail(string reason) => reason;
            """)]
        [InlineData("""
            async Task<User?> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                catch (NpgsqlException ex) { _logger.LogError(ex, "Lookup {Id} failed", id); throw new InvalidOperationException("Lookup failed", ex); }
            }
            """)]
        [InlineData("""
            string? Template(string path)
            {
                try { return File.ReadAllText(path); }
                catch (FileNotFoundException ex) { _logger.LogInformation(ex, "No template at {Path}", path); return null; }
            }
            """)]
        [InlineData("""
            void Refresh()
            {
                try { File.WriteAllText("a", "b"); }
                catch (Exception ex) { _logger.LogError(ex, "Refresh failed"); }
            }
            """)]
        [InlineData("""
            void Refresh()
            {
                try { File.WriteAllText("a", "b"); }
                catch (Exception ex) { SaveFailed(_logger, ex); }
            }
            """)]
        [InlineData("""
            void Refresh()
            {
                try { File.WriteAllText("a", "b"); }
                catch (Exception ex) { _logger.Log(LogLevel.Critical, ex, "Refresh failed"); }
            }
            """)]
        [InlineData("""
            void Refresh()
            {
                try { File.WriteAllText("a", "b"); }
                catch (Exception ex) { Serilog.Log.Error(ex, "Refresh failed"); }
            }
            """)]
        [InlineData("""
            async Task<(User? User, Exception? Error)> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return (new User(id, "a"), null); }
                catch (NpgsqlException ex) { _logger.LogError(ex, "Lookup {Id} failed", id); return (null, ex); }
            }
            """)]
        [InlineData("""
            async Task<bool> IsHealthyAsync()
            {
                try { await _cache.PingAsync(); return true; }
                catch (RedisConnectionException ex) { _logger.LogWarning(ex, "Redis down"); return false; }
            }
            """)]
        [InlineData("""
            async Task<User?> FindAsync(int id)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                catch (PostgresException ex) when (ex.SqlState == "42P01") { _logger.LogWarning(ex, "Table missing"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> ProfileAsync(int id, CancellationToken token)
            {
                try { return await _http.GetStringAsync($"profiles/{id}", token); }
                catch (Exception ex) when (ex is HttpRequestException) { _logger.LogWarning(ex, "Profile failed"); throw; }
            }
            """)]
        [InlineData("""
            async Task<int> PendingCountAsync()
            {
                try { await using var c = _db.CreateCommand("select count(*) from outbox"); return Convert.ToInt32(await c.ExecuteScalarAsync()); }
                catch (DbException ex) { _logger.LogError(ex, "Count failed"); return -1; }
            }
            """)]
        [InlineData("""
            List<User> Copy(List<User> source)
            {
                try { return source.ToList(); }
                catch (IOException ex) { _logger.LogError(ex, "Copy failed"); return source.ToList(); }
            }
            """)]
        public Task CorrectCode_ThatLooksSimilar_IsNotReported(string members) =>
            FamilyVerifier.VerifyAsync(FamilyVerifier.Exceptions, FamilyVerifier.Service(members + Shim));

        private const string Shim = """

                // stand-in for System.Net.Http.Json, not in the reference set
            }
            static class HttpShim
            {
                public static async Task<T?> GetFromJsonAsyncShim<T>(this HttpClient http, string url) => JsonSerializer.Deserialize<T>(await http.GetStringAsync(url));
            """;
    }
}
