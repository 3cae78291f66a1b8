using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Resilience;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL203RetryWithoutBreakerAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Resilience.REL203RetryWithoutBreakerAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Resilience.REL203RetryWithoutBreakerCodeFix>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL203RetryWithoutBreakerTests
    {
        [Fact]
        public Task RetriesWithoutBreaker_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;
            using Polly.Retry;
            class Startup
            {
                void Services(IServiceCollection services)
                {
                    services.AddHttpClient("a").AddTransientHttpErrorPolicy(p => p.{|#0:WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i))|});
                    services.AddHttpClient("b").AddResilienceHandler("b", b => b.{|#1:AddRetry(new HttpRetryStrategyOptions())|});
                    services.AddHttpClient("c").AddStandardResilienceHandler(o => { {|#2:o.CircuitBreaker.MinimumThroughput = int.MaxValue|}; });
                }
            }
            class Store
            {
                private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                    .{|#3:AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 })|}
                    .AddTimeout(TimeSpan.FromSeconds(5))
                    .Build();

                private readonly IAsyncPolicy _retry = Policy.Handle<HttpRequestException>().{|#4:RetryAsync(3)|};

                Task Load(HttpClient http) => _retry.ExecuteAsync(() => http.GetStringAsync("x"));

                async Task<string> Fetch(HttpClient http) => await Pipeline.ExecuteAsync(async ct => await http.GetStringAsync("x", ct));
            }
            """,
            Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("WaitAndRetryAsync"),
            Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddRetry"),
            Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("CircuitBreaker.MinimumThroughput = int.MaxValue"),
            Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("AddRetry"),
            Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("RetryAsync"));

        [Fact]
        public Task RetriesWithBreaker_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            class Startup
            {
                void Services(IServiceCollection services)
                {
                    services.AddHttpClient("a")
                        .AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i)))
                        .AddTransientHttpErrorPolicy(p => p.CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));
                    services.AddHttpClient("b").AddResilienceHandler("b", b =>
                    {
                        b.AddRetry(new HttpRetryStrategyOptions());
                        b.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions());
                    });
                    services.AddHttpClient("c").AddPolicyHandler(GetRetryPolicy()).AddPolicyHandler(GetBreaker());
                    services.AddHttpClient("d").AddStandardResilienceHandler(o => o.CircuitBreaker.MinimumThroughput = 20);
                }

                static IAsyncPolicy<HttpResponseMessage> GetRetryPolicy() =>
                    Policy.HandleResult<HttpResponseMessage>(r => (int)r.StatusCode >= 500).WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i));

                static IAsyncPolicy<HttpResponseMessage> GetBreaker() =>
                    Policy.HandleResult<HttpResponseMessage>(r => (int)r.StatusCode >= 500).CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
            }
            class Store
            {
                private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                    .AddRetry(new RetryStrategyOptions())
                    .AddCircuitBreaker(new CircuitBreakerStrategyOptions())
                    .Build();

                private readonly IAsyncPolicy _retry = Policy.Handle<HttpRequestException>().RetryAsync(3);
                private readonly IAsyncPolicy _breaker = Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30));
                private readonly IAsyncPolicy _wrapped;
                private readonly IAsyncPolicy _notExecuted = Policy.Handle<HttpRequestException>().RetryAsync(3);

                Store() { _wrapped = Policy.WrapAsync(_retry, _breaker); }

                // Retrying local work (a file another process holds) or polling for a state needs no breaker.
                private static readonly ResiliencePipeline FileRetry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
                string ReadLocked() => FileRetry.Execute(() => System.IO.File.ReadAllText("state.json"));

                // Returned to a caller the analyzer does not follow.
                static ResiliencePipeline<bool> WaitUntilDeleted() =>
                    new ResiliencePipelineBuilder<bool>().AddRetry(new RetryStrategyOptions<bool> { ShouldHandle = a => ValueTask.FromResult(!a.Outcome.Result) }).Build();

                Task Load(HttpClient http) => _wrapped.ExecuteAsync(() => http.GetStringAsync("x"));
            }
            """);

        [Fact]
        public Task StoredPolicies_AreJudgedByHowTheWholeTypeUsesThem()
        {
            Verify.Test test = Verify.Create("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            partial class Client
            {
                // Executed in the other part of the type, around an HttpClient call.
                private readonly AsyncRetryPolicy _retry = Policy.Handle<HttpRequestException>().{|#0:WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i))|};

                // Assigned in the constructor and executed through this.
                private readonly ResiliencePipeline _pipeline;
                Client() { _pipeline = new ResiliencePipelineBuilder().{|#1:AddRetry(new RetryStrategyOptions())|}.Build(); }
                Task<string> Get(HttpClient http) => this._pipeline.ExecuteAsync(async ct => await http.GetStringAsync("x", ct)).AsTask();

                // Executed inline.
                Task Inline(HttpClient http) => Policy.Handle<HttpRequestException>().{|#2:RetryAsync(2)|}.ExecuteAsync(() => http.GetStringAsync("x"));

                // A local executed around a remote call.
                async Task Local(HttpClient http)
                {
                    var retry = Policy.Handle<HttpRequestException>().{|#3:RetryAsync(2)|};
                    await retry.ExecuteAsync(() => http.GetStringAsync("x"));
                }

                class Nested
                {
                    // Same name as the outer field, its own symbol: reported once, by the nested type.
                    private readonly AsyncRetryPolicy _retry = Policy.Handle<HttpRequestException>().{|#4:RetryAsync(3)|};
                    Task Go(HttpClient http) => _retry.ExecuteAsync(() => http.GetStringAsync("y"));
                }
            }
            """,
                Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("WaitAndRetryAsync"),
                Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddRetry"),
                Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("RetryAsync"),
                Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("RetryAsync"),
                Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("RetryAsync"));
            test.TestState.Sources.Add("""
            using System.Net.Http;
            using System.Threading.Tasks;
            partial class Client
            {
                Task Load(HttpClient http) => _retry.ExecuteAsync(() => http.GetStringAsync("x"));
            }
            """);
            return test.RunAsync();
        }

        [Fact]
        public Task StoredPolicies_WrappedHandedOnOrLocal_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            class Client
            {
                private readonly AsyncRetryPolicy _wrappedByReceiver = Policy.Handle<HttpRequestException>().RetryAsync(3);
                private readonly AsyncRetryPolicy _registered = Policy.Handle<HttpRequestException>().RetryAsync(3);
                private readonly AsyncRetryPolicy _localWork = Policy.Handle<IOException>().RetryAsync(3);
                private readonly IAsyncPolicy _combined;

                Client(PolicyRegistry registry)
                {
                    _combined = _wrappedByReceiver.WrapAsync(Policy.Handle<HttpRequestException>().CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));
                    registry.Add("retry", _registered);
                }

                Task Get(HttpClient http) => _registered.ExecuteAsync(() => http.GetStringAsync("x"));
                Task Read() => _localWork.ExecuteAsync(() => File.ReadAllTextAsync("state.json"));
                Task Wrapped(HttpClient http) => _wrappedByReceiver.ExecuteAsync(() => http.GetStringAsync("x"));

                async Task LocalBreakerInType(HttpClient http)
                {
                    var retry = Policy.Handle<HttpRequestException>().RetryAsync(2);
                    await retry.ExecuteAsync(() => http.GetStringAsync("x"));
                }
            }
            class Composed
            {
                // Handed on through a params array and through a constructor: the breaker may live with the receiver.
                private readonly AsyncRetryPolicy _retry = Policy.Handle<HttpRequestException>().RetryAsync(3);
                private readonly AsyncRetryPolicy _owned = Policy.Handle<HttpRequestException>().RetryAsync(3);
                private readonly IAsyncPolicy _all;
                private readonly Holder _holder;
                Composed(IAsyncPolicy sharedBreaker) { _all = Policy.WrapAsync(_retry, sharedBreaker); _holder = new Holder(_owned); }
                Task Get(HttpClient http) => _retry.ExecuteAsync(() => http.GetStringAsync("x"));
                Task Own(HttpClient http) => _owned.ExecuteAsync(() => http.GetStringAsync("x"));
            }
            class Holder { public Holder(IAsyncPolicy policy) { } }
            class PolicyRegistry { public void Add(string key, IAsyncPolicy policy) { } }
            """);

        [Fact]
        public Task RetryNamedAcrossTheTextScanChunkBoundary_IsStillJudged()
        {
            // The rule skips types whose text never says "Retry": a retry far into a long file is still found.
            const string head = "using System.Net.Http;\nusing System.Threading.Tasks;\nusing Polly;\nclass Client\n{\n    // ";
            const string tail = "\n    Task Load(HttpClient http) => Policy.Handle<HttpRequestException>().{|#0:RetryAsync(3)|}.ExecuteAsync(() => http.GetStringAsync(\"x\"));\n}\n";
            int retryInTail = tail.Replace("{|#0:", string.Empty).IndexOf("RetryAsync", System.StringComparison.Ordinal);
            int padding = 8190 - head.Length - retryInTail;
            string source = head + new string('x', padding) + tail;
            return Verify.VerifyAsync(source, Verify.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("RetryAsync"));
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Polly;
                class C { void M() { new ResiliencePipelineBuilder().AddRetry(.Build(); Policy.Handle<System.Exception>().RetryAsync(3).ExecuteAsync( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AddsBreakerInsideRetry_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;
            using Polly.Retry;
            class Startup
            {
                void Services(IServiceCollection services)
                {
                    services.AddHttpClient("a").AddTransientHttpErrorPolicy(p => p.{|#0:WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i))|});
                    services.AddHttpClient("b").AddResilienceHandler("b", b => b.{|#1:AddRetry(new HttpRetryStrategyOptions())|});
                }

                static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                    .{|#2:AddRetry(new RetryStrategyOptions())|}
                    .Build();

                static string Get(HttpClient http) => Pipeline.Execute(() => http.GetStringAsync("x").Result);
            }
            """, """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Polly;
            using Polly.Retry;
            class Startup
            {
                void Services(IServiceCollection services)
                {
                    services.AddHttpClient("a").AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i))).AddTransientHttpErrorPolicy(p => p.CircuitBreakerAsync(5, TimeSpan.FromSeconds(30)));
                    services.AddHttpClient("b").AddResilienceHandler("b", b => b.AddRetry(new HttpRetryStrategyOptions()).AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions()));
                }

                static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
                    .AddRetry(new RetryStrategyOptions()).AddCircuitBreaker(new Polly.CircuitBreaker.CircuitBreakerStrategyOptions())
                    .Build();

                static string Get(HttpClient http) => Pipeline.Execute(() => http.GetStringAsync("x").Result);
            }
            """,
            REL203RetryWithoutBreakerCodeFix.AddBreakerKey,
            VerifyFix.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("WaitAndRetryAsync"),
            VerifyFix.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddRetry"),
            VerifyFix.Diagnostic("REL203").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("AddRetry"));
    }
}
