using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL303SilentDropAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL303SilentDropTests
    {
        private const string AddCallback = "Pass an itemDropped callback that logs or counts the dropped item";

        [Fact]
        public Task SilentDrops_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading.Channels;
            class Notifier
            {
                readonly Channel<string> _drop = {|#0:Channel.CreateBounded<string>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest })|};
                readonly Channel<string> _wait = Channel.CreateBounded<string>(100);
                readonly BlockingCollection<string> _bounded = new BlockingCollection<string>(boundedCapacity: 10);

                Channel<int> ViaLocal()
                {
                    var options = new BoundedChannelOptions(10);
                    options.FullMode = BoundedChannelFullMode.DropWrite;
                    return {|#1:Channel.CreateBounded<int>(options)|};
                }

                void Publish(string message)
                {
                    {|#2:_wait.Writer.TryWrite(message)|};
                    {|#3:_bounded.TryAdd(message)|};
                }
            }
            """,
            Verify.Diagnostic("REL303").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Channel.CreateBounded with FullMode = DropOldest has no itemDropped callback", AddCallback),
            Verify.Diagnostic("REL303").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Channel.CreateBounded with FullMode = DropWrite has no itemDropped callback", AddCallback),
            Verify.Diagnostic("REL303").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(2).WithArguments("The result of TryWrite on a bounded channel is ignored", "Check the result and log or count the rejected item, or await WriteAsync to apply backpressure"),
            Verify.Diagnostic("REL303").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("The result of TryAdd on a bounded BlockingCollection is ignored", "Check the result and log or count the rejected item"));

        [Fact]
        public Task VisibleDrops_AndUnboundedWrites_AreNotReported() => Verify.VerifyAsync("""
            using System.Collections.Concurrent;
            using System.Threading.Channels;
            using Microsoft.Extensions.Logging;
            class Notifier
            {
                readonly ILogger _logger;
                readonly Channel<string> _drop;
                readonly Channel<string> _unbounded = Channel.CreateUnbounded<string>();
                readonly Channel<string> _wait = Channel.CreateBounded<string>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.Wait });
                readonly BlockingCollection<string> _unboundedCollection = new BlockingCollection<string>();

                public Notifier(ILogger logger)
                {
                    _logger = logger;
                    _drop = Channel.CreateBounded<string>(
                        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest },
                        dropped => _logger.LogWarning("dropped {Item}", dropped));
                }

                void Publish(string message)
                {
                    _drop.Writer.TryWrite(message);       // drop mode: always true, the callback records losses
                    _unbounded.Writer.TryWrite(message);  // unbounded: fails only after completion
                    _unboundedCollection.TryAdd(message);
                    if (!_wait.Writer.TryWrite(message))
                    {
                        _logger.LogWarning("queue full");
                    }

                    bool accepted = _wait.Writer.TryWrite(message);
                }
            }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using System.Threading.Channels;
                class C { void M() { var c = Channel.CreateBounded<int>(new BoundedChannelOptions( { FullMode = ); c.Writer.TryWrite(; } }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync(CancellationToken.None);
        }
    }
}
