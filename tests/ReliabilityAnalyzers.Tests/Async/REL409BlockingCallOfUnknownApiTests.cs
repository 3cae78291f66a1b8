using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL404BlockingCallWithAsyncTwinAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Async.REL404BlockingCallWithAsyncTwinAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Async.REL409BlockingCallOfUnknownApiCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    /// <summary>
    /// REL409: REL404's shape on a referenced API that is not known to do I/O or wait (audit level); known I/O and wait
    /// APIs (framework streams and sockets, ADO.NET, Redis, SemaphoreSlim, a stream argument) stay REL404.
    /// </summary>
    public class REL409BlockingCallOfUnknownApiTests
    {
        private static DiagnosticResult Audit(int location, string method, string twin) =>
            new DiagnosticResult("REL409", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method, twin);

        private static DiagnosticResult Warning(int location, string method, string twin) =>
            new DiagnosticResult("REL404", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(method, twin);

        [Fact]
        public Task UnknownLibraryApi_IsAudit_KnownIoAndWaits_AreREL404() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            class Worker
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                async Task Stop()
                {
                    await Task.Yield();
                    // A logging flush: an async twin alone says nothing about whether it blocks.
                    Serilog.Log.{|#0:CloseAndFlush()|};
                }
                async Task Work(System.Net.Security.SslStream stream, System.Data.Common.DbConnection connection, IDatabase redis, Stream body, object value)
                {
                    await Task.Yield();
                    stream.{|#1:Flush()|};
                    connection.{|#2:Open()|};
                    redis.{|#3:StringGet("k")|};
                    _gate.{|#4:Wait()|};
                    // Not a known I/O type, but the work goes to a stream.
                    JsonSerializer.{|#5:Serialize(body, value)|};
                }
                async Task<string> Ask(OpenAI.Chat.ChatClient chat)
                {
                    await Task.Yield();
                    // An LLM cloud client: every sync call is an HTTP round trip of seconds.
                    return chat.{|#6:CompleteChat("hello")|}.Value.Content[0].Text;
                }
            }
            """,
            Audit(0, "CloseAndFlush", "CloseAndFlushAsync"),
            Warning(1, "Flush", "FlushAsync"),
            Warning(2, "Open", "OpenAsync"),
            Warning(3, "StringGet", "StringGetAsync"),
            Warning(4, "Wait", "WaitAsync"),
            Warning(5, "Serialize", "SerializeAsync"),
            Warning(6, "CompleteChat", "CompleteChatAsync"));

        [Fact]
        public Task PreSigningAUrl_IsAudit_EvenOnAKnownCloudClient() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;
            class Files
            {
                // Signing with the credentials the client holds is local work; the twin exists for providers that fetch.
                public async Task<string> LinkAsync(IAmazonS3 s3, string bucket, string key)
                {
                    await Task.Yield();
                    return s3.{|#0:GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = bucket, Key = key, Expires = DateTime.UtcNow.AddMinutes(5) })|};
                }
            }
            """,
            Audit(0, "GetPreSignedURL", "GetPreSignedURLAsync"));

        [Fact]
        public Task WriterBehindAnAbstraction_IsAudit_AWriterFieldTheTypeCreates_IsREL404() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            // Phase 22: a command-line tool's standard streams behind an interface; the host decides what they are.
            public interface IStandardStreams { TextWriter Out { get; } TextWriter Error { get; } }
            public class Context { public IStandardStreams Streams { get; } = null!; }
            class Registry
            {
                private readonly Context _context;
                private readonly TextWriter _log;
                public Registry(Context context, TextWriter log) { _context = context; _log = log; }

                public async Task<string> ResolveAsync(string id)
                {
                    await Task.Yield();
                    _context.Streams.Error.{|#0:WriteLine("warning: no provider " + id)|};
                    _log.{|#1:WriteLine(id)|};
                    return id;
                }
            }

            class Relay
            {
                private readonly TextWriter _peer;
                public Relay(TcpClient client) { _peer = new StreamWriter(client.GetStream()); }

                public async Task ForwardAsync(string line)
                {
                    await Task.Yield();
                    _peer.{|#2:WriteLine(line)|};
                }
            }

            // A writer its type opens through a factory method is the type's own: still REL404.
            class AuditJournal
            {
                private readonly TextWriter _out;
                public AuditJournal(NetworkStream stream) { _out = Open(stream); }
                private static TextWriter Open(NetworkStream stream) => new StreamWriter(stream);

                public async Task RecordAsync(string line)
                {
                    await Task.Yield();
                    _out.{|#3:WriteLine(line)|};
                }
            }
            """,
            Audit(0, "WriteLine", "WriteLineAsync"),
            Audit(1, "WriteLine", "WriteLineAsync"),
            Warning(2, "WriteLine", "WriteLineAsync"),
            Warning(3, "WriteLine", "WriteLineAsync"));

        [Fact]
        public Task WriterHandedInByTheCaller_IsAudit_AStreamParameterOrAWriterItOpens_IsREL404() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class Render
            {
                // A template engine's render callback: the engine owns the writer (often a StringWriter) and buffers.
                public static void Register(Func<TextWriter, string, Task> tag) { }
                public static void Setup() => Register(async (writer, value) => { await Task.Yield(); writer.{|#0:Write(value)|}; });

                public async Task RenderAsync(TextWriter output, string text)
                {
                    await Task.Yield();
                    output.{|#1:WriteLine(text)|};
                }

                // A stream handed in is still REL404: the real cases wrote a length header to a socket stream this way.
                public async Task SendAsync(Stream stream, byte[] header, byte[] body)
                {
                    stream.{|#2:Write(header, 0, header.Length)|};
                    await stream.WriteAsync(body, 0, body.Length);
                }

                // A writer this code opens over a file or socket stream is REL404 too.
                public async Task SaveAsync(Stream network, string text)
                {
                    await Task.Yield();
                    var writer = new StreamWriter(network);
                    writer.{|#3:Write(text)|};
                    await writer.FlushAsync();
                }
            }
            """,
            Audit(0, "Write", "WriteAsync"),
            Audit(1, "WriteLine", "WriteLineAsync"),
            Warning(2, "Write", "WriteAsync"),
            Warning(3, "Write", "WriteAsync"));

        [Fact]
        public Task SourceTwinWhoseSyncBodyOnlyCallsAnUnknownLibrary_IsAudit_OneThatReachesADatabase_IsREL404() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.IdentityModel.Tokens;
            using Npgsql;
            class Signer
            {
                // CPU work in a third-party library: the sync form may well be the right one.
                public int KeySize(byte[] key) { var k = new SymmetricSecurityKey(key); return k.KeySize; }
                public async Task<int> KeySizeAsync(byte[] key) { await Task.Yield(); var k = new SymmetricSecurityKey(key); return k.KeySize; }
            }
            class Orders
            {
                // A database round trip, one call down.
                public long Count(NpgsqlConnection c) => Scalar(c);
                public async Task<long> CountAsync(NpgsqlConnection c) { await using var cmd = new NpgsqlCommand("select count(*) from orders", c); return (long)(await cmd.ExecuteScalarAsync())!; }
                private static long Scalar(NpgsqlConnection c) { using var cmd = new NpgsqlCommand("select count(*) from orders", c); return (long)cmd.ExecuteScalar()!; }
            }
            class Handler
            {
                async Task<long> Handle(Signer signer, Orders orders, NpgsqlConnection c, byte[] key)
                {
                    await Task.Yield();
                    int size = signer.{|#0:KeySize(key)|};
                    return size + orders.{|#1:Count(c)|};
                }
            }
            """,
            Audit(0, "KeySize", "KeySizeAsync"),
            Warning(1, "Count", "CountAsync"));

        [Fact]
        public Task Fix_AwaitsTheTwin() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Worker
            {
                async Task Stop()
                {
                    await Task.Yield();
                    Serilog.Log.{|#0:CloseAndFlush()|};
                }
            }
            """, """
            using System.Threading.Tasks;
            class Worker
            {
                async Task Stop()
                {
                    await Task.Yield();
                    await Serilog.Log.CloseAndFlushAsync();
                }
            }
            """,
            REL409BlockingCallOfUnknownApiCodeFix.AwaitTwinKey,
            Audit(0, "CloseAndFlush", "CloseAndFlushAsync"));
    }
}
