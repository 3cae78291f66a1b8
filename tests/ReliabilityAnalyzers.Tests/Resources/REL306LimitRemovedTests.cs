using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL306LimitRemovedAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL306LimitRemovedTests
    {
        [Fact]
        public Task RemovedLimits_AreReported() => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                static void Configure(WebApplicationBuilder builder)
                {
                    builder.WebHost.ConfigureKestrel(o =>
                    {
                        {|#0:o.Limits.MaxRequestBodySize = null|};
                        {|#1:o.Limits.MaxConcurrentConnections = null|};
                    });
                    builder.Services.AddSignalR(o => {|#2:o.MaximumReceiveMessageSize = null|});
                    builder.Services.Configure<FormOptions>(o =>
                    {
                        {|#3:o.MultipartBodyLengthLimit = long.MaxValue|};
                        {|#4:o.ValueLengthLimit = int.MaxValue|};
                    });
                    var handler = new SocketsHttpHandler { {|#5:MaxConnectionsPerServer = int.MaxValue|} };
                    var listener = new TcpListener(IPAddress.Any, 9000);
                    {|#6:listener.Start(int.MaxValue)|};
                }
            }

            public class UploadController : ControllerBase
            {
                [{|#7:DisableRequestSizeLimit|}]
                public IActionResult Upload() => Ok();
            }
            """,
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Setting KestrelServerLimits.MaxRequestBodySize to null"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Setting KestrelServerLimits.MaxConcurrentConnections to null"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("Setting HubOptions.MaximumReceiveMessageSize to null"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("Setting FormOptions.MultipartBodyLengthLimit to its maximum value"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("Setting FormOptions.ValueLengthLimit to its maximum value"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(5).WithArguments("Setting SocketsHttpHandler.MaxConnectionsPerServer to its maximum value"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(6).WithArguments("A listen backlog of int.MaxValue"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(7).WithArguments("[DisableRequestSizeLimit] on 'Upload'"));

        [Fact]
        public Task FiniteLimits_AreNotReported() => Verify.VerifyAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                static void Configure(WebApplicationBuilder builder, long? configured)
                {
                    builder.WebHost.ConfigureKestrel(o =>
                    {
                        o.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
                        o.Limits.MaxConcurrentConnections = 2_000;
                        o.Limits.MaxConcurrentUpgradedConnections = configured;
                    });
                    builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 64 * 1024);
                    builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 200_000_000);
                    var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 50 };
                }
            }

            public class UploadController : ControllerBase
            {
                [RequestSizeLimit(500_000_000)]
                public IActionResult Upload() => Ok();
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.AspNetCore.Server.Kestrel.Core;
                class C { void M(KestrelServerOptions o) { o.Limits.MaxRequestBodySize = ; o.Limits. } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task BufferAndHeaderLimitsRemovedThroughConfigureKestrelServerOptions_AreReported() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                static void Configure(IServiceCollection services) => services.Configure<KestrelServerOptions>(o =>
                {
                    {|#0:o.Limits.MaxRequestBufferSize = null|};
                    {|#1:o.Limits.MaxResponseBufferSize = null|};
                    {|#2:o.Limits.MaxRequestHeaderCount = int.MaxValue|};
                    o.Limits.MaxRequestLineSize = 16 * 1024;
                    o.Limits.MaxRequestBufferSize = 2 * 1024 * 1024;
                });
            }
            """,
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Setting KestrelServerLimits.MaxRequestBufferSize to null"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Setting KestrelServerLimits.MaxResponseBufferSize to null"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("Setting KestrelServerLimits.MaxRequestHeaderCount to its maximum value"));
    
        [Fact]
        public Task SignalRBuffersOfZero_AndMaximalSizeAttributes_AreReported_FiniteOnesAreNot() => Verify.VerifyAsync("""
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.SignalR;
            class ChatHub : Hub { }
            static class Setup
            {
                static void Map(WebApplication app)
                {
                    app.MapHub<ChatHub>("/chat", o =>
                    {
                        {|#0:o.TransportMaxBufferSize = 0|};
                        {|#1:o.ApplicationMaxBufferSize = 0|};
                    });
                    app.MapHub<ChatHub>("/chat2", o => o.TransportMaxBufferSize = 64 * 1024);
                }
            }

            public class UploadController : ControllerBase
            {
                [{|#2:RequestSizeLimit(long.MaxValue)|}]
                public IActionResult Big() => Ok();

                [{|#3:RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)|}]
                public IActionResult Form() => Ok();

                [RequestSizeLimit(200_000_000), RequestFormLimits(MultipartBodyLengthLimit = 200_000_000)]
                public IActionResult Sized() => Ok();
            }
            """,
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Setting HttpConnectionDispatcherOptions.TransportMaxBufferSize to 0 (no limit)"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Setting HttpConnectionDispatcherOptions.ApplicationMaxBufferSize to 0 (no limit)"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("[RequestSizeLimit] of its maximum value on 'Big'"),
            Verify.Diagnostic("REL306").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("[RequestFormLimits(MultipartBodyLengthLimit = its maximum value)] on 'Form'"));
    }
}
