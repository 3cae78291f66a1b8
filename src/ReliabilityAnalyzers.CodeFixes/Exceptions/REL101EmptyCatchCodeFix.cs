using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL101: log the exception and continue (Fix All's choice); log and rethrow, or rethrow, where a rethrow is safe.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL101EmptyCatchCodeFix))]
    public sealed class REL101EmptyCatchCodeFix : EmptyCatchCodeFix
    {
        public const string LogAndContinueKey = "REL101.Log";
        public const string LogThenRethrowKey = "REL101.LogAndRethrow";
        public const string RethrowOnlyKey = "REL101.Rethrow";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.EmptyCatch);

        protected override string LogKey => LogAndContinueKey;

        protected override string LogAndRethrowKey => LogThenRethrowKey;

        protected override string RethrowKey => RethrowOnlyKey;

        protected override string LogMethod => "LogError";
    }
}
