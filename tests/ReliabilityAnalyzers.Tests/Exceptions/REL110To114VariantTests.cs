using System.Threading.Tasks;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>
    /// REL105 and REL110-REL114 written the ways a service developer writes them, and the correct code that looks like
    /// them. All exception rules run together (see <see cref="FamilyVerifier"/>).
    /// </summary>
    public class REL110To114VariantTests
    {
        private static Task Verify(string members) => FamilyVerifier.VerifyAsync(FamilyVerifier.Exceptions, FamilyVerifier.Service(members));

        // REL110: a filter with a side effect that always returns true.
        [Theory]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) {|REL110:when (LogAndReturnTrue(ex))|} { } }
            bool LogAndReturnTrue(Exception ex) { _logger.LogError(ex, "Save failed"); return true; }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) {|REL110:when (Record(ex))|} { } }
            bool Record(Exception ex) => _logger.LogErrorAndTrue(ex) || true;
            """)]
        [InlineData("""
            string? Load()
            {
                try { return File.ReadAllText("a"); }
                catch (IOException ex) {|REL110:when (Trace(ex))|} { return null; }
                bool Trace(Exception e) { Console.Error.WriteLine(e); return true; }
            }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) {|REL110:when (_logger.Swallow(ex))|} { } }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) {|REL110:when (Log(ex) || true)|} { } }
            bool Log(Exception ex) { _logger.LogError(ex, "x"); return false; }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) {|REL110:when (Observe(ex))|} { } }
            static bool Observe(Exception ex)
            {
                if (ex is IOException) { Console.Error.WriteLine("io: " + ex.Message); return true; }
                Console.Error.WriteLine(ex);
                return true;
            }
            """)]
        public Task REL110_Variants_AreReported(string members) => Verify(members + FilterHelpers);

        [Theory]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) when (LogAndFalse(ex)) { } }
            bool LogAndFalse(Exception ex) { _logger.LogError(ex, "Save failed"); return false; }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) when (LogAndReturnTrue(ex)) { throw new InvalidOperationException("x", ex); } }
            bool LogAndReturnTrue(Exception ex) { _logger.LogError(ex, "Save failed"); return true; }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) when (IsTransient(ex)) { } }
            static bool IsTransient(Exception ex) { var inner = ex.GetBaseException(); return inner is IOException; }
            """)]
        [InlineData("""
            void Save() { try { File.WriteAllText("a", "b"); } catch (Exception ex) when (ex is IOException && Log(ex)) { } }
            bool Log(Exception ex) { _logger.LogError(ex, "x"); return true; }
            """)]
        public Task REL110_Negatives(string members) => Verify(members + FilterHelpers);

        private const string FilterHelpers = """

            }
            static class FilterLog
            {
                public static bool LogErrorAndTrue(this ILogger logger, Exception ex) { logger.LogError(ex, "failed"); return true; }
                public static bool Swallow(this ILogger logger, Exception ex) { logger.LogWarning(ex, "swallowed"); return true; }
            """;

        // REL111: ContinueWith that never looks at the antecedent's fault.
        [Theory]
        [InlineData("""
            void Warm() { _ = _http.GetStringAsync("a").{|REL111:ContinueWith|}(t => _logger.LogInformation("warmed")); }
            """)]
        [InlineData("""
            Task Warm() => _http.GetStringAsync("a").{|REL111:ContinueWith|}(_ => _logger.LogInformation("warmed"), TaskContinuationOptions.ExecuteSynchronously);
            """)]
        [InlineData("""
            void Warm() { _cache.StringSetAsync("k", "v").{|REL111:ContinueWith|}(OnStored); }
            void OnStored(Task<bool> stored) => _logger.LogDebug("stored");
            """)]
        [InlineData("""
            void Warm() { _http.GetStringAsync("a").{|REL111:ContinueWith|}(t => Console.WriteLine(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion); }
            """)]
        [InlineData("""
            Task Warm() => _http.GetStringAsync("a").{|REL111:ContinueWith|}(async _ => await _cache.StringSetAsync("warm", "1")).Unwrap();
            """)]
        [InlineData("""
            void Warm()
            {
                Task save = File.WriteAllTextAsync("a", "b");
                save.{|REL111:ContinueWith|}(delegate { _logger.LogInformation("saved"); }, TaskScheduler.Default);
            }
            """)]
        [InlineData("""
            async Task NotifyAsync() { await _http.GetStringAsync("a").{|REL111:ContinueWith|}(_ => _logger.LogInformation("notified")); }
            """)]
        public Task REL111_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            void Warm() { _ = _http.GetStringAsync("a").ContinueWith(t => { if (t.IsFaulted) _logger.LogError(t.Exception, "warm failed"); }); }
            """)]
        [InlineData("""
            void Warm() { _ = _http.GetStringAsync("a").ContinueWith(t => _logger.LogError(t.Exception, "warm failed"), TaskContinuationOptions.OnlyOnFaulted); }
            """)]
        [InlineData("""
            void Warm()
            {
                Task<string> fetch = _http.GetStringAsync("a");
                fetch.ContinueWith(t => Console.WriteLine(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
                fetch.ContinueWith(t => _logger.LogError(t.Exception, "fetch failed"), TaskContinuationOptions.OnlyOnFaulted);
            }
            """)]
        [InlineData("""
            Task<int> Length() => _http.GetStringAsync("a").ContinueWith(t => t.Result.Length);
            """)]
        [InlineData("""
            void Warm() { _ = _http.GetStringAsync("a").ContinueWith(LogFault); }
            void LogFault(Task<string> t) { if (t.Exception is { } e) _logger.LogError(e, "failed"); }
            """)]
        [InlineData("""
            void Warm() { _ = _http.GetStringAsync("a").ContinueWith(t => _logger.LogInformation("status {Status}", t.Status)); }
            """)]
        [InlineData("""
            Task GuardedAsync(SemaphoreSlim gate)
            {
                Task work = _http.GetStringAsync("a");
                _ = work.ContinueWith(_ => gate.Release(), TaskScheduler.Default);
                return work;
            }
            """)]
        public Task REL111_Negatives(string members) => Verify(members);

        // REL112: cancellation caught without checking the caller's token.
        [Theory]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                {|REL112:catch (TaskCanceledException)|} { return null; }
            }
            """)]
        [InlineData("""
            async Task<User[]> ListAsync(CancellationToken cancellationToken)
            {
                try { await using var c = _db.CreateCommand("select 1"); await c.ExecuteScalarAsync(cancellationToken); return new User[1]; }
                {|REL112:catch (OperationCanceledException ex)|} { _logger.LogInformation(ex, "List cancelled"); return Array.Empty<User>(); }
            }
            """)]
        [InlineData("""
            async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, CancellationToken ct)
            {
                try { return await _http.SendAsync(request, ct).ConfigureAwait(false); }
                {|REL112:catch (TaskCanceledException ex)|} { _logger.LogWarning(ex, "Request cancelled"); return null; }
            }
            """)]
        public Task REL112_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (TaskCanceledException) when (!token.IsCancellationRequested) { _logger.LogWarning("Timed out"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (OperationCanceledException) when (token.IsCancellationRequested) { return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException) { _logger.LogWarning(ex, "Timed out"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (OperationCanceledException) { if (token.IsCancellationRequested) throw; _logger.LogWarning("Timed out"); return null; }
            }
            """)]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (OperationCanceledException) { token.ThrowIfCancellationRequested(); return null; }
            }
            """)]
        [InlineData("""
            async Task DrainAsync(System.Threading.Channels.ChannelReader<int> reader, CancellationToken token)
            {
                try { await foreach (var item in reader.ReadAllAsync(token)) { } }
                catch (OperationCanceledException) { }
            }
            """)]
        // A probe: false is its answer for "not reachable in time".
        [InlineData("""
            async Task<bool> PingAsync(CancellationToken ct)
            {
                try { using var response = await _http.GetAsync("health", ct); return response.IsSuccessStatusCode; }
                catch (OperationCanceledException) { _logger.LogInformation("Ping cancelled"); return false; }
            }
            """)]
        [InlineData("""
            async Task<string?> GetAsync(string url, CancellationToken token)
            {
                try { return await _http.GetStringAsync(url, token); }
                catch (OperationCanceledException ex) { _logger.LogError(ex, "GET {Url} cancelled or timed out", url); return null; }
            }
            """)]
        public Task REL112_Negatives(string members) => Verify(members);

        // REL113: Task.Factory.StartNew(async ...) without Unwrap.
        [Theory]
        [InlineData("""
            async Task RunAsync() { var work = Task.Factory.{|REL113:StartNew|}(async () => await _cache.PingAsync()); await work; }
            """)]
        [InlineData("""
            void Run() { Task.Factory.{|REL113:StartNew|}(async () => await _cache.PingAsync(), TaskCreationOptions.LongRunning); }
            """)]
        [InlineData("""
            void Run() { _ = Task.Factory.{|REL113:StartNew|}(async () => { await Task.Delay(10); _logger.LogInformation("tick"); }); }
            """)]
        [InlineData("""
            async Task RunAllAsync(string[] keys)
            {
                var tasks = new List<Task>();
                foreach (var key in keys) tasks.Add(Task.Factory.{|REL113:StartNew|}(async () => await _cache.KeyDeleteAsync(key)));
                await Task.WhenAll(tasks);
            }
            """)]
        [InlineData("""
            void Run() { Task.Factory.{|REL113:StartNew|}(PumpAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default); }
            async Task PumpAsync() { await Task.Delay(1); }
            """)]
        [InlineData("""
            Task Run() => new TaskFactory().{|REL113:StartNew|}(async () => await Task.Delay(1));
            """)]
        [InlineData("""
            async Task RunAsync() { await Task.Factory.{|REL113:StartNew|}(async () => await _cache.PingAsync()).ConfigureAwait(false); }
            """)]
        public Task REL113_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            async Task RunAsync() { await Task.Factory.StartNew(async () => await _cache.PingAsync()).Unwrap(); }
            """)]
        [InlineData("""
            async Task RunAsync() { await await Task.Factory.StartNew(async () => await _cache.PingAsync()); }
            """)]
        [InlineData("""
            async Task RunAsync() { Task<Task<TimeSpan>> outer = Task.Factory.StartNew(async () => await _cache.PingAsync(), TaskCreationOptions.LongRunning); await outer.Unwrap(); }
            """)]
        [InlineData("""
            Task Run() => Task.Factory.StartNew(() => File.WriteAllText("a", "b"), TaskCreationOptions.LongRunning);
            """)]
        [InlineData("""
            Task Run() => Task.Run(async () => await _cache.PingAsync());
            """)]
        [InlineData("""
            async Task RunAsync() { await (await Task.Factory.StartNew(async () => await _cache.PingAsync()).ConfigureAwait(false)).ConfigureAwait(false); }
            """)]
        public Task REL113_Negatives(string members) => Verify(members);

        // REL114: an UnobservedTaskException handler that only calls SetObserved.
        [Theory]
        [InlineData("""
            void Start() { {|REL114:TaskScheduler.UnobservedTaskException += (s, e) => e.SetObserved()|}; }
            """)]
        [InlineData("""
            void Start() { {|REL114:TaskScheduler.UnobservedTaskException += (_, args) => { args.SetObserved(); }|}; }
            """)]
        [InlineData("""
            void Start() { {|REL114:TaskScheduler.UnobservedTaskException += OnUnobserved|}; }
            static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { e.SetObserved(); }
            """)]
        [InlineData("""
            void Start() { {|REL114:TaskScheduler.UnobservedTaskException += delegate (object? sender, UnobservedTaskExceptionEventArgs e) { e.SetObserved(); }|}; }
            """)]
        [InlineData("""
            void Start() { {|REL114:TaskScheduler.UnobservedTaskException += new EventHandler<UnobservedTaskExceptionEventArgs>(OnUnobserved)|}; }
            static void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => e.SetObserved();
            """)]
        public Task REL114_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            void Start() { TaskScheduler.UnobservedTaskException += (s, e) => { _logger.LogError(e.Exception, "Unobserved task failure"); e.SetObserved(); }; }
            """)]
        [InlineData("""
            void Start() { TaskScheduler.UnobservedTaskException += OnUnobserved; }
            void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) { _logger.LogCritical(e.Exception, "Unobserved"); e.SetObserved(); }
            """)]
        public Task REL114_Negatives(string members) => Verify(members);

        // REL105: a catch-all that also swallows cancellation.
        [Theory]
        [InlineData("""
            async Task SyncAsync(CancellationToken ct)
            {
                try { await _http.GetStringAsync("a", ct); }
                {|REL105:catch (Exception ex)|} { _logger.LogError(ex, "Sync failed"); }
            }
            """)]
        [InlineData("""
            async Task SyncAsync(CancellationToken ct)
            {
                try { await Task.Delay(100, ct); }
                {|REL105:catch|} { _logger.LogError("Sync failed"); }
            }
            """)]
        public Task REL105_Variants_AreReported(string members) => Verify(members);

        [Theory]
        [InlineData("""
            async Task SyncAsync(CancellationToken ct)
            {
                try { await _http.GetStringAsync("a", ct); }
                catch (Exception ex) when (ex is not OperationCanceledException) { _logger.LogError(ex, "Sync failed"); }
            }
            """)]
        [InlineData("""
            async Task SyncAsync(CancellationToken ct)
            {
                try { await _http.GetStringAsync("a", ct); }
                catch (OperationCanceledException) { throw; }
                catch (Exception ex) { _logger.LogError(ex, "Sync failed"); }
            }
            """)]
        [InlineData("""
            async Task SyncAsync(CancellationToken ct)
            {
                try { await _http.GetStringAsync("a", ct); }
                catch (Exception ex) when (!ct.IsCancellationRequested) { _logger.LogError(ex, "Sync failed"); }
            }
            """)]
        public Task REL105_Negatives(string members) => Verify(members);
    }
}
