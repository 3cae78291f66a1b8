using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Async
{
    /// <summary>REL407: the REL404 fix (<c>await</c> the twin, passing the token in scope) with its own equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL407BlockingLocalFileIoCodeFix))]
    public sealed class REL407BlockingLocalFileIoCodeFix : REL404BlockingCallWithAsyncTwinCodeFix
    {
        public new const string AwaitTwinKey = "REL407.AwaitTwin";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.BlockingLocalFileIoInAsync);

        protected override string EquivalenceKey => AwaitTwinKey;
    }
}
