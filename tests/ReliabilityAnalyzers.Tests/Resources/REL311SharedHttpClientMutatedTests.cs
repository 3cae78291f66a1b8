using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL311SharedHttpClientMutatedAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL311SharedHttpClientMutatedTests
    {
        private static DiagnosticResult D(int location, string what, string sharing, string name) =>
            new DiagnosticResult("REL311", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what, sharing, name);

        [Fact]
        public Task SharedClientsChangedPerCall_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;
            class ProviderRouter
            {
                private static readonly HttpClient Shared = new HttpClient();
                private readonly HttpClient _http;
                public ProviderRouter(HttpClient http) { _http = http; }

                public Task<string> AskAsync(string provider, string apiKey, string prompt)
                {
                    {|#0:_http.BaseAddress = new Uri("https://" + provider + ".example/")|};
                    {|#1:_http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey)|};
                    {|#2:_http.DefaultRequestHeaders.Remove("x-provider")|};
                    {|#3:_http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"))|};
                    return _http.GetStringAsync("v1/complete?q=" + prompt);
                }

                public Task<string> SlowAsync(string url)
                {
                    {|#4:Shared.Timeout = TimeSpan.FromMinutes(5)|};
                    return Shared.GetStringAsync(url);
                }
            }
            class PrimaryRouter(HttpClient client)
            {
                public Task<string> TenantAsync(string tenant)
                {
                    {|#5:client.DefaultRequestHeaders.Add("x-tenant", tenant)|};
                    return client.GetStringAsync("/data");
                }
            }
            """,
            D(0, "BaseAddress", "injected", "_http"),
            D(1, "DefaultRequestHeaders.Authorization", "injected", "_http"),
            D(2, "DefaultRequestHeaders (Remove)", "injected", "_http"),
            D(3, "DefaultRequestHeaders (Add)", "injected", "_http"),
            D(4, "Timeout", "static", "Shared"),
            D(5, "DefaultRequestHeaders (Add)", "injected", "client"));

        [Fact]
        public Task ConfigurationAtConstructionAndPerRequestMessages_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            class Client
            {
                private static readonly HttpClient Shared = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                private readonly HttpClient _http;
                private readonly HttpClient _own = new HttpClient();
                static Client() { Shared.DefaultRequestHeaders.Add("User-Agent", "app"); }
                public Client(HttpClient http)
                {
                    _http = http;
                    _http.BaseAddress = new Uri("https://api.example/");
                    _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "FAKE");
                }

                public Task<HttpResponseMessage> SendAsync(string token)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, "/items");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Add("x-request", "1");
                    return _http.SendAsync(request);
                }

                public Task<string> Lazy(string url)
                {
                    if (_http.BaseAddress == null) { _http.BaseAddress = new Uri(url); }
                    return _http.GetStringAsync("/");
                }

                public HttpClient Local(Uri baseAddress)
                {
                    var created = new HttpClient();
                    created.BaseAddress = baseAddress;
                    return created;
                }

                public void Owned() => _own.Timeout = TimeSpan.FromSeconds(1);

                static void Register(IServiceCollection services) =>
                    services.AddHttpClient("github", c => { c.BaseAddress = new Uri("https://api.github.com/"); c.DefaultRequestHeaders.Add("Accept", "application/json"); });
            }
            """);
    
        [Fact]
        public Task FactoryClientKeptInAFieldAndChangedPerCall_IsReported_SetUpMethodsAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class TenantClient
            {
                private readonly HttpClient _http;
                public TenantClient(IHttpClientFactory factory) { _http = factory.CreateClient("tenants"); }
                public Task<string> Get(string tenant)
                {
                    {|#0:_http.DefaultRequestHeaders.Add("X-Tenant", tenant)|};
                    return _http.GetStringAsync("/profile");
                }
                public void Initialize() { _http.Timeout = TimeSpan.FromSeconds(10); }
                public void ConfigureClient(Uri baseAddress) { _http.BaseAddress = baseAddress; }
            }
            class PerCallClient
            {
                private readonly IHttpClientFactory _factory;
                public PerCallClient(IHttpClientFactory factory) { _factory = factory; }
                public Task<string> Get(string tenant)
                {
                    var http = _factory.CreateClient("tenants");
                    http.DefaultRequestHeaders.Add("X-Tenant", tenant);
                    return http.GetStringAsync("/profile");
                }
            }
            """,
            D(0, "DefaultRequestHeaders (Add)", "injected", "_http"));
    }
}
