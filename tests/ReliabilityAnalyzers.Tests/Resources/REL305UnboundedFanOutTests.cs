using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL305UnboundedFanOutAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL305UnboundedFanOutTests
    {
        [Fact]
        public Task UnboundedFanOut_IsReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                readonly HttpClient _http = new HttpClient();

                async Task AcceptLoop(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        _ = Task.Run(() => Handle(client)); // REL307 (audit level) reports server accept loops
                    }
                }

                async Task ListenerLoop(HttpListener listener)
                {
                    while (true)
                    {
                        var context = await listener.GetContextAsync();
                        _ = HandleAsync(context);
                    }
                }

                Task<string[]> FetchAll(IEnumerable<string> urls) =>
                    {|#2:Task.WhenAll(urls.Select(async url => await _http.GetStringAsync(url)))|};

                void Crawl(List<string> urls)
                {
                    {|#3:Parallel.ForEach(urls, url => { var page = _http.GetStringAsync(url).Result; })|};
                    var options = new ParallelOptions { {|#4:MaxDegreeOfParallelism = -1|} };
                    Parallel.ForEach(urls, options, url => { });
                }

                void Handle(TcpClient client) { }
                Task HandleAsync(HttpListenerContext context) => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic("REL305").WithLocation(2).WithArguments("Task.WhenAll over an async Select", "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate the body with a SemaphoreSlim"),
            Verify.Diagnostic("REL305").WithLocation(3).WithArguments("Parallel.ForEach runs I/O-bound work", "Pass ParallelOptions with a MaxDegreeOfParallelism, or use Parallel.ForEachAsync with a limit"),
            Verify.Diagnostic("REL305").WithLocation(4).WithArguments("MaxDegreeOfParallelism = -1 runs the loop", "Set MaxDegreeOfParallelism to a finite number such as Environment.ProcessorCount"));

        [Fact]
        public Task BoundedFanOut_IsNotReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class Server
            {
                readonly HttpClient _http = new HttpClient();

                async Task Small()
                {
                    await Task.WhenAll(new[] { "a", "b" }.Select(async u => await _http.GetStringAsync(u)));
                    await Task.WhenAll(Enumerable.Range(0, 4).Select(async i => await _http.GetStringAsync("x" + i)));
                }

                Task CpuOnly(IEnumerable<int> items) => Task.WhenAll(items.Select(async i => { await Task.Yield(); }));

                async Task Bounded(List<string> urls)
                {
                    Parallel.ForEach(urls, url => url.ToUpperInvariant());
                    Parallel.ForEach(urls, new ParallelOptions { MaxDegreeOfParallelism = 4 }, url => _http.GetStringAsync(url).Wait());
                    await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = -1 }, async (url, ct) => await _http.GetStringAsync(url, ct));
                }

                Task Handle(TcpClient client) => Task.CompletedTask;
            }
            """);

        // Phase 25, a job-storage library's schema step: a one-time migration's parallel loop is listed at audit level
        // (REL307); the same loop in ordinary code stays a warning.
        [Fact]
        public Task ParallelLoopInMigrationCode_IsLeftToREL307() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Net.Http;
            using System.Threading.Tasks;
            public interface IMongoMigrationStep { void Execute(IEnumerable<string> ids); }
            public sealed class AddTypeToSetDto : IMongoMigrationStep
            {
                private readonly HttpClient _http = new HttpClient();
                public void Execute(IEnumerable<string> ids) =>
                    Parallel.ForEach(ids, id => { _ = _http.GetStringAsync("docs/" + id).Result; });
            }
            public sealed class Importer
            {
                private readonly HttpClient _http = new HttpClient();
                public void Execute(IEnumerable<string> ids) =>
                    {|#1:Parallel.ForEach(ids, id => { _ = _http.GetStringAsync("docs/" + id).Result; })|};
            }
            """,
            Verify.Diagnostic("REL305").WithLocation(1)
                .WithArguments("Parallel.ForEach runs I/O-bound work", "Pass ParallelOptions with a MaxDegreeOfParallelism, or use Parallel.ForEachAsync with a limit"));

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Linq;
                using System.Threading.Tasks;
                class C { Task M(int[] x) => Task.WhenAll(x.Select(async i => await ); }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }
    }
}
