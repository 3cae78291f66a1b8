using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL304ServerWithoutConnectionLimitAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL304ServerWithoutConnectionLimitTests
    {
        private const string NoRateLimiter = ", and no rate limiter is in the pipeline (AddRateLimiter/UseRateLimiter)";

        [Fact]
        public Task WebSocketsWithoutLimits_AreReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            static class App
            {
                static void Run(WebApplication app)
                {
                    {|#0:app.UseWebSockets()|};
                }
            }
            """,
            Verify.Diagnostic("REL304").WithLocation(0).WithArguments("UseWebSockets", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task SignalRWithOnlyOneLimit_AndRateLimiter_IsReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.SignalR;
            public class ChatHub : Hub { }
            static class App
            {
                static void Run(WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(o => o.Limits.MaxConcurrentConnections = 1_000);
                    var app = builder.Build();
                    app.UseRateLimiter();
                    {|#0:app.MapHub<ChatHub>("/chat")|};
                }
            }
            """,
            Verify.Diagnostic("REL304").WithLocation(0).WithArguments("SignalR MapHub", "MaxConcurrentUpgradedConnections", ""));

        [Fact]
        public Task AcceptWebSocketAsync_IsReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            static class Endpoint
            {
                static async Task Handle(HttpContext context)
                {
                    using var socket = await {|#0:context.WebSockets.AcceptWebSocketAsync()|};
                }
            }
            """,
            Verify.Diagnostic("REL304").WithLocation(0).WithArguments("AcceptWebSocketAsync", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task LimitsInCode_OrBoundFromConfiguration_AreNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            static class InCode
            {
                static void Run(WebApplicationBuilder builder)
                {
                    builder.Services.Configure<KestrelServerOptions>(o =>
                    {
                        o.Limits.MaxConcurrentConnections = 2_000;
                        o.Limits.MaxConcurrentUpgradedConnections = 1_000;
                    });
                    builder.Build().UseWebSockets();
                }
            }
            """);

        [Fact]
        public Task ConfigurationBinding_IsNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            static class Bound
            {
                static void Run(WebApplicationBuilder builder)
                {
                    builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
                    builder.Build().UseWebSockets();
                }
            }
            """);

        [Fact]
        public Task LimitsInAppSettings_AreNotReported()
        {
            var test = Verify.Create("""
                using Microsoft.AspNetCore.Builder;
                static class App { static void Run(WebApplication app) => app.UseWebSockets(); }
                """);
            test.TestState.AdditionalFiles.Add(("appsettings.json", """
                { "Kestrel": { "Limits": { "MaxConcurrentConnections": 2000, "MaxConcurrentUpgradedConnections": 1000 } } }
                """));
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task NoLongLivedConnections_IsNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            static class App { static void Run(WebApplication app) => app.UseRouting(); }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.AspNetCore.Builder;
                static class App { static void Run(WebApplication app) { app.UseWebSockets(; o.Limits.MaxConcurrentConnections = } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL304").WithLocation(2, 58));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
