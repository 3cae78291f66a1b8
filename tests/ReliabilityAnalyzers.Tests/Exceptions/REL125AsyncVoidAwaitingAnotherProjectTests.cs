using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL106AsyncVoidAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL125 is the audit half of REL106, reported by the same analyzer.</summary>
    public class REL125AsyncVoidAwaitingAnotherProjectTests
    {
        [Fact]
        public async Task AwaitingOnlyAnotherProjectsSend_IsRel125AuditLevel_AnUnguardedAwaitStaysRel106()
        {
            var test = Verify.Create("""
                using System;
                using System.Threading.Tasks;
                class Session : Contoso.Framework.SocketSession
                {
                    // Every await goes to the other project's AsyncWrite (its body is not readable here): REL125.
                    public async void {|#0:SendPacket|}(byte[] data)
                    {
                        var buffer = new byte[data.Length + 4];
                        await AsyncWrite(buffer);
                    }

                    // An await of this project's unguarded work: still REL106.
                    public async void {|#1:SendAndLoad|}(byte[] data)
                    {
                        await AsyncWrite(data);
                        await LoadAsync();
                    }

                    Task LoadAsync() => System.IO.File.ReadAllTextAsync("state.json");
                }
                """,
                new DiagnosticResult("REL125", DiagnosticSeverity.Info).WithLocation(0).WithArguments("'SendPacket'"),
                Verify.Diagnostic("REL106").WithLocation(1).WithArguments("'SendAndLoad'"));
            test.TestState.AdditionalReferences.Add(Infrastructure.ProjectLibrary.Build("Contoso.Framework", REL107FireAndForgetTests.FrameworkLibrary));
            await test.RunAsync();
        }

        [Fact]
        public async Task AsyncLambdaAwaitingOnlyAnotherProjectsSend_IsRel125()
        {
            var test = Verify.Create("""
                using System;
                using System.Threading.Tasks;
                class Session : Contoso.Framework.SocketSession
                {
                    void OnLoaded(Action<byte[]> callback) { }
                    void Start() => OnLoaded({|#0:async|} data => { await AsyncWrite(data); });
                }
                """,
                new DiagnosticResult("REL125", DiagnosticSeverity.Info).WithLocation(0).WithArguments("This async lambda converted to 'Action<byte[]>'"));
            test.TestState.AdditionalReferences.Add(Infrastructure.ProjectLibrary.Build("Contoso.Framework", REL107FireAndForgetTests.FrameworkLibrary));
            await test.RunAsync();
        }
    }
}
