using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL506CredentialNamedSymbolAuditAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL506CredentialNamedSymbolAuditTests
    {
        private static DiagnosticResult Suggestion(int location) => new DiagnosticResult("REL506", DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task UpperCaseProtocolIdentifier_NamedAfterItsValue_IsNotReported_AnUnnamedOneIsAuditLevel() => Verify.VerifyAsync("""
            class NaptrRecord
            {
                // The constant's name spells the value ('Email' / 'Sips'): a self-named identifier, not reported at all.
                public const string ServiceKeyEmail = "E2U+EMAIL";
                public const string ServiceKeySipsTcp = "SIPS+D2T";
                // Not a warning any more (REL502), but a credential name with an unexplained value stays an audit finding.
                public const string ApiKey = {|#0:"SIPS+D2T"|};
                // A random upper-case key is strong evidence: REL502, not this audit rule.
                public const string LicenseKey = "X7K9-QW3R-ZP8M-FAKE";
            }
            """,
            Suggestion(0));

        [Fact]
        public Task ValueReviewedByAnotherSecretScanner_IsAuditLevel() => Verify.VerifyAsync("""
            static class OAuthConstants
            {
                // [SuppressMessage("Microsoft.Security", "CS002:SecretInNextLine", Justification="public client secrets are public")]
                public const string ClientSecret = {|#0:"18867509d956965542b5FAKEa529a79bb883344c90"|};
                public const string SelfTestPassword = {|#1:"FAKE-letmein123"|}; // [SuppressMessage("Microsoft.Security", "CS001:SecretInline", Justification="Fake credential")]
                public const string DbPassword = "FAKE-hunter2!";
            }
            """,
            Suggestion(0), Suggestion(1));

        [Fact]
        public Task WeakerEvidence_IsReportedAtAuditLevel() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            using System.Net;
            [AttributeUsage(AttributeTargets.All)]
            class FieldAttribute : Attribute { public FieldAttribute(string token) { } }
            class Options
            {
                // A credential-named property with a default value in an attribute.
                [DefaultValue({|#0:"FAKE-hunter2!"|})] public string Password { get; set; } = "";
            }
            class C
            {
                // A credential-looking value through an attribute argument or a positional 'token' parameter.
                [Field({|#1:"FAKE-9c1e55d0aa73"|})] public string Host = "";
                // Credential-named symbols with readable values.
                string password = {|#2:"FAKE-net-pw"|};
                string apiKey = {|#3:"FAKE-named-arg-4"|};
                void M()
                {
                    Stub({|#4:"FAKE-9c1e55d0aa73"|});
                    var credential = new NetworkCredential("svc-user", {|#5:"FAKE-readable-pw"|});
                }
                void Stub(string token) { }
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5));

        [Fact]
        public Task StrongEvidence_Readable_ThroughWeakBindings_Placeholders_AreNotReportedHere() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            [AttributeUsage(AttributeTargets.All)]
            class FieldAttribute : Attribute { public FieldAttribute(string token) { } }
            class Options
            {
                [DefaultValue("")] public string Password { get; set; } = "";
                [DefaultValue("admin")] public string AdminPassword { get; set; } = "";
                [DefaultValue("FAKE-hunter2!")] public string DisplayName { get; set; } = "";
            }
            class C
            {
                [Field("master_host")] public string Host = "";
                const string UseCancellationTokenParameters = "XX0109";
                string password = "FAKE-hunter2!";           // REL502 (warning), not REL506
                string apiKey = "FAKE-4f9a0c2e7b1d";         // REL502 (warning), not REL506
                string token = "<your-token>";
                // From real code: the well-known anonymous FTP login; a readable key name that repeats its own name.
                System.Net.NetworkCredential Anonymous() => new System.Net.NetworkCredential("anonymous", "anonymous");
                const string DataBusStorageKey = "rebus-databus-storage";
                System.Net.NetworkCredential Test() => new System.Net.NetworkCredential("ftptest", "ftptest");
                void M() { Stub("bd25"); Stub("master_host"); Stub(token: "FAKE-4f9a0c2e7b1d"); }
                void Stub(string token) { }
            }
            """);

        [Fact]
        public void TestProjects_AreSkipped_UnlessIncluded()
        {
            const string Source = "class C { string password = \"FAKE-net-pw\"; }";
            Assert.Empty(Run(new REL506CredentialNamedSymbolAuditAnalyzer(), Source, testProject: true));
            Diagnostic d = Assert.Single(Run(new REL506CredentialNamedSymbolAuditAnalyzer(), Source, testProject: false));
            AssertNotEchoed(d, "FAKE-net-pw");
        }
    
        private const string SelfDescribedSource = """
            using System.ComponentModel;
            using Microsoft.Extensions.Configuration;
            class JwtSetup
            {
                const string JwtSecret = {|#0:"my-FAKE-super-secret-jwt-key-12345"|};
                [DefaultValue({|#1:"MySecretApiKeyFAKE2024!"|})] public string ApiKey { get; set; } = "";
                string Key(IConfiguration config) => config["Jwt:Key"] ?? {|#2:"ThisIsMySuperSecretKeyFAKE2024!"|};
                void Seed()
                {
                    string password = {|#3:"SuperSecretPasswordFAKE123"|};
                }

                // Labels, header names, placeholders and kinds name a credential without digits or symbols.
                string label = "api-key-here";
                const string SecretName = "jwt-secret";
                const string ApiKeyHeader = "X-Api-Key";
                string apiKeyPlaceholder = "your-api-key-here-2024";
                string tokenKind = "refresh_token";
                string password2 = "<password-123>";
            }
            """;

        [Fact]
        public Task SelfDescribedMadeUpSecrets_AreReportedAtAuditLevel() => Verify.VerifyAsync(SelfDescribedSource,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3));

        [Fact]
        public Task SelfDescribedMadeUpSecrets_AreNotWarnings() =>
            ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<REL502CredentialNamedSymbolAnalyzer>.VerifyAsync(
                SelfDescribedSource.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("\"|}", "\""));
    
        // Real-code shapes: credentials of a fake store compiled into a service (used only when the 'Fake' provider is
        // configured) and a JWT header prefix that a secret scrubber searches for. Not warnings; still listed for review.
        private const string FixtureSource = """
            namespace Shop.Domain.Shared
            {
                public static class TestData
                {
                    public const string ClientSecretString = {|#0:"qYcA9Pz0Tk2mWbL7"|};
                }
            }
            namespace Shop.Infrastructure.Fakes
            {
                public class StoreOptions { public string ApiToken { get; set; } = ""; }
                public class InMemoryStore
                {
                    public StoreOptions Options { get; } = new StoreOptions { ApiToken = {|#1:"r8Kd2LqZ5vXw0NbT"|} };
                }
            }
            namespace Shop.Security
            {
                public class FakeTokenIssuer { private const string SigningSecret = {|#2:"Zt4x9QmB7kP2wLc8"|}; }
                public static class SecretScrubber
                {
                    private const string JwtTypToken = {|#3:"eyJ0eXAiOi"|};
                    private const string JwtAlgToken = {|#4:"eyJhbGciOiJIUzI1NiJ9"|};
                }
            }
            """;

        [Fact]
        public Task FixtureCredentials_AndJwtHeaderFragments_AreAuditLevel() => Verify.VerifyAsync(FixtureSource,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4));

        [Fact]
        public Task FixtureCredentials_AndJwtHeaderFragments_AreNotWarnings_TheSameValuesInProductCodeAre() =>
            ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<REL502CredentialNamedSymbolAnalyzer>.VerifyAsync(
                FixtureSource.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("{|#4:", "").Replace("\"|}", "\"")
                + """

                namespace Shop.Payments
                {
                    // Seed and demo data are not test doubles, and a type merely containing 'Test' as a feature name is product code.
                    public static class SeedData { public const string AdminPassword = {|#0:"Pass@word1"|}; }
                    public class ConnectionTest { private const string ApiToken = {|#1:"qYcA9Pz0Tk2mWbL7"|}; }
                }
                """,
                ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<REL502CredentialNamedSymbolAnalyzer>.Diagnostic("REL502").WithLocation(0),
                ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<REL502CredentialNamedSymbolAnalyzer>.Diagnostic("REL502").WithLocation(1));
    }
}
