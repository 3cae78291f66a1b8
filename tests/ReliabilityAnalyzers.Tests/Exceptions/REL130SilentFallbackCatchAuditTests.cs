using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL130SilentFallbackCatchAuditAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL130SilentFallbackCatchAuditTests
    {
        private static DiagnosticResult Diagnostic(int location, string evidence, string what = "catch-all") =>
            new DiagnosticResult("REL130", DiagnosticSeverity.Info).WithLocation(location).WithArguments(evidence, what);

        [Fact]
        public Task PlainFallbacksAroundRemoteOrStoredWork_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            public interface ITokens { Task<string?> GetTokenByIdAsync(Guid id, CancellationToken ct); Task RecordUsageAsync(Guid id, CancellationToken ct); }
            public enum Status { Ok, Failed }
            public class TokenService
            {
                private readonly ITokens _tokens;
                private readonly HttpClient _http = new HttpClient();
                public TokenService(ITokens tokens) { _tokens = tokens; }

                public async Task<bool> ValidateToken(Guid id, CancellationToken ct)
                {
                    try
                    {
                        var token = await _tokens.GetTokenByIdAsync(id, ct);
                        if (token is null) return false;
                        await _tokens.RecordUsageAsync(id, ct);
                        return true;
                    }
                    {|#0:catch (Exception)|}
                    {
                        return false;
                    }
                }

                public async Task<IReadOnlyList<string>> Names()
                {
                    try { return (await _http.GetStringAsync("https://api.example/names").ConfigureAwait(false)).Split(','); }
                    {|#1:catch|} { return Array.Empty<string>(); }
                }

                public string ReadSettings(string path)
                {
                    try { return File.ReadAllText(path); }
                    {|#2:catch (SystemException)|} { return string.Empty; }
                }

                public Status Save(string path, string text)
                {
                    try { File.WriteAllText(path, text); return Status.Ok; }
                    {|#3:catch (Exception)|} { return Status.Failed; }
                }

                public async Task Drain(IEnumerable<Guid> ids, CancellationToken ct)
                {
                    foreach (var id in ids)
                    {
                        try { await _tokens.RecordUsageAsync(id, ct); }
                        {|#4:catch|} { continue; }
                    }
                }

                public int Size(string path)
                {
                    try { return File.ReadAllBytes(path).Length; }
                    {|#6:catch|} { return -1; }
                }

                public Task<List<string>> Lines(string path)
                {
                    try { return Task.FromResult(File.ReadLines(path).ToList()); }
                    {|#5:catch|} { return Task.FromResult(new List<string>()); }
                }
            }
            """,
            Diagnostic(0, "'GetTokenByIdAsync'"),
            Diagnostic(1, "'GetStringAsync'"),
            Diagnostic(2, "'ReadAllText'"),
            Diagnostic(3, "'WriteAllText'"),
            Diagnostic(4, "'RecordUsageAsync'"),
            Diagnostic(5, "'ReadLines'"),
            Diagnostic(6, "'ReadAllBytes'"));

        // Phase 25, a recall probe: a dependency's own failure type caught silently is as silent as a catch-all; a
        // telematics page that fails reads as "no vehicles".
        [Fact]
        public Task CatchOfADependencysFailureType_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            public class Telematics
            {
                private readonly HttpClient _http = new HttpClient();
                public async Task<IReadOnlyList<string>> VehiclesAsync(string carrier)
                {
                    try { return (await _http.GetStringAsync("vehicles/" + carrier)).Split(','); }
                    {|#0:catch (HttpRequestException)|} { return Array.Empty<string>(); }
                }
                public bool Save(string path, string text)
                {
                    try { File.WriteAllText(path, text); return true; }
                    {|#1:catch (IOException)|} { return false; }
                }
                public bool Load(string path)
                {
                    try { File.ReadAllText(path); return true; }
                    catch (FileNotFoundException) { return false; }
                }
            }
            """,
            Diagnostic(0, "'GetStringAsync'", "catch of HttpRequestException"),
            Diagnostic(1, "'WriteAllText'", "catch of IOException"));

        [Fact]
        public Task SuccessAnswerAfterAFailedSave_IsReported_ConcurrencyConflictIsNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;
            public class JobsController(DbContext db) : ControllerBase
            {
                // Phase 26, a recall probe: the save failed, the caller is told the cancel was accepted.
                [HttpPost("{id}/cancel")]
                public async Task<IActionResult> Cancel(Guid id, CancellationToken ct)
                {
                    try { await db.SaveChangesAsync(ct); }
                    {|#0:catch (DbUpdateException)|} { return Accepted(); }
                    return NoContent();
                }

                // Deleting what another request already deleted is done: an idempotent 204.
                [HttpDelete("{id}")]
                public async Task<IActionResult> Delete(Guid id, CancellationToken ct)
                {
                    try { await db.SaveChangesAsync(ct); }
                    catch (DbUpdateConcurrencyException) { return NoContent(); }
                    return NoContent();
                }

                public static async Task<IResult> Touch(DbContext db)
                {
                    try { await db.SaveChangesAsync(); }
                    {|#1:catch (Exception)|} { return Results.Ok(); }
                    return Results.Ok();
                }
            }
            """,
            Diagnostic(0, "'SaveChangesAsync'", "catch of DbUpdateException"),
            Diagnostic(1, "'SaveChangesAsync'", "catch-all"));

        [Fact]
        public Task ComputationTryStyleTeardownLoggedAndSpecificCatches_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Text.Json;
            using System.Threading.Tasks;
            public class Probes
            {
                private readonly HttpClient _http = new HttpClient();

                public int ParseOrZero(string s) { try { return int.Parse(s); } catch { return 0; } }            // computation only
                public JsonDocument? ParseJson(string s) { try { return JsonDocument.Parse(s); } catch (Exception) { return null; } }
                public async Task<string?> TryFetchAsync(string url) { try { return await _http.GetStringAsync(url); } catch { return null; } } // Try-style
                public void Dispose() { try { _http.Dispose(); File.Delete("x.tmp"); } catch { return; } }  // teardown
                public async Task<bool> Logged(string url)
                {
                    try { await _http.GetStringAsync(url); return true; }
                    catch (Exception ex) { Console.Error.WriteLine(ex); return false; }                          // leaves a trace
                }
                public async Task<bool> Specific(string url)
                {
                    try { await _http.GetStringAsync(url); return true; }
                    catch (InvalidOperationException) { return false; }                                         // not a dependency's failure type
                }
                public async Task<bool> NotFound(string url)
                {
                    try { await _http.GetStringAsync(url); return true; }
                    catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound) { return false; } // a filter that decides
                }
                public async Task<string> Fallback(string url, string cached)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch { return cached; }                                                                    // a value the caller chose
                }
                public async Task<bool> Filtered(string url, bool quiet)
                {
                    try { await _http.GetStringAsync(url); return true; }
                    catch (Exception) when (quiet) { return false; }                                            // a filter that decides: the caller asked for quiet
                }
                public async Task Paused() { try { await Task.Delay(10); } catch { return; } }                 // a pause is not work
                public bool IsAddress(string text) { try { System.Net.IPAddress.Parse(text); return true; } catch { return false; } } // parsing, not the network
                public async Task<bool> Nested(string url)
                {
                    try { await _http.GetStringAsync(url); return true; }
                    catch (Exception first)
                    {
                        try { await _http.GetStringAsync(url + "?retry"); } catch { return false; }             // enrichment inside a catch
                        throw new InvalidOperationException("failed", first);
                    }
                }
            }
            """);

        [Fact]
        public Task FilterThatOnlyLeavesSomeTypesOut_IsStillACatchAll() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            public sealed class Orders(HttpClient http)
            {
                // Phase 24, a recall probe: every database or network fault becomes 'false', with no trace.
                public async Task<bool> UpdateAsync(string id)
                {
                    try { await http.PostAsync("orders/" + id, null); return true; }
                    {|#0:catch (Exception ex)|} when (ex is not ArgumentException) { return false; }
                }

                public async Task<bool> CancelAsync(string id)
                {
                    try { await http.DeleteAsync("orders/" + id); return true; }
                    {|#1:catch (Exception ex)|} when (!(ex is OperationCanceledException) && ex is not (FormatException or InvalidCastException)) { return false; }
                }
            }
            """,
            Diagnostic(0, "'PostAsync'"),
            Diagnostic(1, "'DeleteAsync'"));
    }
}
