using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL111 (audit level): a <c>ContinueWith</c> continuation that runs whatever the antecedent's outcome and never looks
    /// at it (no Exception / IsFaulted / Status / Result / await / Wait of the antecedent), so a failed antecedent is treated
    /// as a success; or a continuation restricted to success whose own task is dropped, so the antecedent's fault is seen
    /// by nobody.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL111ContinuationIgnoresFaultAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ContinuationIgnoresFault,
            title: "ContinueWith continuation never looks at the antecedent's fault",
            messageFormat: "This ContinueWith continuation {0}. " +
                           "If the antecedent task fails, its exception is never observed and the failure passes as success. " +
                           "Use await with try/catch, or check the antecedent's IsFaulted / Exception in the continuation.",
            description: "ContinueWith runs its continuation when the antecedent completes, successfully or not. A continuation that never " +
                         "reads the antecedent (Exception, IsFaulted, Status, Result, Wait, await) carries on as if it had succeeded, and the " +
                         "fault is never observed. A continuation limited to success (OnlyOnRanToCompletion, NotOnFaulted) whose own task is " +
                         "dropped leaves the fault to nobody. Antecedents that cannot fault (Task.Delay, Task.WhenAny, completed tasks) are " +
                         "not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        // TaskContinuationOptions values.
        private const int NotOnRanToCompletion = 0x10000;
        private const int NotOnFaulted = 0x20000;
        private const int NotOnCanceled = 0x40000;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? task = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.Task");
                INamedTypeSymbol? options = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.TaskContinuationOptions");
                if (task is null || options is null)
                {
                    return;
                }

                ObservedTaskTypes? observed = ObservedTaskTypes.For(start.Compilation);
                if (observed is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, task, options, observed), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol task, INamedTypeSymbol optionsType, ObservedTaskTypes observed)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "ContinueWith" || method.IsStatic || invocation.Instance is null
                || !method.ContainingType.OriginalDefinition.InheritsFromOrEquals(task))
            {
                return;
            }

            IOperation? initializer = LocalInitializer(invocation.Instance, context.CancellationToken);
            if (CannotFault(Operations.Unwrap(invocation.Instance)) || CannotFault(initializer))
            {
                return;
            }

            // The antecedent observes its own faults (its body is a logging catch-all): the continuation is bookkeeping.
            IOperation antecedent = initializer ?? Operations.Unwrap(invocation.Instance);
            if (antecedent is IInvocationOperation && observed.FaultsAreObserved(antecedent, context.CancellationToken))
            {
                return;
            }

            // 'var work = FetchAsync(); _ = work.ContinueWith(_ => gate.Release()); return work;': the antecedent itself is
            // awaited, returned or handed on, so its fault is seen there; the continuation is bookkeeping.
            if (Operations.Unwrap(invocation.Instance) is ILocalReferenceOperation antecedentLocal && ObservedElsewhere(antecedentLocal))
            {
                return;
            }

            IOperation? continuation = null;
            int options = 0;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is null)
                {
                    continue;
                }

                if (continuation is null && argument.Parameter.Ordinal == 0)
                {
                    continuation = Operations.Unwrap(argument.Value);
                }
                else if (SymbolEqualityComparer.Default.Equals(argument.Value.Type, optionsType))
                {
                    if (!argument.Value.ConstantValue.HasValue || !(argument.Value.ConstantValue.Value is int value))
                    {
                        return; // options computed at run time: do not guess
                    }

                    options = value;
                }
            }

            if (continuation is null)
            {
                return;
            }

            bool runsOnFault = (options & NotOnFaulted) == 0;
            bool runsOnlyOnFault = (options & NotOnRanToCompletion) != 0 && (options & NotOnCanceled) != 0;
            if (runsOnlyOnFault)
            {
                // 'OnlyOnFaulted': a fault handler by construction, unless it reads the fault only to drop it.
                if (continuation.Syntax is AnonymousFunctionExpressionSyntax handler && SyntaxHelpers.DiscardsFault(handler))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, NameLocation(invocation), "runs only when the antecedent fails and throws the fault away"));
                }

                return;
            }

            bool runsOnSuccess = (options & NotOnRanToCompletion) == 0;
            if (runsOnFault)
            {
                bool? looks = LooksAtAntecedent(continuation, context.CancellationToken);
                if (looks != false)
                {
                    return; // looks, or cannot tell (a method from metadata, a delegate variable)
                }

                context.ReportDiagnostic(Diagnostic.Create(Rule, NameLocation(invocation), "runs even when the antecedent fails but never looks at its outcome"));
                return;
            }

            if (!runsOnSuccess)
            {
                return; // 'OnlyOnCanceled'
            }

            // Limited to success: the continuation need not look, but then someone else must see the antecedent's fault.
            // Reported only when the continuation's own task is dropped and the antecedent is work started right here.
            IOperation? parent = invocation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            bool dropped = parent is IExpressionStatementOperation
                || (parent is ISimpleAssignmentOperation { Target: IDiscardOperation } && parent.Parent is IExpressionStatementOperation);
            if (dropped && Operations.Unwrap(invocation.Instance) is IInvocationOperation)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, NameLocation(invocation), "runs only on success and its own task is dropped, so nobody sees the antecedent fail"));
            }
        }

        private static bool ObservedElsewhere(ILocalReferenceOperation antecedent)
        {
            IOperation root = antecedent;
            while (root.Parent != null && !(root is IAnonymousFunctionOperation) && !(root is ILocalFunctionOperation))
            {
                root = root.Parent;
            }

            foreach (IOperation operation in Operations.InSameFunction(root))
            {
                if (operation == antecedent || !(operation is ILocalReferenceOperation other)
                    || !SymbolEqualityComparer.Default.Equals(other.Local, antecedent.Local))
                {
                    continue;
                }

                IOperation? parent = other.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }

                if (parent is IAwaitOperation || parent is IReturnOperation
                    || parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: not "ContinueWith" } }
                    || parent is IInvocationOperation { TargetMethod.Name: "Wait" or "GetAwaiter" or "ConfigureAwait" }
                    || parent is IPropertyReferenceOperation { Property.Name: "Result" or "Exception" or "IsFaulted" })
                {
                    return true;
                }
            }

            return false;
        }

        private static Location NameLocation(IInvocationOperation invocation) =>
            invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member }
                ? member.Name.GetLocation()
                : invocation.Syntax.GetLocation();

        /// <summary>The initializer of a local antecedent declared once ('var wait = _gate.WaitAsync();'), or null.</summary>
        private static IOperation? LocalInitializer(IOperation instance, System.Threading.CancellationToken cancellationToken)
        {
            if (!(Operations.Unwrap(instance) is ILocalReferenceOperation { Local: { DeclaringSyntaxReferences.Length: 1 } local } reference)
                || reference.SemanticModel is null)
            {
                return null;
            }

            if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value }
                && value.SyntaxTree == reference.SemanticModel.SyntaxTree)
            {
                IOperation? initializer = reference.SemanticModel.GetOperation(value, cancellationToken);
                return initializer is null ? null : Operations.Unwrap(initializer);
            }

            return null;
        }

        /// <summary>Antecedents that never fault: Task.Delay, Task.WhenAny, completed tasks, a semaphore wait without a token.</summary>
        private static bool CannotFault(IOperation? antecedent)
        {
            switch (antecedent)
            {
                case IInvocationOperation { TargetMethod: { IsStatic: true } target }
                    when target.ContainingType?.Name == "Task"
                         && (target.Name == "Delay" || target.Name == "WhenAny" || target.Name == "FromResult" || target.Name == "FromCanceled"):
                    return true;
                case IPropertyReferenceOperation { Property: { Name: "CompletedTask", IsStatic: true } }:
                    return true;
                case IInvocationOperation { TargetMethod: { Name: "WaitAsync", ContainingType.Name: "SemaphoreSlim" } wait } when !HasTokenParameter(wait):
                    return true; // a semaphore wait without a token neither faults nor cancels
                default:
                    return false;
            }
        }

        private static bool HasTokenParameter(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type.Name == "CancellationToken")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when the continuation reads its antecedent's outcome, false when it never does, null when it cannot be told.</summary>
        private static bool? LooksAtAntecedent(IOperation continuation, System.Threading.CancellationToken cancellationToken)
        {
            if (!(continuation is IDelegateCreationOperation creation))
            {
                return null;
            }

            switch (creation.Target)
            {
                case IAnonymousFunctionOperation lambda:
                    if (lambda.Symbol.Parameters.Length == 0)
                    {
                        return null;
                    }

                    SyntaxNode? body = lambda.Syntax switch
                    {
                        SimpleLambdaExpressionSyntax simple => simple.Body,
                        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.Body,
                        AnonymousMethodExpressionSyntax anonymous => anonymous.Block,
                        _ => null,
                    };
                    return body is null ? (bool?)null : ReadsOutcome(body, lambda.Symbol.Parameters[0].Name);
                case IMethodReferenceOperation reference:
                    IMethodSymbol method = reference.Method.OriginalDefinition;
                    if (method.Parameters.Length == 0 || method.DeclaringSyntaxReferences.IsEmpty)
                    {
                        return null;
                    }

                    SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    SyntaxNode? methodBody = declaration switch
                    {
                        MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                        LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                        _ => null,
                    };
                    return methodBody is null ? (bool?)null : ReadsOutcome(methodBody, method.Parameters[0].Name);
                default:
                    return null;
            }
        }

        /// <summary>
        /// Any use of the antecedent other than reading a property that says nothing about a fault (IsCompleted, IsCanceled,
        /// Id, AsyncState, CreationOptions) counts as looking: Exception, IsFaulted, Status, Result, Wait, await, or handing it on.
        /// </summary>
        private static bool ReadsOutcome(SyntaxNode body, string parameter)
        {
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                if (!(node is IdentifierNameSyntax id) || id.Identifier.ValueText != parameter)
                {
                    continue;
                }

                if (id.Parent is MemberAccessExpressionSyntax member && member.Expression == id)
                {
                    string name = member.Name.Identifier.ValueText;
                    if (name == "IsCompleted" || name == "IsCanceled" || name == "Id" || name == "AsyncState" || name == "CreationOptions")
                    {
                        continue;
                    }
                }

                return true;
            }

            return false;
        }
    }
}
