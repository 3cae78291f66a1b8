using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL207LimitOutOfReachAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL207LimitOutOfReachTests
    {
        private static DiagnosticResult Diagnostic(int location, string shown, string detail) =>
            new DiagnosticResult("REL207", DiagnosticSeverity.Info).WithLocation(location).WithArguments(shown, detail);

        private const string Retry = "the retry goes on for {0} attempts";
        private const string Breaker = "the circuit breaker can never open";

        [Fact]
        public Task HugeRetryCounts_AndBreakersThatNeverOpen_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            class Policies
            {
                const int Lots = 10000;
                static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().WaitAndRetryAsync({|#0:5000|}, i => TimeSpan.FromSeconds(1));
                static readonly ISyncPolicy B = Policy.Handle<HttpRequestException>().Retry({|#1:Lots|});
                static readonly IAsyncPolicy C = Policy.Handle<HttpRequestException>().CircuitBreakerAsync({|#2:int.MaxValue|}, TimeSpan.FromSeconds(30));
                static readonly IAsyncPolicy D = Policy.Handle<HttpRequestException>().AdvancedCircuitBreakerAsync({|#3:1.0|}, TimeSpan.FromSeconds(30), 10, TimeSpan.FromSeconds(5));
                static readonly IAsyncPolicy E = Policy.Handle<HttpRequestException>().AdvancedCircuitBreakerAsync(0.5, TimeSpan.FromSeconds(30), {|#4:int.MaxValue|}, TimeSpan.FromSeconds(5));

                static ResiliencePipeline F() => new ResiliencePipelineBuilder()
                    .AddRetry(new() { {|#5:MaxRetryAttempts = 1000|} })
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions { {|#6:FailureRatio = 1.0|}, {|#7:MinimumThroughput = 5_000_000|} })
                    .Build();

                static RetryStrategyOptions G()
                {
                    var options = new RetryStrategyOptions();
                    {|#8:options.MaxRetryAttempts = 99999|};
                    return options;
                }
            }
            """,
            Diagnostic(0, "WaitAndRetryAsync(5000)", string.Format(Retry, "5,000")),
            Diagnostic(1, "Retry(10000)", string.Format(Retry, "10,000")),
            Diagnostic(2, "CircuitBreakerAsync(exceptionsAllowedBeforeBreaking: int.MaxValue)", Breaker),
            Diagnostic(3, "AdvancedCircuitBreakerAsync(failureThreshold: 1.0)", Breaker),
            Diagnostic(4, "AdvancedCircuitBreakerAsync(minimumThroughput: int.MaxValue)", Breaker),
            Diagnostic(5, "MaxRetryAttempts = 1000", string.Format(Retry, "1,000")),
            Diagnostic(6, "FailureRatio = 1.0", Breaker),
            Diagnostic(7, "MinimumThroughput = 5_000_000", Breaker),
            Diagnostic(8, "MaxRetryAttempts = 99999", string.Format(Retry, "99,999")));

        [Fact]
        public Task ReachableLimits_AndIntMaxValueOwnedByOtherRules_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            class Policies
            {
                static readonly IAsyncPolicy A = Policy.Handle<HttpRequestException>().WaitAndRetryAsync(999, i => TimeSpan.FromSeconds(1));
                static readonly ISyncPolicy B = Policy.Handle<HttpRequestException>().Retry(int.MaxValue); // REL202
                static readonly IAsyncPolicy C = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(999_999, TimeSpan.FromSeconds(30));
                static readonly IAsyncPolicy D = Policy.Handle<HttpRequestException>().AdvancedCircuitBreakerAsync(0.99, TimeSpan.FromSeconds(30), 100, TimeSpan.FromSeconds(5));
                static int FromConfig = 5000;
                static ResiliencePipeline E() => new ResiliencePipelineBuilder()
                    .AddRetry(new() { MaxRetryAttempts = FromConfig })   // not a constant
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions { FailureRatio = 0.5, MinimumThroughput = int.MaxValue }) // REL203
                    .Build();
                static ResiliencePipeline G() => new ResiliencePipelineBuilder().AddRetry(new() { MaxRetryAttempts = int.MaxValue }).Build(); // REL202
                // Another type's property with the same name.
                class Options { public int MaxRetryAttempts { get; set; } public double FailureRatio { get; set; } }
                static Options F() => new Options { MaxRetryAttempts = 100000, FailureRatio = 1.0 };
            }
            """);
    }
}
