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
