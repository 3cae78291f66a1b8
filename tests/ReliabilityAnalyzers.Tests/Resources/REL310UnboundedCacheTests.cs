using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL310UnboundedCacheAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL310UnboundedCacheTests
    {
        private const string Evict = "Evict entries (Remove/TryRemove, a size check, or a MemoryCache with SizeLimit and expiration)";

        private static DiagnosticResult D(int location, string what, string fix) =>
            new DiagnosticResult("REL310", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what, fix);

        [Fact]
        public Task UnboundedCaches_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                static void Register(IServiceCollection services)
                {
                    {|#0:services.AddMemoryCache()|};
                    {|#1:services.AddMemoryCache(o => o.ExpirationScanFrequency = System.TimeSpan.FromMinutes(1))|};
                }

                static IMemoryCache Local() => {|#2:new MemoryCache(new MemoryCacheOptions())|};
            }
            class SessionIndex
            {
                private static readonly ConcurrentDictionary<string, string> {|#3:_sessionsByUser|} = new();
                private static readonly Dictionary<long, byte[]> {|#4:_attachments|} = new();
                public static void Track(string user, string session) => _sessionsByUser[user] = session;
                public static string Get(string user) => _sessionsByUser.GetOrAdd(user, u => "none");
                public static void Store(long id, byte[] data) { lock (_attachments) { _attachments.Add(id, data); } }
                public static bool Has(long id) => _attachments.ContainsKey(id);
            }
            class PriceCache
            {
                // Its Count is only reported as a metric: nothing caps it (phase 24, a recall probe).
                private static readonly ConcurrentDictionary<string, decimal> {|#5:Quotes|} = new();
                public static void Put(string sku, decimal price) => Quotes[sku] = price;
                public static int Size => Quotes.Count;
                public static void Report() => System.Console.WriteLine("{0} quotes", Quotes.Count);
                // 'LogInformation' is a log line like 'LogWarning', not the word 'LogIn' (phase 25).
                public static void Trace() => Log.LogInformation("{Count} quotes", Quotes.Count);
            }
            static class Log
            {
                public static void LogInformation(string message, params object[] args) { }
            }
            """,
            D(0, "AddMemoryCache registers a MemoryCache with no SizeLimit, so it never evicts for size", "Pass AddMemoryCache(o => o.SizeLimit = ...) and give every entry a Size, or bound the key space"),
            D(1, "AddMemoryCache registers a MemoryCache with no SizeLimit, so it never evicts for size", "Pass AddMemoryCache(o => o.SizeLimit = ...) and give every entry a Size, or bound the key space"),
            D(2, "This MemoryCache has no SizeLimit, so it never evicts for size", "Set MemoryCacheOptions.SizeLimit and give every entry a Size, or bound the key space"),
            D(3, "The static dictionary '_sessionsByUser' is only ever added to: nothing in 'SessionIndex' removes, clears or caps it", Evict),
            D(4, "The static dictionary '_attachments' is only ever added to: nothing in 'SessionIndex' removes, clears or caps it", Evict),
            D(5, "The static dictionary 'Quotes' is only ever added to: nothing in 'PriceCache' removes, clears or caps it", Evict));

        [Fact]
        public Task BoundedCaches_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Reflection;
            using Microsoft.Extensions.Caching.Memory;
            using Microsoft.Extensions.DependencyInjection;
            static class Setup
            {
                static void Register(IServiceCollection services, Action<MemoryCacheOptions> configure)
                {
                    services.AddMemoryCache(o => o.SizeLimit = 10_000);
                    services.AddMemoryCache(configure);
                }

                static IMemoryCache Local() => new MemoryCache(new MemoryCacheOptions { SizeLimit = 1_000 });
            }
            enum Kind { A, B }
            class Caches
            {
                private static readonly ConcurrentDictionary<Type, PropertyInfo[]> _properties = new();
                private static readonly Dictionary<Kind, string> _names = new();
                private static readonly ConcurrentDictionary<string, string> _sessions = new();
                private static readonly Dictionary<string, int> _capped = new();
                private static readonly Dictionary<string, int> _exposed = new();
                private readonly Dictionary<string, int> _perInstance = new();
                public static PropertyInfo[] Props(Type t) => _properties.GetOrAdd(t, x => x.GetProperties());
                public static void Name(Kind k) => _names[k] = k.ToString();
                public static void Track(string user, string session) => _sessions[user] = session;
                public static void End(string user) => _sessions.TryRemove(user, out _);
                public static void Count(string key) { if (_capped.Count < 1_000) _capped[key] = 1; }
                public static IDictionary<string, int> Exposed() { _exposed["a"] = 1; return _exposed; }
                public void Add(string key) => _perInstance[key] = 1;
            }
            """);
    
        [Fact]
        public Task HostedServiceDictionaryOnlyAddedTo_IsReported_OtherInstancesAndEvictingServicesAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            class PresenceTracker : BackgroundService
            {
                private readonly Dictionary<string, DateTime> {|#0:_lastSeen|} = new();
                protected override Task ExecuteAsync(CancellationToken ct) { _lastSeen["node"] = DateTime.UtcNow; return Task.CompletedTask; }
            }
            class EvictingTracker : BackgroundService
            {
                private readonly ConcurrentDictionary<string, DateTime> _lastSeen = new();
                protected override Task ExecuteAsync(CancellationToken ct)
                {
                    _lastSeen["node"] = DateTime.UtcNow;
                    _lastSeen.TryRemove("old", out _);
                    return Task.CompletedTask;
                }
            }
            class RequestScoped
            {
                private readonly Dictionary<string, int> _counts = new();
                public void Count(string key) => _counts[key] = 1;
            }
            """,
            D(0, "The dictionary '_lastSeen' is only ever added to: nothing in 'PresenceTracker' removes, clears or caps it", Evict));
    
        [Fact]
        public Task SingletonRegisteredDictionaryOnlyAddedTo_IsReported_ScopedOrEvictingAreNot() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using Microsoft.Extensions.DependencyInjection;
            interface ISessionStore { void Put(string key, byte[] value); }
            class SessionStore : ISessionStore
            {
                private readonly ConcurrentDictionary<string, byte[]> {|#0:_byKey|} = new();
                public void Put(string key, byte[] value) => _byKey.TryAdd(key, value);
            }
            class EvictingStore
            {
                private readonly ConcurrentDictionary<string, byte[]> _byKey = new();
                public void Put(string key, byte[] value) => _byKey[key] = value;
                public void Drop(string key) => _byKey.TryRemove(key, out _);
            }
            class PerRequest
            {
                private readonly Dictionary<string, int> _counts = new();
                public void Count(string key) => _counts[key] = 1;
            }
            static class Registration
            {
                static void Add(IServiceCollection services)
                {
                    services.AddSingleton<ISessionStore, SessionStore>();
                    services.AddSingleton<EvictingStore>();
                    services.AddScoped<PerRequest>();
                }
            }
            """,
            D(0, "The dictionary '_byKey' is only ever added to: nothing in 'SessionStore' removes, clears or caps it", Evict));
    
        [Fact]
        public Task SingletonsRegisteredThroughFactoriesTypeofAndInstances_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.DependencyInjection.Extensions;
            interface IRateCache { void Seen(string client); }
            class RateCache : IRateCache
            {
                private readonly ConcurrentDictionary<string, DateTime> {|#0:_lastSeen|} = new();
                public RateCache(string region) { }
                public void Seen(string client) => _lastSeen[client] = DateTime.UtcNow;
            }
            class TokenCache
            {
                private readonly Dictionary<string, string> {|#1:_tokens|} = new();
                public void Put(string user, string token) => _tokens.Add(user, token);
            }
            class PriceCache
            {
                private readonly ConcurrentDictionary<string, decimal> {|#2:_prices|} = new();
                public decimal Get(string sku) => _prices.GetOrAdd(sku, _ => 1m);
            }
            class UserCache
            {
                private readonly ConcurrentDictionary<int, string> {|#3:_names|} = new();
                public void Put(int id, string name) => _names.TryAdd(id, name);
            }
            class FeedCache
            {
                private readonly ConcurrentDictionary<string, string> {|#4:_feeds|} = new();
                public void Put(string url, string body) => _feeds[url] = body;
            }
            static class Registration
            {
                static void Add(IServiceCollection services)
                {
                    services.AddSingleton<IRateCache>(sp => new RateCache("eu"));
                    services.AddSingleton(typeof(TokenCache));
                    services.TryAddSingleton(typeof(PriceCache), typeof(PriceCache));
                    services.AddSingleton(new UserCache());
                    services.AddSingleton(sp =>
                    {
                        var cache = new FeedCache();
                        return cache;
                    });
                }
            }
            """,
            D(0, "The dictionary '_lastSeen' is only ever added to: nothing in 'RateCache' removes, clears or caps it", Evict),
            D(1, "The dictionary '_tokens' is only ever added to: nothing in 'TokenCache' removes, clears or caps it", Evict),
            D(2, "The dictionary '_prices' is only ever added to: nothing in 'PriceCache' removes, clears or caps it", Evict),
            D(3, "The dictionary '_names' is only ever added to: nothing in 'UserCache' removes, clears or caps it", Evict),
            D(4, "The dictionary '_feeds' is only ever added to: nothing in 'FeedCache' removes, clears or caps it", Evict));

        [Fact]
        public Task ScopedAndTransientFactories_AndTypesOnlyUsedInsideFactories_AreNotReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using Microsoft.Extensions.DependencyInjection;
            class RequestCache
            {
                private readonly ConcurrentDictionary<string, string> _items = new();
                public void Put(string key, string value) => _items[key] = value;
            }
            class Options { public string Region = ""; }
            class Client
            {
                public Client(Options options, RequestCache perCall) { }
            }
            class ScratchPad
            {
                private readonly ConcurrentDictionary<string, string> _notes = new();
                public void Note(string key, string value) => _notes[key] = value;
            }
            static class Registration
            {
                static void Add(IServiceCollection services)
                {
                    services.AddScoped(sp => new RequestCache());
                    services.AddTransient(typeof(ScratchPad));
                    // A singleton built from other objects: only the registered object itself lives for the process.
                    services.AddSingleton(sp => new Client(new Options(), new RequestCache()));
                }
            }
            """);

        [Fact]
        public Task StaticSetOrListUsedAsASeenRecord_IsReported_FixedTablesAndTrimmedListsAreNot() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            static class Webhooks
            {
                // Phase 24, a recall probe: every processed event id is kept for de-duplication, forever.
                private static readonly List<string> {|#0:ProcessedEventIds|} = new();
                private static readonly HashSet<string> {|#1:SeenDevices|} = new();
                public static bool FirstTime(string id) { if (ProcessedEventIds.Contains(id)) return false; ProcessedEventIds.Add(id); return true; }
                public static void Seen(string device) => SeenDevices.Add(device);
            }
            static class Tables
            {
                private static readonly List<string> Known = new();
                private static readonly List<string> Recent = new();
                static Tables() { Known.Add("a"); Known.AddRange(new[] { "b", "c" }); }
                public static bool IsKnown(string name) => Known.Contains(name);
                public static void Push(string item) { Recent.Add(item); if (Recent.Count > 100) Recent.RemoveAt(0); }
                public static void Replace(int i, string item) => Recent[i] = item;
            }
            """,
            D(0, "The static list 'ProcessedEventIds' is only ever added to: nothing in 'Webhooks' removes, clears or caps it", Evict),
            D(1, "The static set 'SeenDevices' is only ever added to: nothing in 'Webhooks' removes, clears or caps it", Evict));
    }
}
