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
            static class Entry { static void Main(string[] args) => Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("UseWebSockets", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task SignalRWithOnlyOneLimit_AndRateLimiter_IsReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.SignalR;
            public class ChatHub : Hub { }
            static class App
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.WebHost.ConfigureKestrel(o => o.Limits.MaxConcurrentConnections = 1_000);
                    var app = builder.Build();
                    app.UseRateLimiter();
                    {|#0:app.MapHub<ChatHub>("/chat")|};
                }
            }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("SignalR MapHub", "MaxConcurrentUpgradedConnections", ""));

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
            static class Entry { static void Main(string[] args) => Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("AcceptWebSocketAsync", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task LimitsInCode_OrBoundFromConfiguration_AreNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;
            static class InCode
            {
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
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
                static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
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
                static class App { static void Run(WebApplication app) => app.UseWebSockets(); static void Main(string[] a) => WebApplication.CreateBuilder(a); }
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
        public Task LibraryThatNeverBuildsAHost_IsNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.SignalR;
            public class ChatHub : Hub { }
            public static class ChatEndpoints
            {
                public static WebApplication MapChat(this WebApplication app)
                {
                    app.UseWebSockets();
                    app.MapHub<ChatHub>("/chat");
                    return app;
                }
            }
            """);

        [Fact]
        public Task HostWithoutLimits_IsReported_EvenWhenAnotherHostSetsThem() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            static class PublicApi
            {
                public static void Run(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.WebHost.ConfigureKestrel(o =>
                    {
                        o.Limits.MaxConcurrentConnections = 2_000;
                        o.Limits.MaxConcurrentUpgradedConnections = 1_000;
                    });
                    var app = builder.Build();
                    app.UseRateLimiter();
                    app.UseWebSockets();
                    app.Run();
                }
            }
            static class AdminApi
            {
                public static void Run(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    app.UseRateLimiter();
                    {|#0:app.UseWebSockets()|};
                    Endpoints.Map(app);
                    app.Run();
                }
            }
            static class Endpoints
            {
                // Reached only from AdminApi: judged on that host.
                public static void Map(WebApplication app) => {|#1:app.UseWebSockets()|};
            }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("UseWebSockets", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", ""),
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("UseWebSockets", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", ""));

        [Fact]
        public Task LimitsSetInACalledHelper_OrAnOptionsClass_AreNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Options;
            static class Limits
            {
                public static WebApplicationBuilder AddServerLimits(this WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(o =>
                    {
                        o.Limits.MaxConcurrentConnections = 2_000;
                        o.Limits.MaxConcurrentUpgradedConnections = 1_000;
                    });
                    return builder;
                }
            }
            sealed class KestrelSetup : IConfigureOptions<KestrelServerOptions>
            {
                public void Configure(KestrelServerOptions options)
                {
                    options.Limits.MaxConcurrentConnections = 500;
                    options.Limits.MaxConcurrentUpgradedConnections = 100;
                }
            }
            static class ViaHelper
            {
                public static void Run(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).AddServerLimits().Build();
                    app.UseWebSockets();
                }
            }
            static class ViaOptionsClass
            {
                public static void Run(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelSetup>();
                    builder.Build().UseWebSockets();
                }
            }
            """);

        [Fact]
        public Task GenericHostWithStartup_IsJudgedOnTheWholeCompilation() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;
            public class Startup
            {
                public void Configure(IApplicationBuilder app) => {|#0:app.UseWebSockets()|};
            }
            static class Program
            {
                static void Main(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(web => web.UseStartup<Startup>()).Build().Run();
            }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("UseWebSockets", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task GenericHostWithStartupLimits_IsNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            public class Startup
            {
                public void ConfigureServices(IServiceCollection services) =>
                    services.Configure<KestrelServerOptions>(o => { o.Limits.MaxConcurrentConnections = 10; o.Limits.MaxConcurrentUpgradedConnections = 5; });
                public void Configure(IApplicationBuilder app) => app.UseWebSockets();
            }
            static class Program
            {
                static void Main(string[] args) =>
                    new HostBuilder().ConfigureWebHost(web => web.UseKestrel().UseStartup<Startup>()).Build().Run();
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.AspNetCore.Builder;
                static class App { static void Run(WebApplication app) { app.UseWebSockets(; o.Limits.MaxConcurrentConnections = } static void Main(string[] a) => WebApplication.CreateBuilder(a); }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2, 58));
            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task SlimBuilderHubWithoutLimits_IsReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.SignalR;
            using Microsoft.Extensions.DependencyInjection;
            public class ChatHub : Hub { }
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateSlimBuilder(args);
                    builder.Services.AddSignalR();
                    var app = builder.Build();
                    {|#0:app.MapHub<ChatHub>("/chat")|};
                    app.Run();
                }
            }
            """,
            Verify.Diagnostic("REL304").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("SignalR MapHub", "MaxConcurrentConnections or MaxConcurrentUpgradedConnections", NoRateLimiter));

        [Fact]
        public Task LimitsThroughABuilderExtension_OrUseKestrelOnTheWebHost_AreNotReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;
            public static class HostingExtensions
            {
                public static WebApplicationBuilder AddConnectionLimits(this WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(o => { o.Limits.MaxConcurrentConnections = 1000; o.Limits.MaxConcurrentUpgradedConnections = 200; });
                    return builder;
                }
            }
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.AddConnectionLimits();
                    var app = builder.Build();
                    app.UseWebSockets();
                    app.Run();
                }
            }
            public class Startup { public void Configure(IApplicationBuilder app) { app.UseWebSockets(); } }
            public static class Program2
            {
                public static void Run(string[] args) =>
                    Host.CreateDefaultBuilder(args).ConfigureWebHostDefaults(w => w.UseKestrel(o =>
                    {
                        o.Limits.MaxConcurrentConnections = 100;
                        o.Limits.MaxConcurrentUpgradedConnections = 100;
                    }).UseStartup<Startup>()).Build().Run();
            }
            """);
    }
}
