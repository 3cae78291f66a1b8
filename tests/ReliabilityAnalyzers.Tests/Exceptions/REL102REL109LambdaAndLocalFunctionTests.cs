using System.Threading.Tasks;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>
    /// REL102 / REL109 on catch clauses inside lambdas and local functions: a lambda whose result someone receives (an
    /// async lambda, a <c>Task.Run</c> body, a minimal-API endpoint) that logs and hands back nothing is judged as a
    /// method is; projections, callbacks and fire-and-forget bodies that log and carry on stay boundaries; a local
    /// function's own name (Try..., Is.../Check...) counts like a method's. All exception rules run together.
    /// </summary>
    public class REL102REL109LambdaAndLocalFunctionTests
    {
        [Theory]
        [InlineData("""
            void Map(WebApplication app)
            {
                app.MapGet("/profile/{id}", async (int id) =>
                {
                    try { string? cached = await _cache.StringGetAsync($"profile:{id}"); return Results.Ok(cached); }
                    {|REL102:catch (RedisConnectionException ex)|} { _logger.LogError(ex, "Profile {Id} failed", id); return Results.Ok(null); }
                });
            }
            """)]
        [InlineData("""
            void Map(WebApplication app)
            {
                app.MapPost("/orders/{id}/cancel", async (int id) =>
                {
                    try { await using var c = _db.CreateCommand("update orders set state = 2"); await c.ExecuteNonQueryAsync(); return Results.Ok(); }
                    {|REL102:catch (DbException ex)|} { _logger.LogError(ex, "Cancel {Id} failed", id); return Results.Ok(); }
                });
            }
            """)]
        [InlineData("""
            Task<string?> Fetch(string url) => Task.Run(async () =>
            {
                try { return await _http.GetStringAsync(url); }
                {|REL102:catch (HttpRequestException ex)|} { _logger.LogError(ex, "Fetch {Url} failed", url); return null; }
            });
            """)]
        [InlineData("""
            async Task<User?> Parse(string url)
            {
                return await Task.Run(async () =>
                {
                    try { return JsonSerializer.Deserialize<User>(await _http.GetStringAsync(url)); }
                    {|REL109:catch (JsonException ex)|} { _logger.LogError(ex, "Bad payload from {Url}", url); return null; }
                });
            }
            """)]
        [InlineData("""
            async Task<int> Handle(int id)
            {
                var user = await Load();
                return user?.Id ?? 0;

                async Task<User?> Load()
                {
                    try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                    {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Lookup {Id} failed", id); return default; }
                }
            }
            """)]
        [InlineData("""
            Task<User?> Find(int id) => Task.Run<User?>(async () =>
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return new User(id, "a"); }
                {|REL102:catch (Exception ex)|} { _logger.LogError(ex, "Lookup {Id} failed", id); return default; }
            });
            """)]
        [InlineData("""
            void Map(WebApplication app)
            {
                app.MapPost("/orders/{id}/ship", async (int id) =>
                {
                    try { await using var c = _db.CreateCommand("update orders set shipped = true"); await c.ExecuteNonQueryAsync(); }
                    {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Ship {Id} failed", id); }
                    return Results.Ok();
                });
            }
            """)]
        [InlineData("""
            async Task Save(int id)
            {
                await Task.Run(async () =>
                {
                    try { await using var c = _db.CreateCommand("insert into audit values (1)"); await c.ExecuteNonQueryAsync(); }
                    {|REL109:catch (NpgsqlException ex)|} { _logger.LogError(ex, "Audit {Id} failed", id); }
                }).ConfigureAwait(false);
            }
            """)]
        public Task LogAndReturnNothing_InLambdasAndLocalFunctions_AreReported(string members) =>
            FamilyVerifier.VerifyAsync(FamilyVerifier.Exceptions, Web(members));

        [Theory]
        [InlineData("""
            async Task<User?[]> Profiles(int[] ids) => await Task.WhenAll(ids.Select(async id =>
            {
                try { return JsonSerializer.Deserialize<User>(await _http.GetStringAsync($"users/{id}")); }
                catch (HttpRequestException ex) { _logger.LogError(ex, "User {Id} failed", id); return null; }
            }));
            """)]
        [InlineData("""
            Timer Start() => new Timer(_ =>
            {
                try { File.WriteAllText("heartbeat", DateTime.UtcNow.ToString("O")); }
                catch (IOException ex) { _logger.LogError(ex, "Heartbeat failed"); }
            }, null, 0, 1000);
            """)]
        [InlineData("""
            void Enqueue(int id)
            {
                _ = Task.Run(async () =>
                {
                    try { await using var c = _db.CreateCommand("insert into audit values (1)"); await c.ExecuteNonQueryAsync(); }
                    catch (DbException ex) { _logger.LogError(ex, "Audit {Id} failed", id); }
                });
            }
            """)]
        [InlineData("""
            void Use(WebApplication app)
            {
                app.Use(async (context, next) =>
                {
                    try { await next(context); }
                    catch (Exception ex) { _logger.LogError(ex, "Request failed"); context.Response.StatusCode = 500; }
                });
            }
            """)]
        [InlineData("""
            string Render(string name)
            {
                return TryReadTemplate() ?? "<default/>";

                string? TryReadTemplate()
                {
                    try { return File.ReadAllText(name); }
                    catch (IOException ex) { _logger.LogWarning(ex, "No template {Name}", name); return null; }
                }
            }
            """)]
        [InlineData("""
            async Task<string> Status()
            {
                return await IsCacheUp() ? "ok" : "degraded";

                async Task<bool> IsCacheUp()
                {
                    try { await _cache.PingAsync(); return true; }
                    catch (RedisConnectionException ex) { _logger.LogWarning(ex, "Redis down"); return false; }
                }
            }
            """)]
        [InlineData("""
            void Map(WebApplication app)
            {
                app.MapGet("/orders/{id}", async (int id) =>
                {
                    try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(); return Results.Ok(new User(id, "a")); }
                    catch (DbException ex) { _logger.LogError(ex, "Order {Id} failed", id); return Results.Problem("Orders are unavailable"); }
                });
            }
            """)]
        public Task BoundariesAndHonestOutcomes_InLambdasAndLocalFunctions_AreNotReported(string members) =>
            FamilyVerifier.VerifyAsync(FamilyVerifier.Exceptions, Web(members));

        private static string Web(string members) =>
            "using Microsoft.AspNetCore.Builder;\nusing Microsoft.AspNetCore.Http;\n" + FamilyVerifier.Service(members);
    }
}
