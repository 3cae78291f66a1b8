using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL402SyncOverAsyncInSyncCodeAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL402SyncOverAsyncInSyncCodeTests
    {
        private static DiagnosticResult Diagnostic(int location, string call, string where) =>
            new DiagnosticResult("REL402", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, where);

        // The same analyzer reports the waits in other synchronous code as REL410 (audit): expected where REL402 is not.
        private static DiagnosticResult Audit(int location, string call, string where) =>
            new DiagnosticResult("REL410", DiagnosticSeverity.Info).WithLocation(location).WithArguments(call, where);

        [Fact]
        public Task ConstructorsGettersAndServiceFactories_AreReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.DependencyInjection.Extensions;
            using StackExchange.Redis;
            class Catalog
            {
                private readonly string _data;
                private readonly Task<string> _pending = Task.Run(() => "x");
                public Catalog(Task<string> load) { _data = {|#0:load.Result|}; }
                static Catalog() { {|#1:Task.Delay(10).Wait()|}; }
                public string Current => {|#2:_pending.GetAwaiter().GetResult()|};
                public int Length { get { return {|#3:_pending.Result|}.Length; } }
            }
            static class Registration
            {
                public static void Register(IServiceCollection services)
                {
                    services.AddSingleton<IConnectionMultiplexer>(_ => {|#4:ConnectionMultiplexer.ConnectAsync("localhost").Result|});
                    services.TryAddScoped(sp => {|#5:Task.Run(() => new Catalog(Task.FromResult("x"))).Result|});
                    services.AddKeyedTransient<IConnectionMultiplexer>("k", (sp, key) => {|#6:ConnectionMultiplexer.ConnectAsync("localhost").GetAwaiter().GetResult()|});
                }
            }
            """,
            Diagnostic(0, ".Result", "constructor"),
            Diagnostic(1, ".Wait()", "constructor"),
            Diagnostic(2, ".GetAwaiter().GetResult()", "property getter"),
            Diagnostic(3, ".Result", "property getter"),
            Diagnostic(4, ".Result", "dependency-injection factory"),
            Diagnostic(5, ".Result", "dependency-injection factory"),
            Diagnostic(6, ".GetAwaiter().GetResult()", "dependency-injection factory"));

        [Fact]
        public Task SynchronousRequestHandlers_AreReported() => Verify.VerifyAsync("""
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;
            public class OrdersController : ControllerBase
            {
                private readonly HttpClient _http = new HttpClient();
                public IActionResult Get(string id) => Ok({|#0:_http.GetStringAsync("https://api/" + id).Result|});
                public IActionResult All(string[] ids) =>
                    Ok(ids.Select(id => _http.GetStringAsync(id)).Select(t => {|#1:t.Result|}).ToList());
            }
            public class CheckoutModel : PageModel
            {
                public void OnPost(Task<string> pending) { {|#2:pending.Wait()|}; }
            }
            public class ChatHub : Hub
            {
                public string Echo(Task<string> message) => {|#3:message.GetAwaiter().GetResult()|};
            }
            """,
            Diagnostic(0, ".Result", "controller action"),
            Diagnostic(1, ".Result", "controller action"),
            Diagnostic(2, ".Wait()", "Razor Pages handler"),
            Diagnostic(3, ".GetAwaiter().GetResult()", "SignalR hub method"));

        [Fact]
        public Task TaskReturningMethodsThatBlock_AreReported_ProvenCompleteAndPlainMethodsAreNot() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            public interface IBalancer { Task<string> LeaseAsync(string key); }
            public class StickySessions : IBalancer
            {
                private readonly object _gate = new object();
                private readonly Dictionary<string, string> _stored = new Dictionary<string, string>();
                private readonly IBalancer _inner;
                public StickySessions(IBalancer inner) { _inner = inner; }

                // Awaited by its callers as if asynchronous, it holds their thread for the inner lease.
                public Task<string> LeaseAsync(string key)
                {
                    lock (_gate)
                    {
                        if (_stored.TryGetValue(key, out var cached)) { return Task.FromResult(cached); }
                        var next = {|#0:_inner.LeaseAsync(key).GetAwaiter().GetResult()|};
                        _stored[key] = next;
                        return Task.FromResult(next);
                    }
                }

                public ValueTask<string> PeekAsync(Task<string> pending) =>
                    pending.IsCompletedSuccessfully ? new ValueTask<string>(pending.Result) : new ValueTask<string>(pending);

                public string Lease(string key) => {|#1:_inner.LeaseAsync(key).Result|};   // a plain sync method: REL410
            }
            """,
            Diagnostic(0, ".GetAwaiter().GetResult()", "Task-returning method"),
            Audit(1, ".Result", "the synchronous method 'Lease'"));

        [Fact]
        public Task TaskReturningLambdasThatBlock_AreReported_OffloadedAndAsyncLambdasAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            public interface ISink { Task AppendAsync(string line); }
            public sealed class Consumer(ISink sink)
            {
                public event Func<object, string, Task>? Received;

                public void Wire()
                {
                    // Phase 26, a recall probe: the raiser awaits the handler's task while the wait holds its thread.
                    Received += (_, line) =>
                    {
                        {|#0:sink.AppendAsync(line).GetAwaiter().GetResult()|};
                        return Task.CompletedTask;
                    };
                    Received += async (_, line) => await sink.AppendAsync(line);
                    Func<Task> offloaded = () => Task.Run(() => { {|#1:sink.AppendAsync("x").Wait()|}; return Task.CompletedTask; });
                    Action plain = () => {|#2:sink.AppendAsync("y").Wait()|};
                }
            }
            """,
            Diagnostic(0, ".GetAwaiter().GetResult()", "Task-returning lambda"),
            Audit(1, ".Wait()", "a delegate created in 'Wire'"),
            Audit(2, ".Wait()", "a delegate created in 'Wire'"));

        [Fact]
        public Task NonHandlerMethodsOfControllersPagesAndHubs_AreNotReported() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;
            public class OrdersController : Controller
            {
                [NonAction] public string Helper(Task<string> t) => {|#0:t.Result|};                 // not an action
                private string Load(Task<string> t) => {|#1:t.Result|};                               // not public
                public static string Shared(Task<string> t) => {|#2:t.Result|};                       // static
                public override void OnActionExecuting(ActionExecutingContext context) { {|#3:Task.Delay(1).Wait()|}; } // framework hook
                public IActionResult Done(Task<int> t) => t.IsCompletedSuccessfully ? Ok(t.Result) : NoContent(); // proven complete
            }
            public class CheckoutModel : PageModel
            {
                public string Format(Task<string> t) => {|#4:t.Result|};                              // page helper, not a handler
            }
            public class Plain
            {
                public string Get(Task<string> t) => {|#5:t.Result|};                                 // not a request handler
            }
            """,
            Audit(0, ".Result", "the synchronous method 'Helper'"),
            Audit(1, ".Result", "the synchronous method 'Load'"),
            Audit(2, ".Result", "the synchronous method 'Shared'"),
            Audit(3, ".Wait()", "the synchronous method 'OnActionExecuting'"),
            Audit(4, ".Result", "the synchronous method 'Format'"),
            Audit(5, ".Result", "the synchronous method 'Get'"));

        [Fact]
        public Task OtherSyncCode_AndProvenComplete_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            class Catalog
            {
                private readonly Task<string> _pending = Task.FromResult("x");
                private readonly Func<string> _later;
                public Catalog(Task<string> load)
                {
                    _later = () => {|#0:load.Result|};                         // runs later, not in the constructor: REL410
                    if (load.IsCompletedSuccessfully) { Console.WriteLine(load.Result); }
                }
                public string Current => _pending.IsCompleted ? _pending.Result : "";
                public string Value { set { {|#1:_pending.Wait()|}; } }
                public string Plain() => {|#2:_pending.Result|};               // a plain sync method: REL410
                public static int Main() => {|#3:Task.Delay(1).ContinueWith(_ => 0).Result|};   // a library's Main is not its entry point
                public static void Register(IServiceCollection services, Task<Catalog> catalog)
                {
                    services.AddSingleton(sp => Task.FromResult(new Catalog(Task.FromResult(""))).Result);
                    services.AddSingleton(catalog.Result);
                    catalog.Wait();                                      // registration code itself (Main-like startup)
                }
            }
            """,
            Audit(0, ".Result", "a delegate created in a constructor"),
            Audit(1, ".Wait()", "an accessor of 'Value'"),
            Audit(2, ".Result", "the synchronous method 'Plain'"),
            Audit(3, ".Result", "the synchronous method 'Main'"));

        [Fact]
        public Task LazyFactoriesAndFieldInitializers_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            class Settings { public string Endpoint = ""; }
            class SettingsProvider
            {
                private static readonly HttpClient Http = new HttpClient();
                private static readonly Lazy<Settings> Shared = new Lazy<Settings>(() => {|#0:LoadAsync().Result|});
                private static readonly string Banner = {|#1:Http.GetStringAsync("https://example.test/banner").GetAwaiter().GetResult()|};
                private readonly Lazy<Settings> _settings;
                private readonly Lazy<string> _token = new(() => {|#2:FetchTokenAsync().GetAwaiter().GetResult()|});
                public Settings Defaults { get; } = {|#3:LoadAsync().Result|};

                public SettingsProvider()
                {
                    _settings = new System.Lazy<Settings>(() => {|#4:LoadAsync().GetAwaiter().GetResult()|}, true);
                }

                public Settings Current => _settings.Value;

                private Settings? _fallback;
                public Settings Fallback() => System.Threading.LazyInitializer.EnsureInitialized(ref _fallback, () => {|#6:LoadAsync().Result|});

                private static async Task<Settings> LoadAsync() { await Task.Delay(1); return new Settings(); }
                private static Task<string> FetchTokenAsync() => Http.GetStringAsync("https://example.test/token");

                public static void Register(IServiceCollection services, Task<Settings> pending)
                {
                    services.AddSingleton(sp => new Lazy<string>(() => {|#5:pending.Result|}.Endpoint));
                }
            }
            """,
            Diagnostic(0, ".Result", "Lazy<T> value factory"),
            Diagnostic(1, ".GetAwaiter().GetResult()", "field initializer"),
            Diagnostic(2, ".GetAwaiter().GetResult()", "Lazy<T> value factory"),
            Diagnostic(3, ".Result", "field initializer"),
            Diagnostic(4, ".GetAwaiter().GetResult()", "Lazy<T> value factory"),
            Diagnostic(5, ".Result", "Lazy<T> value factory"),
            Diagnostic(6, ".Result", "Lazy<T> value factory"));

        [Fact]
        public Task LazyLookalikes_ProvenCompleteInitializers_AndDeferredLambdas_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Lazy<T> { public Lazy(Func<T> factory) { } }
            class Holder
            {
                private static readonly int Ready = Task.FromResult(1).Result;                      // proven complete
                private readonly Func<int> _later = () => {|#0:Task.Delay(1).ContinueWith(_ => 2).Result|}; // a plain delegate: not run here
                private readonly Lazy<int> _own = new Lazy<int>(() => {|#1:Task.Delay(1).ContinueWith(_ => 3).Result|}); // not System.Lazy
                private readonly System.Lazy<Task<int>> _async = new System.Lazy<Task<int>>(() => LoadAsync()); // no wait at all
                private static Task<int> LoadAsync() => Task.FromResult(4);
            }
            """,
            Audit(0, ".Result", "a delegate created in a field initializer"),
            Audit(1, ".Result", "a delegate created in a field initializer"));

        [Fact]
        public Task TopLevelStatements_AreNotReported_ButTheirServiceFactoriesAre()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;
                using StackExchange.Redis;
                var services = new ServiceCollection();
                var redis = ConnectionMultiplexer.ConnectAsync("localhost").Result;
                services.AddSingleton<IConnectionMultiplexer>(_ => {|#0:ConnectionMultiplexer.ConnectAsync("localhost").Result|});
                """,
                Diagnostic(0, ".Result", "dependency-injection factory"));
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class Catalog
                {
                    public Catalog(Task<string> t) { var x = t.Result.; }
                    public string P => Missing().Result
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("REL402", DiagnosticSeverity.Info).WithSpan(4, 46, 4, 54).WithArguments(".Result", "constructor"));
            await test.RunAsync();
        }
    }
}
