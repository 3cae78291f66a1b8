using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL308ClientPerRequestInHandlerAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL308ClientPerRequestInHandlerTests
    {
        private const string HttpAdvice = "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory";

        private static DiagnosticResult D(int location, string kind, string where, string advice) =>
            new DiagnosticResult("REL308", DiagnosticSeverity.Info).WithLocation(location).WithArguments(kind, where, advice);

        [Fact]
        public Task ClientsInHandlersAndLocalFunctions_AreReported() => new Verify.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources =
                {
                    """
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using StackExchange.Redis;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/weather", async () =>
                    {
                        using var http = {|#0:new HttpClient()|};
                        return await http.GetStringAsync("https://example.invalid/weather");
                    });
                    app.MapPost("/cache", async (string key) =>
                    {
                        var redis = await {|#1:ConnectionMultiplexer.ConnectAsync("localhost")|};
                        return (string?)await redis.GetDatabase().StringGetAsync(key);
                    });
                    app.Use(async (HttpContext context, RequestDelegate next) =>
                    {
                        using var audit = {|#2:new HttpClient()|};
                        await audit.PostAsync("https://audit.invalid/", null);
                        await next(context);
                    });
                    app.MapGet("/quote", Quote);
                    app.Run();

                    static async Task<string> Quote()
                    {
                        using var http = {|#3:new HttpClient()|};
                        return await http.GetStringAsync("https://example.invalid/quote");
                    }

                    class Reports
                    {
                        public async Task<int> CountAsync(string[] urls)
                        {
                            int total = 0;
                            foreach (var url in urls) total += await Fetch(url);
                            return total;

                            async Task<int> Fetch(string u)
                            {
                                using var http = {|#4:new HttpClient()|};
                                return (await http.GetStringAsync(u)).Length;
                            }
                        }
                    }
                    """,
                },
                ExpectedDiagnostics =
                {
                    D(0, "HttpClient", "in a minimal-API route handler, which runs for every request", HttpAdvice),
                    D(1, "ConnectionMultiplexer", "in a minimal-API route handler, which runs for every request", "register one IConnectionMultiplexer as a singleton"),
                    D(2, "HttpClient", "in a middleware delegate, which runs for every request", HttpAdvice),
                    D(3, "HttpClient", "in local function 'Quote', a route handler that runs for every request", HttpAdvice),
                    D(4, "HttpClient", "in local function 'Fetch' on every call of 'CountAsync'", HttpAdvice),
                },
            },
        }.RunAsync();

        [Fact]
        public Task FactoriesConfigurationAndSharedClients_AreNotReported() => new Verify.Test
        {
            TestState =
            {
                OutputKind = OutputKind.ConsoleApplication,
                Sources =
                {
                    """
                    using System;
                    using System.Net.Http;
                    using System.Threading.Tasks;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.Extensions.DependencyInjection;

                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddSingleton(sp => new HttpClient { BaseAddress = new Uri("https://example.invalid/") });
                    var shared = new HttpClient();
                    var app = builder.Build();
                    app.MapGet("/ok", () => shared.GetStringAsync("https://example.invalid/"));
                    app.MapGet("/factory", (IHttpClientFactory factory) => factory.CreateClient().GetStringAsync("https://example.invalid/"));
                    app.Map(new PathString("/admin"), branch => { var once = new HttpClient(); branch.Run(ctx => ctx.Response.WriteAsync(once.BaseAddress?.ToString() ?? "")); });
                    app.Run();

                    static HttpClient Create() => new HttpClient();

                    class Clients
                    {
                        private HttpClient? _client;
                        public HttpClient Get()
                        {
                            return Build();
                            HttpClient Build() => _client ??= new HttpClient();
                        }

                        public Func<HttpClient> Factory() { return Make; HttpClient Make() { var c = new HttpClient(); return c; } }
                    }
                    """,
                },
            },
        }.RunAsync();
    }
}
