using System;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Resilience;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL201HttpClientWithoutResilienceAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Resilience.REL201HttpClientWithoutResilienceAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Resilience.REL201HttpClientWithoutResilienceCodeFix>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL201HttpClientWithoutResilienceTests
    {
        [Fact]
        public Task Registrations_WithoutHandler_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Grpc.Core;
            class LlmClient { public LlmClient(HttpClient http) { } }
            interface IPayments { }
            class Payments : IPayments { public Payments(HttpClient http) { } }
            class GreeterClient : ClientBase<GreeterClient>
            {
                public GreeterClient(CallInvoker invoker) : base(invoker) { }
                protected GreeterClient(ClientBaseConfiguration configuration) : base(configuration) { }
                protected override GreeterClient NewInstance(ClientBaseConfiguration configuration) => new GreeterClient(configuration);
            }
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.{|#0:AddHttpClient<LlmClient>(c => c.BaseAddress = new Uri("https://llm.example.com/"))|};
                    services.{|#1:AddHttpClient("github")|}.ConfigureHttpClient(c => c.BaseAddress = new Uri("https://api.github.com/"));
                    services.{|#2:AddHttpClient<IPayments, Payments>()|}.SetHandlerLifetime(TimeSpan.FromMinutes(5));
                    services.{|#3:AddGrpcClient<GreeterClient>(o => o.Address = new Uri("https://greeter.example.com"))|};
                    services.{|#4:AddHttpClient("status", c => { c.BaseAddress = new Uri("https://status.example.com/"); c.Timeout = TimeSpan.FromSeconds(5); })|}.AddSsrfProtection();
                    services.ConfigureHttpClientDefaults(b => b.SetHandlerLifetime(TimeSpan.FromMinutes(2)));
                }
            }
            sealed class SsrfHandler : DelegatingHandler { }
            static class SsrfExtensions
            {
                // The project's own extension adds a security handler, not resilience.
                public static IHttpClientBuilder AddSsrfProtection(this IHttpClientBuilder builder) => builder.AddHttpMessageHandler(() => new SsrfHandler());
            }
            """,
            Verify.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("AddHttpClient<LlmClient>"),
            Verify.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddHttpClient"),
            Verify.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("AddHttpClient<IPayments>"),
            Verify.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("AddGrpcClient<GreeterClient>"),
            Verify.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("AddHttpClient"));

        [Fact]
        public Task Registrations_WithAHandler_OrHandedOn_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Polly;
            using Polly.Extensions.Http;
            class A { public A(HttpClient h) { } }
            class B { public B(HttpClient h) { } }
            class C { public C(HttpClient h) { } }
            class D { public D(HttpClient h) { } }
            static class MyHttpExtensions
            {
                public static IHttpClientBuilder AddCompanyResilience(this IHttpClientBuilder builder) => builder.AddCompanyResilienceCore();
                static IHttpClientBuilder AddCompanyResilienceCore(this IHttpClientBuilder builder) { builder.AddStandardResilienceHandler(); return builder; }
            }
            static class Startup
            {
                public static IHttpClientBuilder Configure(IServiceCollection services)
                {
                    services.AddHttpClient<A>().AddStandardResilienceHandler();
                    services.AddHttpClient<B>(c => c.Timeout = TimeSpan.FromSeconds(5)).AddResilienceHandler("b", p => p.AddTimeout(TimeSpan.FromSeconds(2)));
                    services.AddHttpClient("c").AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(3, i => TimeSpan.FromSeconds(i)));
                    services.AddHttpClient("d").AddPolicyHandler(Policy.TimeoutAsync<HttpResponseMessage>(10));
                    services.AddHttpClient("e").AddStandardHedgingHandler();
                    services.AddHttpClient("f").AddCompanyResilience();
                    services.AddHttpClient(); // returns IServiceCollection: nothing to chain on
                    services.AddHttpClient("webhooks", c => c.Timeout = TimeSpan.FromSeconds(10)); // arbitrary hosts: not one dependency
                    var builder = services.AddHttpClient<C>();
                    builder.AddStandardResilienceHandler();
                    Register(services.AddHttpClient<D>());
                    return services.AddHttpClient("returned");
                }

                static void Register(IHttpClientBuilder b) => b.AddStandardResilienceHandler();
            }
            """);

        [Fact]
        public Task ConfigureHttpClientDefaults_WithHandler_CoversAllRegistrations() => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            class A { public A(HttpClient h) { } }
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddHttpClient<A>();
                    services.AddHttpClient("named", c => c.BaseAddress = new System.Uri("https://api.example.com/"));
                }
            }
            static class Defaults
            {
                public static void Add(IServiceCollection services) =>
                    services.ConfigureHttpClientDefaults(http => { http.AddStandardResilienceHandler(); });
            }
            """);

        [Fact]
        public Task ConfigureHttpClientDefaults_StillBeingTyped_CoversRegistrations()
        {
            var test = Verify.Create("""
                using System.Net.Http;
                using Microsoft.Extensions.DependencyInjection;
                class A { public A(HttpClient h) { } }
                static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddHttpClient<A>();
                        services.ConfigureHttpClientDefaults(http =>
                        {
                            http.AddStandardResilienceHandler();
                            http.AddServiceDiscovery(); // from a package not referenced yet
                        });
                    }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_IsNotOffered_WithoutTheResiliencePackage()
        {
            const string source = """
                using System;
                using System.Net.Http;
                using Microsoft.Extensions.DependencyInjection;
                class LlmClient { public LlmClient(HttpClient http) { } }
                static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.{|#0:AddHttpClient<LlmClient>()|};
                        services.{|#1:AddHttpClient<LlmClient>("second")|};
                    }
                }
                """;
            var test = new VerifyFix.Test
            {
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
                TestCode = source,
                FixedCode = source,
            };
            test.TestState.AdditionalReferences.RemoveAll(r => r.Display != null && r.Display.IndexOf("Microsoft.Extensions.Http.Resilience", StringComparison.OrdinalIgnoreCase) >= 0);
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("AddHttpClient<LlmClient>"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddHttpClient<LlmClient>"));
            return test.RunAsync();
        }

        [Fact]
        public Task DefaultsInAReferencedProject_AreNotVisible_SoTheRuleStaysQuiet()
        {
            // Aspire-style ServiceDefaults project: it adds the standard handler to every client, out of our sight.
            var test = Verify.Create("""
                using System;
                using System.Net.Http;
                using Microsoft.Extensions.DependencyInjection;
                class LlmClient { public LlmClient(HttpClient http) { } }
                static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddServiceDefaults();
                        services.AddHttpClient<LlmClient>(c => c.BaseAddress = new Uri("https://llm.example.com/"));
                    }
                }
                """);
            var defaults = new ProjectState("ServiceDefaults", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/ServiceDefaults/", "cs");
            defaults.Sources.Add(("/ServiceDefaults/Extensions.cs", """
                namespace Microsoft.Extensions.DependencyInjection
                {
                    public static class ServiceDefaultsExtensions
                    {
                        public static IServiceCollection AddServiceDefaults(this IServiceCollection services) =>
                            services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
                    }
                }
                """));
            defaults.AdditionalReferences.AddRange(ReliabilityAnalyzers.Tests.Infrastructure.TestReferences.References);
            test.TestState.AdditionalProjects.Add("ServiceDefaults", defaults);
            test.TestState.AdditionalProjectReferences.Add("ServiceDefaults");
            return test.RunAsync();
        }

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.Extensions.DependencyInjection;
                static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddHttpClient<Missing>(
                        services.AddHttpClient("x").
                    }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AppendsStandardHandler_FixAll()
        {
            // REL201 is a compilation-end diagnostic (one ConfigureHttpClientDefaults covers every registration), which the
            // harness calls "non-local"; the fix itself only touches the reported registration.
            var test = new VerifyFix.Test
            {
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
                CodeActionEquivalenceKey = REL201HttpClientWithoutResilienceCodeFix.AddStandardHandlerKey,
                TestCode = """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            class LlmClient { public LlmClient(HttpClient http) { } }
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.{|#0:AddHttpClient<LlmClient>(c => c.BaseAddress = new Uri("https://llm.example.com/"))|};
                    services.{|#1:AddHttpClient("github")|}
                        .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://api.github.com/")); // github API
                }
            }
            """,
                FixedCode = """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            class LlmClient { public LlmClient(HttpClient http) { } }
            static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddHttpClient<LlmClient>(c => c.BaseAddress = new Uri("https://llm.example.com/")).AddStandardResilienceHandler();
                    services.AddHttpClient("github")
                        .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://api.github.com/")).AddStandardResilienceHandler(); // github API
                }
            }
            """,
            };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("AddHttpClient<LlmClient>"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL201").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("AddHttpClient"));
            return test.RunAsync();
        }
    }
}
