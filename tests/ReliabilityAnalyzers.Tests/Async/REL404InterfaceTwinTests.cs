using System.Threading.Tasks;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL404OnlyView>;

namespace ReliabilityAnalyzers.Tests.Async
{
    /// <summary>REL404 through an interface or abstract twin: judged by the implementations in this compilation.</summary>
    public class REL404InterfaceTwinTests
    {
        [Fact]
        public Task InterfaceTwin_ImplementedOnlyByWrappersOfTheSyncMember_IsNotReported_ARealImplementationIs() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            interface IScope
            {
                string Collection(string name);
                ValueTask<string> CollectionAsync(string name);
            }
            interface IStore
            {
                string Load(string key);
                Task<string> LoadAsync(string key);
            }
            class Scope : IScope
            {
                public string Collection(string name) => name;
                public ValueTask<string> CollectionAsync(string name) => new(Collection(name));
            }
            class Store : IStore
            {
                public string Load(string key) => key;
                public async Task<string> LoadAsync(string key) { await Task.Delay(1); return key; }
            }
            class Reader
            {
                async Task<string> ReadAsync(IScope scope, IStore store)
                {
                    string a = scope.Collection("a");
                    string b = store.{|#0:Load("b")|};
                    await Task.Yield();
                    return a + b;
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("Load", "LoadAsync"));

        [Fact]
        public Task TwinThatReturnsAnotherFakeTwinOrWrapsAValue_IsNotReported_OneThatReturnsARealTwinIs() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            interface IBucket
            {
                string DefaultScope();
                ValueTask<string> DefaultScopeAsync();
                string DefaultStore();
                Task<string> DefaultStoreAsync();
            }
            abstract class BucketBase : IBucket
            {
                public string Scope(string name) => name;
                public ValueTask<string> ScopeAsync(string name) => new(Scope(name));
                public string DefaultScope() => Scope("_default");
                public ValueTask<string> DefaultScopeAsync() => ScopeAsync("_default");
                public string Store(string key) => key;
                public async Task<string> StoreAsync(string key) { await Task.Delay(1); return key; }
                public string DefaultStore() => Store("_default");
                public Task<string> DefaultStoreAsync() => StoreAsync("_default");
            }
            sealed class Bucket : BucketBase { }
            sealed class RemoteBucket : IBucket
            {
                public string DefaultScope() => "_default";
                public ValueTask<string> DefaultScopeAsync() { return ValueTask.FromResult(DefaultScope()); }
                public string DefaultStore() => "_default";
                public Task<string> DefaultStoreAsync() => Task.FromResult(DefaultStore());
            }
            class Reader
            {
                async Task<string> ReadAsync(IBucket bucket)
                {
                    string a = bucket.DefaultScope();
                    string b = bucket.{|#0:DefaultStore()|};
                    await Task.Yield();
                    return a + b;
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("DefaultStore", "DefaultStoreAsync"));
    }
}
