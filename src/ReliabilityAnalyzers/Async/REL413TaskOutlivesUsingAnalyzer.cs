using System.Collections.Immutable;
using System.Linq;
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
            if (!(ret.ReturnedValue is { } returned) || ret.SemanticModel is not SemanticModel model)
            {
                return;
            }

            // Syntax first: most returns have no using around them. Only where the function is not async: there the
            // return hands the task back at once.
            System.Collections.Generic.List<VariableDeclaratorSyntax>? resources = UsingDeclaratorsAround(ret.Syntax);
            if (resources is null || AsyncContext.IsInAsyncFunction(ret.Syntax, out SyntaxNode? function))
            {
                return;
            }

            foreach (IInvocationOperation call in ReturnedCalls(Operations.Unwrap(returned)))
            {
                if (!tasks.IsTaskLike(call.Type) || IsCompletedTaskFactory(call.TargetMethod, tasks))
                {
                    continue;
                }

                foreach (VariableDeclaratorSyntax declarator in resources)
                {
                    if (model.GetDeclaredSymbol(declarator, context.CancellationToken) is ILocalSymbol resource && TaskUses(call, resource, context.CancellationToken))
                    {
                        // A lambda is named by the member that holds it.
                        string name = function is LocalFunctionStatementSyntax local ? local.Identifier.ValueText : context.ContainingSymbol.Name;
                        context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), name, call.TargetMethod.Name, resource.Name));
                        return;
                    }
                }
            }
        }

        /// <summary>
        /// The variables of 'using' statements around the return and of 'using' declarations before it in an enclosing
        /// block, in the same function; null when there are none.
        /// </summary>
        private static System.Collections.Generic.List<VariableDeclaratorSyntax>? UsingDeclaratorsAround(SyntaxNode returnSyntax)
        {
            System.Collections.Generic.List<VariableDeclaratorSyntax>? found = null;
            SyntaxNode child = returnSyntax;
            for (SyntaxNode? current = returnSyntax.Parent; current != null && !SyntaxHelpers.IsFunctionBoundary(current); child = current, current = current.Parent)
            {
                if (current is UsingStatementSyntax { Declaration: { } declaration })
                {
                    (found ??= new System.Collections.Generic.List<VariableDeclaratorSyntax>()).AddRange(declaration.Variables);
                }
                else if (current is BlockSyntax block)
                {
                    foreach (StatementSyntax statement in block.Statements)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } usingDeclaration)
                        {
                            (found ??= new System.Collections.Generic.List<VariableDeclaratorSyntax>()).AddRange(usingDeclaration.Declaration.Variables);
                        }
                    }
                }
            }

            return found;
        }

        // 'return x.RunAsync()', and each arm of 'return fast ? a.GetAsync() : Task.FromResult(...)' or of a switch expression.
        private static System.Collections.Generic.IEnumerable<IInvocationOperation> ReturnedCalls(IOperation value)
        {
            switch (value)
            {
                case IInvocationOperation call:
                    yield return call;
                    break;
                case IConditionalOperation conditional:
                    foreach (IInvocationOperation call in ReturnedCalls(Operations.Unwrap(conditional.WhenTrue)))
                    {
                        yield return call;
                    }

                    if (conditional.WhenFalse != null)
                    {
                        foreach (IInvocationOperation call in ReturnedCalls(Operations.Unwrap(conditional.WhenFalse)))
                        {
                            yield return call;
                        }
                    }

                    break;
                case ISwitchExpressionOperation switchExpression:
                    foreach (ISwitchExpressionArmOperation arm in switchExpression.Arms)
                    {
                        foreach (IInvocationOperation call in ReturnedCalls(Operations.Unwrap(arm.Value)))
                        {
                            yield return call;
                        }
                    }

                    break;
            }
        }

        // 'Task.FromResult(conn.Query(...))': the work ran before the task was made; nothing outlives the scope.
        private static bool IsCompletedTaskFactory(IMethodSymbol method, TaskTypes tasks) =>
            method.Name.StartsWith("From", System.StringComparison.Ordinal)
            && (TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.Task) || TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.ValueTask)
                || TaskTypes.Same(method.ContainingType?.OriginalDefinition, tasks.ValueTaskOfT));

        /// <summary>
        /// The task keeps the resource: the call runs on it (its receiver chain starts at it: 'conn.ExecuteAsync',
        /// 'response.Content.ReadAsStringAsync()', 'scope.ServiceProvider.GetRequiredService&lt;T&gt;().RunAsync()'), or an argument
        /// hands it, or an object reached from it, to the call ('SendAsync(request)', 'new StreamContent(stream)'), or a
        /// lambda captures it. A value read from it before the call exists — a number, a string, an array
        /// ('ms.ToArray()', 'sha.ComputeHash(data)', 'activity?.Id', 'source.Length') — does not; a source's 'Token' does
        /// (disposing the source stops its timer, so the timeout never fires).
        /// </summary>
        private static bool TaskUses(IInvocationOperation call, ILocalSymbol resource, System.Threading.CancellationToken cancellationToken)
        {
            foreach (IOperation operation in call.DescendantsAndSelf())
            {
                if (!(operation is ILocalReferenceOperation reference))
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(reference.Local, resource))
                {
                    if (InsideLambda(reference, call) || Keeps(reference, call))
                    {
                        return true;
                    }
                }
                else if (ChainEnd(reference, call) == call && IsTakenFrom(reference.Local, resource, call, cancellationToken))
                {
                    // A local taken from it that the returned call runs on ('var repo = scope.ServiceProvider.GetRequiredService<T>();
                    // return repo.GetAllAsync();', 'var cmd = conn.CreateCommand(); return cmd.ExecuteNonQueryAsync();'): one level.
                    // Handed on as an argument it may be a copy (a buffered query's list), so only the receiver chain counts.
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The object the reference leads to is still held by <paramref name="root"/>: the chain of calls and member reads
        /// that start at it reaches the root, or hands an object (not a value read out of it) to something on the way.
        /// </summary>
        private static bool Keeps(ILocalReferenceOperation reference, IOperation root) =>
            ChainEnd(reference, root) is { } end && (end == root || !IsValueRead(end.Type, end));

        /// <summary>
        /// Where the chain of calls and member reads that starts at the reference ends: <paramref name="root"/> when the
        /// root runs on it ('conn.ExecuteAsync', 'scope.ServiceProvider.GetRequiredService&lt;T&gt;()', an extension's first
        /// argument), otherwise the last link (an argument handed on, a value stored). Null when a value was read out on the
        /// way ('source.Length' boxed into a string concatenation).
        /// </summary>
        private static IOperation? ChainEnd(ILocalReferenceOperation reference, IOperation root)
        {
            IOperation current = reference;
            while (current.Parent is { } parent && current != root)
            {
                if (parent is IConversionOperation && current != reference && IsValueRead(current.Type, current))
                {
                    return null;
                }

                if ((parent is IInvocationOperation invocation && invocation.Instance == current)
                    || (parent is IPropertyReferenceOperation property && property.Instance == current)
                    || (parent is IFieldReferenceOperation field && field.Instance == current)
                    || parent is IConversionOperation || parent is IParenthesizedOperation
                    || (parent is IConditionalAccessOperation access && access.Operation == current))
                {
                    current = parent is IConditionalAccessOperation conditional ? conditional : parent;
                    continue;
                }

                if (parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } argument
                    && argument.Parameter?.Ordinal == 0)
                {
                    current = extension;
                    continue;
                }

                break;
            }

            return current;
        }

        /// <summary>A local of the same function whose initializer is an object reached from the resource, not a value read out of it.</summary>
        private static bool IsTakenFrom(ILocalSymbol local, ILocalSymbol resource, IOperation call, System.Threading.CancellationToken cancellationToken)
        {
            if (local.Type.IsValueType || local.Type.SpecialType == SpecialType.System_String || local.Type.TypeKind == TypeKind.Array
                || !(local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer })
                || initializer.SyntaxTree != call.Syntax.SyntaxTree
                || !(call.SemanticModel?.GetOperation(initializer.Value, cancellationToken) is { } value))
            {
                return false;
            }

            if (!IsHandle(Operations.Unwrap(value)) || IsReassigned(local, initializer))
            {
                return false;
            }

            foreach (IOperation operation in value.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, resource)
                    && !InsideLambda(reference, value) && ChainEnd(reference, value) == value)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A handle that still works through the resource: a member of it ('response.Content'), a service it resolves
        /// ('GetRequiredService&lt;T&gt;()'), or something it creates, begins or opens ('CreateCommand()', 'BeginTransaction()',
        /// 'GetStream()', 'GetDatabase()'). Not data read through it ('QuerySingle&lt;Job&gt;()', 'ToList()'): a row or a list
        /// does not need the connection any more.
        /// </summary>
        private static bool IsHandle(IOperation value)
        {
            // Every step of the chain down to the local is such a handle ('conn.GetSchema().Rows' is data read out).
            switch (value)
            {
                case ILocalReferenceOperation _:
                    return true;
                case IPropertyReferenceOperation property:
                    return property.Instance != null && IsHandle(Operations.Unwrap(property.Instance));
                case IFieldReferenceOperation field:
                    return field.Instance != null && IsHandle(Operations.Unwrap(field.Instance));
                case IInvocationOperation call:
                    string name = call.TargetMethod.Name;
                    IOperation? receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
                    return receiver != null && IsHandle(Operations.Unwrap(receiver))
                        && (name.StartsWith("Create", System.StringComparison.Ordinal) || name.StartsWith("Begin", System.StringComparison.Ordinal)
                            || name.StartsWith("Open", System.StringComparison.Ordinal) || name.StartsWith("Resolve", System.StringComparison.Ordinal)
                            || (name.StartsWith("Get", System.StringComparison.Ordinal) && name.IndexOf("Service", System.StringComparison.Ordinal) >= 0)
                            || name == "GetStream" || name == "GetDatabase" || name == "GetSubscriber");
                default:
                    return false;
            }
        }

        // 'var job = scope...GetRequiredService<IJob>(); if (x) job = fallback;': which object the call runs on is not known.
        private static bool IsReassigned(ILocalSymbol local, EqualsValueClauseSyntax initializer)
        {
            return AsyncContext.EnclosingFunction(initializer) is { } function && function.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(assignment =>
                assignment.Left is IdentifierNameSyntax target && target.Identifier.ValueText == local.Name);
        }

        private static bool InsideLambda(IOperation operation, IOperation root)
        {
            for (IOperation? current = operation.Parent; current != null && current != root; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        // A number, a string or an array copied out of the resource; not a cancellation token (a disposed source's token
        // never fires its timeout).
        private static bool IsValueRead(ITypeSymbol? type, IOperation value)
        {
            if (type is null)
            {
                return false;
            }

            if (type.Name == "CancellationToken")
            {
                return false;
            }

            return (type.IsValueType && !(value is ILocalReferenceOperation)) || type.SpecialType == SpecialType.System_String || type.TypeKind == TypeKind.Array;
        }
    }
}
