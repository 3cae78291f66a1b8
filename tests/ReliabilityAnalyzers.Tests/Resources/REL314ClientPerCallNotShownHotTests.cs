using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Resources;
using Xunit;
using Fix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<ReliabilityAnalyzers.Resources.REL301ClientPerOperationAnalyzer, ReliabilityAnalyzers.CodeFixes.Resources.REL314ClientPerCallNotShownHotCodeFix>;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL301ClientPerOperationAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    /// <summary>REL314: a disposed per-call HttpClient is a REL301 warning only where the code shows its rate; elsewhere audit level.</summary>
    public class REL314ClientPerCallNotShownHotTests
    {
        private const string Advice = "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory";

        private static DiagnosticResult Audit => Fix.Diagnostic("REL314").WithSeverity(DiagnosticSeverity.Info);

        private static DiagnosticResult AuditOf => Verify.Diagnostic("REL314").WithSeverity(DiagnosticSeverity.Info);

        private static DiagnosticResult WarningOf => Verify.Diagnostic("REL301");

        private const string Application = """
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            public interface IMovies { Task<string> DetailsAsync(int id); }
            public sealed class Movies : IMovies
            {
                public async Task<string> DetailsAsync(int id)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync("https://api.example/movie/" + id);
                }

                public async Task<string> LoginAsync(string code)
                {
                    using var client = {|#1:new HttpClient()|};
                    return await client.GetStringAsync("https://auth.example/token?code=" + code);
                }

                public async Task<string> PosterAsync(int id)
                {
                    using var client = {|#2:new HttpClient()|};
                    return await client.GetStringAsync("https://img.example/" + id);
                }

                public async Task<string> InstallAsync(string package)
                {
                    using (var client = {|#3:new HttpClient()|})
                    {
                        return await client.GetStringAsync("https://packages.example/" + package);
                    }
                }

                public async Task<string> RatingAsync(int id)
                {
                    var client = {|#4:new HttpClient()|};
                    try { return await client.GetStringAsync("https://ratings.example/" + id); }
                    finally { client.Dispose(); }
                }

                public async Task<string> UnusedAsync()
                {
                    using var client = {|#5:new HttpClient()|};
                    return await client.GetStringAsync("https://status.example/");
                }

                public async Task TickAsync()
                {
                    using var client = {|#6:new HttpClient()|};
                    await client.GetStringAsync("https://status.example/ping");
                }

                public void Schedule() => _timer = new System.Threading.Timer(_ => _ = TickAsync(), null, 0, 1000);   // a timer: its rate is not in the call
                private System.Threading.Timer? _timer;
            }

            public sealed class Importer(IMovies movies, Movies concrete)
            {
                public async Task ImportAsync(IEnumerable<int> ids)
                {
                    foreach (int id in ids) { await ProcessAsync(id); }             // DetailsAsync runs per movie, through ProcessAsync
                    await Task.WhenAll(ids.Select(id => concrete.RatingAsync(id)));  // per item
                }

                private Task<string> ProcessAsync(int id) => movies.DetailsAsync(id);
                public Task<string> SignIn(string code) => concrete.LoginAsync(code);
            }

            public static class Program
            {
                public static async Task Main(string[] args)
                {
                    await new Importer(new Movies(), new Movies()).SignIn(args[0]);          // once, at start
                }
            }

            public class PostersController(Movies movies) : ControllerBase
            {
                public Task<string> Get(int id) => movies.PosterAsync(id);             // open to every caller
            }

            [Authorize(Roles = "Admin")]
            public class PackagesController(Movies movies) : ControllerBase
            {
                public Task<string> Install(string name) => movies.InstallAsync(name);   // administrators only
            }
            """;

        [Fact]
        public Task DisposedClient_InAnApplication_IsAuditLevelOnlyWhereEveryPathIsVisibleAndRare()
        {
            var test = Verify.Create(Application,
                WarningOf.WithLocation(0).WithArguments("HttpClient", "on every call of 'DetailsAsync', called in a loop in 'ImportAsync' through 'ProcessAsync'", Advice),
                AuditOf.WithLocation(1).WithArguments("HttpClient", "on every call of 'LoginAsync'", Advice),
                WarningOf.WithLocation(2).WithArguments("HttpClient", "on every call of 'PosterAsync', reached from the controller action 'Get'", Advice),
                AuditOf.WithLocation(3).WithArguments("HttpClient", "on every call of 'InstallAsync'", Advice),
                WarningOf.WithLocation(4).WithArguments("HttpClient", "on every call of 'RatingAsync', called for every item in 'ImportAsync'", Advice),
                AuditOf.WithLocation(5).WithArguments("HttpClient", "on every call of 'UnusedAsync'", Advice),
                WarningOf.WithLocation(6).WithArguments("HttpClient", "on every call of 'TickAsync'", Advice));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        // In a library the same public methods may be called from other assemblies at any rate: they stay warnings; an
        // internal one whose callers are all here and rare is audit level.
        [Fact]
        public Task DisposedClient_InALibrary_PublicMethodsStayWarnings() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public sealed class Tokens
            {
                public async Task<string> ExchangeAsync(string code)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync("https://auth.example/token?code=" + code);
                }

                internal static async Task<string> ProbeAsync()
                {
                    using var client = {|#1:new HttpClient()|};
                    return await client.GetStringAsync("http://169.254.169.254/metadata");
                }
            }
            """,
            WarningOf.WithLocation(0).WithArguments("HttpClient", "on every call of 'ExchangeAsync'", Advice),
            AuditOf.WithLocation(1).WithArguments("HttpClient", "on every call of 'ProbeAsync'", Advice));

        [Fact]
        public Task Fix_UsesHttpClientFactoryInScope() => Fix.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            class Pinger(IHttpClientFactory factory)
            {
                public async Task<string> PingAsync(string url)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }

                public async Task<string> Other(string url)
                {
                    using HttpClient client = {|#1:new()|};
                    return await client.GetStringAsync(url);
                }
            }
            """, """
            using System.Net.Http;
            using System.Threading.Tasks;
            class Pinger(IHttpClientFactory factory)
            {
                public async Task<string> PingAsync(string url)
                {
                    using var client = factory.CreateClient();
                    return await client.GetStringAsync(url);
                }

                public async Task<string> Other(string url)
                {
                    using HttpClient client = factory.CreateClient();
                    return await client.GetStringAsync(url);
                }
            }
            """,
            REL314ClientPerCallNotShownHotCodeFix.FactoryKey,
            Audit.WithLocation(0).WithArguments("HttpClient", "on every call of 'PingAsync'", Advice),
            Audit.WithLocation(1).WithArguments("HttpClient", "on every call of 'Other'", Advice));
    }
}
