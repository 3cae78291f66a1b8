using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL108: an explicit discard of a task, <c>_ = FooAsync();</c> or <c>_ = Task.Run(...)</c>. The author chose to drop
    /// it, so this is a suggestion (REL107 is the warning for tasks dropped without saying so).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL108DiscardedTaskAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.DiscardedTask,
            title: "Task is discarded without observing its faults",
            messageFormat: "The task returned by '{0}' is discarded with '_ ='. " +
                           "If it fails, the exception is never observed and nobody is told. " +
                           "Await it, or observe its faults (a catch-all inside the work, or a continuation that logs).",
            description: "An explicit discard '_ = FooAsync();' or '_ = Task.Run(...)' starts work whose failure nobody sees. " +
                         "Discards of completed tasks, of tasks with a ContinueWith continuation and of work that catches every exception " +
                         "itself are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                ObservedTaskTypes? types = ObservedTaskTypes.For(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.SimpleAssignment);
            });
        }

        private static void Analyze(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IDiscardOperation))
            {
                return;
            }

            IOperation value = Operations.Unwrap(assignment.Value);
            if (!types.IsTask(value.Type) || types.FaultsAreObserved(value, context.CancellationToken))
            {
                return;
            }

            string name = value is IInvocationOperation invocation ? invocation.TargetMethod.Name : value.Syntax.ToString();
            SyntaxNode reported = assignment.Parent is IExpressionStatementOperation statement ? statement.Syntax : assignment.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Rule, reported.GetLocation(), name));
        }
    }
}
