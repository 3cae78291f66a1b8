using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL401: <c>.Result</c>, <c>.Wait()</c>, <c>.GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c> and
    /// <c>Task.WaitAny</c> inside async methods, async lambdas and async local functions, on a task that is not
    /// proven complete at that point.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL401SyncOverAsyncAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: the <see cref="BlockingKind"/> name of the wait.</summary>
        public const string KindProperty = "Kind";

        /// <summary>Diagnostic property: "true" when an <c>await</c> can replace the wait and the result compiles.</summary>
        public const string FixableProperty = "Fixable";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SyncOverAsync,
            title: "Blocking wait on a task inside async code",
            messageFormat: "'{0}' blocks the thread until the task finishes, inside async code. " +
                           "Under load every blocked request holds a thread-pool thread, the pool starves and the service stops answering. " +
                           "Await the task instead.",
            description: "Blocking on a task that is not proven complete (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll, Task.WaitAny) inside an async method, async lambda or async local function wastes a thread and can deadlock or starve the thread pool.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                TaskTypes? types = TaskTypes.Create(new KnownTypes(start.Compilation));
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, types), OperationKind.PropertyReference, OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskTypes types)
        {
            if (!BlockingWait.TryMatch(context.Operation, types, out BlockingWait wait))
            {
                return;
            }

            SemanticModel? model = context.Operation.SemanticModel;
            if (model is null
                || AsyncContext.Classify(wait.Syntax, model, types, out _, context.CancellationToken) != ExecutionContextKind.Async
                || AsyncContext.IsInSyncBranchOfAsyncFlag(wait.Syntax))
            {
                return;
            }

            bool proven = wait.Task != null
                ? AsyncContext.IsProvenComplete(wait.Task, wait.Syntax, model, types, context.CancellationToken)
                : TaskCompletion.AllArgumentsProven((InvocationExpressionSyntax)wait.Syntax, model, types, context.CancellationToken);
            if (proven)
            {
                return;
            }

            bool fixable = IsFixable(wait, types);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                wait.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty
                    .Add(KindProperty, wait.Kind.ToString())
                    .Add(FixableProperty, fixable ? "true" : "false"),
                wait.Display));
        }

        private static bool IsFixable(BlockingWait wait, TaskTypes types)
        {
            if (!AsyncContext.CanAwaitAt(wait.Syntax))
            {
                return false;
            }

            switch (wait.Kind)
            {
                case BlockingKind.Result:
                case BlockingKind.GetResult:
                    return true;
                case BlockingKind.Wait:
                    return wait.Invocation!.Arguments.Length == 0 && wait.Syntax.Parent is ExpressionStatementSyntax;
                default:
                    // WaitAll → await Task.WhenAll(...), WaitAny → await Task.WhenAny(...) only as a statement (the int
                    // index of WaitAny has no drop-in replacement) and only when every argument is a task or task array.
                    if (!(wait.Syntax.Parent is ExpressionStatementSyntax))
                    {
                        return false;
                    }

                    foreach (IArgumentOperation argument in wait.Invocation!.Arguments)
                    {
                        if (argument.ArgumentKind == ArgumentKind.ParamArray)
                        {
                            continue;
                        }

                        ITypeSymbol? type = argument.Value is IConversionOperation conversion ? conversion.Operand.Type : argument.Value.Type;
                        if (!(type is IArrayTypeSymbol array && types.IsTaskLike(array.ElementType)))
                        {
                            return false;
                        }
                    }

                    return true;
            }
        }
    }
}
