using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL120: log the exception at Warning and continue (Fix All's choice); log and rethrow, or rethrow, where a rethrow is safe.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL120EmptyCatchAllAuditCodeFix))]
    public sealed class REL120EmptyCatchAllAuditCodeFix : EmptyCatchCodeFix
    {
        public const string LogAndContinueKey = "REL120.Log";
        public const string LogThenRethrowKey = "REL120.LogAndRethrow";
        public const string RethrowOnlyKey = "REL120.Rethrow";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.EmptyCatchAllAudit);

        protected override string LogKey => LogAndContinueKey;

        protected override string LogAndRethrowKey => LogThenRethrowKey;

        protected override string RethrowKey => RethrowOnlyKey;

        protected override string LogMethod => "LogWarning";
    }
}
