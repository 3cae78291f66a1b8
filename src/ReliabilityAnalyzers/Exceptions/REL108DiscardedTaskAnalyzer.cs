using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Resilience;

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
            messageFormat: "The task returned by '{0}' is discarded or left running unobserved ('_ =', one-shot background work, an event raised, or another project's method). " +
                           "If it fails, the exception is never observed and nobody is told. " +
                           "Await it, or observe its faults (a catch-all inside the work, or a continuation that logs).",
            description: "An explicit discard '_ = FooAsync();', '_ = Task.Run(...)' or an unread local named as one ('var ignored = FooAsync();') starts work whose failure nobody sees. " +
                         "REL107 leaves to this audit-level rule the drops whose evidence is weak: one-shot background work started with " +
                         "Task.Run / StartNew (not a work loop), a task-returning event raised, a UDP send, and a task-returning call of another " +
                         "project of the same solution (a project reference, whose body this compilation cannot read). " +
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
                start.RegisterOperationAction(c => AnalyzeStatement(c, types), OperationKind.ExpressionStatement);
                start.RegisterOperationAction(c => AnalyzeDeclarator(c, types), OperationKind.VariableDeclarator);
            });
        }

        /// <summary>
        /// A task dropped in synchronous code whose callee is another project of the same solution (its body is not
        /// readable here): REL107 leaves it to this audit-level rule, since such helpers usually catch and log.
        /// </summary>
        private static void AnalyzeStatement(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (Operations.Unwrap(statement.Operation) is IInvocationOperation { TargetMethod: { ReturnsVoid: true, IsExtensionMethod: true } } forget
                && DropsItsTask(forget, types, context.CancellationToken) is IInvocationOperation dropped)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, dropped.Syntax.GetLocation(), dropped.TargetMethod.Name));
                return;
            }

            IInvocationOperation? invocation = REL107FireAndForgetAnalyzer.DroppedTask(statement, types);
            if (invocation != null && REL107FireAndForgetAnalyzer.LeftToAudit(statement, invocation, types, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
            }
        }

        /// <summary>
        /// 'RefreshAsync().Forget();' where the project's own void extension on Task drops it: its body is empty, or only
        /// attaches a continuation that reads the fault to throw it away ('_ = t.Exception'; phase 25, a recall probe). The
        /// receiver's task is then discarded as surely as with '_ ='. Returns the receiver call.
        /// </summary>
        private static IInvocationOperation? DropsItsTask(IInvocationOperation call, ObservedTaskTypes types, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol method = (call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition;
            if (!method.IsExtensionMethod || method.Parameters.Length == 0 || !types.IsTask(method.Parameters[0].Type)
                || method.DeclaringSyntaxReferences.Length != 1
                || !(ResilienceApis.Receiver(call) is { } receiver) || !(Operations.Unwrap(receiver) is IInvocationOperation started)
                || !types.IsTask(started.Type))
            {
                return null;
            }

            SyntaxNode? body = SyntaxHelpers.BodyOf(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken));
            if (body is BlockSyntax { Statements.Count: 0 })
            {
                return started; // 'public static void Forget(this Task task) { }'
            }

            ExpressionSyntax? only = body switch
            {
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                BlockSyntax { Statements: { Count: 1 } statements } when statements[0] is ExpressionStatementSyntax single => single.Expression,
                _ => null,
            };

            return only is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" } } continueWith
                && continueWith.ArgumentList.Arguments.Count > 0
                && continueWith.ArgumentList.Arguments[0].Expression is AnonymousFunctionExpressionSyntax continuation
                && SyntaxHelpers.DiscardsFault(continuation)
                ? started
                : null;
        }

        /// <summary>
        /// 'var ignored = RunAsync();': a local named like a discard that nobody reads is a named '_ ='; an unread local
        /// holding one-shot background work or an event's task is REL107's weak evidence, reported here.
        /// </summary>
        private static void AnalyzeDeclarator(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            // Cheap checks first: the unread-local scan walks the enclosing block, so only locals that would be ours pay for it.
            if (declarator.Initializer != null && types.IsTask(declarator.Symbol.Type)
                && Operations.Unwrap(declarator.Initializer.Value) is IInvocationOperation candidate
                && (REL107FireAndForgetAnalyzer.IsDiscardName(declarator.Symbol.Name) || types.IsWeakDrop(candidate, context.CancellationToken)
                    || TestSupport.IsInTestSupportNamespace(context.ContainingSymbol))
                && REL107FireAndForgetAnalyzer.UnreadTask(declarator, types, context.CancellationToken) is IInvocationOperation invocation)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, declarator.Syntax.GetLocation(), invocation.TargetMethod.Name));
            }
        }

        private static void Analyze(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IDiscardOperation))
            {
                return;
            }

            IOperation value = Operations.Unwrap(assignment.Value);
            if (!types.IsTask(value.Type) || types.FaultsAreObserved(value, context.CancellationToken)
                || (REL107FireAndForgetAnalyzer.DiscardedWorkLoop(assignment, types, context.CancellationToken) != null
                    && !TestSupport.IsInTestSupportNamespace(context.ContainingSymbol)))
            {
                return; // (a discarded work loop that can die unseen is REL107's warning)
            }

            string name = value is IInvocationOperation invocation ? invocation.TargetMethod.Name : value.Syntax.ToString();
            SyntaxNode reported = assignment.Parent is IExpressionStatementOperation statement ? statement.Syntax : assignment.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Rule, reported.GetLocation(), name));
        }
    }
}
