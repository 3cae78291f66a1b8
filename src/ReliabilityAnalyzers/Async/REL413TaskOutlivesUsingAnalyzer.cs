using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL413 (warning): a method that is not async returns, without awaiting it, a task that uses a resource the method
    /// disposes on the way out ('using var conn = Open(); return conn.ExecuteAsync(...)'). The using scope ends when the
    /// task is returned, not when it completes: the connection, stream or client is disposed under the running operation
    /// (a recall probe's purge query, phase 25).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL413TaskOutlivesUsingAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.TaskOutlivesUsing,
            title: "Task returned from inside a using scope that disposes what it uses",
            messageFormat: "'{0}' returns the task of '{1}' without awaiting it, and '{2}' is disposed when the method returns, not when the task completes. " +
                           "The operation then runs against a disposed resource and fails or is cut off at random. " +
                           "Make the method async and await the call, or move the using into the code that awaits it.",
            description: "In a method without 'async', a 'return' of a task-returning call that uses a local declared by a using statement or " +
                         "declaration: the resource is disposed as soon as the task is handed back, while the operation may still be running.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                TaskTypes? tasks = TaskTypes.Create(new KnownTypes(start.Compilation));
                if (tasks is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, tasks), OperationKind.Return);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskTypes tasks)
        {
            var ret = (IReturnOperation)context.Operation;
            if (!(ret.ReturnedValue is { } returned) || !(Operations.Unwrap(returned) is IInvocationOperation call)
                || !tasks.IsTaskLike(call.Type) || IsCompletedTaskFactory(call.TargetMethod, tasks))
            {
                return;
            }

            // Only where the function is not async: there the return hands the task back at once.
            IMethodSymbol? function = EnclosingFunction(ret);
            if (function is null || function.IsAsync)
            {
                return;
            }

            foreach (ILocalSymbol resource in UsingLocalsAround(ret))
            {
                if (Uses(call, resource))
                {
                    string name = function.MethodKind == MethodKind.AnonymousFunction ? function.ContainingSymbol.Name : function.Name;
                    context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), name, call.TargetMethod.Name, resource.Name));
                    return;
                }
            }
        }

        // 'Task.FromResult(conn.Query(...))': the work ran before the task was made; nothing outlives the scope.
        private static bool IsCompletedTaskFactory(IMethodSymbol method, TaskTypes tasks) =>
            method.Name.StartsWith("From", System.StringComparison.Ordinal)
            && (TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.Task) || TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.ValueTask)
                || TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.ValueTaskOfT));

        private static IMethodSymbol? EnclosingFunction(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return lambda.Symbol;
                    case ILocalFunctionOperation local:
                        return local.Symbol;
                    case IMethodBodyOperation _:
                    case IBlockOperation { Parent: null }:
                        return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
                }
            }

            return operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;
        }

        /// <summary>Locals of using declarations and using statements whose scope contains the return, in the same function.</summary>
        private static System.Collections.Generic.IEnumerable<ILocalSymbol> UsingLocalsAround(IReturnOperation ret)
        {
            for (IOperation? current = ret.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    yield break;
                }

                if (current is IUsingOperation { Resources: IVariableDeclarationGroupOperation group })
                {
                    foreach (ILocalSymbol local in group.GetDeclaredVariables())
                    {
                        yield return local;
                    }
                }

                if (current is IBlockOperation block)
                {
                    foreach (IOperation statement in block.Operations)
                    {
                        if (statement.Syntax.SpanStart >= ret.Syntax.SpanStart)
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation { DeclarationGroup: { } declarations })
                        {
                            foreach (ILocalSymbol local in declarations.GetDeclaredVariables())
                            {
                                yield return local;
                            }
                        }
                    }
                }
            }
        }

        // The call's receiver or an argument reads the resource (directly, or through a member: 'conn.ExecuteAsync', 'stream.Length').
        private static bool Uses(IInvocationOperation call, ILocalSymbol resource)
        {
            foreach (IOperation operation in call.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, resource)
                    && !(reference.Syntax.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var member } && IsValueRead(reference, member)))
                {
                    return true;
                }
            }

            return false;
        }

        // 'buffer.Length', 'conn.ConnectionString' read a value at once: the task does not keep the resource. A method call on
        // it ('conn.ExecuteAsync'), the resource handed on as an argument, or a source's 'Token' (disposing the source stops
        // its timer: the timeout never fires) does.
        private static bool IsValueRead(ILocalReferenceOperation reference, string member) =>
            (reference.Parent is IPropertyReferenceOperation || reference.Parent is IFieldReferenceOperation) && member != "Token";
    }
}
