using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL101: an empty catch-all around work the caller relies on (a save, a file or database write, a migration, a
    /// job enqueued, a payment recorded). Every other empty catch-all is REL120 (audit level); the judgement for both
    /// lives in <see cref="EmptyCatches"/>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL101EmptyCatchAnalyzer : DiagnosticAnalyzer
    {
        public const string CaughtTypeProperty = "CaughtType";
        public const string TeardownMethodsOption = EmptyCatches.TeardownMethodsOption;
        public const string ReportSpecificTypesOption = EmptyCatches.ReportSpecificTypesOption;

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.EmptyCatch,
            title: "Empty catch block swallows the failure of work the caller relies on",
            messageFormat: "This empty catch block swallows {0} thrown by {1} without a trace. " +
                           "The failed work is lost while callers see success and nobody is alerted. " +
                           "Log the exception and rethrow, or at least log it with the exception object.",
            description: "An empty catch-all (catch, catch (Exception)) around work whose result the caller relies on: a save, a file or database " +
                         "write, a migration, a job enqueued or a message published, a payment recorded. Other empty catch-alls are REL120 (audit level). " +
                         "Best-effort teardown, callback isolation, Try-style members, enrichment inside another catch, timer callbacks, sends flagged " +
                         "fire-and-forget, a comment that gives a reason over a few statements, and test projects are not reported at this level.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            Register(context, Rule, EmptyCatchLevel.Warning);
        }

        /// <summary>
        /// The one registration REL101 and REL120 share: <see cref="EmptyCatches.Classify"/> decides the level of every
        /// empty catch once, and each rule reports the catches of its own level, so a catch gets at most one of the two IDs.
        /// </summary>
        internal static void Register(AnalysisContext context, DiagnosticDescriptor rule, EmptyCatchLevel level)
        {
            context.RegisterCompilationStartAction(start =>
            {
                EmptyCatchCompilationFacts facts = EmptyCatchCompilationFacts.For(start.Compilation);
                start.RegisterSyntaxNodeAction(c => AnalyzeCatch(c, facts, rule, level), SyntaxKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(SyntaxNodeAnalysisContext context, EmptyCatchCompilationFacts facts, DiagnosticDescriptor rule, EmptyCatchLevel level)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            EmptyCatchVerdict verdict = EmptyCatches.Classify(catchClause, context.SemanticModel, context.Options, facts, context.CancellationToken);
            if (verdict.Level != level)
            {
                return;
            }

            // REL101 names the caught type and the evidence of consequence; REL120 (audit) names the caught type only.
            bool audit = level == EmptyCatchLevel.Audit;
            context.ReportDiagnostic(Diagnostic.Create(
                rule,
                Location.Create(catchClause.SyntaxTree, Span(catchClause)),
                ImmutableDictionary<string, string?>.Empty.Add(CaughtTypeProperty, verdict.CatchAll ? "all" : "specific"),
                audit ? new object?[] { verdict.CaughtDisplay } : new object?[] { verdict.CaughtDisplay, verdict.Evidence ?? "the code in the try block" }));
        }

        internal static TextSpan Span(CatchClauseSyntax catchClause) =>
            TextSpan.FromBounds(catchClause.CatchKeyword.SpanStart, catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
    }
}
