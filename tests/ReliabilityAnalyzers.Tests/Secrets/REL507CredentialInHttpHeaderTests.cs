using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL507CredentialInHttpHeaderAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL507CredentialInHttpHeaderTests
    {
        private static DiagnosticResult Suggestion(int location) => new DiagnosticResult("REL507", DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task LiteralAuthenticationHeaders_AndBasicAuthFromLiterals_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Text;
            using Microsoft.AspNetCore.Http;
            class PartnerClient
            {
                void M(HttpClient http, HttpRequestMessage request)
                {
                    http.DefaultRequestHeaders.Add("X-Api-Key", {|#0:"FAKE-partner-key"|});
                    request.Headers.TryAddWithoutValidation("Authorization", {|#1:"Bearer FAKE-session"|});
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#2:"FAKE-static-token"|});
                    request.Headers.Add("Ocp-Apim-Subscription-Key", {|#3:"FAKE-apim-sub"|});
                    var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes({|#4:"svc-user:FAKE-pw"|}));
                    var basic2 = Convert.ToBase64String(Encoding.ASCII.GetBytes({|#5:"admin" + ":" + "FAKE-pw2"|}));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes({|#6:"ops:FAKE-ops-pw"|})));
                }
                void N(IHeaderDictionary headers) => headers["api-key"] = {|#7:"FAKE-upstream"|};
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5), Suggestion(6), Suggestion(7));

        [Fact]
        public Task OtherHeaders_Variables_Placeholders_CredentialLooking_AndNonHeaderWrites_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Text;
            class C
            {
                void M(HttpClient http, HttpRequestMessage request, string apiKey, Dictionary<string, string> map)
                {
                    http.DefaultRequestHeaders.Add("Accept", "application/json");
                    http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
                    request.Headers.Add("Authorization", "Bearer {0}");
                    request.Headers.Add("X-Api-Key", "<your-api-key>");
                    request.Headers.Add("X-CSRF-Token", "FAKE-csrf-value");
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
                    // Credential-looking values are REL502 warnings, provider tokens REL501.
                    request.Headers.Add("X-Api-Key", "FAKE-4f9a0c2e7b1d");
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "FAKE-9c1e55d0aa73");
                    var a = Convert.ToBase64String(Encoding.UTF8.GetBytes("guest:guest"));
                    var b = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:<password>"));
                    var c = Convert.ToBase64String(Encoding.UTF8.GetBytes("https://vendor.io/a"));
                    var d = Convert.ToBase64String(Encoding.UTF8.GetBytes("key: value pairs"));
                    var e = Encoding.UTF8.GetBytes("svc-user:FAKE-pw");
                    map.Add("X-Api-Key", "FAKE-partner-key");
                }
            }
            """);

        [Fact]
        public void Message_NeverContainsTheValue_AndTestProjectsAreSkipped()
        {
            const string Source = "using System.Net.Http; class C { void M(HttpClient h) => h.DefaultRequestHeaders.Add(\"X-Api-Key\", \"FAKE-partner-key\"); }";
            Assert.Empty(Run(new REL507CredentialInHttpHeaderAnalyzer(), Source, testProject: true));
            Diagnostic d = Assert.Single(Run(new REL507CredentialInHttpHeaderAnalyzer(), Source, testProject: false));
            Assert.Contains("'X-Api-Key' header", d.GetMessage(), System.StringComparison.Ordinal);
            AssertNotEchoed(d, "FAKE-partner-key");
        }
    
        [Fact]
        public Task ExtensionHeaderHelpers_BearerHelpers_AndKeyNamedHeaders_AreReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            static class RequestExtensions
            {
                public static HttpRequestMessage WithHeader(this HttpRequestMessage request, string name, object value) => request;
                public static HttpRequestMessage WithOAuthBearerToken(this HttpRequestMessage request, string token) => request;
                public static HttpRequestMessage WithBasicAuth(this HttpRequestMessage request, string username, string password) => request;
            }
            class Functions
            {
                void M(HttpRequestMessage request)
                {
                    request.WithHeader("X-Api-Key", {|#0:"FAKE-flurl-key"|});
                    request.WithOAuthBearerToken({|#1:"FAKE-flurl-bearer"|});
                    request.WithBasicAuth("svc", {|#2:"FAKE-basic-pw"|});
                    request.Headers.Add("x-functions-key", {|#3:"FAKE-fn-key"|});
                    request.Headers.Add("X-Auth-Token", {|#4:"FAKE-auth-tok"|});
                }
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4));

        [Fact]
        public Task ProtocolKeyAndTokenHeaders_AndHelperNamesOrUsers_AreNotReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            static class RequestExtensions
            {
                public static HttpRequestMessage WithHeader(this HttpRequestMessage request, string name, object value) => request;
                public static HttpRequestMessage WithBasicAuth(this HttpRequestMessage request, string username, string password) => request;
            }
            class Protocol
            {
                void M(HttpRequestMessage request, string password)
                {
                    request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
                    request.Headers.Add("Idempotency-Key", "FAKE-order-42");
                    request.Headers.Add("X-XSRF-TOKEN", "FAKE-xsrf");
                    request.Headers.Add("X-Cache-Key", "orders-v2");
                    request.Headers.Add("X-Continuation-Token", "FAKE-page-2");
                    request.WithHeader("Accept", "application/json");
                    request.WithHeader("X-Api-Key", "<your-api-key>");
                    request.WithBasicAuth("svc-user", password);
                }
            }
            """);
    
        [Fact]
        public Task SelfDescribedHeaderValues_AreReported_PlaceholdersAreNot() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Net.Http.Headers;
            class Partner
            {
                void M(HttpClient http, HttpRequestMessage request)
                {
                    http.DefaultRequestHeaders.Add("X-Api-Key", {|#0:"MySecretApiKeyFAKE123"|});
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", {|#1:"my-secret-token-FAKE-2024"|});
                    request.Headers.Add("X-Api-Key", "your-api-key-here");
                    request.Headers.Add("X-Api-Key", "mysecret");
                }
            }
            """,
            Suggestion(0), Suggestion(1));
    }
}
