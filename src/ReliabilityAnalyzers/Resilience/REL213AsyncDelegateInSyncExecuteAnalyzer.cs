using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL213: an asynchronous delegate run through a synchronous Polly Execute ('pipeline.Execute(async () => await
    /// PublishAsync(...))', 'policy.Execute(() => client.SendAsync(r))'). The synchronous overload binds TResult to the
    /// task: the strategies see the delegate return at its first await, so a retry never retries, a timeout never fires
    /// and a breaker never counts the failure that happens after it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL213AsyncDelegateInSyncExecuteAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.AsyncDelegateInSyncExecute,
            title: "Asynchronous delegate run through a synchronous resilience Execute",
            messageFormat: "'{0}' runs a delegate that returns a task, so the policy only sees the work up to its first await. " +
                           "A failure after that escapes the retry, timeout and circuit breaker, which then protect nothing. " +
                           "Call {1} and await it.",
            description: "Polly's synchronous Execute / ExecuteAndCapture (v7 policies, v8 ResiliencePipeline) called with a delegate that returns a Task or ValueTask: " +
                         "the strategies complete when the task is handed back, before the asynchronous work fails.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                TaskTypes? tasks = TaskTypes.Create(known);
                ResilienceApis apis = ResilienceApis.For(start.Compilation);
                if (tasks is null || (!apis.HasPollyV7 && !apis.HasPollyV8))
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, tasks), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskTypes tasks)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if ((method.Name != "Execute" && method.Name != "ExecuteAndCapture") || !ResilienceApis.IsPollyExecute(method))
            {
                return; // ExecuteAsync / ExecuteAndCaptureAsync await the delegate's task
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (!(argument.Parameter?.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }))
                {
                    continue;
                }

                // 'Execute(async () => ...)' bound to an Action is an async void lambda: its failure escapes the policy too.
                IMethodSymbol? passed = PassedFunction(argument.Value);
                if (passed?.IsAsync == true || IsTaskLike(passed?.ReturnType ?? invoke.ReturnType, tasks))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), method.Name, method.Name + "Async"));
                    return;
                }
            }
        }

        /// <summary>The lambda or method group actually passed, where the compiler knows it.</summary>
        private static IMethodSymbol? PassedFunction(IOperation value) => Operations.Unwrap(value) switch
        {
            IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol,
            IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            _ => null,
        };

        private static bool IsTaskLike(ITypeSymbol? type, TaskTypes tasks) =>
            type is INamedTypeSymbol named && tasks.IsTaskLike(named);
    }
}
