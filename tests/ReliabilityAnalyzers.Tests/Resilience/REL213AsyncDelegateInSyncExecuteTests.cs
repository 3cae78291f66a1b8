using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL213AsyncDelegateInSyncExecuteAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL213AsyncDelegateInSyncExecuteTests
    {
        private static DiagnosticResult Diagnostic(int location, string method) =>
            new DiagnosticResult("REL213", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(method, method + "Async");

        [Fact]
        public Task TaskReturningDelegates_ThroughSynchronousExecute_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            class EventBus
            {
                readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
                readonly ResiliencePipeline<HttpResponseMessage> _typed = ResiliencePipeline<HttpResponseMessage>.Empty;
                readonly Policy _retry = Policy.Handle<HttpRequestException>().WaitAndRetry(3, i => TimeSpan.FromSeconds(i));
                readonly HttpClient _http = new HttpClient();

                Task PublishAsync(string body) => _http.PostAsync("https://broker/publish", new StringContent(body));

                public void Publish(string body)
                {
                    // v8: an async lambda (TResult = Task), one that binds to an Action (async void), a method group.
                    {|#0:_pipeline.Execute(async () => { await PublishAsync(body); })|};
                    {|#1:_pipeline.Execute(async token => { await PublishAsync(body); }, CancellationToken.None)|};
                    Func<Task> send = () => PublishAsync(body);
                    {|#2:_pipeline.Execute(() => PublishAsync(body))|};
                    // v7: Execute<TResult> with a task-returning lambda, and ExecuteAndCapture.
                    var pending = {|#3:_retry.Execute(() => _http.GetAsync("https://api/x"))|};
                    {|#4:_retry.ExecuteAndCapture(async () => await PublishAsync(body))|};
                    {|#5:_retry.Execute(async () => await PublishAsync(body))|};
                }
            }
            """,
            Diagnostic(0, "Execute"), Diagnostic(1, "Execute"), Diagnostic(2, "Execute"),
            Diagnostic(3, "Execute"), Diagnostic(4, "ExecuteAndCapture"), Diagnostic(5, "Execute"));

        [Fact]
        public Task AsyncOverloads_SynchronousWork_AndOtherExecuteMethods_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Polly;
            using Polly.Retry;
            class Store
            {
                readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions()).Build();
                readonly AsyncRetryPolicy _asyncRetry = Policy.Handle<IOException>().RetryAsync(3);
                readonly Policy _retry = Policy.Handle<IOException>().Retry(3);
                readonly HttpClient _http = new HttpClient();

                async Task SaveAsync(string path, string text, CancellationToken token)
                {
                    await _pipeline.ExecuteAsync(async t => await File.WriteAllTextAsync(path, text, t), token);
                    await _asyncRetry.ExecuteAsync(() => _http.GetAsync("https://api/x"));
                    _pipeline.Execute(() => File.WriteAllText(path, text));          // synchronous work
                    string read = _retry.Execute(() => File.ReadAllText(path));      // synchronous result
                    Execute(() => _http.GetAsync("https://api/x"));                  // not Polly's Execute
                }

                static void Execute(Func<Task> work) { }
            }
            """);

        [Fact]
        public Task IncompleteCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Polly;
                class C { void M(ResiliencePipeline p) { p.Execute(async () => ; p.Execute( } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(new DiagnosticResult("REL213", DiagnosticSeverity.Warning).WithLocation(2, 42).WithArguments("Execute", "ExecuteAsync"));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
