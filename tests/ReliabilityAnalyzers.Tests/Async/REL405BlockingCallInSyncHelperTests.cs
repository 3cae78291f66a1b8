using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL405BlockingCallInSyncHelperAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL405BlockingCallInSyncHelperTests
    {
        private static DiagnosticResult D(int location, string helper, string blocking, string path) =>
            new DiagnosticResult("REL405", DiagnosticSeverity.Info).WithLocation(location).WithArguments(helper, blocking, path);

        [Fact]
        public Task HelperWithASourceTwin_WaitingOnlyOnAnInMemoryLock_IsReported_IoHelperWithTwinIsNot() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net;
            using System.Threading;
            using System.Threading.Tasks;
            sealed class TrackingService
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly Dictionary<ulong, string> _map = new Dictionary<ulong, string>();

                internal string GetPlayer(ulong id)
                {
                    _gate.Wait();
                    try { return _map.TryGetValue(id, out var m) ? m : "default"; }
                    finally { _gate.Release(); }
                }

                internal async ValueTask<string> GetPlayerAsync(ulong id, CancellationToken ct = default)
                {
                    await _gate.WaitAsync(ct).ConfigureAwait(false);
                    try { return _map.TryGetValue(id, out var m) ? m : "default"; }
                    finally { _gate.Release(); }
                }

                internal IPAddress Resolve(string host) { _gate.Wait(); try { return Dns.GetHostAddresses(host)[0]; } finally { _gate.Release(); } }
                internal async Task<IPAddress> ResolveAsync(string host) => (await Dns.GetHostAddressesAsync(host))[0];

                async Task<int> UseAsync()
                {
                    await Task.Yield();
                    // REL404 reports Resolve (its body does I/O); GetPlayer only waits on a lock: audit here.
                    return {|#0:GetPlayer(1)|}.Length + Resolve("h").GetAddressBytes().Length;
                }
            }
            """,
            D(0, "GetPlayer", "SemaphoreSlim.Wait", "GetPlayer → SemaphoreSlim.Wait"));

        [Fact]
        public Task BlockingCallsInSyncHelpers_AreReportedAtTheAsyncCallSite() => Verify.VerifyAsync("""
            using System.Data.Common;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Connector
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                private static IPAddress Resolve(string host) => Dns.GetHostAddresses(host)[0];
                private IPEndPoint Endpoint(string host, int port) => new IPEndPoint(Resolve(host), port);
                private IPEndPoint Route(string host) => Endpoint(host, 443);
                private string Settings(string path) { var text = File.ReadAllText(path); return text.Trim(); }
                private HttpResponseMessage Probe() => _http.Send(new HttpRequestMessage(HttpMethod.Head, "/health"));
                private int Header(byte[] buffer) { return _socket.Receive(buffer); }
                private int Cached(Task<int> pending) => pending.Result;
                private object? Count(DbCommand command) => command.ExecuteScalar();

                public async Task ConnectAsync(string host, int port, DbCommand command, Task<int> pending)
                {
                    var endpoint = {|#0:Endpoint(host, port)|};
                    await _socket.ConnectAsync(endpoint);
                    var route = {|#1:Route(host)|};
                    string settings = {|#2:Settings("app.json")|};
                    using var response = {|#3:Probe()|};
                    int read = {|#4:Header(new byte[4])|};
                    int cached = {|#5:Cached(pending)|};
                    object? count = {|#6:Count(command)|};
                    async Task Local() { await Task.Yield(); {|#7:Resolve(host)|}; }
                    await Local();
                }
            }
            """,
            D(0, "Endpoint", "Dns.GetHostAddresses", "Endpoint → Resolve → Dns.GetHostAddresses"),
            D(1, "Route", "Dns.GetHostAddresses", "Route → Endpoint → Resolve → Dns.GetHostAddresses"),
            D(2, "Settings", "File.ReadAllText", "Settings → File.ReadAllText"),
            D(3, "Probe", "HttpClient.Send", "Probe → HttpClient.Send"),
            D(4, "Header", "Socket.Receive", "Header → Socket.Receive"),
            D(5, "Cached", ".Result", "Cached → .Result"),
            D(6, "Count", "DbCommand.ExecuteScalar", "Count → DbCommand.ExecuteScalar"),
            D(7, "Resolve", "Dns.GetHostAddresses", "Resolve → Dns.GetHostAddresses"));

        [Fact]
        public Task HelpersThatDoNotBlock_OrCallersThatAreNotAsync_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Data.Sqlite;
            class Service
            {
                // Four methods deep: beyond the bound.
                private static IPAddress A(string h) => B(h);
                private static IPAddress B(string h) => C(h);
                private static IPAddress C(string h) => D(h);
                private static IPAddress D(string h) => Dns.GetHostAddresses(h)[0];

                // Blocking work handed to another thread or deferred: not on this path.
                private static Task<IPAddress[]> Offloaded(string h) => Task.Run(() => Dns.GetHostAddresses(h));
                private static Func<string> Deferred(string p) => () => File.ReadAllText(p);

                // Proven complete, a zero-timeout probe, in-memory work, an async-flag helper, SQLite (no async I/O).
                private static int Done() => Task.FromResult(1).Result;
                private static bool Probe(SemaphoreSlim gate) => gate.Wait(0);
                private static string Format(int x) => x.ToString("N0");
                private static int Read(Stream s, byte[] b, bool async) => async ? 0 : s.Read(b, 0, b.Length);
                private static int Local(SqliteCommand command) => command.ExecuteNonQuery();
                private enum IOBehavior { Synchronous, Asynchronous }
                private static int Dual(Stream s, IOBehavior io) => io == IOBehavior.Synchronous ? Dns.GetHostAddresses("h").Length : 0;

                // Async helpers are judged by REL401/REL404 themselves; a helper with a true twin is REL404's.
                private static async Task<IPAddress> ResolveAsync(string h) { await Task.Yield(); return Dns.GetHostAddresses(h)[0]; }
                public string Load(string p) => File.ReadAllText(p);
                public Task<string> LoadAsync(string p, CancellationToken ct = default) => File.ReadAllTextAsync(p, ct);

                public async Task RunAsync(string host, SemaphoreSlim gate, Stream s, SqliteCommand command)
                {
                    A(host);
                    await Offloaded(host);
                    Deferred("x");
                    Done();
                    Probe(gate);
                    Format(1);
                    Read(s, new byte[1], false);
                    Local(command);
                    Dual(s, IOBehavior.Asynchronous);
                    await ResolveAsync(host);
                    Load("p");
                    await Task.Run(() => D(host));
                    Dispose(false);
                }

                // The standard dispose pattern: DisposeAsync calls Dispose(false), which skips the blocking branch.
                protected void Dispose(bool disposing) { if (disposing) { Task.Delay(1).Wait(); } }

                public IPAddress Sync(string host) => D(host);
            }
            """);

        [Fact]
        public Task LegacyWebAndMailClients_InSyncHelpers_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Mail;
            using System.Threading.Tasks;
            class Alerts
            {
                private readonly SmtpClient _smtp = new SmtpClient("smtp.example.test");
                private readonly Outbox _outbox = new Outbox();

            #pragma warning disable SYSLIB0014
                private static string Fetch(Uri feed) { using var web = new WebClient(); return web.DownloadString(feed); }
            #pragma warning restore SYSLIB0014
                private void Mail(MailMessage message) => _smtp.Send(message);
                private void Queue(MailMessage message) => _outbox.Send(message);

                public async Task NotifyAsync(Uri feed, MailMessage message)
                {
                    string body = {|#0:Fetch(feed)|};
                    {|#1:Mail(message)|};
                    Queue(message); // an in-process outbox named Send: not network I/O
                    await Task.Yield();
                }
            }
            class Outbox
            {
                public void Send(MailMessage message) { }
            }
            """,
            D(0, "Fetch", "WebClient.DownloadString", "Fetch → WebClient.DownloadString"),
            D(1, "Mail", "SmtpClient.Send", "Mail → SmtpClient.Send"));

        [Fact]
        public Task IncompleteCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Net;
                using System.Threading.Tasks;
                class C
                {
                    static IPAddress R(string h) => Dns.GetHostAddresses(h
                    async Task Run() { await Task.Yield(); R(; }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }
    
        [Fact]
        public Task SameHelperCalledTwiceInOneAsyncFunction_IsReportedOnce_EachFunctionKeepsItsFinding() => Verify.VerifyAsync("""
            using System.Net;
            using System.Threading.Tasks;
            class Resolver
            {
                static IPAddress[] Lookup(string host) => Dns.GetHostAddresses(host);

                async Task<int> Both(string a, string b)
                {
                    var first = {|#0:Lookup(a)|};
                    await Task.Yield();
                    var second = Lookup(b);
                    return first.Length + second.Length;
                }

                async Task<int> Other(string a)
                {
                    await Task.Yield();
                    return {|#1:Lookup(a)|}.Length;
                }
            }
            """,
            D(0, "Lookup", "Dns.GetHostAddresses", "Lookup → Dns.GetHostAddresses"),
            D(1, "Lookup", "Dns.GetHostAddresses", "Lookup → Dns.GetHostAddresses"));
    }
}
