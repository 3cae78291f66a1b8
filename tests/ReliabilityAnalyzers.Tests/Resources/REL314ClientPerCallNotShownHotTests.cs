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
                    await VersionAsync();
                }

                private static async Task<string> VersionAsync()
                {
                    using var client = {|#7:new HttpClient()|};
                    return await client.GetStringAsync("https://releases.example/latest");
                }
            }

            public class PostersController(Movies movies) : ControllerBase
            {
                public Task<string> Get(int id) => movies.PosterAsync(id);             // open to every caller
            }

            [Authorize(Roles = "Admin")]
            public class PackagesController(Movies movies) : ControllerBase
            {
                public Task<string> Install(string name) => movies.InstallAsync(name);   // a role restriction does not make a page rare
            }
            """;

        [Fact]
        public Task DisposedClient_InAnApplication_IsAuditLevelOnlyWhereEveryPathIsVisibleAndRare()
        {
            var test = Verify.Create(Application,
                WarningOf.WithLocation(0).WithArguments("HttpClient", "on every call of 'DetailsAsync', called in a loop in 'ImportAsync' through 'ProcessAsync'", Advice),
                AuditOf.WithLocation(1).WithArguments("HttpClient", "on every call of 'LoginAsync'", Advice),
                WarningOf.WithLocation(2).WithArguments("HttpClient", "on every call of 'PosterAsync', reached from the controller action 'Get'", Advice),
                WarningOf.WithLocation(3).WithArguments("HttpClient", "on every call of 'InstallAsync', reached from the controller action 'Install'", Advice),
                WarningOf.WithLocation(4).WithArguments("HttpClient", "on every call of 'RatingAsync', called for every item in 'ImportAsync'", Advice),
                WarningOf.WithLocation(5).WithArguments("HttpClient", "on every call of 'UnusedAsync'", Advice),   // public, called by nothing here: a convention may run it
                WarningOf.WithLocation(6).WithArguments("HttpClient", "on every call of 'TickAsync'", Advice),
                AuditOf.WithLocation(7).WithArguments("HttpClient", "on every call of 'VersionAsync'", Advice));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        // In a library the public methods may be called from other assemblies at any rate, and an internal one called
        // only from them inherits that: both stay warnings.
        [Fact]
        public Task DisposedClient_InALibrary_PublicMethodsAndTheirHelpersStayWarnings() => Verify.VerifyAsync("""
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

                public Task<string> Region() => ProbeAsync();
            }
            """,
            WarningOf.WithLocation(0).WithArguments("HttpClient", "on every call of 'ExchangeAsync'", Advice),
            WarningOf.WithLocation(1).WithArguments("HttpClient", "on every call of 'ProbeAsync'", Advice));

        [Fact]
        public Task Fix_UsesHttpClientFactoryInScope() => Fix.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            class Pinger(IHttpClientFactory factory)
            {
                private async Task<string> PingAsync(string url)
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync(url);
                }

                private async Task<string> Other(string url)
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
                private async Task<string> PingAsync(string url)
                {
                    using var client = factory.CreateClient();
                    return await client.GetStringAsync(url);
                }

                private async Task<string> Other(string url)
                {
                    using HttpClient client = factory.CreateClient();
                    return await client.GetStringAsync(url);
                }
            }
            """,
            REL314ClientPerCallNotShownHotCodeFix.FactoryKey,
            Audit.WithLocation(0).WithArguments("HttpClient", "on every call of 'PingAsync'", Advice),
            Audit.WithLocation(1).WithArguments("HttpClient", "on every call of 'Other'", Advice));

        // 'var client = new HttpClient(); try { ... } finally { client.Dispose(); }': the shared client would be disposed
        // after the first call, so the fix is not offered.
        [Fact]
        public Task Fix_NotOffered_WhereTheClientIsDisposedExplicitly()
        {
            const string source = """
                using System.Net.Http;
                using System.Threading.Tasks;
                class Probe
                {
                    private async Task<string> RegionAsync()
                    {
                        var client = {|#0:new HttpClient()|};
                        try { return await client.GetStringAsync("http://169.254.169.254/region"); }
                        finally { client.Dispose(); }
                    }
                }
                """;
            var test = new Fix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL314ClientPerCallNotShownHotCodeFix.SharedFieldKey };
            test.ExpectedDiagnostics.Add(Audit.WithLocation(0).WithArguments("HttpClient", "on every call of 'RegionAsync'", Advice));
            return test.RunAsync();
        }

        // Calls are matched through reduced extension methods, partial methods and an interface implemented by a base
        // class; a static helper taking a string[] called from a controller is not start-up code (review, phase 23).
        [Fact]
        public Task CallsThroughExtensionsPartialsAndBaseClassInterfaces_AreFollowed()
        {
            var test = Verify.Create("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                internal static class Ext
                {
                    internal static async Task<string> FetchExt(this string url)
                    {
                        using var c = {|#0:new HttpClient()|};
                        return await c.GetStringAsync(url);
                    }
                }
                internal partial class Parts { internal partial Task<string> FetchPartial(string url); }
                internal partial class Parts
                {
                    internal partial async Task<string> FetchPartial(string url)
                    {
                        using var c = {|#1:new HttpClient()|};
                        return await c.GetStringAsync(url);
                    }
                }
                internal interface IFetcher { Task<string> FetchBase(string url); }
                internal class BaseFetcher
                {
                    public async Task<string> FetchBase(string url)
                    {
                        using var c = {|#2:new HttpClient()|};
                        return await c.GetStringAsync(url);
                    }
                }
                internal sealed class Impl : BaseFetcher, IFetcher { }
                internal static class Tags
                {
                    internal static Task<string> Lookup(string[] tags) => Client.Get("https://tags.example/" + string.Join(",", tags));
                }
                internal static class Client
                {
                    internal static async Task<string> Get(string url)
                    {
                        using var c = {|#3:new HttpClient()|};
                        return await c.GetStringAsync(url);
                    }
                }
                public class TagsController : ControllerBase
                {
                    public Task<string> Get([FromQuery] string[] tags) => Tags.Lookup(tags);
                }
                public static class Program
                {
                    public static async Task Main(string[] args)
                    {
                        IFetcher f = new Impl();
                        var p = new Parts();
                        foreach (var u in args)
                        {
                            await u.FetchExt();
                            await p.FetchPartial(u);
                            await f.FetchBase(u);
                        }
                    }
                }
                """,
                WarningOf.WithLocation(0).WithArguments("HttpClient", "on every call of 'FetchExt', called in a loop in 'Main'", Advice),
                WarningOf.WithLocation(1).WithArguments("HttpClient", "on every call of 'FetchPartial', called in a loop in 'Main'", Advice),
                WarningOf.WithLocation(2).WithArguments("HttpClient", "on every call of 'FetchBase'", Advice),
                WarningOf.WithLocation(3).WithArguments("HttpClient", "on every call of 'Get', reached from the controller action 'Get'", Advice));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }
    }
}
