using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL104: 'throw ex;' becomes 'throw;'; 'throw new X(msg)' gets the caught exception as inner.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL104LostExceptionContextCodeFix))]
    public sealed class REL104LostExceptionContextCodeFix : LostExceptionContextCodeFix
    {
        public const string KeepContextKey = "REL104.KeepContext";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.LostExceptionContext);

        protected override string KeepKey => KeepContextKey;
    }
}
