using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL209DisabledTimeoutAuditAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL209DisabledTimeoutAuditTests
    {
        private static DiagnosticResult Diagnostic(int location, string shown) =>
            new DiagnosticResult("REL209", DiagnosticSeverity.Info).WithLocation(location).WithArguments(shown);

        [Fact]
        public Task ConnectionStrings_Kestrel_AndServerSockets_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Npgsql;
            class Db
            {
                const string Postgres = {|#0:"Host=db;Database=app;Username=app;Command Timeout=0"|};
                static NpgsqlConnection Open() => new NpgsqlConnection({|#1:"Server=db;Initial Catalog=app;Connect Timeout = 0;"|});
                const string Redis = {|#7:"cache:6379,syncTimeout=2147483647,abortConnect=false"|};
            }

            class Web
            {
                static void Limits(KestrelServerOptions options)
                {
                    {|#2:options.Limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan|};
                    {|#3:options.Limits.RequestHeadersTimeout = TimeSpan.MaxValue|};
                }
            }

            class LineServer
            {
                readonly TcpListener _listener = new TcpListener(IPAddress.Any, 9000);
                async Task Serve()
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    {|#4:client.ReceiveTimeout = 0|};
                    var stream = client.GetStream();
                    {|#5:stream.ReadTimeout = Timeout.Infinite|};
                    Socket socket = await _listener.AcceptSocketAsync();
                    {|#6:socket.ReceiveTimeout = -1|};
                }
            }
            """,
            Diagnostic(0, "Command Timeout=0"),
            Diagnostic(1, "Connect Timeout = 0"),
            Diagnostic(2, "KestrelServerLimits.KeepAliveTimeout = Timeout.InfiniteTimeSpan"),
            Diagnostic(3, "KestrelServerLimits.RequestHeadersTimeout = TimeSpan.MaxValue"),
            Diagnostic(4, "TcpClient.ReceiveTimeout = 0"),
            Diagnostic(5, "NetworkStream.ReadTimeout = Timeout.Infinite"),
            Diagnostic(6, "Socket.ReceiveTimeout = -1"),
            Diagnostic(7, "syncTimeout=2147483647"));

        [Fact]
        public Task CommandTimeoutOffInMigrationCode_IsListedHere_ElsewhereItIsREL205() => Verify.VerifyAsync(
            HttpClientTimeoutSources.MigrationCommands,
            Diagnostic(0, "DbCommand.CommandTimeout = 0"));

        [Fact]
        public Task WebSocketKeepAlivePingsOff_AreReported_FiniteOrInfiniteIntervals_AreNot() => Verify.VerifyAsync("""
            using System;
            using System.Net.WebSockets;
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            class Gateway
            {
                void Configure(ClientWebSocket client, ClientWebSocket other)
                {
                    {|#0:client.Options.KeepAliveInterval = TimeSpan.Zero|};
                    var server = new WebSocketOptions { {|#1:KeepAliveInterval = TimeSpan.Zero|} };
                    other.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
                    other.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan; // REL205's
                }
            }
            """,
            Diagnostic(0, "ClientWebSocketOptions.KeepAliveInterval = TimeSpan.Zero"),
            Diagnostic(1, "WebSocketOptions.KeepAliveInterval = TimeSpan.Zero"));

        [Fact]
        public Task InfiniteHttpTimeout_ThatREL205LeavesOut_IsListedHere() => Verify.VerifyAsync(
            HttpClientTimeoutSources.RestClientLibrary(mark: true) + """

            public sealed class ViewClient
            {
                private readonly HttpClient _http = new HttpClient();
                public ViewClient()
                {
                    // set timeout to infinite so we can stream results
                    {|#1:_http.Timeout = Timeout.InfiniteTimeSpan|};
                }
            }
            """,
            Diagnostic(0, "HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Diagnostic(1, "HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task InfiniteHttpTimeout_OfAGrpcClient_IsListedHere() => Verify.VerifyAsync(
            HttpClientTimeoutSources.GrpcClients(registration: 0, plain: null, channel: 1),
            Diagnostic(0, "HttpClient.Timeout = Timeout.InfiniteTimeSpan"),
            Diagnostic(1, "HttpClient.Timeout = Timeout.InfiniteTimeSpan"));

        [Fact]
        public Task FiniteTimeouts_ProseAndClientSockets_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            class Db
            {
                const string Postgres = "Host=db;Database=app;Username=app;Command Timeout=30";
                const string Help = "Set Command Timeout=0 to wait forever; not recommended";
                const string NoHost = "Command Timeout=0;Pooling=true";
                const string Redis = "cache:6379,syncTimeout=0";
                const string RedisFinite = "cache:6379,syncTimeout=5000,connectTimeout=2147483647x";
                const string NotRedis = "a,b,syncTimeout=2147483647";
            }

            class Web
            {
                static void Limits(KestrelServerOptions options, TimeSpan fromConfig)
                {
                    options.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
                    options.Limits.RequestHeadersTimeout = fromConfig;
                }
            }

            // A client: no Accept anywhere in the type.
            class Client
            {
                static void Connect(TcpClient tcp, Socket socket)
                {
                    tcp.ReceiveTimeout = 0;
                    socket.SendTimeout = -1;
                    tcp.GetStream().ReadTimeout = Timeout.Infinite;
                }
            }
            """);
    }
}
