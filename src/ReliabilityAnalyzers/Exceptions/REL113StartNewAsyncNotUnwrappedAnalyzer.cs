using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL113 (audit level): <c>Task.Factory.StartNew(async ...)</c> returns a Task&lt;Task&gt; whose outer task completes at
    /// the delegate's first await. Dropped, awaited once, or used as a plain Task without <c>Unwrap()</c>, the work's
    /// failure (and its end) is never seen.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL113StartNewAsyncNotUnwrappedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.StartNewAsyncNotUnwrapped,
            title: "Task.Factory.StartNew with an async delegate is not unwrapped",
            messageFormat: "StartNew with an async delegate returns a task of a task, and this code {0} the outer one, which completes at the delegate's first await. " +
                           "The work's failure and its end are never seen: awaiting it returns while the work still runs. " +
                           "Call .Unwrap() on the result, or use Task.Run, which unwraps.",
            description: "Task.Factory.StartNew(async () => ...) returns Task<Task>. The outer task completes as soon as the async delegate " +
                         "reaches its first await; the inner task carries the outcome. Dropping the result, awaiting it once or storing it " +
                         "as a plain Task loses the inner task's exception. Unwrap() (or Task.Run) returns a task for the whole work.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? task = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.Task");
                INamedTypeSymbol? taskOfT = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.Task`1");
                INamedTypeSymbol? factory = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.TaskFactory");
                INamedTypeSymbol? factoryOfT = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.TaskFactory`1");
                ObservedTaskTypes? observed = ObservedTaskTypes.For(start.Compilation);
                if (task is null || taskOfT is null || factory is null || observed is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, task, taskOfT, factory, factoryOfT, observed), OperationKind.Invocation);
            });
        }

        private static void Analyze(
            OperationAnalysisContext context, INamedTypeSymbol task, INamedTypeSymbol taskOfT, INamedTypeSymbol factory, INamedTypeSymbol? factoryOfT, ObservedTaskTypes observed)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "StartNew")
            {
                return;
            }

            INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(container, factory) && !SymbolEqualityComparer.Default.Equals(container, factoryOfT))
            {
                return;
            }

            // The result is Task<Task> / Task<Task<T>>: the delegate returns a task.
            if (!(invocation.Type is INamedTypeSymbol { IsGenericType: true } result) || !SymbolEqualityComparer.Default.Equals(result.OriginalDefinition, taskOfT)
                || !(result.TypeArguments[0] is INamedTypeSymbol inner) || !inner.InheritsFromOrEquals(task))
            {
                return;
            }

            string? use = Describe(invocation, task, taskOfT);
            if (use is null)
            {
                return;
            }

            // The async work observes its own faults (a catch-all around its body, a callee that logs what it catches):
            // only the completion time is wrong, and dropping the task loses nothing.
            if (use != "awaits only" && observed.FaultsAreObserved(invocation, context.CancellationToken))
            {
                return;
            }

            Location location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
                ? member.Name.GetLocation()
                : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, use));
        }

        /// <summary>How the outer task is used, when that loses the inner one; null when it is unwrapped or kept as Task&lt;Task&gt;.</summary>
        private static string? Describe(IInvocationOperation invocation, INamedTypeSymbol task, INamedTypeSymbol taskOfT)
        {
            IOperation current = invocation;
            IOperation? parent = current.Parent;
            bool convertedToPlainTask = false;
            while (parent is IConversionOperation conversion)
            {
                if (conversion.Type is INamedTypeSymbol target && !(target.IsGenericType && SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, taskOfT)))
                {
                    convertedToPlainTask = true;
                }

                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IExpressionStatementOperation _:
                    return "drops";
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                    return "discards";
                case IAwaitOperation awaited:
                    // 'await await Task.Factory.StartNew(async ...)' awaits the inner task too.
                    IOperation? above = awaited.Parent;
                    while (above is IConversionOperation)
                    {
                        above = above.Parent;
                    }

                    return above is IAwaitOperation ? null : "awaits only";
                case IInvocationOperation { TargetMethod.Name: "Unwrap" }:
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Unwrap" } }:
                case IPropertyReferenceOperation { Property.Name: "Result" }: // handled by the blocking rules; the inner task is read
                    return null;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured when configured.Parent is IAwaitOperation awaitedOuter:
                    // 'await Task.Factory.StartNew(async ...).ConfigureAwait(false)': the outer task awaited once.
                    IOperation? outer = awaitedOuter.Parent;
                    while (outer is IConversionOperation || outer is IParenthesizedOperation)
                    {
                        outer = outer.Parent;
                    }

                    return outer is IAwaitOperation || outer is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "Unwrap" or "GetAwaiter" }
                        || outer is IPropertyReferenceOperation || outer is IMemberReferenceOperation
                        || outer is IVariableInitializerOperation || outer is ISimpleAssignmentOperation { Target: not IDiscardOperation } || outer is IReturnOperation
                        || outer is IArgumentOperation
                        ? null
                        : "awaits only";
                case IMemberReferenceOperation _:
                case IInvocationOperation _:
                    return null; // ContinueWith, ConfigureAwait... on the outer task: not judged
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } } when !convertedToPlainTask:
                    return LocalOnlyAwaitedOnce(local, invocation) ? "awaits only" : null;
                default:
                    return convertedToPlainTask ? "keeps as a plain Task" : null;
            }
        }

        /// <summary>
        /// 'var work = Task.Factory.StartNew(async ...); ... await work;': the Task&lt;Task&gt; local is only ever awaited once
        /// (its inner task dropped), waited on, or handed to WhenAll/WaitAll. Any other use (Unwrap, 'await await',
        /// Result, a return, a store) keeps the inner task reachable.
        /// </summary>
        private static bool LocalOnlyAwaitedOnce(ILocalSymbol local, IOperation declaration)
        {
            IOperation root = declaration;
            while (root.Parent != null && !(root is IAnonymousFunctionOperation) && !(root is ILocalFunctionOperation))
            {
                root = root.Parent;
            }

            bool used = false;
            foreach (IOperation operation in Operations.InSameFunction(root))
            {
                if (!(operation is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                IOperation? parent = reference.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IAwaitOperation { Parent: IExpressionStatementOperation }:
                    case IInvocationOperation { TargetMethod.Name: "Wait" } wait when wait.Instance == reference:
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { Name: "WhenAll" or "WaitAll" or "WhenAny" or "WaitAny" } } }:
                    case IArrayInitializerOperation _:
                        used = true;
                        continue;
                    default:
                        return false;
                }
            }

            return used;
        }
    }
}
