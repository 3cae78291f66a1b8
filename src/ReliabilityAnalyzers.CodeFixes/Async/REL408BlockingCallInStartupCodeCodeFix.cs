using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL408: the REL404 fix (<c>await</c> the twin, passing the token in scope) with its own equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL408BlockingCallInStartupCodeCodeFix))]
    public sealed class REL408BlockingCallInStartupCodeCodeFix : REL404BlockingCallWithAsyncTwinCodeFix
    {
        public new const string AwaitTwinKey = "REL408.AwaitTwin";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingCallInStartupCode);

        protected override string EquivalenceKey => AwaitTwinKey;
    }
}
