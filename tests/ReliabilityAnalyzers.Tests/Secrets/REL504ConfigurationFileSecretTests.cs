using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL504ConfigurationFileSecretAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL504ConfigurationFileSecretTests
    {
        [Fact]
        public Task AppSettings_IsReported_AtTheValuesLine()
        {
            string json =
                "{\n" +
                "  \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } },\n" +
                "  \"ConnectionStrings\": {\n" +
                "    \"Orders\": \"Server=db;Database=orders;User Id=app;Password=FAKE-db-pw-1;\",\n" +
                "    \"Local\": \"Server=(localdb)\\\\mssqllocaldb;Trusted_Connection=True;\"\n" +
                "  },\n" +
                "  \"Jwt\": { \"Issuer\": \"https://id.internal\", \"Key\": \"FAKE-signing-0a9b8c7d\" },\n" +
                "  \"Stripe\": { \"ApiKey\": \"" + StripeLive() + "\" },\n" +
                "  \"Smtp\": { \"Password\": \"\", \"PasswordFormat\": \"Plain-2\" },\n" +
                "  \"ApplicationInsights\": { \"InstrumentationKey\": \"00000000-0000-0000-0000-000000000000\" },\n" +
                "  \"OpenAI\": { \"ApiKey\": \"<your-api-key>\" }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.Production.json", json));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.Production.json", 4, 63, 4, 75));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.Production.json", 7, 53, 7, 74));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.Production.json", 8, 26, 8, 26 + StripeLive().Length));
            return test.RunAsync();
        }

        // Phase 21, a web API's settings: a value that says where the real one comes from, and Google's published
        // reCAPTCHA test secret (every verification passes), are not credentials; a random key next to them is.
        [Fact]
        public Task EnvVarPlaceholder_AndPublishedTestSecret_AreNotReported_ARandomKeyIs()
        {
            string json =
                "{\n" +
                "  \"EmailConfiguration\": { \"SmtpServer\": \"smtp.mail.example\", \"Password\": \"setThroughEnvVar\" },\n" +
                "  \"Smtp2\": { \"Password\": \"fromUserSecrets\" },\n" +
                "  \"ReCaptcha\": { \"SecretKey\": \"6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe\" },\n" +
                "  \"Captcha\": { \"SecretKey\": \"6Lc7x2Qa-FAKE9dJrT1mVbN0pWk3sYzH8eLqA4uG\" }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.json", json));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.json", 5, 30, 5, 70));
            return test.RunAsync();
        }

        [Fact]
        public Task PasswordOfASettingsGroupOnThisMachine_IsNotReported_ARemoteOneOrAProviderKeyIs()
        {
            string json =
                "{\n" +
                "  \"Postgres\": { \"Host\": \"localhost\", \"Port\": 5432, \"UserName\": \"postgres\", \"Password\": \"FAKE-dev-pw-1\" },\n" +
                "  \"Replica\": { \"Host\": \"db.internal\", \"Password\": \"FAKE-prod-pw-2\" },\n" +
                "  \"Mail\": { \"Server\": \"127.0.0.1\", \"ApiKey\": \"" + StripeLive() + "\" }\n" +
                "}\n";
            string env =
                "DB_HOST=localhost\n" +
                "DB_PASSWORD=FAKE-dev-pw-3\n" +
                "MAIL_HOST=mail.internal\n" +
                "MAIL_PASSWORD=FAKE-prod-pw-4\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.Development.json", json));
            test.TestState.AdditionalFiles.Add((".env.docker", env));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.Development.json", 3, 52, 3, 66));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan("appsettings.Development.json", 4, 47, 4, 47 + StripeLive().Length));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan(".env.docker", 4, 15, 4, 29));
            return test.RunAsync();
        }

        [Fact]
        public Task DotEnv_IsReported_ExamplesAndOtherFilesAreNot()
        {
            string env =
                "# service settings\n" +
                "REDIS_URL=redis://:FAKE-redis-pw@cache.internal:6379\n" +
                "export OPENAI_API_KEY=\"" + OpenAi() + "\"\n" +
                "SUPABASE_SERVICE_ROLE_KEY=FAKE-9a8b7c6d5e\n" +
                "DB_PASSWORD=\n" +
                "API_TOKEN=${VAULT_TOKEN}\n" +
                "LOG_LEVEL=debug\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add((".env.docker", env));
            test.TestState.AdditionalFiles.Add((".env.example", env));
            test.TestState.AdditionalFiles.Add(("settings.json", "{ \"Password\": \"FAKE-other-file\" }"));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan(".env.docker", 2, 20, 2, 33));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan(".env.docker", 3, 24, 3, 24 + OpenAi().Length));
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL504").WithSpan(".env.docker", 4, 27, 4, 42));
            return test.RunAsync();
        }

        [Fact]
        public void Message_AndProperties_NeverContainTheValue()
        {
            string[] secrets = { GitHubClassic(), "FAKE-db-pw-1", "FAKE-9a8b7c6d5e" };
            string env = "GITHUB_TOKEN=" + secrets[0] + "\nCONN=Server=db;User Id=a;Password=" + secrets[1] + ";\nSERVICE_ROLE_KEY=" + secrets[2] + "\n";
            ImmutableArray<Diagnostic> diagnostics = Run(new REL504ConfigurationFileSecretAnalyzer(), "class C { }", ("/src/app/.env", env));
            Assert.Equal(3, diagnostics.Length);
            for (int i = 0; i < 3; i++)
            {
                Diagnostic d = diagnostics.OrderBy(x => x.Location.GetLineSpan().StartLinePosition.Line).ElementAt(i);
                Assert.Equal("/src/app/.env", d.Location.GetLineSpan().Path);
                Assert.Equal(i, d.Location.GetLineSpan().StartLinePosition.Line);
                Assert.Contains("'.env'", d.GetMessage(), StringComparison.Ordinal);
                AssertNotEchoed(d, secrets[i], i == 0 ? 4 : 0);
            }
        }
    }
}
