using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL409: the REL404 fix (<c>await</c> the twin, passing the token in scope) with its own equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL409BlockingCallOfUnknownApiCodeFix))]
    public sealed class REL409BlockingCallOfUnknownApiCodeFix : REL404BlockingCallWithAsyncTwinCodeFix
    {
        public new const string AwaitTwinKey = "REL409.AwaitTwin";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingCallOfUnknownApi);

        protected override string EquivalenceKey => AwaitTwinKey;
    }
}
