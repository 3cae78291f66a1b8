using System.Threading.Tasks;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Tests.Async.REL404OnlyView>;

namespace ReliabilityAnalyzers.Tests.Async
{
    /// <summary>REL404 through an interface or abstract twin: judged by the implementations in this compilation.</summary>
    public class REL404InterfaceTwinTests
    {
        [Fact]
        public Task MemoryBackedStreamTypes_AndDisconnectOnAFailurePath_AreNotReported_ANetworkReadIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            sealed class MemoryBlockStream : Stream
            {
                public override bool CanRead => true; public override bool CanSeek => true; public override bool CanWrite => true;
                public override long Length => 0; public override long Position { get; set; }
                public override void Flush() { }
                public override int Read(byte[] buffer, int offset, int count) => 0;
                public override long Seek(long offset, SeekOrigin origin) => 0;
                public override void SetLength(long value) { }
                public override void Write(byte[] buffer, int offset, int count) { }
            }
            class Proxy
            {
                async Task<byte[]> CopyAsync(Stream network, Socket socket)
                {
                    var block = new MemoryBlockStream();
                    block.Write(new byte[4], 0, 4);
                    byte[] header = new byte[4];
                    try
                    {
                        await socket.ConnectAsync("localhost", 80);
                        network.{|#0:Read(header, 0, 4)|};
                    }
                    catch
                    {
                        if (socket.Connected) socket.Disconnect(false);
                        socket.Dispose();
                        throw;
                    }

                    return header;
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("Read", "ReadAsync"));

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
    
        [Fact]
        public Task GenericAccessorOfAnAwaitedConnection_IsNotReported_OtherCallsOnItAndUnconnectedAccessorsAre() => Verify.VerifyAsync("""
            using System;
            using System.Threading.Tasks;
            class ServiceConnection
            {
                public Task ConnectAsync() => Task.CompletedTask;
                public T GetClient<T>() where T : new() => GetClientAsync<T>().GetAwaiter().GetResult();
                public async Task<T> GetClientAsync<T>() where T : new() { await Task.Yield(); return new T(); }
                public string Lookup(string key) => LookupAsync(key).GetAwaiter().GetResult();
                public async Task<string> LookupAsync(string key) { await Task.Yield(); return key; }
            }
            class JobClient { }
            class Runner
            {
                ServiceConnection _connection = new ServiceConnection();
                JobClient _client = new JobClient();
                static Task<ServiceConnection> EstablishAsync() => Task.FromResult(new ServiceConnection());

                async Task ConnectAsync()
                {
                    _connection = await EstablishAsync();
                    _client = _connection.GetClient<JobClient>();
                    var other = await EstablishAsync();
                    _client = other.GetClient<JobClient>();
                    _ = _connection.{|#0:Lookup("agent")|};          // a call with input still goes to the server
                }

                async Task ConnectedHereAsync(ServiceConnection connection)
                {
                    await connection.ConnectAsync();
                    _client = connection.GetClient<JobClient>();
                }

                async Task NotConnectedAsync(ServiceConnection connection)
                {
                    await Task.Yield();
                    _client = connection.{|#1:GetClient<JobClient>()|};
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("Lookup", "LookupAsync"),
            Verify.Diagnostic("REL404").WithLocation(1).WithArguments("GetClient", "GetClientAsync"));

        [Fact]
        public Task AsyncTwinThatOnlyAwaitsAFakeOwnTwin_IsNotReported_OneAwaitingARealTwinIs() => Verify.VerifyAsync("""
            using System.Threading.Tasks;
            // Phase 24, a Kerberos library's ticket caches: the generic async getter awaits the non-generic one, which
            // wraps the sync lookup.
            interface ICache
            {
                object Get(string key);
                ValueTask<object> GetAsync(string key);
                T Get<T>(string key);
                ValueTask<T> GetAsync<T>(string key);
            }
            // Implemented only through an abstract base whose overrides wrap the sync lookup.
            interface IFileCache
            {
                object Get(string key);
                ValueTask<object> GetAsync(string key);
                T Get<T>(string key);
                ValueTask<T> GetAsync<T>(string key);
            }
            abstract class CacheBase : IFileCache
            {
                public abstract object Get(string key);
                public abstract ValueTask<object> GetAsync(string key);
                public abstract T Get<T>(string key);
                public abstract ValueTask<T> GetAsync<T>(string key);
            }
            sealed class FileCache : CacheBase
            {
                public override object Get(string key) => key;
                public override ValueTask<object> GetAsync(string key) => new ValueTask<object>(this.Get(key));
                public override T Get<T>(string key) => (T)Get(key);
                public override async ValueTask<T> GetAsync<T>(string key) => (T)await this.GetAsync(key);
            }
            sealed class MemoryCache : ICache
            {
                public object Get(string key) => key;
                public ValueTask<object> GetAsync(string key) => new(this.Get(key));
                public T Get<T>(string key) => (T)Get(key);
                public async ValueTask<T> GetAsync<T>(string key)
                {
                    var found = await this.GetAsync(key).ConfigureAwait(false);
                    return (T)found;
                }
            }
            interface IRemote
            {
                string Fetch(string key);
                Task<string> FetchAsync(string key);
                string FetchTrimmed(string key);
                Task<string> FetchTrimmedAsync(string key);
            }
            sealed class Remote : IRemote
            {
                public string Fetch(string key) => key;
                public async Task<string> FetchAsync(string key) { await Task.Delay(1); return key; }
                public string FetchTrimmed(string key) => Fetch(key).Trim();
                public async Task<string> FetchTrimmedAsync(string key) => (await this.FetchAsync(key)).Trim();
            }
            class Client
            {
                async Task<string> RunAsync(ICache cache, IRemote remote, IFileCache files)
                {
                    string a = cache.Get<string>("a") + files.Get<string>("c");
                    string b = remote.{|#0:FetchTrimmed("b")|};
                    await Task.Yield();
                    return a + b;
                }
            }
            """,
            Verify.Diagnostic("REL404").WithLocation(0).WithArguments("FetchTrimmed", "FetchTrimmedAsync"));
    }
}
