using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    /// <summary>
    /// Fake credentials of the right shape, assembled at run time from pieces (so no file in the repository holds a
    /// literal a secret scanner would flag), with FAKE markers where the format allows and checksums computed here.
    /// Plus a direct analyzer run that returns the diagnostics so tests can prove the value is never echoed.
    /// </summary>
    internal static class SecretTestKit
    {
        private const string Body30 = "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn";

        public static string GitHubClassic(char kind = 'p') => "g" + "h" + kind + "_" + Body30 + Base62(Crc32(Body30), 6);

        public static string GitHubClassicBadChecksum() => "g" + "h" + "p_" + Body30 + "000000";

        public static string Npm() => "n" + "pm_" + Body30 + Base62(Crc32(Body30), 6);

        public static string GitHubFineGrained() => "github" + "_pat_" + "11FAKE0x7Yq2Lm9Pz4Rt6W" + "_" + Repeat("v8Kd3Hs5JnFAKEq2", 59);

        public static string AwsKeyId() => "AK" + "IA" + "FAKEQ7W2ZX3RT4YP";

        public static string AwsDocsExample() => "AK" + "IA" + "IOSFODNN7" + "EXAMPLE";

        public static string GitLab() => "glp" + "at-" + "FAKEx7Yq2Lm9Pz4Rt6Wv";

        public static string SlackBot() => "xo" + "xb-" + "1234567890" + "-" + "9876543210" + "-" + "FAKEaBcD3fGh1jKlMn0pQr";

        public static string SlackWebhook() => "https://hooks." + "slack.com/services/" + "T0FAKE123/B0FAKE456/" + "FAKEx7Yq2Lm9Pz4Rt6Wv8Kd3";

        public static string StripeLive() => "sk" + "_live_" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs";

        public static string StripeRestricted() => "rk" + "_live_" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs";

        public static string OpenAi() => "sk-" + "proj-" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3" + "T3Blbk" + "FJ" + "Hs5JnFAKEq2Lm9Pz4Rt6";

        public static string Anthropic() => "sk-ant-" + "api03-" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn_-", 93) + "AA";

        public static string Google() => "AI" + "za" + Repeat("SyFAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn-_q", 35);

        public static string GoogleOAuthSecret() => "GOC" + "SPX-" + "FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5";

        public static string AzureStorageConnectionString() =>
            "DefaultEndpointsProtocol=https;AccountName=fakeacct;Account" + "Key=" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn+/", 86) + "==;EndpointSuffix=core.windows.net";

        public static string AzureEmulatorConnectionString() =>
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;Account" + "Key=" + "Eby8vdM02xNO" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn+/", 74) + "==;";

        public static string ServiceBusConnectionString() =>
            "Endpoint=sb://fake-ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccess" + "Key=" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn+/", 43) + "=";

        public static string SasUrl() => "https://fakeacct.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=o&sp=r&s" + "ig=" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn", 41) + "%3D";

        public static string Entra() => "abc" + "8Q" + "~" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn.-", 34);

        public static string NuGet() => "oy" + "2" + Repeat("fake2x7yq2lm5pz4rt6wv3kd7hs5jnabc", 43);

        public static string DockerHub() => "dckr" + "_pat_" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5", 27);

        public static string PyPi() => "pypi-" + "AgEIcHlwaS5vcmc" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn", 60);

        public static string SendGrid() => "S" + "G." + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8", 22) + "." + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn-_", 43);

        public static string Twilio() => "S" + "K" + "fa4e0d7c9b2a81f3e6d5c4b3a2918f7e";

        public static string Jwt()
        {
            string header = B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
            string payload = B64Url("{\"sub\":\"FAKE-user\",\"iat\":1700000000}");
            return header + "." + payload + "." + "FAKEsig0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn";
        }

        public static string PemPrivateKey() =>
            "-----BEGIN " + "PRIVATE KEY-----\n" + Repeat("FAKE0x7Yq2Lm9Pz4Rt6Wv8Kd3Hs5Jn+/", 64) + "\n" + Repeat("Q2Lm9Pz4FAKE", 24) + "\n-----END " + "PRIVATE KEY-----";

        public static string PemHeaderOnly() => "-----BEGIN " + "PRIVATE KEY-----";

        private static string B64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string Repeat(string pattern, int length)
        {
            var sb = new StringBuilder(length);
            while (sb.Length < length)
            {
                sb.Append(pattern);
            }

            return sb.ToString(0, length);
        }

        /// <summary>CRC32 (IEEE), written here independently of the analyzer so a broken analyzer checksum fails the tests.</summary>
        public static uint Crc32(string s)
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            uint crc = 0xFFFFFFFFu;
            foreach (byte b in Encoding.ASCII.GetBytes(s))
            {
                crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFFu;
        }

        public static string Base62(uint value, int width)
        {
            const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
            string result = "";
            while (value > 0)
            {
                result = Digits[(int)(value % 62)] + result;
                value /= 62;
            }

            return result.PadLeft(width, '0');
        }

        public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

        /// <summary>Runs one analyzer over source (and optional additional files) and returns its diagnostics.</summary>
        public static ImmutableArray<Diagnostic> Run(DiagnosticAnalyzer analyzer, string source, params (string Path, string Text)[] additionalFiles) =>
            Run(analyzer, source, testProject: false, additionalFiles);

        public static ImmutableArray<Diagnostic> Run(DiagnosticAnalyzer analyzer, string source, bool testProject, params (string Path, string Text)[] additionalFiles)
        {
            IEnumerable<MetadataReference> references = TestReferences.References;
            if (testProject)
            {
                // The real xunit.core assembly this test project runs on: a compilation that references it is a test project.
                references = references.Append(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location));
            }

            CSharpCompilation compilation = CSharpCompilation.Create(
                "SecretsTest",
                new[] { CSharpSyntaxTree.ParseText(source, path: "Test0.cs") },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            var options = new AnalyzerOptions(additionalFiles.Select(f => (AdditionalText)new InMemoryAdditionalText(f.Path, f.Text)).ToImmutableArray());
            return compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options)
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>The secret (and its body after any public prefix) appears in no message and no property.</summary>
        public static void AssertNotEchoed(Diagnostic diagnostic, string secret, int publicPrefixLength = 0)
        {
            string message = diagnostic.GetMessage();
            string body = secret.Substring(Math.Min(publicPrefixLength, secret.Length));
            string probe = body.Length > 12 ? body.Substring(0, 12) : body;
            Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
            Assert.DoesNotContain(probe, message, StringComparison.Ordinal);
            foreach (KeyValuePair<string, string?> property in diagnostic.Properties)
            {
                Assert.DoesNotContain(secret, property.Value ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain(probe, property.Value ?? "", StringComparison.Ordinal);
            }
        }

        private sealed class InMemoryAdditionalText : AdditionalText
        {
            private readonly SourceText _text;

            public InMemoryAdditionalText(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }
    }
}
