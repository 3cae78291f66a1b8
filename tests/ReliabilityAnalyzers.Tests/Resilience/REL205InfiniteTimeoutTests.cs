using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL205InfiniteTimeoutAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL205InfiniteTimeoutTests
    {
        [Fact]
        public Task InfiniteTimeouts_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Net.WebSockets;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using Npgsql;
            using Polly;
            using Polly.Timeout;
            using StackExchange.Redis;
            using Dapper;
            class Setup
            {
                void Http(HttpClient http, IServiceCollection services)
                {
                    {|#0:http.Timeout = Timeout.InfiniteTimeSpan|};
                    services.AddHttpClient("llm", c => {|#1:c.Timeout = Timeout.InfiniteTimeSpan|});
                }

                void Database(NpgsqlCommand command, NpgsqlConnection connection)
                {
                    {|#2:command.CommandTimeout = 0|};
                    var builder = new NpgsqlConnectionStringBuilder { {|#3:CommandTimeout = 0|} };
                    connection.Execute("update t set x = 1", {|#4:commandTimeout: 0|});
                    connection.Query<int>(new CommandDefinition("select 1", {|#16:commandTimeout: 0|})); // phase 25
                    connection.Query<int>(new CommandDefinition("select 1", commandTimeout: 30));
                }

                void Mail(System.Net.Mail.SmtpClient smtp, System.Net.Mail.SmtpClient other)
                {
                    {|#17:smtp.Timeout = Timeout.Infinite|}; // phase 25: a network client's own timeout switched off
                    other.Timeout = 10_000;
                }

                void Ef(Microsoft.EntityFrameworkCore.DbContext context)
                {
                    Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.SetCommandTimeout(context.Database, {|#15:0|});
                }

                void Pollies()
                {
                    var pipeline = new ResiliencePipelineBuilder().AddTimeout({|#5:Timeout.InfiniteTimeSpan|}).Build();
                    var options = new TimeoutStrategyOptions { {|#6:Timeout = TimeSpan.MaxValue|} };
                    var v7 = Policy.TimeoutAsync({|#7:Timeout.InfiniteTimeSpan|});
                }

                void Redis()
                {
                    var options = new ConfigurationOptions { {|#8:SyncTimeout = int.MaxValue|}, {|#9:AsyncTimeout = int.MaxValue|} };
                }

                void Sockets(Socket socket, TcpClient tcp, NetworkStream stream)
                {
                    // Moved to the audit-level REL209: async socket I/O ignores these, and 0 / -1 is the default.
                    socket.ReceiveTimeout = 0;
                    tcp.SendTimeout = -1;
                    stream.ReadTimeout = Timeout.Infinite;
                }

                void WebSockets(ClientWebSocket client)
                {
                    var server = new WebSocketOptions { {|#13:KeepAliveInterval = Timeout.InfiniteTimeSpan|} };
                    client.Options.KeepAliveInterval = TimeSpan.Zero; // pings off, not an infinite wait: REL209 (audit)
                    {|#14:client.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan|};
                }
            }
            """,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("NpgsqlCommand.CommandTimeout = 0"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("NpgsqlConnectionStringBuilder.CommandTimeout = 0"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("Execute(0)"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(5).WithArguments("AddTimeout(Timeout.InfiniteTimeSpan)"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(6).WithArguments("TimeoutStrategyOptions.Timeout = TimeSpan.MaxValue"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(7).WithArguments("TimeoutAsync(Timeout.InfiniteTimeSpan)"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(8).WithArguments("ConfigurationOptions.SyncTimeout = int.MaxValue"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(9).WithArguments("ConfigurationOptions.AsyncTimeout = int.MaxValue"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(13).WithArguments("WebSocketOptions.KeepAliveInterval = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(14).WithArguments("ClientWebSocketOptions.KeepAliveInterval = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(15).WithArguments("SetCommandTimeout(0)"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(16).WithArguments("CommandDefinition(0)"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(17).WithArguments("SmtpClient.Timeout = Timeout.Infinite"));

        [Fact]
        public Task CommandTimeoutOffInMigrationCode_IsLeftToREL209() => Verify.VerifyAsync(
            HttpClientTimeoutSources.MigrationCommands,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("DbCommand.CommandTimeout = 0"));

        [Fact]
        public Task FiniteTimeouts_AndPipelineOwnedTimeouts_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using Microsoft.Extensions.DependencyInjection;
            using Npgsql;
            using Polly;
            using StackExchange.Redis;
            class Setup
            {
                TimeSpan Configured { get; set; }
                void M(HttpClient http, NpgsqlCommand command, Socket socket, IServiceCollection services, int fromConfig)
                {
                    http.Timeout = TimeSpan.FromSeconds(100);
                    http.Timeout = Configured;
                    command.CommandTimeout = 30;
                    command.CommandTimeout = fromConfig;
                    socket.ReceiveTimeout = 5000;
                    var pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(10)).Build();
                    var options = new ConfigurationOptions { SyncTimeout = 5000 };
                    var cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan); // not outbound I/O
                    // The resilience handler owns timing: HttpClient.Timeout is switched off on purpose.
                    services.AddHttpClient("llm", c => c.Timeout = Timeout.InfiniteTimeSpan).AddStandardResilienceHandler();
                    services.AddHttpClient("other").AddStandardResilienceHandler().Services
                        .AddHttpClient("third").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromMinutes(5));
                }
            }
            """);

        [Fact]
        public Task InfiniteHttpTimeout_OnLongPollingStreamingOrPerRequestTimeoutClients_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            class Setup
            {
                void Register(IServiceCollection services)
                {
                    services.AddHttpClient("sse-events", c => c.Timeout = Timeout.InfiniteTimeSpan);
                    services.AddHttpClient<LongPollingClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
                    // The server holds this request open until an update arrives (long poll).
                    services.AddHttpClient("updates", c => c.Timeout = Timeout.InfiniteTimeSpan);
                }
            }

            class LongPollingClient { }

            class Feed
            {
                readonly HttpClient _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

                async Task Follow(CancellationToken ct)
                {
                    using var response = await _http.GetAsync("https://example.com/feed", HttpCompletionOption.ResponseHeadersRead, ct);
                }
            }

            class ChangeWatcher
            {
                readonly HttpClient _http;
                public ChangeWatcher(HttpClient http) { _http = http; _http.Timeout = Timeout.InfiniteTimeSpan; }
            }

            class Api
            {
                readonly HttpClient _http = new HttpClient();
                public Api() { _http.Timeout = Timeout.InfiniteTimeSpan; }

                async Task<string> Get(string path, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(TimeSpan.FromSeconds(30));
                    return await _http.GetStringAsync(path, cts.Token);
                }

                async Task Post(string path, CancellationToken ct)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    await _http.PostAsync(path, new StringContent(""), cts.Token);
                }
            }

            class TypedClient
            {
                readonly HttpClient _http;
                public TypedClient(HttpClient http)
                {
                    http.Timeout = Timeout.InfiniteTimeSpan;
                    _http = http;
                }

                async Task<string> Get(CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(TimeSpan.FromSeconds(30));
                    return await _http.GetStringAsync("https://example.com", cts.Token);
                }
            }
            """);

        [Fact]
        public Task InfiniteHttpTimeout_WithSomeRequestsUnbounded_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Api
            {
                readonly HttpClient _http = new HttpClient { {|#0:Timeout = Timeout.InfiniteTimeSpan|} };

                async Task<string> Get(string path, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(TimeSpan.FromSeconds(30));
                    return await _http.GetStringAsync(path, cts.Token);
                }

                // No token: this request can hang forever.
                Task<string> Ping() => _http.GetStringAsync("https://example.com/ping");
            }

            class Orders
            {
                // A token with no timeout anywhere: the caller's token only ends it on shutdown.
                readonly HttpClient _http = new HttpClient { {|#1:Timeout = Timeout.InfiniteTimeSpan|} };
                Task<string> Get(CancellationToken ct) => _http.GetStringAsync("https://example.com/orders", ct);
            }

            class TypedClient
            {
                readonly HttpClient _http;
                public TypedClient(HttpClient http)
                {
                    {|#2:http.Timeout = Timeout.InfiniteTimeSpan|};
                    _http = http;
                }

                Task<string> Get() => _http.GetStringAsync("https://example.com");
            }
            """,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task InfiniteHttpTimeout_InACodeBaseThatTimesEveryRequestItself_IsNotReported() =>
            Verify.VerifyAsync(HttpClientTimeoutSources.RestClientLibrary(mark: false));

        [Fact]
        public Task InfiniteHttpTimeout_WhenAJsonRequestHasNoToken_IsReported() => Verify.VerifyAsync(
            HttpClientTimeoutSources.RestClientLibrary(mark: true) + """

            public sealed class Feed
            {
                private readonly HttpClient _http = new HttpClient();
                public System.Threading.Tasks.Task<string?> Latest() => System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<string>(_http, "https://example.com/feed");
            }
            """,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task InfiniteHttpTimeout_InAnApplicationThatTimesItsRequests_IsStillReported()
        {
            var test = Verify.Create(
                HttpClientTimeoutSources.RestClientLibrary(mark: true) + """

                public static class Program { public static void Main() { } }
                """,
                Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"));
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task InfiniteHttpTimeout_WhenSomeRequestOfTheCodeBaseHasNoToken_IsReported() => Verify.VerifyAsync(
            HttpClientTimeoutSources.RestClientLibrary(mark: true) + """

            public sealed class Health
            {
                private readonly HttpClient _http = new HttpClient();
                public Task<string> Ping() => _http.GetStringAsync("https://example.com/health");
            }

            public sealed class ViewClient
            {
                private readonly HttpClient _http = new HttpClient();
                public ViewClient()
                {
                    // set timeout to infinite so we can stream results
                    _http.Timeout = Timeout.InfiniteTimeSpan;
                }
            }
            """,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task InfiniteHttpTimeout_OfAGrpcClient_IsNotReported_APlainClientsIs() => Verify.VerifyAsync(
            HttpClientTimeoutSources.GrpcClients(registration: null, plain: 0, channel: null),
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task InfiniteHttpTimeout_WithACommentThatNamesWhoEnforcesIt_IsNotReported_ABareCommentIs() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            abstract class ServiceClientBase
            {
                protected readonly HttpClient Client;
                protected ServiceClientBase(HttpMessageHandler pipeline)
                {
                    Client = new HttpClient(pipeline, disposeHandler: true);

                    // Disable their timeout since we handle it ourselves
                    Client.Timeout = TimeSpan.FromMilliseconds(-1.0);
                }
            }

            class Uploads
            {
                readonly HttpClient _http = new HttpClient();
                public Uploads()
                {
                    // disable the timeout
                    {|#0:_http.Timeout = TimeSpan.FromMilliseconds(-1.0)|};
                }
            }
            """,
            Verify.Diagnostic("REL205").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("HttpClient.Timeout = TimeSpan.FromMilliseconds(-1.0)"));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Net.Http;
                class C { void M(HttpClient h) { h.Timeout = ; h.Timeout = System.Threading.Timeout. ; } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }
    }
}
