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
    }
}
