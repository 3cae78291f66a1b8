using System;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Secrets;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL502CredentialNamedSymbolAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Secrets.REL502CredentialNamedSymbolAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Secrets.REL502CredentialNamedSymbolCodeFix>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL502CredentialNamedSymbolTests
    {
        [Fact]
        public Task ValueReviewedByAnotherSecretScanner_IsNotAWarning_AnUnmarkedNeighbourIs() => Verify.VerifyAsync("""
            static class OAuthConstants
            {
                // [SuppressMessage("Microsoft.Security", "CS002:SecretInNextLine", Justification="public client secrets are public")]
                public const string ClientSecret = "18867509d956965542b5FAKEa529a79bb883344c90";
                public const string SelfTestPassword = "FAKE-letmein123"; // [SuppressMessage("Microsoft.Security", "CS001:SecretInline", Justification="Fake credential")]
                public const string DeployToken = "FAKE-4f9a0c2e7b1d"; // gitleaks:allow
                public const string ReviewedKey = "FAKE-9c1e55d0aa73"; // pragma: allowlist secret
                public const string DbPassword = {|#0:"FAKE-hunter2!"|};
                public const string SonarReviewed = "FAKE-hunter3!"; // NOSONAR
                public const string SonarSecretRule = "FAKE-hunter4!"; // NOSONAR S2068 sample value for the docs
                // A NOSONAR for another Sonar rule says nothing about the value.
                public const string MigrationPassword = {|#1:"FAKE-hunter5!"|}; // NOSONAR S1144 kept for the migration tool
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0).WithArguments("'DbPassword'", 13),
            Verify.Diagnostic("REL502").WithLocation(1).WithArguments("'MigrationPassword'", 13));

        [Fact]
        public Task EveryBindingShape_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net;
            class Options { public string ClientSecret { get; set; } = ""; public string Password = ""; }
            class C
            {
                private const string DbPassword = {|#0:"FAKE-hunter2!"|};
                private static readonly string apiKey = {|#1:"FAKE-4f9a0c2e7b1d"|};
                public string SigningKey { get; } = {|#2:"FAKE-9c1e55d0aa73"|};
                public string AuthToken => {|#3:"FAKE-tok-31a9e7"|};
                void M(Dictionary<string, string> settings, Options options, Func<string?> read)
                {
                    var password = {|#4:"FAKE-s3cr3t-pw"|};
                    options.ClientSecret = {|#5:"FAKE-cs-8812ab"|};
                    var o = new Options { Password = {|#6:"FAKE-init-pw1"|} };
                    settings["ApiKey"] = {|#7:"FAKE-dict-77aa"|};
                    settings.Add("Jwt:Key", {|#8:"FAKE-9f8e7d0c"|});
                    var credential = new NetworkCredential("svc-user", {|#9:"FAKE-n3t-pw"|});
                    string secret = read() ?? {|#10:"FAKE-fallback-9z"|};
                    Connect(token: {|#11:"FAKE-n4m3d-arg"|});
                    var fromEnv = Environment.GetEnvironmentVariable("API_TOKEN") ?? {|#12:"FAKE-env-fb2a9"|};
                }
                void Connect(string token) { }
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1),
            Verify.Diagnostic("REL502").WithLocation(2), Verify.Diagnostic("REL502").WithLocation(3),
            Verify.Diagnostic("REL502").WithLocation(4), Verify.Diagnostic("REL502").WithLocation(5),
            Verify.Diagnostic("REL502").WithLocation(6), Verify.Diagnostic("REL502").WithLocation(7),
            Verify.Diagnostic("REL502").WithLocation(8), Verify.Diagnostic("REL502").WithLocation(9),
            Verify.Diagnostic("REL502").WithLocation(10), Verify.Diagnostic("REL502").WithLocation(11),
            Verify.Diagnostic("REL502").WithLocation(12));

        [Theory]
        [InlineData("string password = \"FAKE-hunter2!\";", "FAKE-hunter2!")]
        [InlineData("string ApiKey = \"FAKE\" + \"-4f9a0c2e7b1d\";", "FAKE-4f9a0c2e7b1d")]
        [InlineData("string clientSecret = $\"FAKE-{\"cs\"}-8812ab\";", "FAKE-cs-8812ab")]
        public void Message_AndProperties_NeverContainTheValue(string declaration, string value)
        {
            ImmutableArray<Diagnostic> diagnostics = Run(new REL502CredentialNamedSymbolAnalyzer(), "class C { " + declaration + " }");
            Diagnostic d = Assert.Single(diagnostics);
            Assert.Contains(value.Length + "-character", d.GetMessage(), StringComparison.Ordinal);
            AssertNotEchoed(d, value);
        }

        [Fact]
        public Task QualifiedNames_Placeholders_Labels_AndReferences_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class C
            {
                const string PasswordFormat = "Hashed-v2";
                // A stand-in sent to the UI instead of the stored password: a substitution token, not a credential.
                const string PASSWORD_REPLACEMENT = "|||%%PREVPASSWD%%|||";
                const string MaskedPassword = "*s3cr3t-mask#1";
                const string SessionToken = "%%SESSION_TOKEN%%";
                const string PasswordQuestion = "What is your pet's name?";
                const string TokenEndpoint = "/connect/token2";
                const string ApiKeyHeader = "X-Api-Key";
                const string ApiKeyHeaderName = "X-Api-Key-2";
                const string KeyId = "kid-42a";
                const string ClientId = "app-client-42";
                const string PublicKey = "MFkwEwYHKoZIzj0";
                const string CacheKey = "user:42:profile";
                const string TokenUrl = "auth/token/2";
                const string SecretName = "db-password-2";
                const string PasswordHash = "AQAAAAEAACcQ";
                const string TokenType = "Bearer";
                // Names of a password flow, not of a password: an identity provider's public error code (phase 20).
                const string B2CForgottenPassword = "AADB2C90118";
                string password = "";
                string password2 = "   ";
                string apiKey = "changeme";
                string apiKey2 = "<your-api-key>";
                string token = "${API_TOKEN}";
                string token2 = "%API_TOKEN%";
                string secret = "{0}";
                string secret2 = "xxxxxxxx";
                string secret3 = "********";
                string clientSecret = "REDACTED";
                string Password = "Password";
                string passwordLabel2 = "Enter your password";
                string tokenEnv = "API_TOKEN_VALUE";
                string accessToken = "access_token";
                string secretKey = "Jwt:SecretKey";
                string apiKeyPath = "/run/secrets/api_key";
                string tokenSetting = "existingSubscription";
                string Token = "Authorization";
                string pwd = "@password";
                string webhookToken = "6168DB8D-DC58-4094-AF24-483278923590";
                string tokenShort = "bd25";
                object Rule() => new { token = "bd50" };
                void M(Dictionary<string, string> d, Func<string?> read)
                {
                    d["Password"] = "?";
                    string secret = read() ?? "";
                    var settingName = "ApiKey";
                    Use(password: null);
                    Stub(stubType: "bluray", token: "bd25");
                }
                void Use(string? password) { }
                void Stub(string stubType, string token) { }
            }
            """);

        [Fact]
        public Task RealCodeShapes_ReadableValues_AndWeakBindings_AreNotWarnings() => Verify.VerifyAsync("""
            using System;
            using System.ComponentModel;
            [AttributeUsage(AttributeTargets.All)]
            class FieldAttribute : Attribute { public FieldAttribute(string token) { } }
            class C
            {
                // From real code: a readable value through a parameter named 'token'; 'Token' inside another word.
                [Field("master_host")] public string Host = "";
                const string UseCancellationTokenParameters = "XX0109";
                const string CancellationTokenDiagnosticId = "XX0110";
                // Readable identifiers, kebab/snake words, diagnostic ids, format strings, config key paths, header names,
                // URLs, file paths, resource names, e-mail addresses.
                string apiKey = "existing_subscription-42";
                string token = "app-client-42";
                string secret = "secret-{0}-v2";
                string authToken = "Auth:ApiKey:Primary";
                string apiKey2 = "Ocp-Apim-Subscription-Key";
                string token3 = "https://login.vendor.io/oauth2/token";
                string secretKey = "keys/signing-2024.pem";
                string clientSecret = "MyApp.Resources.Strings.Missing2";
                string credential = "ops-team@vendor.io";
                string accessToken = "REL0502";
                string refreshToken = "v2.refresh-grant";
                string privateKey = "Hashed-v2";
                string token4 = "read,write;admin";
                string password = "hunter";
                // The keys Microsoft publishes for the Azurite / storage emulator and the Cosmos DB emulator.
                const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
                const string DefaultAccountKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";
                void M() => Stub("bd25", "master_host");
                void Stub(string stubType, string token) { }
            }
            """);

        [Fact]
        public Task UpperCaseProtocolIdentifiers_AreNotWarnings_RandomUpperCaseKeysAre() => Verify.VerifyAsync("""
            class NaptrRecord
            {
                // Protocol identifiers (NAPTR service fields, cipher-suite-like names) are not credentials.
                public const string ServiceKeyEmail = "E2U+EMAIL";
                public const string ServiceKeySipsTcp = "SIPS+D2T";
                public const string ServiceKeySipsWebsocket = "SIPS+D2W";
                public const string TokenCipher = "TLS_RSA_AES_128";
                // Upper-case keys made of random groups, or with a symbol, still are.
                public const string LicenseKey = {|#0:"X7K9-QW3R-ZP8M-FAKE"|};
                public const string ApiToken = {|#1:"FAKE+Q9X2Z7W4K8"|};
                public const string AdminPassword = {|#2:"ADMIN+2024"|};
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1),
            Verify.Diagnostic("REL502").WithLocation(2));

        // Phase 25, an OAuth library's table of JWT 'typ' values: media-type suffixes of lower-case words are not tokens.
        [Fact]
        public Task LowerCaseMediaTypeSuffixes_AreNotWarnings_TokensWithAPlusAre() => Verify.VerifyAsync("""
            class JwtTypes
            {
                public const string DPoPProofToken = "dpop+jwt";
                public const string AuthorizationRequestToken = "oauth-authz-req+jwt";
                public const string AccessTokenType = "application/at+jwt";
                public const string ApiToken = {|#0:"x9k2+fake+q7w4"|};
                public const string SessionToken = {|#1:"abcdefgh+IJKLmnop"|};
                public const string AdminPassword = {|#2:"hunter+hunter"|};
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1),
            Verify.Diagnostic("REL502").WithLocation(2));

        [Fact]
        public Task RealDefects_StillWarn_SeededPasswords_AndCommittedApiTokens() => Verify.VerifyAsync("""
            class User { public string Email { get; set; } = ""; public string Password { get; set; } = ""; }
            class Seed
            {
                // From real code: seeded admin/user passwords, a third-party API token committed with a migration.
                private const string TmdbApiKey = {|#0:"4f9a0c2e7b1dFAKE8a3c55d0aa739c1e"|};
                public static User[] Users() => new[]
                {
                    new User { Email = "admin@shop.test", Password = {|#1:"Pass@word1"|} },
                    new User { Email = "user@shop.test", Password = {|#2:"FAKEadmin123"|} },
                };
                void Reset(User u) { u.Password = {|#3:"Passw0rd"|}; }
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1),
            Verify.Diagnostic("REL502").WithLocation(2), Verify.Diagnostic("REL502").WithLocation(3));

        [Fact]
        public Task DevelopmentOnlySeeds_AndMaskedDisplayValues_AreNotWarnings_SeedsEveryDeploymentGetsAre() => Verify.VerifyAsync("""
            using System;
            class User { public string Email { get; set; } = ""; public string Password { get; set; } = ""; }
            interface IHostEnvironment { bool IsDevelopment(); }
            class Credentials { public string Password { get; set; } = ""; }
            // Phase 26: a seeder named for development, run only when the host is in Development.
            class DevDataSeeder
            {
                public static User Admin() => new User { Email = "admin@panel.test", Password = "Admin123!" };
            }
            class DevOpsSettings
            {
                public static User Deployer() => new User { Email = "deploy@panel.test", Password = {|#0:"Deploy2024!"|} };
            }
            class DeviceSeeder
            {
                public static User Device() => new User { Email = "device@panel.test", Password = {|#1:"Dev1ce#2024"|} };
            }
            class Startup
            {
                void Seed(IHostEnvironment env, User user)
                {
                    if (env.IsDevelopment())
                    {
                        user.Password = "Local123!";
                    }
                    else
                    {
                        user.Password = {|#2:"Prod123!x"|};
                    }
                }

                // The provider never returns the stored password: the panel shows a mask in its place.
                Credentials Read() => new Credentials { Password = "**hidden**" };

                // Asterisks around a real password are part of it.
                Credentials Starred() => new Credentials { Password = {|#3:"*Tr0ub4dor&3*"|} };
            }
            // A product whose name starts with 'Dev' is not development-only code.
            class DevCycleFlagsClient
            {
                public static User Service() => new User { Email = "flags@panel.test", Password = {|#4:"Fl4gs#Serv1ce"|} };
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1), Verify.Diagnostic("REL502").WithLocation(2),
            Verify.Diagnostic("REL502").WithLocation(3), Verify.Diagnostic("REL502").WithLocation(4));

        [Fact]
        public Task ValuesACommentSaysAreNoSecret_AreNotWarnings_ACommentThatOnlyNamesThemIs() => Verify.VerifyAsync("""
            class Decryptor
            {
                // The service's standard Blowfish key for track decryption.
                // This is a well-known constant used by the API, not a user-specific secret.
                private const string BfSecret = "g4el58wc0zvf9na1";

                private const string ClientSecret = "7NUP5qUtSR3SxdFK"; // public client: permitted to be public

                // Decryption key for the archive.
                private const string ArchiveSecret = {|#0:"k3Zq9vW2xT7pL4mN"|};

                // not a secret:
                private const string Other = "x";
                private const string SigningSecret = {|#1:"Qw8eR5tY2uI9oP3a"|};
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1));

        [Fact]
        public Task CredentialLookingHeaderValues_AreWarnings() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Net.Http.Headers;
            class PartnerClient
            {
                void M(HttpClient http, HttpRequestMessage request)
                {
                    // From real code: a credential as a literal x-api-key header value.
                    http.DefaultRequestHeaders.Add("x-api-key", {|#0:"FAKE-4f9a0c2e7b1d"|});
                    request.Headers.TryAddWithoutValidation("Authorization", {|#1:"Bearer FAKE-9c1e55d0aa73"|});
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", {|#2:"FAKE-31a9e7c44b"|});
                    http.DefaultRequestHeaders.Add("Accept", "application/json");
                }
            }
            """,
            Verify.Diagnostic("REL502").WithLocation(0), Verify.Diagnostic("REL502").WithLocation(1), Verify.Diagnostic("REL502").WithLocation(2));

        [Fact]
        public void TestProjects_AreSkipped_UnlessIncluded()
        {
            const string Source = "class C { string password = \"FAKE-hunter2!\"; }";
            Assert.Empty(Run(new REL502CredentialNamedSymbolAnalyzer(), Source, testProject: true));
            Assert.Single(Run(new REL502CredentialNamedSymbolAnalyzer(), Source, testProject: false));
        }

        [Fact]
        public Task TestProjects_IncludeTestsOption_ReportsAgain()
        {
            var test = Verify.Create("class C { string password = {|#0:\"FAKE-hunter2!\"|}; }", Verify.Diagnostic("REL502").WithLocation(0));
            test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nreliability.REL502.include_tests = true\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("class C { void M( { var password = {|#0:\"FAKE-hunter2!\"|} ; } ", Verify.Diagnostic("REL502").WithLocation(0));
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_UsesIConfigurationInScope_OrEnvironment_NotInConstOrAttributeOrDefault_FixAll()
        {
            var test = new VerifyFix.Test
            {
                TestCode = """
                    using System;
                    using Microsoft.Extensions.Configuration;
                    class PaymentClient
                    {
                        private readonly IConfiguration _configuration;
                        public PaymentClient(IConfiguration configuration) { _configuration = configuration; }
                        public string Connect()
                        {
                            var apiKey = {|#0:"FAKE-4f9a0c2e7b1d"|};
                            return apiKey;
                        }
                        public static string Legacy()
                        {
                            string password = {|#1:"FAKE-hunter2!"|};
                            return password;
                        }
                        private const string DbPassword = {|#2:"FAKE-c0nst-pw"|};
                        public void Login(string password = {|#3:"FAKE-d3fault-pw"|}) { }
                    }
                    """,
                FixedCode = """
                    using System;
                    using Microsoft.Extensions.Configuration;
                    class PaymentClient
                    {
                        private readonly IConfiguration _configuration;
                        public PaymentClient(IConfiguration configuration) { _configuration = configuration; }
                        public string Connect()
                        {
                            var apiKey = _configuration["PaymentClient:ApiKey"] ?? throw new InvalidOperationException("Configuration value 'PaymentClient:ApiKey' is not set");
                            return apiKey;
                        }
                        public static string Legacy()
                        {
                            string password = Environment.GetEnvironmentVariable("PASSWORD") ?? throw new InvalidOperationException("PASSWORD is not set");
                            return password;
                        }
                        private const string DbPassword = {|#2:"FAKE-c0nst-pw"|};
                        public void Login(string password = {|#3:"FAKE-d3fault-pw"|}) { }
                    }
                    """,
                CodeActionEquivalenceKey = REL502CredentialNamedSymbolCodeFix.MoveToConfigurationKey,
            };
            for (int i = 0; i < 4; i++)
            {
                test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL502").WithLocation(i));
            }

            test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL502").WithLocation(2));
            test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL502").WithLocation(3));
            return test.RunAsync();
        }
    }
}
