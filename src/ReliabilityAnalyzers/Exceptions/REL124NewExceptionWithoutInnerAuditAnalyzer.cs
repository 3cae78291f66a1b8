using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL124 (audit level): a new exception thrown from a catch without the caught one as inner, where the caught
    /// exception is a domain, state or input error (not a catch-all and not an infrastructure failure, which REL104
    /// reports at warning). Such translations are often deliberate, but an audit still lists every dropped cause.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL124NewExceptionWithoutInnerAuditAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.NewExceptionWithoutInnerAudit,
            title: "Caught exception dropped by a new exception (audit)",
            messageFormat: "'{0}' is thrown from a catch block without the caught exception as its inner exception. " +
                           "If the translation is not the whole story, the original error and its stack trace are gone. " +
                           "Pass the caught exception as the inner exception, or keep the translation if its message is the whole cause.",
            description: "A new exception thrown from a catch of a domain, state or input exception (not a catch-all, not an I/O, socket, HTTP, " +
                         "database, native-load or TLS failure: those are REL104) without the caught exception as inner. Often a deliberate " +
                         "translation whose message is the whole cause; listed so an audit sees every place where a cause is dropped.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            REL104LostExceptionContextAnalyzer.Register(context, Rule);
        }
    }
}
