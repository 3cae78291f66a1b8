using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL307UnboundedConcurrencyAuditAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL307UnboundedConcurrencyAuditTests
    {
        private const string Pool = "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate each call with a SemaphoreSlim";

        private static DiagnosticResult D(int location, string what, string fix) =>
            new DiagnosticResult("REL307", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what, fix);

        // Phase 25, a job-storage library's schema step: REL305's parallel loop over blocking I/O, in migration code.
        [Fact]
        public Task ParallelLoopInMigrationCode_IsListed() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;
            public interface IMongoMigrationStep { void Execute(IEnumerable<string> ids); }
            public sealed class AddTypeToSetDto : IMongoMigrationStep
            {
                private readonly HttpClient _http = new HttpClient();
                public void Execute(IEnumerable<string> ids) =>
                    {|#0:Parallel.ForEach(ids, id => { _ = _http.GetStringAsync("docs/" + id).Result; })|};
            }
            public sealed class Importer
            {
                private readonly HttpClient _http = new HttpClient();
                public void Execute(IEnumerable<string> ids) =>
                    Parallel.ForEach(ids, id => { _ = _http.GetStringAsync("docs/" + id).Result; });
            }
            """,
            new DiagnosticResult("REL307", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0)
                .WithArguments("Parallel.ForEach runs I/O-bound work in migration code with no ParallelOptions", "Pass ParallelOptions with a MaxDegreeOfParallelism, or use Parallel.ForEachAsync with a limit"));

        [Fact]
        public Task UnboundedShapes_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using System.Threading.Tasks.Dataflow;
            class Pipeline
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly SemaphoreSlim _gate = {|#0:new SemaphoreSlim(int.MaxValue)|};

                ActionBlock<string> Build() => new ActionBlock<string>(url => _http.GetStringAsync(url), new ExecutionDataflowBlockOptions
                {
                    {|#1:BoundedCapacity = DataflowBlockOptions.Unbounded|},
                    {|#2:MaxDegreeOfParallelism = -1|},
                });

                Task<string[]> FetchAll(IEnumerable<string> urls) => {|#3:Task.WhenAll(urls.Select(url => _http.GetStringAsync(url)))|};
                Task SendAll(List<string> ids) => {|#4:Task.WhenAll(ids.Select(Send).ToList())|};

                async Task Notify(IReadOnlyList<string> recipients)
                {
                    var tasks = new List<Task>();
                    foreach (var r in recipients)
                    {
                        tasks.Add(Send(r));
                    }

                    await {|#5:Task.WhenAll(tasks)|};
                }

                Task Send(string id) => _http.PostAsync("/send/" + id, null);
            }
            class Server
            {
                async Task Listen(TcpListener listener)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    OnAccepted(client);
                }

                void OnAccepted(TcpClient client)
                {
                    var thread = {|#6:new Thread(() => Serve(client))|};
                    thread.Start();
                    var other = {|#7:new Thread(ServeObject)|};
                    other.Start(client);
                }

                void Serve(TcpClient client) { }
                void ServeObject(object? state) { }
            }
            """,
            D(0, "new SemaphoreSlim(int.MaxValue) starts with int.MaxValue permits and never makes a caller wait", "Size the semaphore for the concurrency the protected resource can take, such as new SemaphoreSlim(32, 32)"),
            D(1, "BoundedCapacity = DataflowBlockOptions.Unbounded lets the block buffer any number of messages", "Set BoundedCapacity to the backlog you can hold and post with SendAsync, which waits when the block is full"),
            D(2, "MaxDegreeOfParallelism = DataflowBlockOptions.Unbounded lets the block process any number of messages at once", "Set MaxDegreeOfParallelism to what the downstream service can take, such as Environment.ProcessorCount"),
            D(3, "Task.WhenAll starts one task per input item (a Select that returns a task for each) all at once", Pool),
            D(4, "Task.WhenAll starts one task per input item (a Select that returns a task for each) all at once", Pool),
            D(5, "Task.WhenAll waits for a list filled with one task per item of a loop, all started at once", Pool),
            D(6, "A dedicated Thread is started for each accepted connection", "Serve connections with async I/O on the thread pool, gated by a SemaphoreSlim sized for the maximum connections"),
            D(7, "A dedicated Thread is started for each accepted connection", "Serve connections with async I/O on the thread pool, gated by a SemaphoreSlim sized for the maximum connections"));

        [Fact]
        public Task BoundedOrFixedShapes_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using System.Threading.Tasks.Dataflow;
            class Pipeline
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly SemaphoreSlim _gate = new SemaphoreSlim(16, 16);
                private readonly SemaphoreSlim _signals = new SemaphoreSlim(0, int.MaxValue);

                ActionBlock<string> Build() => new ActionBlock<string>(url => _http.GetStringAsync(url), new ExecutionDataflowBlockOptions
                {
                    BoundedCapacity = 100,
                    MaxDegreeOfParallelism = Environment.ProcessorCount,
                });

                Task<string[]> Fixed() => Task.WhenAll(new[] { "a", "b" }.Select(url => _http.GetStringAsync(url)));
                Task<int[]> Cpu(int[] items) => Task.WhenAll(items.Select(i => Task.Run(() => i * i)));
                Task<string[]> Async(IEnumerable<string> urls) => Task.WhenAll(urls.Select(async url => await _http.GetStringAsync(url)));
                Task Two(Task a, Task b) => Task.WhenAll(a, b);

                async Task Workers(CancellationToken ct)
                {
                    var workers = new List<Task>();
                    for (int i = 0; i < 4; i++) { workers.Add(Work(ct)); }
                    await Task.WhenAll(workers);
                }

                async Task Gated(IReadOnlyList<string> ids)
                {
                    var tasks = new List<Task>();
                    foreach (var id in ids)
                    {
                        await _gate.WaitAsync();
                        tasks.Add(SendAndRelease(id));
                    }

                    await Task.WhenAll(tasks);
                }

                async Task Batched(IReadOnlyList<string> ids)
                {
                    var tasks = new List<Task>();
                    foreach (var id in ids)
                    {
                        tasks.Add(Send(id));
                        if (tasks.Count == 10) { await Task.WhenAll(tasks); tasks.Clear(); }
                    }

                    await Task.WhenAll(tasks);
                }

                Task Work(CancellationToken ct) => Task.Delay(1, ct);
                Task Send(string id) => _http.PostAsync("/send/" + id, null);
                async Task SendAndRelease(string id) { try { await Send(id); } finally { _gate.Release(); } }
            }
            class Client
            {
                // A client's one reader thread for its one connection: no accept in this type.
                private readonly Thread _reader;
                public Client(TcpClient connection) { _reader = new Thread(() => Read(connection)); _reader.Start(); }
                void Read(TcpClient connection) { }
            }
            class LoopServer
            {
                void Worker() { var t = new Thread(() => Serve(null!)); }
                void Serve(TcpClient client) { }
            }
            """);

        private const string Accept = "An accept loop starts a task or thread per connection";
        private const string Gate = "Gate the loop with a SemaphoreSlim sized for the maximum connections (wait before accepting, release when the connection ends)";

        [Fact]
        public Task AcceptLoopsStartingWorkPerConnection_AreReported_Once() => Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                async Task AcceptLoop(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        _ = {|#0:Task.Run(() => Handle(client))|};
                    }
                }

                async Task ListenerLoop(HttpListener listener)
                {
                    while (true)
                    {
                        var context = await listener.GetContextAsync();
                        _ = {|#1:HandleAsync(context)|};
                    }
                }

                // A thread started inside the accept loop: one finding, as an accept loop (not again as a thread per connection).
                void Listen(TcpListener listener)
                {
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        {|#2:new Thread(() => Handle(client)).Start()|};
                    }
                }

                void SocketLoop(Socket socket)
                {
                    for (;;)
                    {
                        var accepted = socket.Accept();
                        {|#3:ThreadPool.QueueUserWorkItem(_ => accepted.Dispose())|};
                    }
                }

                void Handle(TcpClient client) { }
                Task HandleAsync(HttpListenerContext context) => Task.CompletedTask;
            }
            """,
            D(0, Accept, Gate), D(1, Accept, Gate), D(2, Accept, Gate), D(3, Accept, Gate));

        [Fact]
        public Task GatedSequentialOrLocalIpcAcceptLoops_AreNotReported() => Verify.VerifyAsync("""
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                readonly SemaphoreSlim _gate = new SemaphoreSlim(100);

                async Task GatedAcceptLoop(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        await _gate.WaitAsync(ct);
                        var client = await listener.AcceptTcpClientAsync(ct);
                        _ = Task.Run(async () => { try { await Handle(client); } finally { _gate.Release(); } });
                    }
                }

                async Task SequentialAcceptLoop(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var client = await listener.AcceptTcpClientAsync(ct);
                        await Handle(client);
                    }
                }

                // Local IPC over a Unix domain socket (found in dotnet/aspire): cooperating processes, not network clients.
                async Task UnixSocketLoop(string path, CancellationToken ct)
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    socket.Bind(new UnixDomainSocketEndPoint(path));
                    socket.Listen(10);
                    while (!ct.IsCancellationRequested)
                    {
                        var accepted = await socket.AcceptAsync(ct);
                        _ = Task.Run(() => accepted.Dispose());
                    }
                }

                Task Handle(TcpClient client) => Task.CompletedTask;
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading;
                using System.Threading.Tasks;
                class C { SemaphoreSlim s = new SemaphoreSlim(int.MaxValue; Task M() => Task.WhenAll(; }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("REL307", DiagnosticSeverity.Info).WithSpan(3, 29, 3, 59));
            return test.RunAsync(CancellationToken.None);
        }
    
        private const string WhenAllSelect = "Task.WhenAll starts one task per input item (a Select that returns a task for each) all at once";
        private const string WhenAllFix = "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate each call with a SemaphoreSlim";

        [Fact]
        public Task WhenAll_OverALocalBuiltBySelect_IsReported_TakeOfAConstant_IsNot() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            class Orders
            {
                Task ProcessAsync(int id) => Task.CompletedTask;

                async Task ImportAll(IReadOnlyList<int> ids)
                {
                    var tasks = ids.Select(id => ProcessAsync(id)).ToList();
                    await {|#0:Task.WhenAll(tasks)|};
                }

                async Task ImportArray(IEnumerable<int> ids)
                {
                    Task[] pending = ids.Select(ProcessAsync).ToArray();
                    await {|#1:Task.WhenAll(pending)|};
                }

                // A fixed-size prefix of the input, a reassigned local, and a fixed set: not unbounded.
                Task FirstTen(IEnumerable<int> ids) => Task.WhenAll(ids.Take(10).Select(ProcessAsync));

                async Task Reassigned(IEnumerable<int> ids)
                {
                    var tasks = ids.Select(id => ProcessAsync(id)).ToList();
                    tasks = new List<Task> { ProcessAsync(1) };
                    await Task.WhenAll(tasks);
                }

                async Task Fixed()
                {
                    var tasks = new List<Task> { ProcessAsync(1), ProcessAsync(2) };
                    await Task.WhenAll(tasks);
                }
            }
            """,
            D(0, WhenAllSelect, WhenAllFix), D(1, WhenAllSelect, WhenAllFix));
    
        private const string WhenAllLoop = "Task.WhenAll waits for a list filled with one task per item of a loop, all started at once";

        [Fact]
        public Task AsyncSelectWithoutAnOutboundClient_AndTaskRunOfAsyncWork_AreReported_RestAreNot() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Importer
            {
                private readonly HttpClient _http = new HttpClient();
                Task ImportAsync(int id) => Task.CompletedTask;
                int Compute(int id) => id * 2;

                Task All(int[] ids) => {|#0:Task.WhenAll(ids.Select(async id => { await ImportAsync(id); }))|};

                async Task Wrapped(IEnumerable<int> ids)
                {
                    var tasks = new List<Task>();
                    foreach (var id in ids) tasks.Add(Task.Run(() => ImportAsync(id)));
                    await {|#1:Task.WhenAll(tasks)|};
                }

                // REL305 reports the outbound async Select at warning; CPU work on the pool is bounded by the pool.
                Task Outbound(IEnumerable<string> urls) => Task.WhenAll(urls.Select(async u => await _http.GetStringAsync(u)));

                async Task Cpu(IEnumerable<int> ids)
                {
                    var tasks = new List<Task>();
                    foreach (var id in ids) tasks.Add(Task.Run(() => Compute(id)));
                    await Task.WhenAll(tasks);
                }

                Task NoAwait(int[] ids) => Task.WhenAll(ids.Select(async id => Compute(id)));
            }
            """,
            D(0, WhenAllSelect, WhenAllFix), D(1, WhenAllLoop, WhenAllFix));
    }
}
