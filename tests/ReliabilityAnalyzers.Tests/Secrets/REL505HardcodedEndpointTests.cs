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
                private const string Host = {|#2:"payments.partner-bank.com"|};
                static readonly Uri Endpoint = new Uri({|#0:Scheme + Host|});
                static readonly Uri Versioned = new Uri({|#1:Scheme + Host + "/v2/"|});
                // From real code: paths built on a reported base constant are not reported again.
                private const string ServerUrl = {|#3:"https://dumper.vendor-cdn.info"|};
                static readonly Uri Submit = new Uri($"{ServerUrl}/submit");
                static readonly Uri Known = new Uri(ServerUrl + "/known.csv");
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3));

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
        public Task EndpointsDeclaredAnywhere_ProxySmtpAndIpAddresses_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Mail;
            class Partners
            {
                private const string PaymentsApi = {|#0:"https://api.vendor-payments.com/v2/"|};
                private static readonly string Partner = {|#1:"https://partner.vendor.io/orders"|};
                private const string Cache = {|#2:"cache.prod-cluster.net:6379"|};
                public string Region { get; } = {|#3:"https://eu-west.vendor.io"|};
                void M(SmtpClient existing)
                {
                    var proxy = new WebProxy({|#4:"http://proxy.corp-net.com:8080"|});
                    var smtp = new SmtpClient({|#5:"smtp.vendor-mail.com"|});
                    existing.Host = {|#6:"smtp.relay-mail.net"|};
                    var db = IPAddress.Parse({|#7:"10.20.30.40"|});
                    var dbHost = {|#8:"10.20.30.41"|};
                    var s = {|#9:"https://ingest.vendor.io/v1"|};
                }
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5), Suggestion(6), Suggestion(7),
            Suggestion(8), Suggestion(9));

        [Fact]
        public Task Namespaces_ClaimTypes_Scopes_Schemas_Versions_Files_DocAddresses_AndText_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Mail;
            class C
            {
                const string XmlNs = "http://schemas.vendor.com/2020/orders";
                const string OrderNamespace = "urn:vendor:orders";
                const string TenantClaimType = "https://vendor.io/claims/tenant";
                const string GraphScope = "https://graph.microsoft.com/.default";
                const string Audience = "https://api.vendor.io";
                const string SchemaLocation = "https://vendor.io/xsd/order.xsd";
                const string Version = "10.2.3.4";
                const string SettingsFile = "appsettings.json";
                const string Assembly = "System.Net.Http";
                // From real code: telemetry attribute names are dotted words, not host names.
                const string ServerAddress = "server.address";
                const string NetworkPeerAddress = "network.peer.address";
                const string HostName = "host.name";
                const string PrivacyPolicy = "https://vendor.io/privacy";
                const string Status = "See https://status.vendor.io for details";
                [Obsolete("https://api.vendor.io/v1")] public int Legacy;
                void M(SmtpClient smtp)
                {
                    smtp.Host = "smtp.example.com";
                    var loop = IPAddress.Parse("127.0.0.1");
                    var doc = IPAddress.Parse("192.0.2.10");
                    var any = IPAddress.Parse("0.0.0.0");
                    // From real code: access-control ranges and netmasks are not endpoints.
                    var privateRange = IPAddress.Parse("10.0.0.0");
                    var mask = IPAddress.Parse("255.255.255.0");
                    var broadcast = IPAddress.Parse("192.168.1.255");
                    var label = "smtp.vendor-mail.com";
                    throw new InvalidOperationException("https://api.vendor.io/");
                }
            }
            // From real code: link-relation and category-scheme identifiers of a feed format.
            static class FeedLinkRelation
            {
                public const string Thumbnail = "http://feeds-spec.org/image/thumbnail";
                public const string Stream = "http://vendor.net/feeds/stream";
            }
            class FeedCategory { public string Scheme { get; } = "http://www.bisg.org/standards/subject/index.html"; }
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
    
        [Fact]
        public Task UrlPrefixOfAnInterpolationOrConcatenation_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Users
            {
                private readonly HttpClient _http = new HttpClient();
                Task<string> Get(int id) => _http.GetStringAsync({|#0:$"https://api.vendor.io/v1/users/{id}"|});
                Task<string> Order(int id) => _http.GetStringAsync({|#1:"https://api.vendor.io/v1/orders/" + id|});
                Uri Asset(string path) => new Uri({|#2:$"https://cdn.vendor.io/{path}"|});
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2));

        [Fact]
        public Task InterpolatedHostRelativePathsLinksAndReservedHosts_AreNotReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            class Users
            {
                private readonly HttpClient _http = new HttpClient();
                Task<string> FromConfig(string host) => _http.GetStringAsync($"https://{host}/v1/users");
                Task<string> Relative(int id) => _http.GetStringAsync($"/v1/users/{id}");
                string Text(int id) => $"See https://docs.vendor.io/errors/{id} for details";
                string HelpLink(int id) => $"https://docs.vendor.io/errors/{id}";
                string Local(string id) => $"https://localhost:5001/items/{id}";
                Task<string> Documentation(int id) => _http.GetStringAsync($"https://api.example.com/v1/users/{id}");
                // Cloud instance metadata lives at a fixed link-local address; nothing configures it.
                Task<string> Metadata() => _http.GetStringAsync("http://169.254.169.254/latest/api/token");
                Task<string> GcpMetadata() => _http.GetStringAsync("http://metadata.google.internal/computeMetadata/v1/project/project-id");
                // An OpenTelemetry attribute key named for an address is not an address.
                public const string AttributeNetPeerIp = "net.peer.ip";
                public const string TagServerAddress = "server.address";
            }
            """);
    
        [Fact]
        public Task ConnectionStringServers_EndpointLists_AndHostNameParameters_AreReported() => Verify.VerifyAsync("""
            using System.Net;
            class Data
            {
                string connectionString = {|#0:"Server=10.0.0.5,1433;Database=orders;Integrated Security=true"|};
                string azureSql = {|#1:"Server=tcp:orders-prod.database.windows.net,1433;Initial Catalog=orders;Authentication=Active Directory Default"|};
                string kafkaBootstrap = {|#2:"kafka1.vendor.net:9092,kafka2.vendor.net:9092"|};
                string redisConfiguration = {|#3:"cache-prod.vendor.net:6380,ssl=true,abortConnect=false"|};
                IPAddress[] Resolve() => Dns.GetHostAddresses({|#4:"db01.vendor.net"|});
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4));

        [Fact]
        public Task DatabaseFiles_LocalServers_ConnectionStringsWithCredentials_AndText_AreNotReported() => Verify.VerifyAsync("""
            class Data
            {
                string sqlite = "Data Source=orders.db;Cache=Shared";
                string localDb = "Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True";
                string local = "Host=localhost;Database=app;Username=app";
                string noServer = "Database=app;Integrated Security=true";
                string mime = "text/plain; charset=utf-8";
                // The credential is REL503's finding; moving the string to configuration fixes both.
                string withPassword = "Server=sql01.vendor.net;Database=app;User Id=app;Password=FAKE-pw-1";
            }
            """);
    }
}
