using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Async.REL401SyncOverAsyncAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Async.REL401SyncOverAsyncAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Async.REL401SyncOverAsyncCodeFix>;

namespace ReliabilityAnalyzers.Tests.Async
{
    public class REL401SyncOverAsyncTests
    {
        [Fact]
        public Task BlockingWaits_InAsyncCode_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Handler
            {
                private readonly HttpClient _http = new HttpClient();

                async Task<string> Method()
                {
                    await Task.Yield();
                    return {|#0:_http.GetStringAsync("a").Result|};
                }

                async Task Waits(Task t, Task<int> u, ValueTask<int> v, Task a, Task b, Task c, Task d, Task<int> e, Task f)
                {
                    {|#1:t.Wait()|};
                    var x = {|#2:u.GetAwaiter().GetResult()|};
                    var y = {|#3:v.Result|};
                    {|#4:Task.WaitAll(a, b)|};
                    int i = {|#5:Task.WaitAny(c, d)|};
                    var z = {|#6:e.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    bool done = {|#7:f.Wait(TimeSpan.FromSeconds(1))|};
                }

                void Lambdas(Task<int> u)
                {
                    Func<Task<int>> f = async () => { await Task.Yield(); return {|#8:u.Result|}; };
                    async Task<int> Local() { await Task.Yield(); return {|#9:u.Result|}; }
                }

                async Task<int[]> LinqInline(Task<int>[] tasks)
                {
                    await Task.Yield();
                    return tasks.Select(t => {|#10:t.Result|}).ToArray();
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Wait()"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".GetAwaiter().GetResult()"),
            Verify.Diagnostic("REL401").WithLocation(3).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(4).WithArguments("Task.WaitAll"),
            Verify.Diagnostic("REL401").WithLocation(5).WithArguments("Task.WaitAny"),
            Verify.Diagnostic("REL401").WithLocation(6).WithArguments(".GetAwaiter().GetResult()"),
            Verify.Diagnostic("REL401").WithLocation(7).WithArguments(".Wait()"),
            Verify.Diagnostic("REL401").WithLocation(8).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(9).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(10).WithArguments(".Result"));

        [Fact]
        public Task TasksQueuedOnABatchThatWasAwaited_AreComplete_OtherBatchesAreNot() => Verify.VerifyAsync("""
            using System.Linq;
            using System.Threading.Tasks;
            using StackExchange.Redis;
            public class RpcClient
            {
                public Task<string> SendCommandAsync(string command) => Task.Run(() => command);
                public Task SendBatchAsync() => Task.Delay(1);
            }
            class Proxy
            {
                async Task<string[]> Batched(RpcClient batch, string[] requests)
                {
                    var results = requests.Select(r => batch.SendCommandAsync(r)).ToList();
                    await batch.SendBatchAsync();
                    return results.Select(task => task.Result).ToArray();
                }

                async Task<string?> Transaction(IDatabase db)
                {
                    var tran = db.CreateTransaction();
                    var value = tran.StringGetAsync("k");
                    if (await tran.ExecuteAsync()) { return value.Result; }
                    return null;
                }

                // Sending another batch does not answer these commands.
                async Task<string> OtherBatch(RpcClient first, RpcClient second)
                {
                    var pending = first.SendCommandAsync("x");
                    await second.SendBatchAsync();
                    return {|#0:pending.Result|};
                }

                // A batch sent before the command was queued does not answer it.
                async Task<string> SentBefore(RpcClient batch)
                {
                    await batch.SendBatchAsync();
                    var pending = batch.SendCommandAsync("x");
                    return {|#1:pending.Result|};
                }

                // Execute on something that is not a batch is just another command (Dapper, RestSharp).
                async Task<string> NotABatch(Connection connection)
                {
                    var pending = connection.QueryAsync("select 1");
                    await connection.ExecuteAsync("update t set x = 1");
                    return {|#2:pending.Result|};
                }
            }
            public class Connection
            {
                public Task<string> QueryAsync(string sql) => Task.Run(() => sql);
                public Task ExecuteAsync(string sql) => Task.Delay(1);
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".Result"));

        [Fact]
        public Task BufferedResponseBody_IsNotReported_StreamedOrUnknownResponsesAre() => Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class StationApi
            {
                private readonly HttpClient _http = new HttpClient();
                private HttpResponseMessage? _last;

                // GetAsync / SendAsync / PostAsync buffer the body before they complete: reading it does not wait.
                async Task<string> Current(CancellationToken token)
                {
                    using var response = await _http.GetAsync("https://station.example/current", token).ConfigureAwait(false);
                    var text = response.Content.ReadAsStringAsync(token).Result;
                    using var request = new HttpRequestMessage(HttpMethod.Get, "https://station.example/history");
                    var history = await _http.SendAsync(request, token);
                    var bytes = history.Content.ReadAsByteArrayAsync().Result;
                    HttpResponseMessage posted = await _http.PostAsync("https://station.example/ack", new StringContent(text));
                    // The send itself blocks (reported); the body it buffered does not.
                    using (var info = {|#3:_http.GetAsync("https://station.example/info", token).Result|})
                    {
                        text += info.Content.ReadAsStringAsync(token).Result;
                    }
                    var status = {|#4:_http.GetAsync("https://station.example/status", HttpCompletionOption.ResponseContentRead).GetAwaiter().GetResult()|};
                    text += status.Content.ReadAsStringAsync().Result;
                    using var synced = _http.Send(new HttpRequestMessage(HttpMethod.Get, "https://station.example/sync"));
                    text += synced.Content.ReadAsStringAsync().Result;
                    return text + bytes.Length + posted.Content.ReadAsStreamAsync().GetAwaiter().GetResult().Length;
                }

                // Headers only: the body is still on the wire. A response from elsewhere, or a local assigned again: unknown.
                async Task<string> Streamed(HttpClient other)
                {
                    var response = await _http.GetAsync("https://station.example/live", HttpCompletionOption.ResponseHeadersRead);
                    var live = {|#0:response.Content.ReadAsStringAsync().Result|};
                    var stored = _last!;
                    await Task.Yield();
                    var old = {|#1:stored.Content.ReadAsStringAsync().Result|};
                    var again = await _http.GetAsync("https://station.example/a");
                    again = await Fetch();
                    return live + old + {|#2:again.Content.ReadAsStringAsync().Result|};
                }

                private Task<HttpResponseMessage> Fetch() => _http.GetAsync("https://station.example/b", HttpCompletionOption.ResponseHeadersRead);
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(3).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(4).WithArguments(".GetAwaiter().GetResult()"));

        // Phase 21, a downloader's debug log: the response assigned once inside a try, and the request's own in-memory
        // content (or none), read with '.Result'. A response assigned twice, or a request whose content is a stream, is not proven.
        [Fact]
        public Task ResponseAssignedOnceInATry_AndInMemoryRequestContent_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;
            class Downloader
            {
                private readonly HttpClient _client = new HttpClient();

                async Task<string> Request(string url, string json, Stream upload)
                {
                    HttpRequestMessage requestMessage = new(HttpMethod.Post, url)
                    {
                        Content = new StringContent(json),
                    };
                    HttpRequestMessage plain = new(HttpMethod.Get, url);
                    HttpResponseMessage? response;
                    try
                    {
                        response = await _client.SendAsync(requestMessage);
                    }
                    catch (HttpRequestException)
                    {
                        return "";
                    }

                    string log = $"{requestMessage.Content?.ReadAsStringAsync().Result} {plain.Content?.ReadAsStringAsync().Result} {response.Content.ReadAsStringAsync().Result}";

                    var streamed = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StreamContent(upload) };
                    HttpResponseMessage? twice;
                    twice = await _client.SendAsync(plain);
                    twice = await _client.SendAsync(streamed);
                    var attached = new HttpRequestMessage(HttpMethod.Put, url);
                    Attach(attached, upload);
                    return log + {|#0:streamed.Content.ReadAsStringAsync().Result|} + {|#1:twice.Content.ReadAsStringAsync().Result|}
                        + {|#2:attached.Content.ReadAsStringAsync().Result|};
                }

                // Whoever gets the request may set a stream as its content.
                private static void Attach(HttpRequestMessage request, Stream body) => request.Content = new StreamContent(body);
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".Result"));

        [Fact]
        public Task ProvenComplete_AndSyncCode_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            static class TaskExtensions
            {
                public static System.Runtime.CompilerServices.ConfiguredTaskAwaitable SuppressThrowing(this Task task) => task.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            class Handler
            {
                async Task<int> AfterAwait(Task<int> t) { await t; return t.Result; }
                async Task<int> AfterAwaitConfigured(Task<int> t) { await t.ConfigureAwait(false); return t.Result; }
                async Task<int> AfterWhenAll(Task<int> a, Task<int> b) { await Task.WhenAll(a, b); return a.Result + b.GetAwaiter().GetResult(); }
                async Task<int> AfterWhenAllConfigured(Task<int> a, Task<int> b) { await Task.WhenAll(a, b).ConfigureAwait(false); return a.Result + b.Result; }
                async Task<int> AfterWhenAllLocal(Task<int> a, Task<int> b) { var all = Task.WhenAll(a, b); await all; return a.Result; }
                async Task<int> AfterWhenAny(Task<int> a, Task timeout) { if (await Task.WhenAny(a, timeout) == a) { return a.Result; } return 0; }
                async Task<int> WhenAnyResult(Task<int> a, Task<int> b) { var first = await Task.WhenAny(a, b); return first.Result; }
                async Task<int[]> ArrayAfterWhenAll(Task<int>[] tasks) { await Task.WhenAll(tasks); return tasks.Select(t => t.Result).ToArray(); }
                async Task<int> ListAfterWhenAll(List<Task<int>> tasks) { await Task.WhenAll(tasks); int s = 0; foreach (var t in tasks) s += t.Result; return s + tasks[0].Result; }
                // Phase 24, a workflow framework's monitor: a separate list filled with the tasks before the WhenAll.
                async Task<int> FilledListAfterWhenAll(Func<Task<int>> load, List<Task<int>> more)
                {
                    var batch = new List<Task>();
                    Task<int> one = load();
                    batch.Add(one);
                    batch.AddRange(more);
                    try { await Task.WhenAll(batch); }
                    catch (TimeoutException) { return -1; }
                    return one.Result + more[0].Result;
                }
                async Task<int> Guarded(Task<int> t) { await Task.Yield(); if (t.IsCompleted) { return t.Result; } return await t; }
                async Task<int> GuardedSuccess(ValueTask<int> t) { await Task.Yield(); return t.IsCompletedSuccessfully ? t.Result : await t; }
                async Task<int> EarlyReturn(Task<int> t) { if (!t.IsCompleted) { return await t; } return t.GetAwaiter().GetResult(); }
                async Task<int> Status(Task<int> t) { await Task.Yield(); if (t.Status == TaskStatus.RanToCompletion) return t.Result; return 0; }
                async Task<int> WaitTimeout(Task<int> t) { await Task.Yield(); if (!{|#1:t.Wait(TimeSpan.FromSeconds(1))|}) throw new TimeoutException(); return t.Result; }
                async Task<int> WaitTimeoutThen(Task<int> t) { await Task.Yield(); if ({|#2:t.Wait(100)|}) { return t.Result; } return -1; }
                async Task ZeroTimeout(Task t) { await Task.Yield(); t.Wait(0); t.Wait(TimeSpan.Zero); Task.WaitAny(new[] { t }, 0); }
                async Task<int> FromResult() { await Task.Yield(); return Task.FromResult(1).Result + new ValueTask<int>(2).Result; }
                async Task Continuation(Task<int> t) { await t.ContinueWith(async prev => { await Task.Yield(); Console.WriteLine(prev.Result); }); }
                async Task<int> AsyncFlag(Task<int> t, bool async) { if (async) { return await t; } else { return t.GetAwaiter().GetResult(); } }
                async Task<int> AsyncFlagNegated(Task<int> t, bool isAsync) { return !isAsync ? t.Result : await t; }
                // Phase 21, a database connector's flag threaded through every dual method.
                async Task<int> ExecFlag(Func<Task<int>> f, bool execAsync) { if (execAsync) { return await f(); } else { return f().GetAwaiter().GetResult(); } }
                // The same dual path keyed on a flag named for the synchronous side.
                async Task<int> SyncFlag(Task<int> t, bool isSynchronous) { if (isSynchronous) { return t.GetAwaiter().GetResult(); } return await t; }
                async Task<int> SyncFlagNegated(Task<int> t, bool synchronous) { return !synchronous ? await t : t.Result; }
                // Its asynchronous side is not a sync branch: still reported.
                async Task<int> SyncFlagWrongSide(Task<int> t, bool isSynchronous) { if (!isSynchronous) { return {|#3:t.Result|}; } return await t; }
                int Sync(Task<int> t) => t.Result;
                class Holder { public Task<int> Pending = Task.FromResult(1); }
                Task<int> NotAsync(Task<int> t) => Task.FromResult(t.Result);
                async Task SyncLambdaInAsync(Task<int> t) { await Task.Run(() => t.Result); Action a = () => t.Wait(); await Task.Yield(); }
                async Task<int> FlagFromConditionalAccess(Holder? h) { var tried = h?.Pending.IsCompleted == true; await Task.Yield(); if (tried) { return h!.Pending.Result; } return 0; }
                async Task<int> ConditionalGuard(Task<int>? t) { await Task.Yield(); return t?.IsCompleted == true ? t.Result : 0; }
                async Task<int> PropertyPattern(Holder? h) { await Task.Yield(); if (h?.Pending is { IsCompleted: true } done) { return done.Result; } return 0; }
                async Task<int> PropertyPatternOnKey(Task<int> t) { await Task.Yield(); return t is { IsCompletedSuccessfully: true } ? t.Result : 0; }
                async Task<int> WhenAllBounded(Task<int>[] tasks, System.Threading.CancellationToken token) { try { await Task.WhenAll(tasks.Concat(tasks)).WaitAsync(token).ConfigureAwait(false); } catch { } foreach (var t in tasks) { _ = t.Result; } return 0; }
                async Task<int> SecondRead(Task<int> t) { await Task.Yield(); var a = {|#0:t.Result|}; return a + t.Result; }
                // An element picked from the awaited collection is complete; one picked from another collection is not.
                async Task<int> PickedAfterWhenAll(List<Task<int>> tasks) { await Task.WhenAll(tasks); return tasks.First(t => t.Result > 0).Result + tasks.Last().Result + tasks.ElementAt(0).GetAwaiter().GetResult(); }
                async Task<int> PickedLocalAfterWhenAll(Task<int>[] tasks) { await Task.WhenAll(tasks).ConfigureAwait(false); var failed = tasks.FirstOrDefault(t => t.Result < 0); return failed == null ? 0 : failed.Result; }
                async Task<bool> SuppressedAfterWhenAll(List<Task<bool>> tasks) { await Task.WhenAll(tasks).SuppressThrowing(); return tasks.All(t => t.Result); }
                async Task<bool> SuppressedItself(Task<bool> a) { await a.SuppressThrowing(); return a.Result; }
                async Task<bool> SuppressedOther(Task<bool> a, Task<bool> b) { await a.SuppressThrowing(); return {|#6:b.Result|}; }
                // A suppressed bounded wait returns after the timeout too: the tasks may still run.
                async Task<bool> SuppressedTimeout(List<Task<bool>> tasks, System.Threading.CancellationToken token) { await Task.WhenAll(tasks).WaitAsync(token).SuppressThrowing(); return tasks.All(t => {|#7:t.Result|}); }
                async Task<int> PickedNotAwaited(List<Task<int>> tasks) { await Task.Yield(); return {|#4:tasks.First().Result|}; }
                // Picked from a query over the collection, or a picked local assigned again: other tasks.
                async Task<int> PickedFromQuery(List<Task<int>> tasks, List<Task<int>> retries) { await Task.WhenAll(tasks); return {|#8:tasks.Concat(retries).Last().Result|}; }
                // A lazy query starts new tasks when enumerated again: the picked one is a new, unfinished task.
                async Task<int> PickedFromLazyQuery(List<string> files, Func<string, Task<int>> download) { var downloads = files.Select(f => download(f)); await Task.WhenAll(downloads); return {|#10:downloads.ElementAt(0).Result|}; }
                async Task<int> PickedReassigned(List<Task<int>> tasks, Task<int> other) { await Task.WhenAll(tasks); var t = tasks.First(); if (other != null) t = other; return {|#9:t.Result|}; }
                async Task<int> PickedFromOther(List<Task<int>> tasks, List<Task<int>> others) { await Task.WhenAll(tasks); var other = others.Single(); return {|#5:other.Result|}; }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(4).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(5).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(6).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(7).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(8).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(9).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(10).WithArguments(".Result"),
            // The timed wait itself still blocks; the read after it does not.
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Wait()"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".Wait()"),
            Verify.Diagnostic("REL401").WithLocation(3).WithArguments(".Result"));

        // Phase 20, a message broker: a private method run only as the ContinueWith continuation of the task it reads.
        [Fact]
        public Task MethodRunOnlyAsContinuation_IsNotReported_OneAlsoCalledDirectlyIs() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class Transactions
            {
                public void Track(Task<int> timeout)
                {
                    _ = timeout.ContinueWith(Handle);
                    _ = timeout.ContinueWith(HandleTwice);
                }

                private async Task Handle(Task<int> task)
                {
                    await Task.Yield();
                    Console.WriteLine(task.Result);
                }

                public void Direct(Task<int> pending)
                {
                    _ = HandleTwice(pending);
                }

                private async Task HandleTwice(Task<int> task)
                {
                    await Task.Yield();
                    Console.WriteLine({|#0:task.Result|});
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"));

        [Fact]
        public Task TaskHandedBackThroughAnAwaitedHelpersLambda_IsNotReported_OtherTasksAre() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Data.Common;
            using System.Linq;
            using System.Threading.Tasks;
            static class Db
            {
                public static async Task UsingAsync(this DbConnection connection, Func<DbConnection, Task> action)
                {
                    await connection.OpenAsync();
                    try { await action(connection); } finally { await connection.CloseAsync(); }
                }

                public static Task<int> CountAsync(this DbConnection connection) => Task.FromResult(1);
                public static Task<IEnumerable<string>> NamesAsync(this DbConnection connection) => Task.FromResult(Enumerable.Empty<string>());
            }

            class Repository
            {
                private readonly DbConnection _connection;
                Repository(DbConnection connection) { _connection = connection; }

                public async Task<List<string>> GetAll()
                {
                    Task<IEnumerable<string>> result = null!;
                    await _connection.UsingAsync(c => result = c.NamesAsync());
                    return result.Result.ToList();
                }

                public async Task<int> Count()
                {
                    Task<int> count = null!;
                    await _connection.UsingAsync(c => { count = c.CountAsync(); return count; });
                    return count.Result;
                }

                // The lambda hands back another task: 'other' is not awaited by anyone.
                public async Task<int> Other(Task<int> other)
                {
                    Task<int> count = null!;
                    await _connection.UsingAsync(c => count = c.CountAsync());
                    return count.Result + {|#0:other.Result|};
                }

                // Assigned in a lambda that returns something else: not handed back.
                public async Task<int> NotHandedBack()
                {
                    Task<int> count = null!;
                    await _connection.UsingAsync(c => { count = c.CountAsync(); return Task.CompletedTask; });
                    return {|#1:count.Result|};
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0),
            Verify.Diagnostic("REL401").WithLocation(1));

        [Fact]
        public Task CompletedByEarlierBatchAwait_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            static class Batch
            {
                public static async Task WhenAllWithTimeout(this IEnumerable<Task> tasks, TimeSpan timeout) => await Task.WhenAll(tasks).WaitAsync(timeout);
            }
            class Handler
            {
                private readonly Dictionary<string, Task<int>> _pending = new();
                Task<int> Get(int id) => Task.FromResult(id);
                async Task<int> DictionaryValues(Dictionary<string, Task<int>> tasks) { await Task.WhenAll(tasks.Values); int s = 0; foreach (var kv in tasks) s += kv.Value.Result; return s; }
                async Task<Dictionary<string, int>> ToDictionary(Dictionary<string, Task<int>> tasks) { await Task.WhenAll(tasks.Values); return tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Result); }
                async Task<int> FieldDictionary(string key) { await Task.WhenAll(_pending.Values); return _pending[key].Result; }
                async Task<int> Casts(List<Task> tasks) { await Task.WhenAll(tasks); return ((Task<int>)tasks[0]).Result + (tasks[1] as Task<int>)!.Result; }
                async Task<int> Tuples(int[] ids) { var jobs = ids.Select(i => (Id: i, Work: Get(i))).ToList(); await Task.WhenAll(jobs.Select(j => j.Work)); int s = 0; foreach (var j in jobs) s += j.Work.Result; return s; }
                async Task<int> CustomBatch(List<Task<int>> tasks) { await tasks.WhenAllWithTimeout(TimeSpan.FromSeconds(5)); return tasks.Sum(t => t.Result); }
                async Task<int> ConvertAll(List<Task<int>> tasks) { await Task.WhenAll(tasks); return tasks.ConvertAll(t => t.Result).Sum(); }
                async Task<int> WhenAnyAssigned(List<Task<int>> tasks) { Task<int> done; done = await Task.WhenAny(tasks); return done.Result; }
                async Task<int> AwaitedArrayResult(int[] ids) { var work = ids.Select(Get).ToArray(); var all = await Task.WhenAll(work); return all.Sum() + work[0].Result; }
                async Task<Dictionary<string, int>> Deconstructed((string Key, Task<int> Task)[] keyed)
                {
                    try { await Task.WhenAll(Array.ConvertAll(keyed, k => k.Task)).ConfigureAwait(false); }
                    catch { throw; }
                    var responses = new Dictionary<string, int>(keyed.Length);
                    foreach (var (key, task) in keyed) { responses[key] = task.Result; }
                    return responses;
                }
            }
            """);

        [Fact]
        public Task PatternVariableOfAnAwaitedTask_AndBoundedWhenAllHelpers_NotReported_UnawaitedOrOtherTasks_Reported() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            static class TaskHelper
            {
                public static async Task WaitToCompleteAsync(this Task task, int timeout) { if (await Task.WhenAny(task, Task.Delay(timeout)) != task) throw new TimeoutException(); await task; }
                public static async Task Bounded(Task task, int timeout) => await task.WaitToCompleteAsync(timeout);
            }
            class Handler
            {
                Task Respond(string text) => Task.FromResult(text);

                async Task<string> Pattern(string text)
                {
                    var task = Respond(text);
                    await task;
                    if (task is Task<string> strTask)
                    {
                        return strTask.Result;
                    }

                    switch (task)
                    {
                        case Task<string> viaCase:
                            return viaCase.Result;
                    }

                    return task switch { Task<string> viaArm => viaArm.Result, _ => "" };
                }

                async Task<string> NotAwaited(string text, Task other)
                {
                    var task = Respond(text);
                    await other;
                    if (task is Task<string> strTask)
                    {
                        return {|#0:strTask.Result|};
                    }

                    return "";
                }

                async Task<int> Batches(Task<int>[] queries, Task<int>[] more, Task<int>[] unrelated)
                {
                    await Task.WhenAll(queries).WaitToCompleteAsync(1000).ConfigureAwait(false);
                    await TaskHelper.Bounded(Task.WhenAll(more), 1000);
                    await Task.WhenAll(more).WaitToCompleteAsync(1000);
                    return queries[0].Result + more[1].Result + {|#1:unrelated[0].Result|};
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"));

        [Fact]
        public Task ResultInAsyncControllerAction_IsStillReported() => Verify.VerifyAsync("""
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            public class OrdersController : ControllerBase
            {
                Task<int> Load(int id) => Task.FromResult(id);
                [HttpGet]
                public async Task<IActionResult> Get(int[] ids)
                {
                    await Task.Yield();
                    var totals = ids.Select(async id => await Load(id)).Select(t => {|#0:t.Result|}).ToList();
                    var one = {|#1:Load(1).Result|};
                    var pending = ids.Select(Load).ToList();
                    await Task.WhenAll(pending.Take(1));
                    var other = {|#2:Load(2).Result|};
                    return Ok(totals.Sum() + one + other);
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(2).WithArguments(".Result"));

        [Fact]
        public Task GeneratedCode_IsNotReported() => Verify.VerifyAsync("""
            // <auto-generated/>
            using System.Threading.Tasks;
            class Handler { async Task<int> M(Task<int> t) { await Task.Yield(); return t.Result; } }
            """);

        [Fact]
        public async Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Tasks;
                class Handler
                {
                    async Task<int> M(Task<int> t) { await Task.Yield(); if (t.IsCompleted && ) return t.Result; return Missing().Result + t.Result }
                    async Task N() { Task.WaitAll(; }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL401").WithSpan(5, 22, 5, 35).WithArguments("Task.WaitAll"));
            await test.RunAsync();
        }

        [Fact]
        public Task Fix_ResultWaitAndGetResult_FixAll() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Handler
            {
                async Task<int> M(Task<int> t, Task<string> s, Task w, Task<int> u)
                {
                    await Task.Yield();
                    {|#0:w.Wait()|};
                    var length = {|#1:s.Result|}.Length;
                    var value = {|#2:t.ConfigureAwait(false).GetAwaiter().GetResult()|};
                    return {|#3:u.Result|} + length + value;
                }
            }
            """, """
            using System.Threading.Tasks;
            class Handler
            {
                async Task<int> M(Task<int> t, Task<string> s, Task w, Task<int> u)
                {
                    await Task.Yield();
                    await w;
                    var length = (await s).Length;
                    var value = await t.ConfigureAwait(false);
                    return await u + length + value;
                }
            }
            """, "REL401.Await",
            VerifyFix.Diagnostic("REL401").WithLocation(0).WithArguments(".Wait()"),
            VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"),
            VerifyFix.Diagnostic("REL401").WithLocation(2).WithArguments(".GetAwaiter().GetResult()"),
            VerifyFix.Diagnostic("REL401").WithLocation(3).WithArguments(".Result"));

        [Fact]
        public Task Fix_WaitAllAndWaitAny_FixAll() => VerifyFix.VerifyAsync("""
            using System.Threading.Tasks;
            class Handler
            {
                async Task M(Task a, Task b, Task[] all)
                {
                    await Task.Yield();
                    {|#0:Task.WaitAll(a, b)|};
                    {|#1:Task.WaitAll(all)|};
                }

                async Task N(Task c, Task d)
                {
                    await Task.Yield();
                    {|#2:Task.WaitAny(c, d)|};
                }
            }
            """, """
            using System.Threading.Tasks;
            class Handler
            {
                async Task M(Task a, Task b, Task[] all)
                {
                    await Task.Yield();
                    await Task.WhenAll(a, b);
                    await Task.WhenAll(all);
                }

                async Task N(Task c, Task d)
                {
                    await Task.Yield();
                    await Task.WhenAny(c, d);
                }
            }
            """, "REL401.Await",
            VerifyFix.Diagnostic("REL401").WithLocation(0).WithArguments("Task.WaitAll"),
            VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments("Task.WaitAll"),
            VerifyFix.Diagnostic("REL401").WithLocation(2).WithArguments("Task.WaitAny"));

        [Fact]
        public async Task Fix_NotOffered_WhereAwaitDoesNotCompile()
        {
            const string source = """
                    using System.Linq;
                    using System.Threading.Tasks;
                    class Handler
                    {
                        private readonly object _gate = new object();
                        async Task<int> M(Task<int> t, Task<int>[] many, Task w)
                        {
                            await Task.Yield();
                            lock (_gate) { return {|#0:t.Result|}; }
                        }
                        async Task<int> N(Task<int>[] many, Task w)
                        {
                            await Task.Yield();
                            int index = {|#1:Task.WaitAny(many)|};
                            bool ok = {|#2:w.Wait(1000)|};
                            return many.Sum(x => {|#3:x.Result|}) + index;
                        }
                    }
                    """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = "REL401.Await" };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(1).WithArguments("Task.WaitAny"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(2).WithArguments(".Wait()"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL401").WithLocation(3).WithArguments(".Result"));
            await test.RunAsync();
        }

        [Fact]
        public Task ResultAfterABatchThatDoesNotHoldTheTaskOnEveryPath_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            // Review of phase 24: a batch awaited only every eighth item and then cleared; a batch of a WhenAny over the task.
            class Loader
            {
                async Task<int> LoadAll(Func<int, Task<int>> load, int[] ids)
                {
                    var batch = new List<Task<int>>();
                    int total = 0;
                    foreach (var id in ids)
                    {
                        Task<int> t = load(id);
                        batch.Add(t);
                        if (batch.Count == 8) { await Task.WhenAll(batch); batch.Clear(); }
                        total += {|#0:t.Result|};
                    }
                    return total;
                }

                async Task<int> LoadWithTimeout(Func<Task<int>> load)
                {
                    var batch = new List<Task>();
                    Task<int> t = load();
                    batch.Add(Task.WhenAny(t, Task.Delay(5000)));
                    await Task.WhenAll(batch);
                    return {|#1:t.Result|};
                }
            }
            """,
            Verify.Diagnostic("REL401").WithLocation(0).WithArguments(".Result"),
            Verify.Diagnostic("REL401").WithLocation(1).WithArguments(".Result"));
    }
}
