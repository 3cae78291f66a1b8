using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL128: the REL103 fix (pass the caught exception to the logger) with its own equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL128HandledFailureLogWithoutExceptionCodeFix))]
    public sealed class REL128HandledFailureLogWithoutExceptionCodeFix : REL103LogWithoutExceptionCodeFix
    {
        public new const string PassExceptionKey = "REL128.PassException";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.HandledFailureLogWithoutException);

        protected override string EquivalenceKey => PassExceptionKey;
    }
}
