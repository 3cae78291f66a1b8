using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>The System.Threading.Tasks types the REL4xx rules match by symbol, resolved once per compilation.</summary>
    internal sealed class TaskTypes
    {
        private TaskTypes(KnownTypes types)
        {
            Task = types.Get("System.Threading.Tasks.Task")!;
            TaskOfT = types.Get("System.Threading.Tasks.Task`1");
            ValueTask = types.Get("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = types.Get("System.Threading.Tasks.ValueTask`1");
            ConfiguredTaskAwaitable = types.Get("System.Runtime.CompilerServices.ConfiguredTaskAwaitable");
            ConfiguredTaskAwaitableOfT = types.Get("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1");
            ConfiguredValueTaskAwaitable = types.Get("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable");
            ConfiguredValueTaskAwaitableOfT = types.Get("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1");
            Enumerable = types.Get("System.Linq.Enumerable");
            Thread = types.Get("System.Threading.Thread");
            CancellationToken = types.Get("System.Threading.CancellationToken");
        }

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol? TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol? ConfiguredTaskAwaitable { get; }

        public INamedTypeSymbol? ConfiguredTaskAwaitableOfT { get; }

        public INamedTypeSymbol? ConfiguredValueTaskAwaitable { get; }

        public INamedTypeSymbol? ConfiguredValueTaskAwaitableOfT { get; }

        public INamedTypeSymbol? Enumerable { get; }

        public INamedTypeSymbol? Thread { get; }

        public INamedTypeSymbol? CancellationToken { get; }

        /// <summary>Null when the compilation has no System.Threading.Tasks.Task (then the REL4xx rules register nothing).</summary>
        public static TaskTypes? Create(KnownTypes types) =>
            types.Get("System.Threading.Tasks.Task") is null ? null : new TaskTypes(types);

        /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt; (original definitions compared).</summary>
        public bool IsTaskLike(ITypeSymbol? type)
        {
            if (!(type is INamedTypeSymbol named))
            {
                return false;
            }

            INamedTypeSymbol definition = named.OriginalDefinition;
            return Same(definition, Task) || Same(definition, TaskOfT) || Same(definition, ValueTask) || Same(definition, ValueTaskOfT)
                || type.InheritsFromOrEquals(Task);
        }

        /// <summary>A task type or the awaitable returned by its ConfigureAwait.</summary>
        public bool IsAwaitableSource(ITypeSymbol? type)
        {
            if (IsTaskLike(type))
            {
                return true;
            }

            INamedTypeSymbol? definition = (type as INamedTypeSymbol)?.OriginalDefinition;
            return definition != null && (Same(definition, ConfiguredTaskAwaitable) || Same(definition, ConfiguredTaskAwaitableOfT)
                || Same(definition, ConfiguredValueTaskAwaitable) || Same(definition, ConfiguredValueTaskAwaitableOfT));
        }

        public bool IsTaskMethod(IMethodSymbol method, string name) =>
            method.Name == name && Same(method.ContainingType?.OriginalDefinition, Task);

        internal static bool Same(ISymbol? a, ISymbol? b) => a != null && SymbolEqualityComparer.Default.Equals(a, b);
    }

    /// <summary>The sync-over-async shapes REL401 and REL402 report.</summary>
    internal enum BlockingKind
    {
        Result,
        Wait,
        GetResult,
        WaitAll,
        WaitAny,
    }

    /// <summary>One blocking wait on a task: what it is, the task it waits for (null for WaitAll/WaitAny) and the syntax to report.</summary>
    internal readonly struct BlockingWait
    {
        public BlockingWait(BlockingKind kind, ExpressionSyntax? task, SyntaxNode syntax, IInvocationOperation? invocation)
        {
            Kind = kind;
            Task = task;
            Syntax = syntax;
            Invocation = invocation;
        }

        public BlockingKind Kind { get; }

        public ExpressionSyntax? Task { get; }

        public SyntaxNode Syntax { get; }

        public IInvocationOperation? Invocation { get; }

        public string Display => Kind switch
        {
            BlockingKind.Result => ".Result",
            BlockingKind.Wait => ".Wait()",
            BlockingKind.GetResult => ".GetAwaiter().GetResult()",
            BlockingKind.WaitAll => "Task.WaitAll",
            _ => "Task.WaitAny",
        };

        /// <summary>
        /// Recognises <c>.Result</c> on Task&lt;T&gt;/ValueTask&lt;T&gt;, <c>Task.Wait(...)</c> (not <c>Wait(0)</c>),
        /// <c>.GetAwaiter().GetResult()</c> (also after ConfigureAwait), <c>Task.WaitAll</c> and <c>Task.WaitAny</c>
        /// (not with a zero timeout). Property-reference and invocation operations only.
        /// </summary>
        public static bool TryMatch(IOperation operation, TaskTypes types, out BlockingWait wait)
        {
            wait = default;
            if (operation is IPropertyReferenceOperation property)
            {
                if (property.Property.Name != "Result" || property.Instance is null)
                {
                    return false;
                }

                INamedTypeSymbol? owner = property.Property.ContainingType?.OriginalDefinition;
                if (!TaskTypes.Same(owner, types.TaskOfT) && !TaskTypes.Same(owner, types.ValueTaskOfT))
                {
                    return false;
                }

                if (!(property.Syntax is MemberAccessExpressionSyntax member))
                {
                    return false;
                }

                wait = new BlockingWait(BlockingKind.Result, member.Expression, property.Syntax, null);
                return true;
            }

            if (!(operation is IInvocationOperation invocation))
            {
                return false;
            }

            IMethodSymbol method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Wait":
                    if (!types.IsTaskMethod(method, "Wait") || method.IsStatic || !(invocation.Syntax is InvocationExpressionSyntax waitSyntax)
                        || !(waitSyntax.Expression is MemberAccessExpressionSyntax waitTarget))
                    {
                        return false;
                    }

                    if (invocation.Arguments.Length > 0 && IsZeroTimeout(invocation.Arguments[0].Value))
                    {
                        return false;
                    }

                    wait = new BlockingWait(BlockingKind.Wait, waitTarget.Expression, invocation.Syntax, invocation);
                    return true;

                case "WaitAll":
                case "WaitAny":
                    if (!method.IsStatic || !types.IsTaskMethod(method, method.Name))
                    {
                        return false;
                    }

                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        if (IsZeroTimeout(argument.Value))
                        {
                            return false;
                        }
                    }

                    wait = new BlockingWait(method.Name == "WaitAll" ? BlockingKind.WaitAll : BlockingKind.WaitAny, null, invocation.Syntax, invocation);
                    return true;

                case "GetResult":
                    if (method.Parameters.Length != 0
                        || !(invocation.Instance is IInvocationOperation getAwaiter)
                        || getAwaiter.TargetMethod.Name != "GetAwaiter"
                        || getAwaiter.Instance is null
                        || !types.IsAwaitableSource(getAwaiter.Instance.Type)
                        || !(getAwaiter.Syntax is InvocationExpressionSyntax awaiterSyntax)
                        || !(awaiterSyntax.Expression is MemberAccessExpressionSyntax awaiterTarget))
                    {
                        return false;
                    }

                    wait = new BlockingWait(BlockingKind.GetResult, StripConfigureAwait(awaiterTarget.Expression), invocation.Syntax, invocation);
                    return true;
            }

            return false;
        }

        /// <summary><c>x.ConfigureAwait(...)</c> → <c>x</c>; other expressions unchanged (parentheses removed).</summary>
        public static ExpressionSyntax StripConfigureAwait(ExpressionSyntax expression)
        {
            expression = AsyncContext.Unparenthesize(expression);
            if (expression is InvocationExpressionSyntax invocation
                && invocation.Expression is MemberAccessExpressionSyntax member
                && member.Name.Identifier.ValueText == "ConfigureAwait")
            {
                return AsyncContext.Unparenthesize(member.Expression);
            }

            return expression;
        }

        private static bool IsZeroTimeout(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value.ConstantValue.HasValue && value.ConstantValue.Value is int number)
            {
                return number == 0;
            }

            return value is IFieldReferenceOperation field && field.Field.Name == "Zero" && field.Field.ContainingType?.Name == "TimeSpan";
        }
    }
}
