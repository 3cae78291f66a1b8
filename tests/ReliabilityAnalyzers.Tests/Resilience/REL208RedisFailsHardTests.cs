using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL208RedisFailsHardAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL208RedisFailsHardTests
    {
        private static DiagnosticResult Diagnostic(int location, string shown) =>
            new DiagnosticResult("REL208", DiagnosticSeverity.Info).WithLocation(location).WithArguments(shown);

        [Fact]
        public Task AbortConnectTrue_InStringsAndOptions_IsReported() => Verify.VerifyAsync("""
            using StackExchange.Redis;
            class Cache
            {
                const string Connection = {|#0:"cache:6379,abortConnect=true,connectTimeout=5000"|};
                static ConnectionMultiplexer A() => ConnectionMultiplexer.Connect({|#1:"localhost:6379, AbortConnect = True"|});
                static ConfigurationOptions B(string host)
                {
                    var options = ConfigurationOptions.Parse($"{host}{|#2::6379,abortConnect=true|}");
                    {|#3:options.AbortOnConnectFail = true|};
                    return new ConfigurationOptions { {|#4:AbortOnConnectFail = true|} };
                }
            }
            """,
            Diagnostic(0, "abortConnect=true"),
            Diagnostic(1, "abortConnect=true"),
            Diagnostic(2, "abortConnect=true"),
            Diagnostic(3, "AbortOnConnectFail = true"),
            Diagnostic(4, "AbortOnConnectFail = true"));

        [Fact]
        public Task AbortConnectFalse_OtherKeys_AndOtherTypes_AreNotReported() => Verify.VerifyAsync("""
            using StackExchange.Redis;
            class Cache
            {
                const string Connection = "cache:6379,abortConnect=false";
                const string Docs = "Set abortConnect to true only in tools; see noabortConnect=trueish";
                const string Other = "cache:6379,myabortConnect=true";
                static ConfigurationOptions B(bool fromConfig) => new ConfigurationOptions { AbortOnConnectFail = false };
                static ConfigurationOptions C(bool fromConfig) => new ConfigurationOptions { AbortOnConnectFail = fromConfig };
                class Settings { public bool AbortOnConnectFail { get; set; } }
                static Settings D() => new Settings { AbortOnConnectFail = true };
            }
            """);

        [Fact]
        public Task WithoutRedis_NothingIsReported()
        {
            var test = Verify.Create("""
                class C { const string S = "x:6379,abortConnect=true"; }
                """);
            test.TestState.AdditionalReferences.Clear();
            test.TestState.AdditionalReferences.AddRange(System.Linq.Enumerable.Where(
                ReliabilityAnalyzers.Tests.Infrastructure.TestReferences.References,
                r => r.Display?.Contains("StackExchange.Redis") != true));
            return test.RunAsync();
        }
    }
}
