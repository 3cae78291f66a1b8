using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL204PerCallResilienceAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL204PerCallResilienceTests
    {
        [Fact]
        public Task PerCallBreakers_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.CircuitBreaker;
            class Client
            {
                readonly HttpClient _http = new HttpClient();

                Task<string> Direct() => Policy.Handle<HttpRequestException>()
                    .{|#0:CircuitBreakerAsync(5, TimeSpan.FromSeconds(30))|}
                    .ExecuteAsync(() => _http.GetStringAsync("x"));

                async Task<string> ViaLocal()
                {
                    var pipeline = new ResiliencePipelineBuilder()
                        .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                        .{|#1:Build()|};
                    return await pipeline.ExecuteAsync(async ct => await _http.GetStringAsync("x", ct));
                }

                void InLoop(IEnumerable<string> urls)
                {
                    foreach (var url in urls)
                    {
                        var breaker = Policy.Handle<HttpRequestException>().{|#2:CircuitBreaker(3, TimeSpan.FromSeconds(10))|};
                        Send(url, breaker);
                    }
                }

                void Send(string url, ISyncPolicy policy) { }

                IAsyncPolicy Breaker => Policy.Handle<HttpRequestException>().{|#3:CircuitBreakerAsync(5, TimeSpan.FromSeconds(30))|};

                static void Register(IServiceCollection services)
                {
                    services.AddHttpClient("llm").AddPolicyHandler(request =>
                        Policy.HandleResult<HttpResponseMessage>(r => (int)r.StatusCode >= 500).{|#4:CircuitBreakerAsync(5, TimeSpan.FromSeconds(30))|});
                }
            }
            """,
            Verify.Diagnostic("REL204").WithLocation(0).WithArguments("CircuitBreakerAsync", "circuit breaker", "in the call it protects"),
            Verify.Diagnostic("REL204").WithLocation(1).WithArguments("Build", "resilience pipeline with a circuit breaker or limiter", "in the call it protects"),
            Verify.Diagnostic("REL204").WithLocation(2).WithArguments("CircuitBreaker", "circuit breaker", "on every iteration of a loop"),
            Verify.Diagnostic("REL204").WithLocation(3).WithArguments("CircuitBreakerAsync", "circuit breaker", "on every read of property 'Breaker'"),
            Verify.Diagnostic("REL204").WithLocation(4).WithArguments("CircuitBreakerAsync", "circuit breaker", "for every request in an AddPolicyHandler selector"));

        [Fact]
        public Task SharedBreakers_AndStatelessPerCallRetries_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            class Client
            {
                static readonly ResiliencePipeline Shared = new ResiliencePipelineBuilder()
                    .AddRetry(new RetryStrategyOptions())
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                    .Build();

                readonly IAsyncPolicy _breaker;
                IAsyncPolicy? _lazy;
                readonly HttpClient _http = new HttpClient();

                Client()
                {
                    var breaker = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
                    _breaker = breaker;
                }

                IAsyncPolicy Lazy() => _lazy ??= Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));

                static IAsyncPolicy<HttpResponseMessage> GetBreaker() =>
                    Policy.HandleResult<HttpResponseMessage>(r => (int)r.StatusCode >= 500).CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));

                Task<string> RetryOnly() => new ResiliencePipelineBuilder()
                    .AddRetry(new RetryStrategyOptions())
                    .Build()
                    .ExecuteAsync(async ct => await _http.GetStringAsync("x", ct)).AsTask();

                static void Register(IServiceCollection services)
                {
                    var breaker = GetBreaker();
                    services.AddHttpClient("a").AddPolicyHandler(request => request.Method == HttpMethod.Get ? breaker : Policy.NoOpAsync<HttpResponseMessage>());
                    services.AddHttpClient("b").AddTransientHttpErrorPolicy(p => p.CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));
                    services.AddSingleton(_ => new ResiliencePipelineBuilder().AddCircuitBreaker(new CircuitBreakerStrategyOptions()).Build());
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Polly;
                class C { void M() { Policy.Handle<System.Exception>().CircuitBreaker(.Execute(; new ResiliencePipelineBuilder().Build( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
