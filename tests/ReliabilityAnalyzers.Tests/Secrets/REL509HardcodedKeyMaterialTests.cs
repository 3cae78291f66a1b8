using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL509HardcodedKeyMaterialAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL509HardcodedKeyMaterialTests
    {
        private static DiagnosticResult Suggestion(int location) => new DiagnosticResult("REL509", DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task KeyMaterialBoundToKeys_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;
            class TokenService
            {
                private static readonly byte[] SigningKey = {|#0:Encoding.UTF8.GetBytes("FAKE-signing-key-material-32chars")|};
                private static readonly byte[] EncryptionKey = {|#1:new byte[] { 0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88, 0x97, 0xa6, 0xb5, 0xc4, 0xd3, 0xe2, 0xf1, 0x00 }|};
                private readonly byte[] _secret = {|#2:Convert.FromBase64String("RkFLRS1zZWNyZXQtYmFzZTY0LXZhbHVl")|};
                SymmetricSecurityKey Jwt() => new SymmetricSecurityKey({|#3:Encoding.ASCII.GetBytes("FAKE-jwt-secret-for-signing")|});
                byte[] Mac(byte[] data) { using var hmac = new HMACSHA256({|#4:Encoding.UTF8.GetBytes("FAKE-hmac")|}); return hmac.ComputeHash(data); }
                void SetUp(Aes aes) { aes.Key = {|#5:new byte[] { 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 10, 11, 12, 13, 14, 15 }|}; }
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5));

        [Fact]
        public Task LookupKeys_PublicKeys_Signatures_Salts_NamedConstants_AndShortValues_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;
            class C
            {
                const string JwtSecret = "FAKE-jwt-secret-for-signing";
                static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
                static readonly byte[] PublicKey = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
                static readonly byte[] CacheKey = Encoding.UTF8.GetBytes("orders:by-customer");
                static readonly byte[] Salt = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
                static readonly byte[] KeyPrefix = Encoding.UTF8.GetBytes("tenant-");
                static readonly byte[] ZeroKey = { 0, 0, 0, 0, 0, 0, 0, 0 };
                static readonly byte[] ShortKey = { 1, 2, 3 };
                static readonly byte[] MscorlibToken = { 183, 122, 92, 86, 25, 52, 224, 137 };   // an assembly's public key token
                static readonly byte[] Greeting = Encoding.UTF8.GetBytes("hello world");
                SymmetricSecurityKey FromConstant() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSecret));
                SymmetricSecurityKey FromConfig(string secret) => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret));
                byte[] Placeholder() { var signingKey = Encoding.UTF8.GetBytes("<your-signing-key>"); return signingKey; }
            }
            """);

        [Fact]
        public void TestProjects_AreSkipped_UnlessIncluded()
        {
            const string Source = "using System.Text; class C { static readonly byte[] SigningKey = Encoding.UTF8.GetBytes(\"FAKE-signing-key\"); }";
            Assert.Empty(Run(new REL509HardcodedKeyMaterialAnalyzer(), Source, testProject: true));
            Diagnostic d = Assert.Single(Run(new REL509HardcodedKeyMaterialAnalyzer(), Source, testProject: false));
            AssertNotEchoed(d, "FAKE-signing-key");
        }
    
        [Fact]
        public Task SelfDescribedKeyMaterial_IsReported_PlaceholdersAreNot() => Verify.VerifyAsync("""
            using System.Text;
            using Microsoft.IdentityModel.Tokens;
            class Jwt
            {
                SymmetricSecurityKey Key() => new SymmetricSecurityKey({|#0:Encoding.UTF8.GetBytes("MySecretSigningKeyFAKE2024!MySecretSigningKey")|});
                SymmetricSecurityKey Placeholder() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("your-signing-key-goes-here-2024"));
                SymmetricSecurityKey Label() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes("mysecret"));
            }
            """,
            Suggestion(0));
    }
}
