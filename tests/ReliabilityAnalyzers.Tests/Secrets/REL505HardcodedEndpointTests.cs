using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL505HardcodedEndpointAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL505HardcodedEndpointTests
    {
        private static DiagnosticResult Suggestion(int location) => new DiagnosticResult("REL505", DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task EndpointsUsedAsAddresses_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using StackExchange.Redis;
            class Clients
            {
                private const string BaseUrl = {|#0:"https://api.vendor-payments.com/v2/"|};
                public string WebhookEndpoint { get; set; } = {|#1:"https://hooks.partner.io/notify"|};
                void M(HttpClient http)
                {
                    http.BaseAddress = new Uri({|#2:"https://llm.provider.ai/"|});
                    _ = http.GetAsync({|#3:"https://status.vendor-payments.com/health"|});
                    var redis = ConnectionMultiplexer.Connect({|#4:"cache.prod.internal.net:6379"|});
                    var socketUrl = {|#5:"wss://chat.vendor.io/ws"|};
                }
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5));

        [Fact]
        public Task EndpointJoinedFromConstants_IsReportedOnce() => Verify.VerifyAsync("""
            using System;
            class Clients
            {
                private const string Scheme = "https://";
                private const string Host = "payments.partner-bank.com";
                static readonly Uri Endpoint = new Uri({|#0:Scheme + Host|});
                static readonly Uri Versioned = new Uri({|#1:Scheme + Host + "/v2/"|});
            }
            """,
            Suggestion(0), Suggestion(1));

        [Fact]
        public Task Loopback_Reserved_Schema_Docs_NonAddressUses_AndAttributes_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            using System.Net.Http;
            class C
            {
                const string Ns = "http://www.w3.org/2001/XMLSchema";
                const string Docs = "https://learn.microsoft.com/dotnet/";
                string local = "http://localhost:5000/";
                string loop = "http://127.0.0.1:8080";
                string baseUrl = "https://api.example.com/";
                string devUrl = "http://service.local/";
                string containerUrl = "http://orders-api/";
                string template = "https://{0}.blob.core.windows.net";
                string message = "https://api.vendor.io/ is down";
                [Description("https://api.vendor.io/")] int x;
                string Label => "https://api.vendor.io/";
                // From real code: links shown to people, not endpoints the service calls.
                const string YouTubeWatchUrl = "https://www.youtube.com/watch?v=";
                string HelpUrl = "https://vendor.io/help";
                string EmergencyAccessHelpPageUrl = "https://vendor.io/help/emergency";
                string ssoCallbackUri = "https://sso.vendor.io/oidc-signin";
                void M(HttpClient http)
                {
                    Console.WriteLine("https://api.vendor.io/");
                    http.BaseAddress = new Uri("http://localhost:7071/");
                    var listen = "http://+:8080/";
                    var any = "http://0.0.0.0:8080";
                }
            }
            """);

        [Fact]
        public void TestProjects_AreSkipped_UnlessIncluded()
        {
            const string Source = "class C { string baseUrl = \"https://api.vendor.io/\"; }";
            Assert.Empty(Run(new REL505HardcodedEndpointAnalyzer(), Source, testProject: true));
            Assert.Single(Run(new REL505HardcodedEndpointAnalyzer(), Source, testProject: false));
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("class C { void M( { var apiUrl = {|#0:\"https://api.vendor.io/\"|} ; } ", Suggestion(0));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
