using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal sealed partial class ObservedTaskTypes
    {
        /// <summary>What the files of a method's type do with its task: null-check it somewhere, or return it from these methods.</summary>
        private sealed class NullTaskUses
        {
            public static readonly NullTaskUses None = new NullTaskUses(false, ImmutableArray<IMethodSymbol>.Empty);

            public NullTaskUses(bool isChecked, ImmutableArray<IMethodSymbol> relays)
            {
                IsChecked = isChecked;
                Relays = relays;
            }

            public bool IsChecked { get; }

            public ImmutableArray<IMethodSymbol> Relays { get; }
        }

        private readonly ConcurrentDictionary<IMethodSymbol, NullTaskUses> _nullTaskUses =
            new ConcurrentDictionary<IMethodSymbol, NullTaskUses>(SymbolEqualityComparer.Default);

        /// <summary>How many methods up a task may be relayed ('Task task = WriteSni(); ... return task;') to a checked one.</summary>
        private const int MaxNullTaskRelay = 2;

        /// <summary>
        /// A null-task protocol: a <c>Task</c> method of this compilation that returns <c>null</c> when its work finished
        /// synchronously, and whose own type's files compare a task of it with null before waiting (<c>Task t =
        /// WritePacket(...); if (t != null) ...</c>), or return it as the task of such a method, at most two methods up.
        /// A synchronous caller that drops the call drops the null of a synchronous path; whether the mode really was
        /// synchronous is not visible, so REL108 keeps it at audit level. A <c>return null;</c> guard alone is not enough:
        /// nothing says a caller expects it.
        /// </summary>
        private bool IsNullTaskProtocol(IMethodSymbol definition, System.Threading.CancellationToken cancellationToken)
        {
            if (definition.IsAsync || !IsNullableTask(definition))
            {
                return false;
            }

            bool returnsNull = false;
            foreach (SyntaxReference reference in definition.DeclaringSyntaxReferences)
            {
                returnsNull |= reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax { Body: { } body } && ReturnsNull(body);
            }

            return returnsNull && IsCheckedOrRelayed(definition, 0, cancellationToken);
        }

        // Task and Task<T> only: a ValueTask cannot be null.
        private bool IsNullableTask(IMethodSymbol method) =>
            method.ReturnType is INamedTypeSymbol { IsReferenceType: true } returnType && IsTask(returnType);

        private bool IsCheckedOrRelayed(IMethodSymbol method, int depth, System.Threading.CancellationToken cancellationToken)
        {
            NullTaskUses uses = _nullTaskUses.GetOrAdd(method, m => ReadNullTaskUses(m, cancellationToken));
            if (uses.IsChecked)
            {
                return true;
            }

            if (depth >= MaxNullTaskRelay)
            {
                return false;
            }

            foreach (IMethodSymbol relay in uses.Relays)
            {
                if (IsCheckedOrRelayed(relay, depth + 1, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One pass over the files of the method's type, cached per method: its calls whose task is null-checked or returned.</summary>
        private NullTaskUses ReadNullTaskUses(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            if (method.ContainingType is null || method.DeclaringSyntaxReferences.Length == 0)
            {
                return NullTaskUses.None;
            }

            var relays = ImmutableArray.CreateBuilder<IMethodSymbol>();
            var trees = new System.Collections.Generic.HashSet<SyntaxTree>();
            foreach (SyntaxReference reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                if (!trees.Add(reference.SyntaxTree))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (SyntaxNode node in reference.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax call) || SyntaxHelpers.CalledName(call) != method.Name)
                    {
                        continue;
                    }

                    bool isChecked = NullCheckedResult(call, out bool returned) != null;
                    if (!(isChecked || returned)
                        || !((model ??= _compilation.GetSemanticModel(reference.SyntaxTree)).GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target)
                        || !SymbolEqualityComparer.Default.Equals((target.ReducedFrom ?? target).OriginalDefinition, method))
                    {
                        continue;
                    }

                    if (isChecked)
                    {
                        return new NullTaskUses(true, ImmutableArray<IMethodSymbol>.Empty);
                    }

                    // 'task = WriteSni(); ... return task;' in WritePacket: checked wherever WritePacket's task is.
                    if (model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is IMethodSymbol { MethodKind: MethodKind.Ordinary } relay
                        && !relay.IsAsync && !SymbolEqualityComparer.Default.Equals(relay.OriginalDefinition, method) && IsNullableTask(relay))
                    {
                        relays.Add(relay.OriginalDefinition);
                    }
                }
            }

            return new NullTaskUses(false, relays.ToImmutable());
        }

        /// <summary>'return null;', 'return default;', or a local that starts as null and is returned ('Task task = null; ... return task;').</summary>
        private static bool ReturnsNull(BlockSyntax body)
        {
            System.Collections.Generic.HashSet<string>? nullLocals = null;
            foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is VariableDeclaratorSyntax { Initializer.Value: var initial } declarator && IsNullLiteral(initial))
                {
                    (nullLocals ??= new System.Collections.Generic.HashSet<string>()).Add(declarator.Identifier.ValueText);
                }
            }

            foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax { Expression: { } value })
                {
                    ExpressionSyntax unwrapped = AsyncContext.Unparenthesize(value);
                    if (IsNullLiteral(unwrapped) || (unwrapped is IdentifierNameSyntax local && nullLocals != null && nullLocals.Contains(local.Identifier.ValueText)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsNullLiteral(ExpressionSyntax expression) =>
            AsyncContext.Unparenthesize(expression) is var bare
            && (bare.IsKind(SyntaxKind.NullLiteralExpression) || bare.IsKind(SyntaxKind.DefaultLiteralExpression));

        /// <summary>
        /// The call's task is compared with null: directly ('M() != null'), or through the local it is stored in, within
        /// the same function ('var t = M(); if (t == null) ...', 't is not null', 't?.Wait()', 't ?? Task.CompletedTask').
        /// Returns the comparison, or null; <paramref name="returned"/> tells whether the task (or its local) is returned by the
        /// enclosing function instead.
        /// </summary>
        private static SyntaxNode? NullCheckedResult(InvocationExpressionSyntax call, out bool returned)
        {
            returned = false;
            SyntaxNode expression = call;
            while (expression.Parent is ParenthesizedExpressionSyntax)
            {
                expression = expression.Parent;
            }

            if (expression.Parent is BinaryExpressionSyntax direct && IsNullComparison(direct))
            {
                return direct;
            }

            if (expression.Parent is ReturnStatementSyntax || expression.Parent is ArrowExpressionClauseSyntax)
            {
                returned = true;
                return null;
            }

            string? local = expression.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText,
                AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when assignment.Right == expression => target.Identifier.ValueText,
                _ => null,
            };
            SyntaxNode? function = local is null ? null : AsyncContext.EnclosingFunction(call);
            if (function is null)
            {
                return null;
            }

            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is ReturnStatementSyntax { Expression: { } value } && IsLocal(value, local!))
                {
                    returned = true;
                }

                switch (node)
                {
                    case BinaryExpressionSyntax binary when IsNullComparison(binary) && (IsLocal(binary.Left, local!) || IsLocal(binary.Right, local!)):
                    case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce when IsLocal(coalesce.Left, local!):
                    case IsPatternExpressionSyntax pattern when IsLocal(pattern.Expression, local!) && IsNullPattern(pattern.Pattern):
                    case ConditionalAccessExpressionSyntax access when IsLocal(access.Expression, local!):
                        return node;
                }
            }

            return null;
        }

        private static bool IsLocal(ExpressionSyntax expression, string name) =>
            AsyncContext.Unparenthesize(expression) is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        private static bool IsNullComparison(BinaryExpressionSyntax binary) =>
            (binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression))
            && (AsyncContext.Unparenthesize(binary.Left).IsKind(SyntaxKind.NullLiteralExpression)
                || AsyncContext.Unparenthesize(binary.Right).IsKind(SyntaxKind.NullLiteralExpression));

        private static bool IsNullPattern(PatternSyntax pattern) => pattern switch
        {
            ConstantPatternSyntax constant => constant.Expression.IsKind(SyntaxKind.NullLiteralExpression),
            UnaryPatternSyntax { Pattern: var inner } => IsNullPattern(inner),
            _ => false,
        };
    }
}
