using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL215NonIdempotentRetryAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL215NonIdempotentRetryTests
    {
        private static DiagnosticResult D(int location, string call, string verb, string retry) =>
            new DiagnosticResult("REL215", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, verb, retry);

        [Fact]
        public Task PostsInsideRetries_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            public sealed class PaymentClient
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
                private static readonly IAsyncPolicy<HttpResponseMessage> Retry = Policy<HttpResponseMessage>
                    .Handle<HttpRequestException>().WaitAndRetryAsync(3, n => TimeSpan.FromSeconds(n));

                public PaymentClient()
                {
                    _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
                        .AddRetry(new RetryStrategyOptions<HttpResponseMessage> { MaxRetryAttempts = 4, Delay = TimeSpan.FromMilliseconds(300) })
                        .Build();
                }

                // Phase 25, a recall probe: a card charge re-sent on every 5xx and timeout.
                public async Task<HttpResponseMessage> ChargeAsync(object charge, CancellationToken ct) =>
                    await _pipeline.ExecuteAsync(async token => await {|#0:_http.PostAsJsonAsync("charges", charge, token)|}, ct);

                public Task<HttpResponseMessage> RefundAsync(string id) =>
                    Retry.ExecuteAsync(() => {|#1:_http.PostAsync("refunds/" + id, null)|});

                public async Task<HttpResponseMessage> CaptureAsync(string id)
                {
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            using var request = new HttpRequestMessage(HttpMethod.Post, "captures/" + id);
                            return await {|#2:_http.SendAsync(request)|};
                        }
                        catch (HttpRequestException) when (attempt < 3)
                        {
                            await Task.Delay(200);
                        }
                    }
                }

                public Task<HttpResponseMessage> AmendAsync(string id) =>
                    Policy.Handle<HttpRequestException>().RetryAsync(2).ExecuteAsync(() => {|#3:_http.PatchAsync("charges/" + id, null)|});
            }
            """,
            D(0, "PostAsJsonAsync", "POST", "the retry of '_pipeline'"),
            D(1, "PostAsync", "POST", "the retry of 'Retry'"),
            D(2, "SendAsync", "POST", "a retry loop"),
            D(3, "PatchAsync", "PATCH", "the retry of 'Policy.Handle<HttpRequestException>().RetryAsync(2)'"));

        [Fact]
        public Task SafeOrKeyedRequests_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Registry;
            using Polly.Timeout;
            public sealed class CatalogClient(HttpClient http, ResiliencePipelineProvider<string> provider)
            {
                private readonly ResiliencePipeline _timeoutOnly = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(5)).Build();
                private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder().AddRetry(new Polly.Retry.RetryStrategyOptions()).Build();

                public async Task<string> GetAsync(string id, CancellationToken ct) =>
                    await _retry.ExecuteAsync(async token => await http.GetStringAsync("items/" + id, token), ct);

                public async Task PutAsync(string id, CancellationToken ct) =>
                    await _retry.ExecuteAsync(async token => await http.PutAsync("items/" + id, null, token), ct);

                public async Task DeleteAsync(string id, CancellationToken ct) =>
                    await _retry.ExecuteAsync(async token => { using var r = new HttpRequestMessage(HttpMethod.Delete, "items/" + id); await http.SendAsync(r, token); }, ct);

                public async Task CreateWithTimeoutAsync(CancellationToken ct) =>
                    await _timeoutOnly.ExecuteAsync(async token => await http.PostAsync("items", null, token), ct);

                public async Task CreateThroughProviderAsync(CancellationToken ct) =>
                    await provider.GetPipeline("items").ExecuteAsync(async token => await http.PostAsync("items", null, token), ct);

                public async Task CreateOnceAsync() => await http.PostAsync("items", null);
            }

            public sealed class OrderClient(HttpClient http)
            {
                private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder().AddRetry(new Polly.Retry.RetryStrategyOptions()).Build();

                public async Task CreateAsync(CancellationToken ct)
                {
                    var key = Guid.NewGuid().ToString();
                    await _retry.ExecuteAsync(async token =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, "orders");
                        request.Headers.Add("Idempotency-Key", key);
                        await http.SendAsync(request, token);
                    }, ct);
                }
            }
            """);

        [Fact]
        public Task TypedClientUnderRetryingHandler_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            public interface IPayments { Task ChargeAsync(object charge); }
            public sealed class PaymentClient(HttpClient http) : IPayments
            {
                public async Task ChargeAsync(object charge) => await {|#0:http.PostAsJsonAsync("charges", charge)|};
                public async Task<string> StatusAsync(string id) => await http.GetStringAsync("charges/" + id);
            }
            public sealed class MailClient
            {
                private readonly HttpClient _http;
                public MailClient(HttpClient http) => _http = http;
                public Task SendAsync(string to) => {|#1:_http.PostAsync("mail/" + to, null)|};
            }
            public sealed class LocalClient(HttpClient http)
            {
                public Task PingAsync() => http.PostAsync("ping", null);
            }
            public static class Registration
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddHttpClient<IPayments, PaymentClient>(c => c.BaseAddress = new Uri("https://pay.example.com/"))
                        .AddStandardResilienceHandler();
                    services.AddHttpClient<MailClient>()
                        .AddResilienceHandler("mail", b => b.AddRetry(new Microsoft.Extensions.Http.Resilience.HttpRetryStrategyOptions()));
                    services.AddHttpClient<LocalClient>()
                        .AddResilienceHandler("local", b => b.AddTimeout(TimeSpan.FromSeconds(2)));
                }
            }
            """,
            new DiagnosticResult("REL215", DiagnosticSeverity.Info).WithLocation(0)
                .WithArguments("PostAsJsonAsync", "POST", "the retry of 'AddStandardResilienceHandler' on the registration of 'PaymentClient'"),
            new DiagnosticResult("REL215", DiagnosticSeverity.Info).WithLocation(1)
                .WithArguments("PostAsync", "POST", "the retry of 'AddResilienceHandler' on the registration of 'MailClient'"));

        [Fact]
        public Task TypedClientWithUnsafeMethodsExcluded_IsNotReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            public sealed class PaymentClient(HttpClient http)
            {
                public Task ChargeAsync() => http.PostAsync("charges", null);
            }
            public static class Registration
            {
                public static void Add(IServiceCollection services) =>
                    services.AddHttpClient<PaymentClient>().AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
            }
            """);

        [Fact]
        public Task TypedClientRegisteredInAnotherFile_IsReportedAtTheSend_ACommentIsNoKey()
        {
            // The registration is read from the other file's syntax when the first send asks; a comment that mentions
            // idempotency is not a key the server deduplicates on, a header named so is.
            var test = Verify.Create("""
                using System.Net.Http;
                using System.Threading.Tasks;
                public sealed class OrderClient(HttpClient http)
                {
                    // POST is not idempotent here.
                    public Task PlaceAsync() => {|#0:http.PostAsync("orders", null)|};
                }
                public sealed class RefundClient(HttpClient http)
                {
                    public Task RefundAsync(string id)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "refunds");
                        request.Headers.Add("Idempotency-Key", id);
                        return http.SendAsync(request);
                    }
                }
                public sealed class UnregisteredClient(HttpClient http)
                {
                    public Task PlaceAsync() => http.PostAsync("orders", null);
                }
                """,
                new DiagnosticResult("REL215", DiagnosticSeverity.Info).WithLocation(0)
                    .WithArguments("PostAsync", "POST", "the retry of 'AddStandardResilienceHandler' on the registration of 'OrderClient'"));
            test.TestState.Sources.Add("""
                using Microsoft.Extensions.DependencyInjection;
                public static class Flags { public static void DisableFor(string feature) { } }
                public static class Registration
                {
                    public static IServiceCollection AddClients(this IServiceCollection services)
                    {
                        services.AddHttpClient<OrderClient>().AddStandardResilienceHandler();
                        services.AddHttpClient<RefundClient>().AddStandardResilienceHandler();
                        // A feature-flag API's DisableFor is not the retry option that excludes unsafe methods.
                        Flags.DisableFor("beta");
                        return services;
                    }
                }
                """);
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System; using System.Net.Http;
                class A { HttpClient h; void M() { for (;;) { try { h.PostAsync( } catch { } } _p.ExecuteAsync(() => h.SendAsync(new HttpRequestMessage(HttpMethod.Post, ))); } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
