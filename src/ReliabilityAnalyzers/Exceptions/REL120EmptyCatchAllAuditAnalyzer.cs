using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL120 (audit level): an empty catch-all that REL101 does not report at warning level, because the try holds no
    /// work with strong evidence of consequence or a deliberate shape applies (callback isolation, Try-style member,
    /// enrichment, probe, timer callback, test project). Listed so an audit still sees every swallowed failure.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL120EmptyCatchAllAuditAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.EmptyCatchAllAudit,
            title: "Empty catch-all (audit)",
            messageFormat: "This empty catch block swallows {0} without a trace. " +
                           "If the failure is not the expected one, nobody will ever know it happened. " +
                           "Log it with the exception object, or catch the exception you expect and say why in a comment.",
            description: "An empty catch-all (catch, catch (Exception)) that REL101 does not report at warning level: the try holds no work with strong " +
                         "evidence of consequence, or a deliberate shape applies (callback or event isolation, Try-style member, enrichment inside another " +
                         "catch, timer callback, send flagged fire-and-forget, a comment that gives a reason, a test project); also an empty catch of one specific exception type " +
                         "around a save, commit, database command or file write. Often deliberate; worth a look in an audit.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            REL101EmptyCatchAnalyzer.Register(context, Rule, EmptyCatchLevel.Audit);
        }
    }
}
