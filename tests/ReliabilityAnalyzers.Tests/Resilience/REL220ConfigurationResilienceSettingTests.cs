using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL220ConfigurationResilienceSettingAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL220ConfigurationResilienceSettingTests
    {
        private static DiagnosticResult Finding(string file, int line, int column, int length) =>
            Verify.Diagnostic("REL220").WithSeverity(DiagnosticSeverity.Info).WithSpan(file, line, column, line, column + length);

        [Fact]
        public Task InfiniteAndZeroTimeouts_AndUnboundedRetryCounts_AreReported()
        {
            string json =
                "{\n" +
                "  \"Redis\": { \"SyncTimeout\": -1, \"ConnectRetry\": 2147483647 },\n" +
                "  \"Database\": { \"CommandTimeout\": 0 },\n" +
                "  \"Llm\": { \"Timeout\": \"Infinite\", \"MaxRetryAttempts\": \"2147483647\" },\n" +
                "  \"Http\": { \"RequestTimeout\": \"-00:00:00.0010000\", \"TimeoutSeconds\": 2147483647 },\n" +
                "  // comments are allowed in appsettings files\n" +
                "  \"Kestrel\": { \"Limits\": { \"KeepAliveTimeout\": \"10675199.02:48:05.4775807\" } }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.Production.json", json));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 2, 29, 2));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 2, 49, 10));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 3, 35, 1));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 4, 24, 8));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 4, 56, 10));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 5, 32, 17));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 5, 70, 10));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Production.json", 7, 49, 25));
            return test.RunAsync();
        }

        [Fact]
        public Task FiniteValues_OtherKeys_OtherFiles_AreNotReported()
        {
            string json =
                "{\n" +
                "  \"Redis\": { \"SyncTimeout\": 5000, \"ConnectRetry\": 3, \"ConnectTimeout\": \"00:00:05\" },\n" +
                "  \"HostOptions\": { \"ShutdownTimeout\": \"00:00:00\" },\n" +
                "  \"Session\": { \"IdleTimeout\": 0 },\n" +
                "  \"Auth\": { \"TokenTimeout\": -1, \"CookieTimeout\": 0 },\n" +
                "  \"Polly\": { \"RetryDelay\": 2147483647, \"MaxRetryDelaySeconds\": 100000, \"RetryTimeoutMs\": 0 },\n" +
                "  \"Queue\": { \"WaitTimeout\": 0, \"TimeoutEnabled\": false, \"RetryCount\": 5 },\n" +
                "  \"Limits\": { \"MaxItems\": 2147483647, \"Timeouts\": [ -1, 0 ] },\n" +
                "  \"Timeout\": null\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.json", json));
            test.TestState.AdditionalFiles.Add(("settings.json", "{ \"Timeout\": -1 }"));
            test.TestState.AdditionalFiles.Add((".env", "HTTP_TIMEOUT=-1\n"));
            return test.RunAsync();
        }

        [Theory]
        [InlineData("Timeout", "Number", "-1", true)]
        [InlineData("HttpClientTimeoutSeconds", "Number", "0", true)]
        [InlineData("CommandTimeout", "String", "0", true)]
        [InlineData("ConnectTimeout", "Number", "2147483647", true)]
        [InlineData("LockTimeout", "Number", "-1", false)]
        [InlineData("maxRedisTimeoutsThreshold", "Number", "0", false)]
        [InlineData("MaxTimeouts", "Number", "0", false)]
        [InlineData("RequestTimeoutSeconds", "Number", "0", true)]
        [InlineData("ResponseWaitTimeout", "Number", "0", false)]
        [InlineData("MaxRetries", "Number", "1000000", true)]
        [InlineData("MaxRetries", "Number", "9999", false)]
        [InlineData("RetryAttempts", "True", "true", false)]
        // Variants: casing, durations as strings, numbers as strings, and connection strings kept in configuration.
        [InlineData("requestTimeout", "String", "infinite", true)]
        [InlineData("HttpTimeoutMs", "String", "-1", true)]
        [InlineData("SqlCommandTimeout", "Number", "0", true)]
        [InlineData("UpstreamTimeout", "String", "00:00:00", true)]
        [InlineData("MaxRetryAttempts", "Number", "2147483647", true)]
        [InlineData("ConnectRetry", "String", "2147483647", true)]
        [InlineData("RetryCount", "Number", "100000", true)]
        [InlineData("Redis", "String", "cache:6379,password=FAKE,abortConnect=true", true)]
        [InlineData("Redis", "String", "cache:6379, AbortConnect = True ", true)]
        [InlineData("Redis", "String", "cache:6379,syncTimeout=2147483647", true)]
        [InlineData("Orders", "String", "Host=db;Database=orders;Command Timeout=0", true)]
        [InlineData("Orders", "String", "Server=db;Database=orders;Connect Timeout=0;Encrypt=true", true)]
        [InlineData("Redis", "String", "cache:6379,abortConnect=false", false)]
        [InlineData("Orders", "String", "Host=db;Database=orders;Command Timeout=30", false)]
        [InlineData("HelpText", "String", "Set abortConnect=true only for local runs", false)]
        [InlineData("RequestTimeout", "String", "00:00:30", false)]
        [InlineData("TimeoutSeconds", "Number", "30", false)]
        [InlineData("MaxRetryAttempts", "String", "5", false)]
        public void Judge_ReadsTheKeyAndTheValue(string leaf, string kind, string value, bool reported) =>
            Assert.Equal(reported, REL220ConfigurationResilienceSettingAnalyzer.Judge(leaf, System.Enum.Parse<JsonScalarKind>(kind), value, out _) != null);

        [Theory]
        [InlineData("Polly:Retry:Count", "RetryCount")]
        [InlineData("Http:Timeout:Seconds", "TimeoutSeconds")]
        [InlineData("Redis:SyncTimeout", "SyncTimeout")]
        [InlineData("Count", "Count")]
        public void NameOf_UsesTheParentForBareLeaves(string keyPath, string name) =>
            Assert.Equal(name, REL220ConfigurationResilienceSettingAnalyzer.NameOf(keyPath));

        [Fact]
        public Task NestedKeys_AndConnectionStrings_AreReported()
        {
            string json =
                "{\n" +
                "  \"ConnectionStrings\": { \"Redis\": \"cache:6379,abortConnect=true\", \"Orders\": \"Host=db;Database=orders;Command Timeout=0\" },\n" +
                "  \"Resilience\": { \"Retry\": { \"Count\": 2147483647 }, \"Timeout\": { \"Seconds\": -1 } },\n" +
                "  \"Catalog\": { \"BaseUrl\": \"https://catalog\", \"Timeout\": \"Infinite\" }\n" +
                "}\n";
            var test = Verify.Create("class C { }");
            test.TestState.AdditionalFiles.Add(("appsettings.Development.json", json));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Development.json", 2, 36, 28));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Development.json", 2, 78, 41));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Development.json", 3, 39, 10));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Development.json", 3, 77, 2));
            test.ExpectedDiagnostics.Add(Finding("appsettings.Development.json", 4, 58, 8));
            return test.RunAsync();
        }

        [Fact]
        public void Message_NamesKeyFileAndWhatTheValueDoes()
        {
            string? what = REL220ConfigurationResilienceSettingAnalyzer.Judge("SyncTimeout", JsonScalarKind.Number, "-1", out string kind);
            Assert.Equal(REL220ConfigurationResilienceSettingAnalyzer.KindTimeout, kind);
            string message = string.Format(System.Globalization.CultureInfo.InvariantCulture, REL220ConfigurationResilienceSettingAnalyzer.Rule.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), "Redis:SyncTimeout", "appsettings.json", what);
            Assert.StartsWith("Configuration key 'Redis:SyncTimeout' in 'appsettings.json' sets an infinite timeout (-1).", message);
        }
    }
}
