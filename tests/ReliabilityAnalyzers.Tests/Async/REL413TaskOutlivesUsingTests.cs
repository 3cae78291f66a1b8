using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL413TaskOutlivesUsingAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL413TaskOutlivesUsingTests
    {
        private static DiagnosticResult D(int location, string method, string call, string resource) =>
            Verify.Diagnostic("REL413").WithLocation(location).WithArguments(method, call, resource);

        [Fact]
        public Task TasksThatOutliveTheirUsing_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Dapper;
            using Npgsql;
            public sealed class ReadingStore(string connectionString, HttpClient http)
            {
                private NpgsqlConnection Open() { var c = new NpgsqlConnection(connectionString); c.Open(); return c; }

                // Phase 25, a recall probe: the connection is disposed as soon as the task is returned.
                public Task<int> PurgeAsync(DateTime cutoff)
                {
                    using var conn = Open();
                    return {|#0:conn.ExecuteAsync("DELETE FROM readings WHERE at < @cutoff", new { cutoff })|};
                }

                public Task<HttpResponseMessage> PostAsync(string url, string body)
                {
                    using (var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body) })
                    {
                        return {|#1:http.SendAsync(request)|};
                    }
                }

                public Task<string> GetWithTimeoutAsync(string url)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    return {|#2:http.GetStringAsync(url, cts.Token)|};
                }

                public Task CopyAsync(Stream target, string path)
                {
                    using var source = File.OpenRead(path);
                    return {|#3:source.CopyToAsync(target)|};
                }

                public Func<Task> Later(string path) => () =>
                {
                    using var source = File.OpenRead(path);
                    return {|#4:Task.Run(() => source.ReadByte())|};
                };
            }
            """,
            D(0, "PurgeAsync", "ExecuteAsync", "conn"),
            D(1, "PostAsync", "SendAsync", "request"),
            D(2, "GetWithTimeoutAsync", "GetStringAsync", "cts"),
            D(3, "CopyAsync", "CopyToAsync", "source"),
            D(4, "Later", "Run", "source"));

        [Fact]
        public Task AwaitedCompletedOrUnrelated_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Dapper;
            using Npgsql;
            public sealed class ReadingStore(string connectionString, HttpClient http)
            {
                public async Task<int> PurgeAsync(DateTime cutoff)
                {
                    using var conn = new NpgsqlConnection(connectionString);
                    return await conn.ExecuteAsync("DELETE FROM readings WHERE at < @cutoff", new { cutoff });
                }

                public Task<int> CountAsync()
                {
                    using var conn = new NpgsqlConnection(connectionString);
                    return Task.FromResult(conn.Query<int>("SELECT COUNT(*) FROM readings").Single());
                }

                public Task<string> SizeAsync(string path)
                {
                    using var source = File.OpenRead(path);
                    return http.GetStringAsync("size/" + source.Length);
                }

                public Task<string> ScopedAsync(string url)
                {
                    using var scope = new MemoryStream();
                    return http.GetStringAsync(url);
                }

                public Task<string> AfterTheScopeAsync(string path)
                {
                    using (var source = File.OpenRead(path)) { source.ReadByte(); }
                    return http.GetStringAsync(path);
                }
            }
            """);

        // Review of phase 25: what flows into the task decides. Values copied out before the call exists are not uses; a
        // call chain that starts at the resource, a conditional return and a source's token are.
        [Fact]
        public Task ValuesCopiedOut_AreNotUses_ChainsFromTheResourceAre() => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Net.Http;
            using System.Security.Cryptography;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            public interface IBlobStore { Task PutAsync(string key, byte[] data); Task TagAsync(string key, string? trace); }
            public interface IWorker { Task RunAsync(); }
            public sealed class Writer(IBlobStore store, IServiceProvider sp, HttpClient http)
            {
                private static readonly ActivitySource Source = new ActivitySource("w");

                public Task SaveAsync(string key, string text)
                {
                    using var ms = new MemoryStream();
                    using (var w = new StreamWriter(ms, leaveOpen: true)) { w.Write(text); }
                    return store.PutAsync(key, ms.ToArray());
                }

                public Task HashAsync(string key, byte[] data)
                {
                    using var sha = SHA256.Create();
                    return store.PutAsync(key, sha.ComputeHash(data));
                }

                public Task TraceAsync(string key)
                {
                    using var activity = Source.StartActivity("tag");
                    return store.TagAsync(key, activity?.Id);
                }

                public Task RunScopedAsync()
                {
                    using var scope = sp.CreateScope();
                    return {|#0:scope.ServiceProvider.GetRequiredService<IWorker>().RunAsync()|};
                }

                public Task<string> ReadAsync(HttpRequestMessage request)
                {
                    using var response = http.Send(request);
                    return {|#1:response.Content.ReadAsStringAsync()|};
                }

                public Task<string> MaybeAsync(string url, bool fast)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    return fast ? {|#2:http.GetStringAsync(url, cts.Token)|} : Task.FromResult("");
                }

                public Task<HttpResponseMessage> UploadAsync(string url, string path)
                {
                    using var stream = File.OpenRead(path);
                    return {|#3:http.PostAsync(url, new StreamContent(stream))|};
                }
            }
            """,
            D(0, "RunScopedAsync", "RunAsync", "scope"),
            D(1, "ReadAsync", "ReadAsStringAsync", "response"),
            D(2, "MaybeAsync", "GetStringAsync", "cts"),
            D(3, "UploadAsync", "PostAsync", "stream"));

        [Fact]
        public Task LocalTakenFromTheResource_WhoseCallIsReturned_IsReported_CopiesHandedOnAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Data.Common;
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            public interface IRepo { Task<IReadOnlyList<string>> GetAllAsync(CancellationToken ct); }
            public interface IOptionsLike { string Url { get; } }
            public interface ISink { Task WriteAsync(IEnumerable<string> rows); Task PingAsync(string url); }
            public sealed class Reader(IServiceScopeFactory scopes, Func<DbConnection> open, ISink sink)
            {
                // Phase 26, a recall probe: the scoped service is taken into a local before its call is returned.
                public Task<IReadOnlyList<string>> LatestAsync(CancellationToken ct)
                {
                    using var scope = scopes.CreateScope();
                    var repo = scope.ServiceProvider.GetRequiredService<IRepo>();
                    return {|#0:repo.GetAllAsync(ct)|};
                }

                public Task<int> PurgeAsync(CancellationToken ct)
                {
                    using (var conn = open())
                    {
                        var cmd = conn.CreateCommand();
                        cmd.CommandText = "DELETE FROM jobs";
                        return {|#1:cmd.ExecuteNonQueryAsync(ct)|};
                    }
                }

                // A row read through the connection does not need it any more; a local re-assigned may be another object.
                public Task<int> RunAsync(IServiceProvider sp, IRepo fallback, bool useFallback, CancellationToken ct)
                {
                    using (var conn = open())
                    {
                        var count = conn.CreateCommand().ExecuteScalar();
                        var rows = conn.GetSchema().Rows;
                        using var scope = sp.CreateScope();
                        var repo = scope.ServiceProvider.GetRequiredService<IRepo>();
                        if (useFallback) repo = fallback;
                        return repo.GetAllAsync(ct).ContinueWith(t => t.Result.Count + rows.Count);
                    }
                }

                // A list built from the resource is a copy; a string read through a local is a value.
                public Task ExportAsync(string[] names)
                {
                    using var scope = scopes.CreateScope();
                    var rows = names.Select(n => n.Trim()).ToList();
                    var options = scope.ServiceProvider.GetRequiredService<IOptionsLike>();
                    var url = options.Url;
                    sink.WriteAsync(rows);
                    return sink.PingAsync(url);
                }
            }
            """,
            D(0, "LatestAsync", "GetAllAsync", "scope"),
            D(1, "PurgeAsync", "ExecuteNonQueryAsync", "conn"));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class A { Task M() { using var x = ; return x.( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
