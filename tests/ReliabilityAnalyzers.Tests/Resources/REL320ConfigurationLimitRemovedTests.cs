using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Resources;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL320ConfigurationLimitRemovedAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL320ConfigurationLimitRemovedTests
    {
        private static DiagnosticResult Finding(string file, int line, int column) =>
            Verify.Diagnostic("REL320").WithSeverity(DiagnosticSeverity.Info).WithSpan(file, line, column, line, column + 4);

        [Fact]
        public Task KestrelLimitsSetToNull_AreReported()
        {
            string json =
                "{\n" +
                "  \"Kestrel\": {\n" +
                "    \"Endpoints\": { \"Http\": { \"Url\": \"http://+:8080\" } },\n" +
                "    \"Limits\": {\n" +
                "      \"MaxRequestBodySize\": null,\n" +
                "      \"MaxConcurrentConnections\": null,\n" +
                "      \"maxConcurrentUpgradedConnections\": null,\n" +
                "      \"MinRequestBodyDataRate\": null,\n" +
                "      \"MaxRequestBufferSize\": null, \"MaxResponseBufferSize\": null, \"MinResponseDataRate\": null\n" +
                "    }\n" +
                "  }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.Production.json", json));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 5, 29));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 6, 35));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 7, 43));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 8, 33));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 9, 31));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 9, 62));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 9, 91));
            return test.RunAsync();
        }

        [Fact]
        public Task FiniteLimits_OtherSections_OtherFiles_AreNotReported()
        {
            string json =
                "{\n" +
                "  \"Kestrel\": { \"Limits\": { \"MaxRequestBodySize\": 10485760, \"MaxConcurrentConnections\": 1000, \"KeepAliveTimeout\": null,\n" +
                "                             \"Http2\": { \"MaxStreamsPerConnection\": null } } },\n" +
                "  \"Upload\": { \"MaxRequestBodySize\": null },\n" +
                "  \"Limits\": { \"MaxConcurrentConnections\": null }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.json", json));
            test.TestState.AdditionalFiles.Add(("kestrel.json", "{ \"Kestrel\": { \"Limits\": { \"MaxRequestBodySize\": null } } }"));
            return test.RunAsync();
        }

        [Fact]
        public void Effect_IsKnownForEveryNullableLimit_AndNothingElse()
        {
            foreach (string limit in new[] { "MaxRequestBodySize", "MaxRequestBufferSize", "MaxResponseBufferSize", "MaxConcurrentConnections", "MaxConcurrentUpgradedConnections", "MinRequestBodyDataRate", "MinResponseDataRate" })
            {
                Assert.NotNull(REL320ConfigurationLimitRemovedAnalyzer.Effect("Kestrel:Limits:" + limit));
            }

            Assert.Null(REL320ConfigurationLimitRemovedAnalyzer.Effect("Kestrel:Limits:KeepAliveTimeout"));
            Assert.Null(REL320ConfigurationLimitRemovedAnalyzer.Effect("Kestrel:Limits:Http2:MaxStreamsPerConnection"));
            Assert.Null(REL320ConfigurationLimitRemovedAnalyzer.Effect("Other:Limits:MaxRequestBodySize"));
        }
    }
}
