using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Secrets;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL501ProviderCredentialAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Secrets.REL501ProviderCredentialAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Secrets.REL501ProviderCredentialCodeFix>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL501ProviderCredentialTests
    {
        public static IEnumerable<object[]> Formats() => new[]
        {
            new object[] { "GitHub classic", GitHubClassic('p'), "GitHub token", 4 },
            new object[] { "GitHub OAuth", GitHubClassic('o'), "GitHub token", 4 },
            new object[] { "GitHub app server", GitHubClassic('s'), "GitHub token", 4 },
            new object[] { "GitHub fine-grained", GitHubFineGrained(), "GitHub fine-grained token", 11 },
            new object[] { "AWS", AwsKeyId(), "AWS access key id", 4 },
            new object[] { "GitLab", GitLab(), "GitLab personal access token", 6 },
            new object[] { "Slack bot", SlackBot(), "Slack token", 5 },
            new object[] { "Slack webhook", SlackWebhook(), "Slack webhook URL", 0 },
            new object[] { "Stripe live", StripeLive(), "Stripe secret key", 8 },
            new object[] { "Stripe restricted", StripeRestricted(), "Stripe restricted key", 8 },
            new object[] { "OpenAI", OpenAi(), "OpenAI API key", 8 },
            new object[] { "Anthropic", Anthropic(), "Anthropic API key", 13 },
            new object[] { "Google", Google(), "Google API key", 4 },
            new object[] { "Google OAuth", GoogleOAuthSecret(), "Google OAuth client secret", 7 },
            new object[] { "Azure storage", AzureStorageConnectionString(), "Azure storage account key", 0 },
            new object[] { "Service Bus", ServiceBusConnectionString(), "Azure shared access key", 0 },
            new object[] { "SAS", SasUrl(), "Azure SAS signature", 0 },
            new object[] { "Entra", Entra(), "Entra ID client secret", 0 },
            new object[] { "npm", Npm(), "npm access token", 4 },
            new object[] { "NuGet", NuGet(), "NuGet API key", 3 },
            new object[] { "PyPI", PyPi(), "PyPI token", 20 },
            new object[] { "Docker Hub", DockerHub(), "Docker Hub token", 9 },
            new object[] { "SendGrid", SendGrid(), "SendGrid API key", 3 },
            new object[] { "Twilio", Twilio(), "Twilio API key", 2 },
            new object[] { "JWT", Jwt(), "JSON Web Token", 3 },
            new object[] { "PEM", PemPrivateKey(), "PEM private key", 0 },
        };

        [Theory]
        [MemberData(nameof(Formats))]
        public void EachFormat_IsReported_WithKindLengthAndPrefixOnly_NeverTheValue(string label, string secret, string kind, int prefixLength)
        {
            string source = "class Client { public string Setting { get; } = " + Literal(secret) + "; }";
            ImmutableArray<Diagnostic> diagnostics = Run(new REL501ProviderCredentialAnalyzer(), source);

            Diagnostic d = Assert.Single(diagnostics);
            Assert.Equal("REL501", d.Id);
            Assert.Equal(kind, d.Properties["Kind"]);
            Assert.Equal("Setting", d.Properties["Name"]);
            Assert.Contains(kind, d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("'Setting'", d.GetMessage(), StringComparison.Ordinal);
            AssertNotEchoed(d, secret, prefixLength);
            Assert.False(string.IsNullOrEmpty(label));
        }

        [Fact]
        public void SecretInsideALongerString_IsReported_InBearerHeaderAndConcatenation()
        {
            string token = GitHubClassic();
            string source = "class C { const string Scheme = \"Bearer \"; string A = " + Literal("token " + token) + "; string B = Scheme + " + Literal(token) + "; }";
            // Concurrent analysis returns diagnostics in no fixed order: sort by position.
            Diagnostic[] diagnostics = Run(new REL501ProviderCredentialAnalyzer(), source).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
            Assert.Equal(2, diagnostics.Length);
            Assert.All(diagnostics, d => AssertNotEchoed(d, token, 4));
        }

        [Fact]
        public void SecretSplitAcrossConstantParts_IsReportedOnce_OnTheWholeExpression()
        {
            string token = GitHubClassic();
            string a = token.Substring(0, 10), b = token.Substring(10, 10), c = token.Substring(20);
            string concatenation = Literal(a) + " + " + Literal(b) + " + " + Literal(c);
            string interpolation = "$\"{Head}" + c + "\"";
            string source = "class C { const string Head = " + Literal(a) + " + " + Literal(b) + "; string S = " + concatenation
                + "; const string T = " + interpolation + "; }";
            // Concurrent analysis returns diagnostics in no fixed order: sort by position.
            Diagnostic[] diagnostics = Run(new REL501ProviderCredentialAnalyzer(), source).OrderBy(d => d.Location.SourceSpan.Start).ToArray();
            Assert.Equal(2, diagnostics.Length);
            Assert.Equal(concatenation, source.Substring(diagnostics[0].Location.SourceSpan.Start, diagnostics[0].Location.SourceSpan.Length));
            Assert.Equal(interpolation, source.Substring(diagnostics[1].Location.SourceSpan.Start, diagnostics[1].Location.SourceSpan.Length));
        }

        public static IEnumerable<object[]> NotSecrets() => new[]
        {
            new object[] { GitHubClassicBadChecksum() },                        // CRC32 does not verify
            new object[] { AwsDocsExample() },                                  // AWS documentation key
            new object[] { AzureEmulatorConnectionString() },                   // storage emulator key
            new object[] { PemHeaderOnly() },                                   // PEM parser constant
            new object[] { "-----BEGIN " + "PUBLIC KEY-----\n" + Repeat("FAKE0x7Yq2Lm9Pz4", 80) + "\n-----END PUBLIC KEY-----" },
            new object[] { "sk" + "_live_" + "xxxxxxxxxxxxxxxxxxxxxxxx" },      // placeholder
            new object[] { "pk" + "_live_" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs" },   // publishable key
            new object[] { "sk" + "_test_" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs" },   // test-mode key
            new object[] { "eyJ" + "notbase64atall.eyJ" + "alsonotjson123.FAKEsig0x7Yq2Lm9Pz4Rt" },
            new object[] { "AKIA" + "AAAAAAAAAAAAAAAA" },                        // a run, not a key
            new object[] { "https://hooks.slack.com/services/" },               // prefix only
            new object[] { "ghp_" },
            new object[] { "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" },
        };

        [Theory]
        [MemberData(nameof(NotSecrets))]
        public void LookAlikes_AreNotReported(string value)
        {
            string source = "class C { string S = " + Literal(value) + "; }";
            Assert.Empty(Run(new REL501ProviderCredentialAnalyzer(), source));
        }

        [Fact]
        public void TestProjects_StillReportFormatCertainFindings()
        {
            string source = "class C { string S = " + Literal(Npm()) + "; }";
            Assert.Single(Run(new REL501ProviderCredentialAnalyzer(), source, testProject: true));
        }

        [Fact]
        public Task Location_IsTheLiteral() => Verify.VerifyAsync(
            "class C { void M() { var client = Create({|#0:" + Literal(StripeLive()) + "|}); } static object Create(string s) => s; }",
            Verify.Diagnostic("REL501").WithLocation(0));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("class C { void M( { var k = " + Literal(AwsKeyId()) + " + ; } ");
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL501").WithSpan(1, 29, 1, 51));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_UsesEnvironmentVariable_NamedAfterTheSymbol_NotInConst_FixAll()
        {
            var test = new VerifyFix.Test
            {
                TestCode =
                    "using System;\n" +
                    "class GitHubClient\n{\n" +
                    "    private readonly string _token = {|#0:" + Literal(GitHubClassic()) + "|};\n" +
                    "    private const string Fallback = {|#1:" + Literal(Npm()) + "|};\n" +
                    "    public string Stripe() => {|#2:" + Literal(StripeLive()) + "|};\n" +
                    "}\n",
                FixedCode =
                    "using System;\n" +
                    "class GitHubClient\n{\n" +
                    "    private readonly string _token = Environment.GetEnvironmentVariable(\"TOKEN\") ?? throw new InvalidOperationException(\"TOKEN is not set\");\n" +
                    "    private const string Fallback = {|#1:" + Literal(Npm()) + "|};\n" +
                    "    public string Stripe() => Environment.GetEnvironmentVariable(\"STRIPE_SECRET_KEY\") ?? throw new InvalidOperationException(\"STRIPE_SECRET_KEY is not set\");\n" +
                    "}\n",
                CodeActionEquivalenceKey = REL501ProviderCredentialCodeFix.MoveToConfigurationKey,
            };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL501").WithLocation(0));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL501").WithLocation(1));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL501").WithLocation(2));
            test.FixedState.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL501").WithLocation(1));
            return test.RunAsync();
        }
    }
}
