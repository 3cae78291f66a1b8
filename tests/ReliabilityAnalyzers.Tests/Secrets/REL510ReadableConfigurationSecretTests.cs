using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL504ConfigurationFileSecretAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    /// <summary>REL510 is the audit half of REL504, reported by the same analyzer.</summary>
    public class REL510ReadableConfigurationSecretTests
    {
        [Fact]
        public Task ReadableSigningKeysAndSelfNamedSecrets_AreAuditLevel_SettingsAndPlaceholdersAreNot()
        {
            string json =
                "{\n" +
                "  \"Jwt\": { \"IssuerSigningKey\": \"This is IssuerSigningKey\", \"Issuer\": \"FastApp\", \"Key\": \"ThisIsMySuperSecretKey2024!\" },\n" +
                "  \"Auth\": { \"ClientSecret\": \"<client-secret>\", \"SigningKey\": \"changeme please\", \"Secret\": \"${AUTH_SECRET}\" },\n" +
                "  \"Tokens\": { \"SecretExpiryMinutes\": \"30\", \"SecretStore\": \"/run/secrets\", \"JwtSecret\": \"true\" },\n" +
                "  \"Cache\": { \"Key\": \"products by category\" }\n" +
                "}\n";
            string env = "JWT_SECRET=correct horse battery staple\nAPP_NAME=my app\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.json", json));
            test.TestState.AdditionalFiles.Add((".env", env));
            test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("REL510", DiagnosticSeverity.Info).WithSpan("appsettings.json", 2, 33, 2, 57));
            test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("REL510", DiagnosticSeverity.Info).WithSpan("appsettings.json", 2, 89, 2, 116));
            test.ExpectedDiagnostics.Add(new Microsoft.CodeAnalysis.Testing.DiagnosticResult("REL510", DiagnosticSeverity.Info).WithSpan(".env", 1, 12, 1, 40));
            return test.RunAsync();
        }
    }
}
