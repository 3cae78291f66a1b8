using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL127: the REL103 fix (pass the caught exception to the logger) with its own equivalence key.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL127OwnLoggerDropsExceptionCodeFix))]
    public sealed class REL127OwnLoggerDropsExceptionCodeFix : REL103LogWithoutExceptionCodeFix
    {
        public new const string PassExceptionKey = "REL127.PassException";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.OwnLoggerDropsException);

        protected override string EquivalenceKey => PassExceptionKey;
    }
}
