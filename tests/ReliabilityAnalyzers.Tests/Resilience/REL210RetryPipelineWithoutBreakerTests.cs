using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL210RetryPipelineWithoutBreakerAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL210RetryPipelineWithoutBreakerTests
    {
        private static DiagnosticResult Diagnostic(int location) =>
            new DiagnosticResult("REL210", DiagnosticSeverity.Info).WithLocation(location).WithArguments("AddRetry");

        [Fact]
        public Task RetryPipelines_RunElsewhere_WithoutBreaker_AreReported() => Verify.VerifyAsync("""
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.Retry;
            class Setup
            {
                static void Register(IServiceCollection services)
                {
                    services.AddResiliencePipeline("redis", builder => builder.{|#0:AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 })|}
                        .AddTimeout(TimeSpan.FromSeconds(2)));
                }
            }

            class Pipelines
            {
                public static ResiliencePipeline Create() =>
                    new ResiliencePipelineBuilder().{|#1:AddRetry(new RetryStrategyOptions())|}.Build();

                public ResiliencePipeline Shared { get; } = new ResiliencePipelineBuilder().{|#2:AddRetry(new RetryStrategyOptions())|}.Build();

                static void Use(Action<ResiliencePipeline> consumer) =>
                    consumer(new ResiliencePipelineBuilder().{|#3:AddRetry(new RetryStrategyOptions())|}.Build());
            }
            """,
            Diagnostic(0), Diagnostic(1), Diagnostic(2), Diagnostic(3));

        [Fact]
        public Task WithBreaker_ExecutedHere_HttpPipelines_AndBuildingBlocks_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            static class Setup
            {
                static void Register(IServiceCollection services)
                {
                    services.AddResiliencePipeline("redis", builder => builder
                        .AddRetry(new RetryStrategyOptions())
                        .AddCircuitBreaker(new CircuitBreakerStrategyOptions()));
                    // HTTP pipelines are REL203's.
                    services.AddHttpClient("api").AddResilienceHandler("api", b => b.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions()));
                }

                // A building block: the caller adds what comes next.
                public static ResiliencePipelineBuilder AddDefaultRetry(this ResiliencePipelineBuilder builder) =>
                    builder.AddRetry(new RetryStrategyOptions());
            }

            class Worker
            {
                // Executed by this type: REL203 judges it (remote call) or it guards local work.
                readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
                Task Run() => _pipeline.ExecuteAsync(async _ => await Task.Yield()).AsTask();

                void Local()
                {
                    var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
                    pipeline.Execute(() => Console.WriteLine("x"));
                    var inline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build().Execute(() => 1);
                }
            }
            """);
    }
}
