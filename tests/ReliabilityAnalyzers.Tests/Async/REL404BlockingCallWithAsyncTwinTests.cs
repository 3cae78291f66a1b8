using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Async;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL404OnlyView>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Tests.Async.REL404OnlyView,
    ReliabilityAnalyzers.CodeFixes.Async.REL404BlockingCallWithAsyncTwinCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL404BlockingCallWithAsyncTwinTests
    {
        private static DiagnosticResult D(int location, string method, string twin) =>
            Verify.Diagnostic("REL404").WithLocation(location).WithArguments(method, twin);

        [Fact]
        public Task FileAndStreamApis_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                async Task Export(string path, Stream network, TextReader input, TextWriter output, CancellationToken ct)
                {
                    string text = File.{|#0:ReadAllText(path)|};
                    File.{|#1:WriteAllText(path, text)|};
                    using var file = new FileStream(path, FileMode.Open);
                    var buffer = new byte[16];
                    file.{|#2:Read(buffer, 0, buffer.Length)|};
                    network.{|#3:Write(buffer.AsSpan())|};
                    network.{|#4:Flush()|};
                    using var reader = new StreamReader(file);
                    string all = reader.{|#5:ReadToEnd()|};
                    string? line = input.{|#6:ReadLine()|};
                    output.{|#7:WriteLine(line)|};
                    using var writer = new StreamWriter(network);
                    writer.{|#8:Write(all)|};
                    file.{|#9:CopyTo(network)|};
                    await Task.Yield();
                }
            }
            """,
            // #0, #1, #2, #5 and #9 are local file I/O (File.*, a FileStream, a reader over it): REL407, never REL404.
            // #7 writes to a TextWriter the caller hands in: REL409 (audit), see REL409BlockingCallOfUnknownApiTests.
            D(3, "Write", "WriteAsync"),
            D(4, "Flush", "FlushAsync"),
            D(6, "ReadLine", "ReadLineAsync"),
            D(8, "Write", "WriteAsync"));

        [Fact]
        public Task FlushWithNothingToFlush_IsNotReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            class Download
            {
                async Task Copy(HttpClient http, NetworkStream network, Stream upload, byte[] data)
                {
                    // NetworkStream.Flush is documented to do nothing; a response stream being read has nothing to flush.
                    await network.WriteAsync(data, 0, data.Length);
                    network.Flush();
                    HttpResponseMessage response = await http.GetAsync("https://example.invalid/file");
                    var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    body.Flush();
                    // A stream someone else opened for writing: its Flush sends the buffered bytes.
                    await upload.WriteAsync(data, 0, data.Length);
                    upload.{|#0:Flush()|};
                }
            }
            """,
            D(0, "Flush", "FlushAsync"));

        [Fact]
        public Task TwinAwaitedInTheOtherBranch_IsAUserChosenSyncPath_NotReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Writer
            {
                readonly bool _preferSync;
                async Task Write(Stream network, byte[] data, CancellationToken token)
                {
                    if (_preferSync)
                    {
                        network.Write(data, 0, data.Length);
                    }
                    else
                    {
                        await network.WriteAsync(data, 0, data.Length, token).ConfigureAwait(false);
                    }

                    if (!_preferSync)
                        await network.FlushAsync(token);
                    else
                        network.Flush();

                    int read = _preferSync ? network.Read(data, 0, 1) : await network.ReadAsync(data, 0, 1, token);
                }
            }
            """);

        [Fact]
        public Task TwinAwaitedElsewhere_OrOtherBranchAwaitsSomethingElse_IsReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Writer
            {
                readonly bool _verbose;
                async Task Write(Stream network, byte[] data, CancellationToken token)
                {
                    if (_verbose)
                    {
                        network.{|#0:Write(data, 0, data.Length)|};
                    }
                    else
                    {
                        await network.FlushAsync(token);
                    }

                    if (_verbose)
                        network.{|#1:Flush()|};
                    await network.FlushAsync(token);
                }
            }
            """,
            D(0, "Write", "WriteAsync"),
            D(1, "Flush", "FlushAsync"));

        [Fact]
        public Task BothFormsCalledOnPurpose_SameReceiverAndArguments_NotReported_OtherReceiverOrArguments_Reported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            abstract class Module
            {
                public abstract void BeforeExecute(string cmd);
                public abstract Task BeforeExecuteAsync(string cmd);
                public abstract void AfterExecute(string cmd);
                public abstract Task AfterExecuteAsync(string cmd);
            }
            class Runner
            {
                async Task Run(Module instance, Module other, string cmd, Stream stream, byte[] a, byte[] b)
                {
                    try
                    {
                        await instance.BeforeExecuteAsync(cmd).ConfigureAwait(false);
                        instance.BeforeExecute(cmd);
                    }
                    finally
                    {
                        await instance.AfterExecuteAsync(cmd).ConfigureAwait(false);
                        instance.AfterExecute(cmd);
                    }

                    other.{|#0:BeforeExecute(cmd)|};
                    instance.{|#1:AfterExecute("other")|};
                    await stream.WriteAsync(a, 0, a.Length);
                    stream.{|#2:Write(b, 0, b.Length)|};
                }
            }
            """,
            D(0, "BeforeExecute", "BeforeExecuteAsync"),
            D(1, "AfterExecute", "AfterExecuteAsync"),
            D(2, "Write", "WriteAsync"));

        [Fact]
        public Task StreamOfABufferedHttpResponse_NotReported_StreamedResponse_Reported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class QueryResult
            {
                public Stream? ResponseStream { get; set; }
                public string? Response { get; set; }
            }
            class Client
            {
                private readonly HttpClient _http = new HttpClient();

                async Task<QueryResult> Buffered(HttpRequestMessage message, CancellationToken ct)
                {
                    var result = new QueryResult();
                    var response = await _http.SendAsync(message, ct).ConfigureAwait(false);
                    result.ResponseStream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                    using (var sr = new StreamReader(result.ResponseStream))
                    {
                        result.Response = sr.ReadToEnd();
                    }

                    return result;
                }

                async Task<string> BufferedLocal(string url)
                {
                    var response = await _http.GetAsync(url);
                    var stream = await response.Content.ReadAsStreamAsync();
                    stream.Read(new byte[16], 0, 16);
                    return new StreamReader(stream).ReadToEnd();
                }

                async Task<string> Streamed(string url)
                {
                    var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    var stream = await response.Content.ReadAsStreamAsync();
                    using var reader = new StreamReader(stream);
                    return reader.{|#0:ReadToEnd()|};
                }

                async Task<string> FromGetStream(string url)
                {
                    var stream = await _http.GetStreamAsync(url);
                    using var reader = new StreamReader(stream);
                    return reader.{|#1:ReadToEnd()|};
                }

                async Task<string> SentElsewhere(HttpResponseMessage response)
                {
                    var stream = await response.Content.ReadAsStreamAsync();
                    using var reader = new StreamReader(stream);
                    return reader.{|#2:ReadToEnd()|};
                }

                async Task<int> AlsoANetworkStream(string url, Stream network, bool direct)
                {
                    var response = await _http.GetAsync(url);
                    Stream stream = await response.Content.ReadAsStreamAsync();
                    if (direct)
                    {
                        stream = network;
                    }

                    return stream.{|#3:Read(new byte[16], 0, 16)|};
                }
            }
            """,
            D(0, "ReadToEnd", "ReadToEndAsync"),
            D(1, "ReadToEnd", "ReadToEndAsync"),
            D(2, "ReadToEnd", "ReadToEndAsync"),
            D(3, "Read", "ReadAsync"));

        [Fact]
        public Task EmbeddedResourceReads_NotReported_StreamReadsAre() => Verify.VerifyAsync("""
            using System.IO;
            using System.Reflection;
            using System.Text;
            using System.Threading.Tasks;
            class Migrations
            {
                async Task<string> Script(string name, Stream body)
                {
                    await Task.Yield();
                    var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
                    using (var reader = new StreamReader(stream, Encoding.UTF8))
                    {
                        var text = reader.ReadToEnd();                  // the resource is mapped into memory
                    }

                    using var inline = new StreamReader(typeof(Migrations).Assembly.GetManifestResourceStream(name)!);
                    inline.ReadToEnd();
                    var buffer = new byte[16];
                    stream.Read(buffer, 0, buffer.Length);

                    // Assigned another stream later: no longer only the resource.
                    var source = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)!;
                    source = body;
                    source.{|#1:Read(buffer, 0, buffer.Length)|};

                    using var network = new StreamReader(body, Encoding.UTF8);
                    return network.{|#0:ReadToEnd()|};
                }
            }
            """,
            D(0, "ReadToEnd", "ReadToEndAsync"), D(1, "Read", "ReadAsync"));

        [Fact]
        public Task LocalAssignedOnlyMemoryStreams_NotReported_LocalAlsoAssignedANetworkStream_Reported() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading.Tasks;
            abstract class Picture
            {
                public abstract void Save(Stream target, string encoder);
                public abstract Task SaveAsync(Stream target, string encoder);
            }
            class Resizer
            {
                async Task Resize(Picture image, Stream network, bool upload)
                {
                    await Task.Yield();
                    Stream? imageStream = null;
                    imageStream = new MemoryStream();
                    image.Save(imageStream, "png");

                    Stream other = new MemoryStream();
                    if (upload)
                    {
                        other = network;
                    }

                    image.{|#0:Save(other, "png")|};
                }
            }
            """,
            D(0, "Save", "SaveAsync"));

        // Phase 20, a MIME parser: content copied into a memory stream chosen by a flag ('copy ? new MemoryStream() : null',
        // written through '?.'), and a private scan method whose every caller hands it a memory stream or a byte counter.
        [Fact]
        public Task ConditionalMemoryLocals_AndPrivateStreamParametersFedOnlyMemory_NotReported_OtherCallersOrPublicMethods_Reported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class CountingStream : Stream
            {
                private long _length;
                public override bool CanRead => false;
                public override bool CanSeek => false;
                public override bool CanWrite => true;
                public override long Length => _length;
                public override long Position { get => _length; set => throw new NotSupportedException(); }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
                public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
                public override void SetLength(long value) => _length = value;
                public override void Write(byte[] buffer, int offset, int count) => _length += count;
            }
            class Parser
            {
                public async Task<Stream?> LoadAsync(Stream input, bool copy, CancellationToken token)
                {
                    Stream? content = copy ? new MemoryStream() : null;
                    var buffer = new byte[4096];
                    int n;
                    while ((n = await input.ReadAsync(buffer, 0, buffer.Length, token)) > 0)
                    {
                        content?.Write(buffer, 0, n);
                    }

                    Stream? target = copy ? new MemoryStream() : input;
                    target?{|#0:.Write(buffer, 0, 1)|};
                    return content;
                }

                private async Task<int> ScanAsync(Stream content, Stream input, CancellationToken token)
                {
                    var buffer = new byte[4096];
                    int n = await input.ReadAsync(buffer, 0, buffer.Length, token);
                    content.Write(buffer, 0, n);
                    return n;
                }

                private async Task<int> CopyAsync(Stream content, Stream input, CancellationToken token)
                {
                    var buffer = new byte[4096];
                    int n = await input.ReadAsync(buffer, 0, buffer.Length, token);
                    content.{|#1:Write(buffer, 0, n)|};
                    return n;
                }

                public async Task<int> CopyPublicAsync(Stream content, Stream input, CancellationToken token)
                {
                    var buffer = new byte[4096];
                    int n = await input.ReadAsync(buffer, 0, buffer.Length, token);
                    content.{|#2:Write(buffer, 0, n)|};
                    return n;
                }

                public async Task<long> ParseAsync(Stream input, Stream output, CancellationToken token)
                {
                    var memory = new MemoryStream();
                    await ScanAsync(memory, input, token);
                    await ScanAsync(new CountingStream(), input, token);
                    using var counted = new CountingStream();
                    await ScanAsync(counted, input, token);
                    await CopyAsync(memory, input, token);
                    await CopyAsync(output, input, token);
                    return memory.Length;
                }
            }
            """,
            D(0, "Write", "WriteAsync"), D(1, "Write", "WriteAsync"), D(2, "Write", "WriteAsync"));

        // Phase 23, a monitoring app: a call of an iterator of this compilation only creates the enumerator (its body
        // blocks when enumerated, where REL410 reports it); awaiting the twin would load every page. A plain method stays.
        [Fact]
        public Task CallOfASourceIterator_NotReported_PlainMethodWithTwin_Reported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            interface ITable
            {
                IEnumerable<int> GetAll();
                Task<IEnumerable<int>> GetAllAsync();
                List<int> LoadAll();
                Task<List<int>> LoadAllAsync();
            }
            class Table : ITable
            {
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                public IEnumerable<int> GetAll()
                {
                    var buffer = new byte[16];
                    while (_socket.Receive(buffer) > 0) { yield return buffer[0]; }
                }
                public async Task<IEnumerable<int>> GetAllAsync()
                {
                    var buffer = new byte[16];
                    var all = new List<int>();
                    while (await _socket.ReceiveAsync(buffer, SocketFlags.None) > 0) { all.Add(buffer[0]); }
                    return all;
                }
                public List<int> LoadAll()
                {
                    var buffer = new byte[16];
                    var all = new List<int>();
                    while (_socket.Receive(buffer) > 0) { all.Add(buffer[0]); }
                    return all;
                }
                public async Task<List<int>> LoadAllAsync()
                {
                    var buffer = new byte[16];
                    var all = new List<int>();
                    while (await _socket.ReceiveAsync(buffer, SocketFlags.None) > 0) { all.Add(buffer[0]); }
                    return all;
                }
            }
            class History
            {
                public async Task<int> FirstAsync(Table table, ITable contract)
                {
                    await Task.Yield();
                    IEnumerable<int> rows = table.GetAll();
                    IEnumerable<int> viaInterface = contract.GetAll();
                    List<int> loaded = table.{|#0:LoadAll()|};
                    List<int> loadedViaInterface = contract.{|#1:LoadAll()|};
                    return loaded.Count + loadedViaInterface.Count;
                }
            }
            """,
            D(0, "LoadAll", "LoadAllAsync"), D(1, "LoadAll", "LoadAllAsync"));

        // Phase 23, a relay library: an internal static helper's public method copies WebSocket fragments into a stream
        // parameter; its one caller, in another type, buffers the body in a MemoryStream. A public type's helper is reported.
        [Fact]
        public Task AssemblyOnlyHelperWhoseEveryCallerHandsInMemory_NotReported_PublicHelper_Reported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.WebSockets;
            using System.Threading;
            using System.Threading.Tasks;
            static class SocketCopy
            {
                public static async Task<int> ReadMessageAsync(WebSocket socket, ArraySegment<byte> buffer, Stream destination, CancellationToken token)
                {
                    var result = await socket.ReceiveAsync(buffer, token);
                    destination.Write(buffer.Array!, buffer.Offset, result.Count);
                    return result.Count;
                }
            }
            public static class PublicCopy
            {
                public static async Task<int> ReadMessageAsync(WebSocket socket, ArraySegment<byte> buffer, Stream destination, CancellationToken token)
                {
                    var result = await socket.ReceiveAsync(buffer, token);
                    destination.{|#0:Write(buffer.Array!, buffer.Offset, result.Count)|};
                    return result.Count;
                }
            }
            class Connection
            {
                public async Task<long> ReceiveBodyAsync(WebSocket socket, CancellationToken token)
                {
                    Stream? body = null;
                    body = new MemoryStream(4096);
                    await SocketCopy.ReadMessageAsync(socket, new ArraySegment<byte>(new byte[4096]), body, token);
                    await PublicCopy.ReadMessageAsync(socket, new ArraySegment<byte>(new byte[4096]), body, token);
                    return body.Length;
                }
            }
            """,
            D(0, "Write", "WriteAsync"));

        [Fact]
        public Task SourceSyncMethodDoingOnlyInMemoryWorkAndWaits_NotReported_IoOrSyncOverAsyncBodies_Reported_DelegatesLeftToREL409() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            sealed class TrackingService
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
                private readonly Dictionary<ulong, string> _map = new Dictionary<ulong, string>();
                private bool _disposed;

                internal TrackingState GetPlayer(ulong id)
                {
                    ThrowIfDisposed();
                    _gate.Wait();
                    try { return _map.TryGetValue(id, out var m) ? Create(m) : new TrackingState("default", 0); }
                    finally { _gate.Release(); }
                }

                internal async ValueTask<TrackingState> GetPlayerAsync(ulong id, CancellationToken ct = default)
                {
                    await _gate.WaitAsync(ct).ConfigureAwait(false);
                    try { return _map.TryGetValue(id, out var m) ? Create(m) : new TrackingState("default", 0); }
                    finally { _gate.Release(); }
                }

                private void ThrowIfDisposed() { if (_disposed) throw new ObjectDisposedException(nameof(TrackingService)); }
                private static TrackingState Create(string m) => new TrackingState(m.ToUpperInvariant(), m.Length);

                internal int Receive(Socket socket, byte[] buffer) => socket.Receive(buffer);
                internal async Task<int> ReceiveAsync(Socket socket, byte[] buffer) => await socket.ReceiveAsync(buffer, SocketFlags.None);
                internal int Load(Task<int> pending) => pending.GetAwaiter().GetResult();
                internal async Task<int> LoadAsync(Task<int> pending) => await pending;
                internal int Indirect(Socket socket, byte[] buffer) => Receive(socket, buffer) + 1;
                internal async Task<int> IndirectAsync(Socket socket, byte[] buffer) => await ReceiveAsync(socket, buffer) + 1;
                internal object? Count(Npgsql.NpgsqlCommand command) => command.ExecuteScalar();
                internal async Task<object?> CountAsync(Npgsql.NpgsqlCommand command) => await command.ExecuteScalarAsync();
                internal int Run(Func<int> work) => work();
                internal async Task<int> RunAsync(Func<int> work) { await Task.Yield(); return work(); }
            }
            record TrackingState(string Name, int Count);
            interface IStore
            {
                int Fetch(string key);
                Task<int> FetchAsync(string key);
            }
            class User
            {
                async Task<int> Use(TrackingService service, IStore store, Socket socket, Task<int> pending)
                {
                    await Task.Yield();
                    var state = service.GetPlayer(1);
                    return state.Count + service.{|#0:Receive(socket, new byte[1])|} + service.{|#1:Load(pending)|}
                        + service.{|#2:Indirect(socket, new byte[1])|} + store.{|#3:Fetch("k")|};
                }

                async Task ThirdPartyAndDelegates(TrackingService service, Npgsql.NpgsqlCommand command)
                {
                    await Task.Yield();
                    service.{|#4:Count(command)|};
                    // A delegate is unknown work: REL409 (audit), not this view.
                    service.Run(() => 1);
                }
            }
            """,
            D(0, "Receive", "ReceiveAsync"),
            D(1, "Load", "LoadAsync"),
            D(2, "Indirect", "IndirectAsync"),
            D(3, "Fetch", "FetchAsync"),
            D(4, "Count", "CountAsync"));

        [Fact]
        public Task HttpAdoNetAndWaits_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Data.Common;
            using System.Diagnostics;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Worker
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                async Task Run(DbConnection connection, Process process, CancellationToken ct)
                {
                    using var response = _http.{|#0:Send(new HttpRequestMessage(HttpMethod.Get, "/"))|};
                    connection.{|#1:Open()|};
                    using DbCommand command = connection.CreateCommand();
                    command.CommandText = "select 1";
                    command.{|#2:ExecuteNonQuery()|};
                    object? one = command.{|#3:ExecuteScalar()|};
                    using DbDataReader reader = command.{|#4:ExecuteReader()|};
                    while (reader.{|#5:Read()|}) { Console.WriteLine(reader.GetString(0)); }
                    reader.{|#6:NextResult()|};
                    _gate.{|#7:Wait()|};
                    bool entered = _gate.{|#8:Wait(1000)|};
                    process.{|#9:WaitForExit()|};
                    await Task.Yield();
                }
            }
            """,
            D(0, "Send", "SendAsync"),
            D(1, "Open", "OpenAsync"),
            D(2, "ExecuteNonQuery", "ExecuteNonQueryAsync"),
            D(3, "ExecuteScalar", "ExecuteScalarAsync"),
            D(4, "ExecuteReader", "ExecuteReaderAsync"),
            D(5, "Read", "ReadAsync"),
            D(6, "NextResult", "NextResultAsync"),
            D(7, "Wait", "WaitAsync"),
            D(8, "Wait", "WaitAsync"),
            D(9, "WaitForExit", "WaitForExitAsync"));

        [Fact]
        public Task DapperQueryWithItsBufferedFlag_OverANetworkDatabase_IsReported() => Verify.VerifyAsync("""
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Dapper;
            using Npgsql;
            class Reports(string connectionString)
            {
                // Phase 26, a recall probe: 'Query<T>' has a 'buffered' flag that 'QueryAsync<T>' lacks; still its twin.
                public async Task<int> CountAsync(CancellationToken ct)
                {
                    await using var conn = new NpgsqlConnection(connectionString);
                    await conn.OpenAsync(ct);
                    var rows = conn.{|#0:Query<int>("select count(*) from jobs")|};
                    var names = conn.{|#1:Query<string>("select name from jobs", buffered: false)|};
                    int first = await conn.QueryFirstAsync<int>("select 1");
                    return rows.First() + names.Count() + first;
                }
            }
            """,
            D(0, "Query", "QueryAsync"),
            D(1, "Query", "QueryAsync"));

        [Fact]
        public Task OtherOptionalFlagsTheAsyncFormLacks_AreNoTwin() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public interface IUserStore
            {
                IReadOnlyList<string> GetUsers(bool includeDeleted = false);
                Task<IReadOnlyList<string>> GetUsersAsync();
                int Purge(int days, bool dryRun = true);
                Task<int> PurgeAsync(int days);
            }
            class Admin(IUserStore store)
            {
                // 'includeDeleted' and 'dryRun' select other work than the async forms do.
                public async Task<int> Run()
                {
                    var all = store.GetUsers(includeDeleted: true);
                    int would = store.Purge(30);
                    await Task.Yield();
                    return all.Count + would;
                }
            }
            """);

        [Fact]
        public Task ParseOfTextInMemory_IsNotReported_ParseOfAStreamOrAUrlIs() => Verify.VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Document { }
            // A parser library's surface (no body to read here).
            interface IHtmlParser
            {
                Document ParseDocument(string source);
                Task<Document> ParseDocumentAsync(string source, CancellationToken cancel = default);
                Document ParseDocument(Stream source);
                Task<Document> ParseDocumentAsync(Stream source, CancellationToken cancel = default);
                Document ParseFeed(string url);
                Task<Document> ParseFeedAsync(string url, CancellationToken cancel = default);
            }
            class Indexer
            {
                private readonly IHtmlParser _parser;
                Indexer(IHtmlParser parser) { _parser = parser; }
                async Task<Document[]> Search(Stream body, string feedUrl, CancellationToken ct)
                {
                    string html = await File.ReadAllTextAsync("page.html", ct);
                    var page = _parser.ParseDocument(html);
                    var streamed = _parser.{|#0:ParseDocument(body)|};
                    var feed = _parser.{|#1:ParseFeed(feedUrl)|};
                    return new[] { page, streamed, feed };
                }
            }
            """,
            D(0, "ParseDocument", "ParseDocumentAsync"),
            D(1, "ParseFeed", "ParseFeedAsync"));

        [Fact]
        public Task PrivateAsyncMethodOnlyBlockedOnByItsCallers_IsNotReported_OneThatIsAlsoAwaitedIs() => Verify.VerifyAsync("""
            using System.Data.Common;
            using System.Threading.Tasks;
            class DatabaseConfigurationProvider
            {
                private readonly DbConnection _connection;
                public DatabaseConfigurationProvider(DbConnection connection) { _connection = connection; }

                // Configuration providers load synchronously: every caller blocks on LoadAsync.
                public void Load() => LoadAsync().ConfigureAwait(false).GetAwaiter().GetResult();
                public void Reload() { LoadAsync().Wait(); }

                private async Task LoadAsync()
                {
                    _connection.Open();
                    await Task.Yield();
                }

                public void Refresh() => RefreshAsync().GetAwaiter().GetResult();
                public async Task RefreshLaterAsync() => await RefreshAsync();

                private async Task RefreshAsync()
                {
                    _connection.{|#0:Open()|};
                    await Task.Yield();
                }

                public Task PublicAsync()
                {
                    return Inner();
                    async Task Inner() { _connection.{|#1:Open()|}; await Task.Yield(); }
                }
            }
            """,
            D(0, "Open", "OpenAsync"),
            D(1, "Open", "OpenAsync"));

        [Fact]
        public async Task AssemblyOnlyAsyncMethodBlockedOnFromOtherFiles_IsNotReported_ExposedOrAwaitedOnesAre()
        {
            // Phase 22 (a database connector): an internal scope's dual methods, only ever blocked on from the synchronous
            // transaction callbacks in another file.
            var test = Verify.Create("""
                using System.Data.Common;
                using System.Threading.Tasks;
                internal class TransactionScopeState
                {
                    private readonly DbTransaction _transaction;
                    public TransactionScopeState(DbTransaction transaction) { _transaction = transaction; }

                    public async Task RollbackAsync(bool execAsync)
                    {
                        _transaction.Rollback();
                        await Task.Yield();
                    }

                    public async Task CommitAsync(bool execAsync)
                    {
                        _transaction.{|#0:Commit()|};
                        await Task.Yield();
                    }
                }

                public class PublicScope
                {
                    private readonly DbTransaction _transaction;
                    public PublicScope(DbTransaction transaction) { _transaction = transaction; }

                    public async Task RollbackAsync(bool execAsync)
                    {
                        _transaction.{|#1:Rollback()|};
                        await Task.Yield();
                    }
                }
                """,
                D(0, "Commit", "CommitAsync"),
                D(1, "Rollback", "RollbackAsync"));
            test.TestState.Sources.Add(("Callbacks.cs", """
                using System.Threading.Tasks;
                internal sealed class PromotableTransaction
                {
                    private readonly TransactionScopeState _scope;
                    private readonly PublicScope _public;
                    public PromotableTransaction(TransactionScopeState scope, PublicScope publicScope) { _scope = scope; _public = publicScope; }

                    public void Rollback() => _scope.RollbackAsync(false).GetAwaiter().GetResult();
                    public void Commit() => _scope.CommitAsync(false).GetAwaiter().GetResult();
                    public Task CommitLaterAsync() => _scope.CommitAsync(true);
                    public void RollbackPublic() => _public.RollbackAsync(false).GetAwaiter().GetResult();
                }
                """));
            await test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public async Task AssemblyOnlyAsyncMethod_WhenInternalsAreVisibleToAnotherProductAssembly_IsReported()
        {
            var test = Verify.Create("""
                using System.Data.Common;
                using System.Runtime.CompilerServices;
                using System.Threading.Tasks;
                [assembly: InternalsVisibleTo("Shop.Worker")]
                [assembly: InternalsVisibleTo("Shop.Tests")]
                internal class TransactionScopeState
                {
                    private readonly DbTransaction _transaction;
                    public TransactionScopeState(DbTransaction transaction) { _transaction = transaction; }

                    public async Task RollbackAsync(bool execAsync)
                    {
                        _transaction.{|#0:Rollback()|};
                        await Task.Yield();
                    }

                    public void Rollback() => RollbackAsync(false).GetAwaiter().GetResult();
                }
                """,
                D(0, "Rollback", "RollbackAsync"));
            await test.RunAsync(System.Threading.CancellationToken.None);
        }

        [Fact]
        public Task WaitForExitAfterAnEarlierWaitOnTheSameProcess_IsNotReported_AFirstWaitOrAnotherProcessIs() => Verify.VerifyAsync("""
            using System.Diagnostics;
            using System.Threading;
            using System.Threading.Tasks;
            class Runner
            {
                async Task<int> Timed(Process process, int timeoutMs)
                {
                    bool exited = await Task.Run(() => process.WaitForExit(timeoutMs));
                    if (!exited) { process.Kill(); }
                    process.WaitForExit(); // flushes the redirected-output events
                    return process.ExitCode;
                }

                async Task<int> AfterAsync(Process process, CancellationToken ct)
                {
                    await process.WaitForExitAsync(ct);
                    process.WaitForExit();
                    return process.ExitCode;
                }

                async Task<int> FirstWait(Process process, Process other, int timeoutMs)
                {
                    await Task.Yield();
                    process.{|#0:WaitForExit()|};
                    other.WaitForExit(timeoutMs);
                    process.{|#1:WaitForExit()|};
                    return process.ExitCode;
                }
            }
            """,
            D(0, "WaitForExit", "WaitForExitAsync"),
            D(1, "WaitForExit", "WaitForExitAsync"));

        [Fact]
        public Task EfCore_SaveChangesAndQueries_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Order { public int Id { get; set; } public bool Open { get; set; } }
            class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            class Orders
            {
                async Task<int> Close(ShopContext db)
                {
                    List<Order> open = db.Orders.Where(o => o.Open).{|#0:ToList()|};
                    Order first = db.Orders.{|#1:First(o => o.Id == 1)|};
                    Order single = db.Orders.AsNoTracking().{|#2:Single(o => o.Id == 2)|};
                    int count = db.Orders.{|#3:Count()|};
                    bool any = db.Orders.{|#4:Any(o => o.Open)|};
                    Order? found = db.Orders.{|#5:Find(3)|};
                    await Task.Yield();
                    return db.{|#6:SaveChanges()|} + open.Count + count;
                }
            }
            """,
            D(0, "ToList", "ToListAsync"),
            D(1, "First", "FirstAsync"),
            D(2, "Single", "SingleAsync"),
            D(3, "Count", "CountAsync"),
            D(4, "Any", "AnyAsync"),
            D(5, "Find", "FindAsync"),
            D(6, "SaveChanges", "SaveChangesAsync"));

        [Fact]
        public Task AsyncLambdasAndLocalFunctions_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Handlers
            {
                static readonly SemaphoreSlim Gate = new SemaphoreSlim(1);
                void Register(Func<string, Task> handler) { }
                void Setup()
                {
                    Register(async path => { Gate.{|#0:Wait()|}; await Task.Yield(); });
                    Register(path => { File.AppendAllText(path, "sync lambda: not async code"); return Task.CompletedTask; });
                    async Task Local(string p) { File.{|#1:Delete(p + ".tmp")|}; Gate.{|#2:Wait()|}; await Task.Yield(); }
                    _ = Local("a");
                }
            }
            """,
            D(0, "Wait", "WaitAsync"),
            // File.Delete has no twin (and file I/O is REL407 anyway).
            D(2, "Wait", "WaitAsync"));

        [Fact]
        public Task FalseTwins_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.IO;
            using System.IO.Pipelines;
            using System.Linq;
            using System.Text;
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using System.Xml;
            using Microsoft.EntityFrameworkCore;
            using Xunit;
            class Order { public int Id { get; set; } }
            class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            class Service
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                private readonly ManualResetEventSlim _ready = new ManualResetEventSlim();
                private readonly BlockingCollection<int> _queue = new BlockingCollection<int>();

                async Task Run(IDbContextFactory<ShopContext> factory, ShopContext db, PipeWriter pipe, CancellationTokenSource cts, Timer timer, CancellationTokenRegistration registration, XmlReader xml, Stream network)
                {
                    using ShopContext created = factory.CreateDbContext();
                    db.Orders.Add(new Order());
                    db.AddRange(new Order(), new Order());
                    db.Add(new Order());

                    var memory = new MemoryStream();
                    memory.Write(new byte[4], 0, 4);
                    memory.Flush();
                    memory.CopyTo(network);
                    network.CopyTo(memory);
                    JsonSerializer.Serialize(memory, new Order());
                    var reader = new StringReader("a\nb");
                    string? line = reader.ReadLine();
                    var writer = new StringWriter();
                    writer.WriteLine("x");
                    Console.Out.WriteLine("console writers are synchronized");

                    cts.Cancel();
                    pipe.Complete();
                    timer.Dispose();
                    registration.Dispose();
                    network.Dispose();

                    bool free = _gate.Wait(0);
                    _ready.Wait();
                    int item = _queue.Take();
                    Thread.Sleep(10);

                    xml.Read();
                    Assert.Equal(1, 1);
                    Action fail = () => throw new InvalidOperationException();
                    Assert.Throws<InvalidOperationException>(fail);
                    Assert.All(new[] { 1 }, x => Assert.True(x > 0));

                    var local = new List<int> { 1, 2 };
                    int n = local.Where(x => x > 1).ToList().Count + local.AsQueryable().Count() + local.First();
                    await Task.Yield();
                }

                void SyncMethod(string path) => File.ReadAllText(path);
                Task NotAsync(string path) { File.ReadAllText(path); return Task.CompletedTask; }
            }
            """);

        [Fact]
        public Task AsyncFlag_Recursion_FakeAndObsoleteTwins_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Store
            {
                private readonly Stream _inner = Stream.Null;
                async Task<int> ReadCore(byte[] buffer, bool async, CancellationToken ct)
                {
                    return async ? await _inner.ReadAsync(buffer, 0, buffer.Length, ct) : _inner.Read(buffer, 0, buffer.Length);
                }

                async Task<int> ReadBoth(byte[] buffer, bool useAsync)
                {
                    if (useAsync) { return await _inner.ReadAsync(buffer, 0, 1); }
                    else { return _inner.Read(buffer, 0, 1); }
                }

                // A database connector's flag threaded through every dual method (phase 21): its sync branch is the sync path.
                async Task FlushPacket(bool execAsync, Func<bool, Task> next)
                {
                    if (!execAsync) { _inner.Flush(); }
                    await next(execAsync);
                }

                // One code path for both callers, keyed on a flag named for the synchronous side.
                async ValueTask<int> ReadEither(byte[] buffer, bool isSynchronous)
                {
                    if (isSynchronous) { _inner.Flush(); return 0; }
                    return await _inner.ReadAsync(buffer, 0, 1);
                }

                public int Load(string key) => key.Length;
                public Task<int> LoadAsync(string key) => Task.Run(() => Load(key));
                public string Save(string key) => key;
                [Obsolete("use the other one")] public Task<string> SaveAsync(string key) => Task.FromResult(key);
                public int Fetch(string key) => key.Length;
                public async Task<int> FetchAsync(string key) { await Task.Yield(); return Fetch(key); }

                async Task Use() { Load("a"); Save("b"); await Task.Yield(); }
            }
            class LoggingStream : MemoryStream
            {
                public override async Task FlushAsync(CancellationToken cancellationToken) { Flush(); await Task.Yield(); }
            }
            """);

        // Phase 21, a database connector: the first wait on a semaphore created right here with a free slot cannot block.
        // An empty one, a field, a semaphore handed to someone else and a second wait can.
        [Fact]
        public Task FirstWaitOnFreshSemaphore_IsNotReported_OtherWaitsAre() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            class Transaction
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);

                async Task Rollback(Func<Task> next)
                {
                    SemaphoreSlim semaphoreSlim = new(1);
                    semaphoreSlim.Wait();
                    await next();
                    semaphoreSlim.Release();
                }

                async Task Others(Func<Task> next, Action<SemaphoreSlim> share)
                {
                    var empty = new SemaphoreSlim(0);
                    empty.{|#0:Wait()|};
                    _gate.{|#1:Wait()|};
                    var shared = new SemaphoreSlim(1);
                    share(shared);
                    shared.{|#2:Wait()|};
                    var twice = new SemaphoreSlim(1);
                    twice.Wait();
                    twice.{|#3:Wait()|};
                    var looped = new SemaphoreSlim(1);
                    for (int i = 0; i < 3; i++)
                    {
                        looped.{|#4:Wait()|};
                        await next();
                    }
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("Wait", "WaitAsync"),
            Verify.Diagnostic("REL404").WithLocation(1).WithArguments("Wait", "WaitAsync"),
            Verify.Diagnostic("REL404").WithLocation(2).WithArguments("Wait", "WaitAsync"),
            Verify.Diagnostic("REL404").WithLocation(3).WithArguments("Wait", "WaitAsync"),
            Verify.Diagnostic("REL404").WithLocation(4).WithArguments("Wait", "WaitAsync"));

        // Phase 21: a method that only takes 'execAsync' (it does not branch on it here) runs this call on the async path
        // too; a connector that threads the flag through every method blocks there (a rollback, a kill query).
        [Fact]
        public Task ExecAsyncFlag_NotBranchedOn_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading.Tasks;
            class Connection
            {
                private readonly Stream _inner = Stream.Null;

                async Task<int> ReadPacket(byte[] buffer, bool execAsync, Func<bool, Task> close)
                {
                    int read = _inner.{|#0:Read(buffer, 0, 1)|};
                    await close(execAsync);
                    return read;
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("Read", "ReadAsync"));

        [Fact]
        public Task TwinsThatWrapTheSyncMember_AreNotReported() => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Data.Sqlite;
            using Microsoft.Extensions.Caching.Distributed;
            class Archive
            {
                public int Pack(string path) => path.Length;
                public async Task<int> PackAsync(string path) => await Task.Run(() => Pack(path));
                public int Scan(string path) => path.Length;
                public async Task<int> ScanAsync(string path, CancellationToken ct = default) { ct.ThrowIfCancellationRequested(); await Task.Yield(); return this.Scan(path); }
                public int Hash(string path) => path.Length;
                public async Task<int> HashAsync(string path) => await Task.Factory.StartNew(() => path.Length * 31);
                public int Sign(string path) => System.Net.Dns.GetHostEntry(path).AddressList.Length;
                public async Task<int> SignAsync(string path) { await Task.Delay(1); return path.Length; }
            }
            class Use
            {
                async Task<int> Run(Archive archive, SqliteCommand command, SqliteConnection connection, MemoryDistributedCache cache)
                {
                    await Task.Yield();
                    connection.Open();
                    command.ExecuteNonQuery();
                    byte[]? cached = cache.Get("k");
                    var parsed = Microsoft.AspNetCore.Mvc.Formatters.InputFormatterResult.Success(cached);
                    using var response = new System.Net.Http.HttpResponseMessage();
                    using var stream = response.Content.ReadAsStream(CancellationToken.None);
                    return archive.Pack("a") + archive.Scan("b") + archive.Hash("c") + archive.{|#0:Sign("d")|};
                }
            }
            """,
            D(0, "Sign", "SignAsync"));

        [Fact]
        public Task EnumIoBehaviorDualPath_AndWrappersOverMemory_AreNotReported() => Verify.VerifyAsync("""
            using System.IO;
            using System.IO.Compression;
            using System.Net.Sockets;
            using System.Security.Cryptography;
            using System.Text.Json;
            using System.Threading.Tasks;
            enum IOBehavior { Synchronous, Asynchronous }
            class Session
            {
                async Task<int> ReadAsync(Stream stream, byte[] buffer, IOBehavior ioBehavior)
                {
                    if (ioBehavior == IOBehavior.Asynchronous) { return await stream.ReadAsync(buffer, 0, buffer.Length); }
                    return ioBehavior == IOBehavior.Synchronous ? stream.Read(buffer, 0, buffer.Length) : 0;
                }

                async Task<byte[]> Encrypt(byte[] data, ICryptoTransform transform, NetworkStream file)
                {
                    await Task.Yield();
                    var ms = new MemoryStream();
                    using var crypto = new CryptoStream(ms, transform, CryptoStreamMode.Write);
                    crypto.Write(data, 0, data.Length);
                    crypto.FlushFinalBlock();
                    using var json = new Utf8JsonWriter(ms);
                    json.Flush();
                    using var zip = new GZipStream(new MemoryStream(), CompressionLevel.Fastest);
                    zip.Write(data, 0, data.Length);
                    using var onDisk = new GZipStream(file, CompressionLevel.Fastest);
                    onDisk.{|#0:Write(data, 0, data.Length)|};
                    return ms.ToArray();
                }
            }
            """,
            D(0, "Write", "WriteAsync"));

        [Fact]
        public Task QueryClauses_AndBaseDefaultAsync_AreNotReported() => Verify.VerifyAsync("""
            using System.Data;
            using System.Data.Common;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Npgsql;
            class Order { public int Id { get; set; } public int Customer { get; set; } }
            class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); public DbSet<Order> Archived => Set<Order>(); }
            abstract class LegacyTransaction : DbTransaction
            {
                public override void Commit() { }
                public override void Rollback() { }
            }
            class Orders
            {
                async Task<int> Report(ShopContext db, LegacyTransaction legacy, NpgsqlTransaction npgsql)
                {
                    var query = from o in db.Orders
                                where !db.Archived.Any(a => a.Id == o.Id)
                                select new { o.Id, Count = db.Orders.Count(x => x.Customer == o.Customer) };
                    var rows = await query.ToListAsync();
                    legacy.Commit();
                    npgsql.{|#0:Commit()|};
                    return rows.Count + (from o in db.Orders select o).{|#1:Count()|};
                }
            }
            """,
            D(0, "Commit", "CommitAsync"),
            D(1, "Count", "CountAsync"));

        [Fact]
        public Task FakeTwinOverride_HidesTheBaseDeclaration_RealOverrideDoesNot() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            abstract class RecordCache
            {
                public abstract Task<string?> LookupAsync(string name);
            }
            // In-memory: the async member only wraps the sync lookup, and a call on this type dispatches to it.
            sealed class MemoryRecordCache : RecordCache
            {
                private readonly Dictionary<string, string> _records = new();
                public override Task<string?> LookupAsync(string name) => Task.FromResult(Lookup(name));
                public string? Lookup(string name) => _records.TryGetValue(name, out var value) ? value : null;
            }
            // Backed by a remote store: the override really is asynchronous.
            sealed class RemoteRecordCache : RecordCache
            {
                public override async Task<string?> LookupAsync(string name) { await Task.Delay(1); return name; }
                public string? Lookup(string name) => System.Net.Dns.GetHostEntry(name).HostName;
            }
            class Resolver
            {
                async Task<string?> ResolveAsync(MemoryRecordCache memory, RemoteRecordCache remote, string name)
                {
                    await Task.Yield();
                    return memory.Lookup(name) ?? remote.{|#0:Lookup(name)|};
                }
            }
            """,
            D(0, "Lookup", "LookupAsync"));

        [Fact]
        public Task SourceTwin_IsReported_AndEnclosingTwinIsNot() => Verify.VerifyAsync("""
            using System.Threading;
            using System.Threading.Tasks;
            class Repository
            {
                public int Fetch(string key) => System.Net.Dns.GetHostEntry(key).AddressList.Length;
                public async Task<int> FetchAsync(string key, CancellationToken ct = default) { await Task.Delay(1, ct); return key.Length; }
                async Task<int> Other(Repository other) { await Task.Yield(); return other.{|#0:Fetch("k")|}; }
            }
            """,
            D(0, "Fetch", "FetchAsync"));

        // Phase 25, an MQTT broker: completing an in-memory pipe (directly or through the project's own extension with a
        // CompleteAsync twin) flips state and schedules callbacks; it does not wait.
        [Fact]
        public Task CompletingAPipe_IsNotReported() => Verify.VerifyAsync("""
            using System.IO.Pipelines;
            using System.Threading.Tasks;
            static class PipeExtensions
            {
                public static void Complete(this Pipe pipe) { pipe.Reader.Complete(); pipe.Writer.Complete(); }
                public static async ValueTask CompleteAsync(this Pipe pipe) { await pipe.Reader.CompleteAsync(); await pipe.Writer.CompleteAsync(); }
            }
            class Adapter
            {
                private readonly Pipe _input = new Pipe();
                public async ValueTask DisposeAsync()
                {
                    await Task.Yield();
                    _input.Complete();
                    _input.Writer.Complete();
                }
            }

            // A job's own Complete() that writes its state: a blocking call with an async twin, still reported.
            class Job
            {
                public void Complete() => System.IO.File.WriteAllText("job.state", "done");
                public Task CompleteAsync() => System.IO.File.WriteAllTextAsync("job.state", "done");
                public async Task RunAsync() { await Task.Yield(); {|#0:Complete()|}; }
            }
            """,
            D(0, "Complete", "CompleteAsync"));

        // Phase 25: the completion helper lives in another project of the solution (read from metadata, no body to see):
        // a 'Complete' extension on a System.IO.Pipelines type is judged by its receiver.
        [Fact]
        public Task CompletingAPipe_ThroughAnotherProjectsExtension_IsNotReported()
        {
            var test = Verify.Create("""
                using System.IO.Pipelines;
                using System.Threading.Tasks;
                using Pipes.Common;
                class Adapter
                {
                    private readonly Pipe _input = new Pipe();
                    public async ValueTask DisposeAsync()
                    {
                        await Task.Yield();
                        _input.Complete();
                    }
                }
                """);
            var common = new ProjectState("Pipes.Common", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Pipes.Common/", "cs");
            common.Sources.Add(("/Pipes.Common/PipeExtensions.cs", """
                using System.IO.Pipelines;
                using System.Threading.Tasks;
                namespace Pipes.Common
                {
                    public static class PipeExtensions
                    {
                        public static void Complete(this Pipe pipe) { pipe.Reader.Complete(); pipe.Writer.Complete(); }
                        public static async ValueTask CompleteAsync(this Pipe pipe) { await pipe.Reader.CompleteAsync(); await pipe.Writer.CompleteAsync(); }
                    }
                }
                """));
            common.AdditionalReferences.AddRange(ReliabilityAnalyzers.Tests.Infrastructure.TestReferences.References);
            test.TestState.AdditionalProjects.Add("Pipes.Common", common);
            test.TestState.AdditionalProjectReferences.Add("Pipes.Common");
            return test.RunAsync();
        }

        [Fact]
        public Task EventBasedTypes_TaskAsyncAndNamedTwins_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Mail;
            using System.Net.NetworkInformation;
            using System.Threading.Tasks;
            class Notifier
            {
                private readonly SmtpClient _smtp = new SmtpClient("smtp.example.test");

                public async Task<string> Poll(Uri feed, MailMessage mail, Ping ping)
                {
            #pragma warning disable SYSLIB0014
                    using var web = new WebClient();
            #pragma warning restore SYSLIB0014
                    string body = web.{|#0:DownloadString(feed)|};
                    byte[] raw = web.{|#1:DownloadData(feed)|};
                    string reply = web.{|#2:UploadString(feed, body)|};
                    _smtp.{|#3:Send(mail)|};
                    _smtp.{|#4:Send("from@example.test", "to@example.test", "subject", reply)|};
                    PingReply echo = ping.{|#5:Send("example.test")|};
                    await Task.Yield();
                    return body + raw.Length + echo.Status;
                }
            }
            """,
            D(0, "DownloadString", "DownloadStringTaskAsync"),
            D(1, "DownloadData", "DownloadDataTaskAsync"),
            D(2, "UploadString", "UploadStringTaskAsync"),
            D(3, "Send", "SendMailAsync"),
            D(4, "Send", "SendMailAsync"),
            D(5, "Send", "SendPingAsync"));

        [Fact]
        public Task EventBasedTwinLookup_NeedsAVoidXAsync_AndMatchingParameters() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Threading.Tasks;
            class Queue
            {
                // No event-based SendAsync: SendBatchAsync is another operation, not the twin of Send.
                public void Send(string message) { }
                public Task SendBatchAsync(string message) => Task.CompletedTask;
            }
            class Legacy
            {
                // Event-based SendAsync (void), but the only Send...Async candidate takes other parameters.
                public void Send(string message) { }
                public void SendAsync(string message, object state) { }
                public Task SendReportAsync(int count) => Task.CompletedTask;
            }
            class Caller
            {
                async Task Run(Queue queue, Legacy legacy, Uri feed)
                {
                    queue.Send("m");
                    legacy.Send("m");
                    await Task.Yield();
                }

                string Sync(Uri feed)
                {
            #pragma warning disable SYSLIB0014
                    using var web = new WebClient();
            #pragma warning restore SYSLIB0014
                    return web.DownloadString(feed); // not async code
                }
            }
            """);

        [Fact]
        public Task ExcludedMethodsOption_SilencesMethodsAndTypes()
        {
            var test = Verify.Create("""
                using System.IO;
                using System.Threading;
                using System.Threading.Tasks;
                class Exporter
                {
                    async Task Export(Stream network, SemaphoreSlim gate)
                    {
                        network.Write(new byte[1], 0, 1);
                        network.{|#0:Flush()|};
                        gate.Wait();
                        await Task.Yield();
                    }
                }
                """, D(0, "Flush", "FlushAsync"));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig",
                "root = true\n[*.cs]\nreliability.REL404.excluded_methods = M:System.IO.Stream.Write, T:System.Threading.SemaphoreSlim\n"));
            return test.RunAsync();
        }

        [Fact]
        public Task IncompleteCode_DoesNotCrash()
        {
            var test = Verify.Create("""
                using System.IO;
                using System.Threading.Tasks;
                class Service { async Task A(string p) { var x = File.ReadAllText(p. ; File.Nope( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_AwaitsTwin_PassesToken_KeepsConfigureAwait_FixAll() => VerifyFix.VerifyAsync("""
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                async Task<int> Export(Stream network, StreamReader reader, CancellationToken ct)
                {
                    await Task.Delay(1, ct).ConfigureAwait(false);
                    _gate.{|#0:Wait()|};
                    string text = reader.{|#1:ReadToEnd()|}.Trim();
                    network.{|#2:Flush()|};
                    return text.Length;
                }
            }
            """, """
            using System.IO;
            using System.Threading;
            using System.Threading.Tasks;
            class Exporter
            {
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(1);
                async Task<int> Export(Stream network, StreamReader reader, CancellationToken ct)
                {
                    await Task.Delay(1, ct).ConfigureAwait(false);
                    await _gate.WaitAsync(ct).ConfigureAwait(false);
                    string text = (await reader.ReadToEndAsync(ct).ConfigureAwait(false)).Trim();
                    await network.FlushAsync(ct).ConfigureAwait(false);
                    return text.Length;
                }
            }
            """,
            REL404BlockingCallWithAsyncTwinCodeFix.AwaitTwinKey,
            VerifyFix.Diagnostic("REL404").WithLocation(0).WithArguments("Wait", "WaitAsync"),
            VerifyFix.Diagnostic("REL404").WithLocation(1).WithArguments("ReadToEnd", "ReadToEndAsync"),
            VerifyFix.Diagnostic("REL404").WithLocation(2).WithArguments("Flush", "FlushAsync"));

        [Fact]
        public Task Fix_EventBasedTypes_AwaitTheLongerNamedTwin_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Mail;
            using System.Threading;
            using System.Threading.Tasks;
            class Notifier
            {
            #pragma warning disable SYSLIB0014
                async Task<int> Run(WebClient web, SmtpClient smtp, Uri feed, MailMessage mail, CancellationToken ct)
                {
                    await Task.Delay(1, ct);
                    string body = web.{|#0:DownloadString(feed)|};
                    smtp.{|#1:Send(mail)|};
                    return body.Length;
                }
            }
            """, """
            using System;
            using System.Net;
            using System.Net.Mail;
            using System.Threading;
            using System.Threading.Tasks;
            class Notifier
            {
            #pragma warning disable SYSLIB0014
                async Task<int> Run(WebClient web, SmtpClient smtp, Uri feed, MailMessage mail, CancellationToken ct)
                {
                    await Task.Delay(1, ct);
                    string body = await web.DownloadStringTaskAsync(feed);
                    await smtp.SendMailAsync(mail, ct);
                    return body.Length;
                }
            }
            """,
            REL404BlockingCallWithAsyncTwinCodeFix.AwaitTwinKey,
            VerifyFix.Diagnostic("REL404").WithLocation(0).WithArguments("DownloadString", "DownloadStringTaskAsync"),
            VerifyFix.Diagnostic("REL404").WithLocation(1).WithArguments("Send", "SendMailAsync"));

        [Fact]
        public Task Fix_EfCore_TokenPassed_ButNotIntoParamsKeys_FixAll() => VerifyFix.VerifyAsync("""
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Order { public int Id { get; set; } }
            class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            class Orders
            {
                async Task<int> Count(ShopContext db, CancellationToken ct)
                {
                    var list = db.Orders.Where(o => o.Id > 0).{|#0:ToList()|};
                    Order? one = db.Orders.{|#2:Find(1)|};
                    await Task.Yield();
                    return list.Count + db.{|#1:SaveChanges()|};
                }
            }
            """, """
            using System.Linq;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            class Order { public int Id { get; set; } }
            class ShopContext : DbContext { public DbSet<Order> Orders => Set<Order>(); }
            class Orders
            {
                async Task<int> Count(ShopContext db, CancellationToken ct)
                {
                    var list = await db.Orders.Where(o => o.Id > 0).ToListAsync(ct);
                    Order? one = await db.Orders.FindAsync(1);
                    await Task.Yield();
                    return list.Count + await db.SaveChangesAsync(ct);
                }
            }
            """,
            REL404BlockingCallWithAsyncTwinCodeFix.AwaitTwinKey,
            VerifyFix.Diagnostic("REL404").WithLocation(0).WithArguments("ToList", "ToListAsync"),
            VerifyFix.Diagnostic("REL404").WithLocation(1).WithArguments("SaveChanges", "SaveChangesAsync"),
            VerifyFix.Diagnostic("REL404").WithLocation(2).WithArguments("Find", "FindAsync"));

        [Fact]
        public Task Fix_NotOffered_InLock_OrForMemoryTwins()
        {
            const string source = """
                using System;
                using System.IO;
                using System.Threading.Tasks;
                class Exporter
                {
                    private readonly object _sync = new object();
                    async Task Export(Stream network)
                    {
                        lock (_sync) { network.{|#0:Flush()|}; }
                        network.{|#1:Write(new byte[2].AsSpan())|};
                        await Task.Yield();
                    }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL404BlockingCallWithAsyncTwinCodeFix.AwaitTwinKey };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL404").WithLocation(0).WithArguments("Flush", "FlushAsync"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL404").WithLocation(1).WithArguments("Write", "WriteAsync"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_NotOffered_ForATwinLackingAnOptionalFlag()
        {
            // 'buffered: false' has no place in QueryAsync: the call is reported, the rewrite is left to the user.
            const string source = """
                using System.Linq;
                using System.Threading.Tasks;
                using Dapper;
                using Npgsql;
                class Reports
                {
                    async Task<int> Count(NpgsqlConnection conn)
                    {
                        var names = conn.{|#0:Query<string>("select name from jobs", buffered: false)|};
                        await Task.Yield();
                        return names.Count();
                    }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL404BlockingCallWithAsyncTwinCodeFix.AwaitTwinKey };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL404").WithLocation(0).WithArguments("Query", "QueryAsync"));
            return test.RunAsync();
        }
    }
}
