using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL402SyncOverAsyncInSyncCodeAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL410BlockingWaitInSyncCodeAuditTests
    {
        private static DiagnosticResult Diagnostic(int location, string call, string where) =>
            new DiagnosticResult("REL410", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, where);

        [Fact]
        public Task PlainMethodsSettersLocalFunctionsAndLaterDelegates_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;
            public interface IRoles { Task<string[]> GetViewRolesAsync(int topic); }
            public class Broker
            {
                private readonly IHubContext<Hub> _hub;
                private readonly IRoles _roles;
                private Timer? _timer;
                private Task<string> _pending = Task.Run(() => "x");
                public Broker(IHubContext<Hub> hub, IRoles roles) { _hub = hub; _roles = roles; }

                // A log sink or notifier called on request threads: every call waits on the broadcast.
                public void Emit(string line) => {|#0:_hub.Clients.All.SendAsync("log", line).Wait()|};

                public void NotifyTopicUpdate(int topic)
                {
                    var roles = {|#1:_roles.GetViewRolesAsync(topic).Result|};
                    Console.WriteLine(roles.Length);
                }

                public string Name { set { {|#2:_pending.GetAwaiter().GetResult()|}; } }

                public void Start()
                {
                    _timer = new Timer(_ => {|#3:Task.Delay(10).Wait()|}, null, 0, 1000);
                    Task.Run(() => Console.WriteLine({|#4:_pending.Result|}));
                    Refresh();
                    void Refresh() => {|#5:Task.WaitAll(_pending, Task.Delay(5))|};
                }
            }
            """,
            Diagnostic(0, ".Wait()", "the synchronous method 'Emit'"),
            Diagnostic(1, ".Result", "the synchronous method 'NotifyTopicUpdate'"),
            Diagnostic(2, ".GetAwaiter().GetResult()", "an accessor of 'Name'"),
            Diagnostic(3, ".Wait()", "a delegate created in 'Start'"),
            Diagnostic(4, ".Result", "a delegate created in 'Start'"),
            Diagnostic(5, "Task.WaitAll", "the local function 'Refresh'"));

        [Fact]
        public Task DelegatesCreatedInConstructorsInitializersAndTopLevelCode_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            public class Poller
            {
                private static Task<int> PollAsync() => Task.FromResult(1);
                private readonly Timer _fromInitializer = new Timer(_ => {|#0:PollAsync().Result|}.ToString(), null, 0, 1000);
                private readonly Timer _fromConstructor;
                public Poller() { _fromConstructor = new Timer(_ => {|#1:PollAsync().Wait()|}, null, 0, 1000); }
            }
            """,
            Diagnostic(0, ".Result", "a delegate created in a field initializer"),
            Diagnostic(1, ".Wait()", "a delegate created in a constructor"));

        [Fact]
        public Task Rel401AndRel402Places_AreReportedAsThoseRules_NotAsRel410() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            public class Catalog
            {
                private readonly Task<string> _pending = Task.Run(() => "x");
                public Catalog(Task<string> load) { Console.WriteLine({|#0:load.Result|}); }       // REL402: constructor
                public string Current => {|#1:_pending.Result|};                                  // REL402: getter
                public Task<string> PeekAsync() => Task.FromResult({|#2:_pending.Result|});      // REL402: Task-returning method
                public async Task<string> LoadAsync() { await Task.Yield(); return _pending.Result; } // REL401: async code
                public Lazy<string> Later => new Lazy<string>(() => {|#3:_pending.Result|});      // REL402: Lazy<T> factory
            }
            public class OrdersController : ControllerBase
            {
                public IActionResult Get(Task<string> t) => Ok({|#4:t.Result|});                // REL402: request handler
            }
            """,
            Rel402(0, "constructor"),
            Rel402(1, "property getter"),
            Rel402(2, "Task-returning method"),
            Rel402(3, "Lazy<T> value factory"),
            Rel402(4, "controller action"));

        private static DiagnosticResult Rel402(int location, string where) =>
            new DiagnosticResult("REL402", DiagnosticSeverity.Info).WithLocation(location).WithArguments(".Result", where);

        [Fact]
        public Task StartupDisposalProvenCompleteAndSyncBranches_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            public static class Program
            {
                public static void Main(string[] args) { RunAsync().Wait(); Seed(); }
                private static Task RunAsync() => Task.CompletedTask;
                private static void Seed() => Task.Delay(1).Wait();                      // named for seeding
                public static IServiceCollection AddStore(this IServiceCollection services, Task<string> config)
                {
                    Console.WriteLine(config.Result);                                    // service registration
                    return services;
                }
            }
            public sealed class Connection : IDisposable, IAsyncDisposable
            {
                public ValueTask DisposeAsync() => default;
                public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult(); // sync Dispose over async cleanup
                ~Connection() { DisposeAsync().AsTask().Wait(); }

                public int Waited(Task<int> pending, System.Threading.CancellationToken token)
                {
                    {|#0:pending.Wait(token)|};
                    return pending.Result;                                               // waited on the line above
                }

                public int Read(Task<int> pending, bool isAsync)
                {
                    if (pending.IsCompletedSuccessfully) { return pending.Result; }      // proven complete
                    pending.ContinueWith(t => Console.WriteLine(t.Result));              // antecedent is complete
                    if (!isAsync) { return pending.GetAwaiter().GetResult(); }           // sync branch of a dual path
                    return 0;
                }
            }
            """,
            Diagnostic(0, ".Wait()", "the synchronous method 'Waited'"));

        [Fact]
        public Task TestProjects_AreNotReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }
            public class Fixture
            {
                public string Load(Task<string> t) => t.Result;
            }
            """);

        [Fact]
        public Task GeneratedCode_IsNotReported() => Verify.VerifyAsync("""
            // <auto-generated/>
            using System.Threading.Tasks;
            public class GeneratedClient
            {
                private readonly Task<string> _pending = Task.Run(() => "x");
                public string Current => _pending.Result;
                public string Read() => _pending.Result;            // nobody edits generated code
            }
            """);
    }
}
