using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL124: 'throw new X(msg)' gets the caught exception as inner (same fix as REL104's).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL124NewExceptionWithoutInnerAuditCodeFix))]
    public sealed class REL124NewExceptionWithoutInnerAuditCodeFix : LostExceptionContextCodeFix
    {
        public const string KeepContextKey = "REL124.KeepContext";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.NewExceptionWithoutInnerAudit);

        protected override string KeepKey => KeepContextKey;
    }
}
