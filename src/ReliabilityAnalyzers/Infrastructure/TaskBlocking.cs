using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal enum BlockingKind
    {
        None,
        Result,
        Wait,
        GetResult,
        WaitAll,
        WaitAny,
    }

    /// <summary>
    /// Recognises sync-over-async (Task/ValueTask .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll/WaitAny) by
    /// symbol, and proves a task already complete (awaited before, WhenAll'd, IsCompleted-guarded) so it is not reported.
    /// Create once per compilation.
    /// </summary>
    internal sealed class TaskBlocking
    {
        private readonly INamedTypeSymbol _task;
        private readonly INamedTypeSymbol? _taskOfT;
        private readonly INamedTypeSymbol? _valueTask;
        private readonly INamedTypeSymbol? _valueTaskOfT;
        private readonly ImmutableHashSet<INamedTypeSymbol> _awaiters;

        private TaskBlocking(KnownTypes types, INamedTypeSymbol task)
        {
            _task = task;
            _taskOfT = types.Get("System.Threading.Tasks.Task`1");
            _valueTask = types.Get("System.Threading.Tasks.ValueTask");
            _valueTaskOfT = types.Get("System.Threading.Tasks.ValueTask`1");
            ImmutableHashSet<INamedTypeSymbol>.Builder awaiters = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (string name in new[]
            {
                "System.Runtime.CompilerServices.TaskAwaiter",
                "System.Runtime.CompilerServices.TaskAwaiter`1",
                "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
                "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter",
            })
            {
                if (types.Get(name) is { } awaiter)
                {
                    awaiters.Add(awaiter);
                }
            }

            if (types.Get("System.Runtime.CompilerServices.ValueTaskAwaiter") is { } plainValueTaskAwaiter)
            {
                awaiters.Add(plainValueTaskAwaiter);
            }

            _awaiters = awaiters.ToImmutable();
        }

        public static TaskBlocking? Create(KnownTypes types) =>
            types.Get("System.Threading.Tasks.Task") is { } task ? new TaskBlocking(types, task) : null;

        public INamedTypeSymbol Task => _task;

        /// <summary>
        /// Classifies a property reference or invocation. <paramref name="task"/> is the blocked-on task expression
        /// (for GetResult, the receiver of GetAwaiter, ConfigureAwait included); null for WaitAll/WaitAny.
        /// </summary>
        public BlockingKind Classify(IOperation operation, out IOperation? task)
        {
            task = null;
            switch (operation)
            {
                case IPropertyReferenceOperation property when property.Property.Name == "Result":
                    INamedTypeSymbol owner = property.Property.ContainingType.OriginalDefinition;
                    if (IsSame(owner, _taskOfT) || IsSame(owner, _valueTaskOfT))
                    {
                        task = property.Instance;
                        return BlockingKind.Result;
                    }

                    return BlockingKind.None;

                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod;
                    switch (method.Name)
                    {
                        case "Wait" when !method.IsStatic && IsTaskType(method.ContainingType):
                            if (invocation.Arguments.Length > 0 && IsZero(invocation.Arguments[0].Value))
                            {
                                return BlockingKind.None; // Wait(0) only polls
                            }

                            task = invocation.Instance;
                            return BlockingKind.Wait;

                        case "WaitAll" when method.IsStatic && IsSame(method.ContainingType, _task):
                            return BlockingKind.WaitAll;

                        case "WaitAny" when method.IsStatic && IsSame(method.ContainingType, _task):
                            return BlockingKind.WaitAny;

                        case "GetResult" when !method.IsStatic && _awaiters.Contains(method.ContainingType.OriginalDefinition):
                            if (KnownTypesExtensions.Unwrap(invocation.Instance) is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter)
                            {
                                task = getAwaiter.Instance;
                                return BlockingKind.GetResult;
                            }

                            return BlockingKind.None;
                    }

                    return BlockingKind.None;
            }

            return BlockingKind.None;
        }

        private bool IsTaskType(INamedTypeSymbol type) =>
            IsSame(type.OriginalDefinition, _task) || IsSame(type.OriginalDefinition, _taskOfT);

        private static bool IsSame(ISymbol? a, ISymbol? b) => b != null && SymbolEqualityComparer.Default.Equals(a, b);

        private static bool IsZero(IOperation value) =>
            value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == 0;

        /// <summary>
        /// True when the task is known to have completed at <paramref name="site"/>: a completed-task factory, a task
        /// awaited (directly, through ConfigureAwait or in Task.WhenAll/WhenAny) earlier in the same function, a
        /// foreach variable or element of such a collection, or a use guarded by IsCompleted / Status / Wait(timeout).
        /// </summary>
        public bool IsProvenComplete(IOperation? task, SyntaxNode site, SyntaxNode? function, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            task = KnownTypesExtensions.Unwrap(task);
            if (task is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure)
            {
                task = KnownTypesExtensions.Unwrap(configure.Instance);
            }

            switch (task)
            {
                case null:
                    return false;
                case IInvocationOperation factory when factory.TargetMethod.IsStatic
                    && IsSame(factory.TargetMethod.ContainingType.OriginalDefinition, _task)
                    && (factory.TargetMethod.Name == "FromResult" || factory.TargetMethod.Name == "FromException" || factory.TargetMethod.Name == "FromCanceled"):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "CompletedTask" }:
                    return true;
            }

            ISymbol? symbol = ReferencedSymbol(task);
            if (symbol is null || function is null)
            {
                return false;
            }

            if (IsGuarded(symbol.Name, site, function) || IsAwaitedBefore(symbol, site, function, model, cancellationToken))
            {
                return true;
            }

            // foreach (var t in tasks) ... t.Result, after await Task.WhenAll(tasks)
            if (symbol is ILocalSymbol local && local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ForEachStatementSyntax loop
                && model.GetSymbolInfo(loop.Expression, cancellationToken).Symbol is { } collection)
            {
                return IsAwaitedBefore(collection, site, function, model, cancellationToken);
            }

            return false;
        }

        private static ISymbol? ReferencedSymbol(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation l:
                    return l.Local;
                case IParameterReferenceOperation p:
                    return p.Parameter;
                case IFieldReferenceOperation f:
                    return f.Field;
                case IPropertyReferenceOperation { Property.IsIndexer: false } p:
                    return p.Property;
                case IArrayElementReferenceOperation e:
                    return ReferencedSymbol(KnownTypesExtensions.Unwrap(e.ArrayReference)!);
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when indexer.Instance != null:
                    return ReferencedSymbol(KnownTypesExtensions.Unwrap(indexer.Instance)!);
                default:
                    return null;
            }
        }

        private static bool IsAwaitedBefore(ISymbol symbol, SyntaxNode site, SyntaxNode function, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node.SpanStart >= site.SpanStart)
                {
                    break; // DescendantNodes is in document order: nothing after the site can prove it
                }

                if (!(node is AwaitExpressionSyntax awaitExpression))
                {
                    continue;
                }

                foreach (SyntaxNode inner in awaitExpression.Expression.DescendantNodesAndSelf())
                {
                    if (inner is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == symbol.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, symbol))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsGuarded(string name, SyntaxNode site, SyntaxNode function)
        {
            for (SyntaxNode? current = site.Parent; current != null && current != function; current = current.Parent)
            {
                ExpressionSyntax? condition = null;
                SyntaxNode? whenTrue = null;
                switch (current)
                {
                    case IfStatementSyntax s:
                        condition = s.Condition;
                        whenTrue = s.Statement;
                        break;
                    case ConditionalExpressionSyntax c:
                        condition = c.Condition;
                        whenTrue = c.WhenTrue;
                        break;
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.LogicalAndExpression):
                        condition = b.Left;
                        whenTrue = b.Right;
                        break;
                }

                if (condition != null && whenTrue != null && whenTrue.Span.Contains(site.Span) && ChecksCompletion(condition, name, function, depth: 0))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCompletionMember(string member) =>
            member == "IsCompleted" || member == "IsCompletedSuccessfully" || member == "IsFaulted"
            || member == "IsCanceled" || member == "Status" || member == "Wait";

        private static string? LastName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => LastName(bang.Operand),
            _ => null,
        };

        private static bool ChecksCompletion(ExpressionSyntax condition, string name, SyntaxNode function, int depth)
        {
            foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    // t.IsCompleted, x.Task.IsCompletedSuccessfully, content?.Task.IsCompleted
                    case MemberAccessExpressionSyntax member when IsCompletionMember(member.Name.Identifier.ValueText) && LastName(member.Expression) == name:
                        return true;

                    // source.Task is { IsCompleted: true } t
                    case RecursivePatternSyntax { Designation: SingleVariableDesignationSyntax designation, PropertyPatternClause: { } properties }
                        when designation.Identifier.ValueText == name:
                        foreach (SubpatternSyntax sub in properties.Subpatterns)
                        {
                            if (sub.NameColon?.Name.Identifier.ValueText is { } property && IsCompletionMember(property))
                            {
                                return true;
                            }
                        }

                        break;

                    // var done = t.IsCompleted; ... if (done) t.Result
                    case IdentifierNameSyntax flag when depth == 0 && BoolInitializer(flag.Identifier.ValueText, function) is { } initializer
                        && ChecksCompletion(initializer, name, function, depth + 1):
                        return true;
                }
            }

            return false;
        }

        private static ExpressionSyntax? BoolInitializer(string local, SyntaxNode function)
        {
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == local)
                {
                    return declarator.Initializer?.Value;
                }
            }

            return null;
        }
    }

    internal static class KnownTypesExtensions
    {
        public static IOperation? Unwrap(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
