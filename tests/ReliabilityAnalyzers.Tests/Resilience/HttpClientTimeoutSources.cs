namespace ReliabilityAnalyzers.Tests.Resilience
{
    /// <summary>
    /// Sources shared by the REL205 and REL209 tests: the same infinite HttpClient.Timeout shapes seen by both rules,
    /// with the location markup placed by the caller (REL205 expects a finding where REL209 does not, and back), and a
    /// migration's command timeout next to an ordinary one.
    /// </summary>
    internal static class HttpClientTimeoutSources
    {
        /// <summary>A REST client library that times every request itself; <paramref name="mark"/> puts #0 on the infinite timeout.</summary>
        public static string RestClientLibrary(bool mark) =>
            RestClientLibraryText.Replace("%TIMEOUT%", mark ? "{|#0:client.Timeout = Timeout.InfiniteTimeSpan|}" : "client.Timeout = Timeout.InfiniteTimeSpan");

        /// <summary>
        /// A gRPC client registration, a plain named client and a gRPC channel, each with an infinite timeout; each argument
        /// is the markup number to put on that timeout, or null for none.
        /// </summary>
        public static string GrpcClients(int? registration, int? plain, int? channel) =>
            Mark(Mark(Mark(GrpcClientsText, "%A%", "%Z%", registration), "%B%", "%Y%", plain), "%C%", "%X%", channel);

        /// <summary>'CommandTimeout = 0' in a schema migrator (#0: REL209) and in ordinary code (#1: REL205).</summary>
        public const string MigrationCommands = """
            using System.Data.Common;
            class SchemaMigrator
            {
                // A migration script must not be cut off halfway.
                public void ExecuteScript(DbConnection connection, string sql)
                {
                    using var command = connection.CreateCommand();
                    {|#0:command.CommandTimeout = 0|};
                    command.CommandText = sql;
                }
            }
            class Reports
            {
                public void Run(DbCommand command) { {|#1:command.CommandTimeout = 0|}; }
            }
            """;

        private static string Mark(string text, string open, string close, int? location) =>
            text.Replace(open, location is null ? "" : "{|#" + location + ":").Replace(close, location is null ? "" : "|}");

        private const string RestClientLibraryText = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            // A REST client library: HttpClient.Timeout is switched off where the client is configured, and every request
            // is sent under a timeout token built per call.
            public sealed class RestClient
            {
                private readonly HttpClient _http;
                private readonly TimeSpan _timeout;
                public RestClient(HttpClient http, TimeSpan timeout) { _http = http; _timeout = timeout; }

                public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    cts.CancelAfter(_timeout);
                    return await _http.SendAsync(request, cts.Token);
                }
            }

            public static class Registration
            {
                public static RestClient Create(TimeSpan timeout)
                {
                    var client = new HttpClient();
                    %TIMEOUT%;
                    return new RestClient(client, timeout);
                }
            }
            """;

        private const string GrpcClientsText = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using Grpc.Core;
            using Grpc.Net.Client;
            using Microsoft.Extensions.DependencyInjection;
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
                    // gRPC bounds each call with its deadline; a stream lives as long as the stream.
                    services.AddGrpcClient<GreeterClient>(o => o.Address = new Uri("https://greeter.example.com"))
                        .ConfigureHttpClient(c => %A%c.Timeout = Timeout.InfiniteTimeSpan%Z%);
                    services.AddHttpClient("reports").ConfigureHttpClient(c => %B%c.Timeout = Timeout.InfiniteTimeSpan%Y%);
                }

                public static GrpcChannel Channel(string address)
                {
                    var http = new HttpClient();
                    %C%http.Timeout = Timeout.InfiniteTimeSpan%X%;
                    return GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = http });
                }
            }
            """;
    }
}
