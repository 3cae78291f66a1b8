using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Secrets;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL503EmbeddedCredentialAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Secrets.REL503EmbeddedCredentialAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Secrets.REL503EmbeddedCredentialCodeFix>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL503EmbeddedCredentialTests
    {
        [Fact]
        public Task ConnectionStrings_AndUris_WithCredentials_AreReported_AcrossConstantConcatenation() => Verify.VerifyAsync("""
            class C
            {
                const string Server = "Server=db.internal;Database=orders;";
                const string Pw = "FAKE-pw-123";
                string A = {|#0:"Server=db;Database=app;User Id=app;Password=FAKE-pw-123;"|};
                string B = {|#1:"Host=pg;Username=app;Pwd=FAKE-pw-456"|};
                string C1 = {|#2:Server + "User Id=sa;Password=" + Pw + ";"|};
                string D = {|#3:$"{Server}Password={Pw};"|};
                string E = {|#4:"redis.internal:6380,password=FAKE-redis-pw,ssl=True"|};
                string F = {|#5:"amqp://svc:FAKE-amqp-pw@rabbit.internal:5672/vhost"|};
                string G = {|#6:"mongodb+srv://app:FAKE-mongo-pw@cluster0.fake.mongodb.net/db"|};
                string H = {|#7:"DefaultEndpointsProtocol=https;AccountName=x;AccountKey=FAKE-short-key;"|};
                string I = {|#8:"Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=FAKE-sak"|};
            }
            """,
            Verify.Diagnostic("REL503").WithLocation(0), Verify.Diagnostic("REL503").WithLocation(1),
            Verify.Diagnostic("REL503").WithLocation(2), Verify.Diagnostic("REL503").WithLocation(3),
            Verify.Diagnostic("REL503").WithLocation(4), Verify.Diagnostic("REL503").WithLocation(5),
            Verify.Diagnostic("REL503").WithLocation(6), Verify.Diagnostic("REL503").WithLocation(7),
            Verify.Diagnostic("REL503").WithLocation(8));

        [Theory]
        [InlineData("Server=db;User Id=app;Password=FAKE-pw-123;", "FAKE-pw-123")]
        [InlineData("amqp://svc:FAKE-amqp-pw@rabbit.internal:5672/", "FAKE-amqp-pw")]
        [InlineData("Endpoint=sb://ns/;SharedAccessKeyName=Root;SharedAccessKey=FAKE-sak-0909", "FAKE-sak-0909")]
        public void Message_AndProperties_NeverContainTheCredential(string value, string credential)
        {
            ImmutableArray<Diagnostic> diagnostics = Run(new REL503EmbeddedCredentialAnalyzer(), "class C { string Conn = " + Literal(value) + "; }");
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Contains(credential.Length + " chars", d.GetMessage(), StringComparison.Ordinal);
            AssertNotEchoed(d, credential);
            AssertNotEchoed(d, value);
        }

        [Fact]
        public Task Placeholders_IntegratedSecurity_Parameters_AndGuestGuest_AreNotReported() => Verify.VerifyAsync("""
            class C
            {
                string A = "Server=(localdb)\\mssqllocaldb;Database=app;Trusted_Connection=True;";
                string B = "Server=db;Database=app;Integrated Security=SSPI;";
                string C1 = "Server=db;User Id=app;Password=;";
                string D = "Server=db;User Id=app;Password={0};";
                string E = "Server=db;User Id=app;Password=${DB_PASSWORD};";
                string F = "Server=db;User Id=app;Password=@password";
                string G = "amqp://guest:guest@localhost:5672/";
                string H = "https://user@host.internal/path";
                string I = "UseDevelopmentStorage=true";
                string J = "Server=db;User Id=app;Password=<password>;";
                string K = "Server=db;User Id=app;Password=********;";
                string L = "SharedAccessKeyName=RootManageSharedAccessKey";
                string M = "The password=field is required";
                string N = "https://api.vendor.com/search?q=a&sig=";
                string O = "Host=pg;Username=app;Password=" ;
                string P(string pw) => "Host=pg;Username=app;Password=" + pw;
                string Q(string pw) => $"Host=pg;Username=app;Password={pw}";
                // From real code: development databases on this machine, the storage emulator, user == password, "password".
                string R = "Server=localhost,1433;Database=AppDb_Design;User ID=sa;Password=Your$tr0ngP@ss!;TrustServerCertificate=true";
                string S = "Host=localhost;Database=OrderingDB;Username=postgres;Password=yourWeak(!)Password";
                string T = "Server=127.0.0.1;Port=5432;Database=Db;Username=admin;Password=pass-1234;";
                string U = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOFAKE;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";
                string V = "Host=db;Username=test;Password=test;Database=test";
                string W = "https://user:password@media.example.com?access_token=x";
                string X = "Server=db;User Id=app;Password=password;";
            }
            """);

        [Fact]
        public Task ExamplesInHelpOrErrorText_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            using Microsoft.Extensions.Logging;
            [AttributeUsage(AttributeTargets.All)]
            class OptionAttribute : Attribute { public OptionAttribute(string help) { } }
            class C
            {
                // From real code: example connection strings inside help and error-message text.
                const string Usage = "Invalid connection string, expected Server=db;User Id=app;Password=FAKE-pw-123;";
                const string Hint = "Example: Host=pg;Username=app;Password=FAKE-pw-456";
                const string Doc = "Connect with amqp://svc:FAKE-amqp-pw@rabbit.internal:5672/ to test the broker";
                string A = "Server=db;User Id=myUsername;Password=myPassword;";
                string B = "Server=db;User Id=app;Password=your-password;";
                string C1 = "Server=db;User Id=app;Password={password};";
                string D = "Server=db;User Id=app;Password=***;";
                [Option("Server=db;User Id=app;Password=FAKE-pw-789")] public string Conn = "";
                [Description("amqp://svc:FAKE-amqp-pw@rabbit.internal:5672/")] public string Broker = "";
                void M(ILogger logger)
                {
                    throw new ArgumentException("Server=db;User Id=app;Password=FAKE-pw-123;");
                }
                void N(ILogger logger)
                {
                    logger.LogWarning("Server=db;User Id=app;Password=FAKE-pw-123;");
                    Console.WriteLine("amqp://svc:FAKE-amqp-pw@rabbit.internal:5672/");
                }
            }
            """);

        [Fact]
        public Task RealCredentials_WithKeysThatContainSpaces_AndUserInfoUris_AreStillReported() => Verify.VerifyAsync("""
            using System;
            class C
            {
                string A = {|#0:"Server=db.internal;Initial Catalog=orders;Multiple Active Result Sets=true;User ID=app;Password=FAKE-pw-123"|};
                Uri B = new Uri({|#1:"https://deploy:FAKE-deploy-pw@files.vendor.io/upload"|});
                string C1 = {|#2:"Data Source=db.internal; Persist Security Info=False; User ID=app; Password=FAKE-pw-456"|};
            }
            """,
            Verify.Diagnostic("REL503").WithLocation(0), Verify.Diagnostic("REL503").WithLocation(1), Verify.Diagnostic("REL503").WithLocation(2));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("class C { void M( { var c = {|#0:\"Server=db;Password=FAKE-pw-1\"|} + ; } ", Verify.Diagnostic("REL503").WithLocation(0));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_ReadsConnectionStringsSection_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using Microsoft.Extensions.Configuration;
            class OrderRepository
            {
                private readonly string _orders;
                private readonly string _audit;
                public OrderRepository(IConfiguration configuration)
                {
                    _orders = {|#0:"Server=db;Database=orders;User Id=app;Password=FAKE-pw-123;"|};
                    _audit = {|#1:"Host=pg;Username=audit;Pwd=FAKE-pw-456"|};
                }
            }
            """, """
            using System;
            using Microsoft.Extensions.Configuration;
            class OrderRepository
            {
                private readonly string _orders;
                private readonly string _audit;
                public OrderRepository(IConfiguration configuration)
                {
                    _orders = configuration["ConnectionStrings:Orders"] ?? throw new InvalidOperationException("Configuration value 'ConnectionStrings:Orders' is not set");
                    _audit = configuration["ConnectionStrings:Audit"] ?? throw new InvalidOperationException("Configuration value 'ConnectionStrings:Audit' is not set");
                }
            }
            """,
            REL503EmbeddedCredentialCodeFix.MoveToConfigurationKey,
            VerifyFix.Diagnostic("REL503").WithLocation(0),
            VerifyFix.Diagnostic("REL503").WithLocation(1));
    }
}
