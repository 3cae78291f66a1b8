using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal sealed partial class ObservedTaskTypes
    {
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _nullTaskProtocols =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// A null-task protocol: a <c>Task</c> method of this compilation that returns <c>null</c> when its work finished
        /// synchronously, and whose own type (or the file it is declared in) compares a task of it with null before
        /// waiting (<c>Task t = WritePacket(...); if (t != null) ...</c>). A synchronous caller that drops the call drops
        /// the null of a synchronous path; whether the mode really was synchronous is not visible, so REL108 keeps it at
        /// audit level. A <c>return null;</c> guard alone is not enough: nothing says a caller expects it.
        /// </summary>
        private bool IsNullTaskProtocol(IMethodSymbol definition, System.Threading.CancellationToken cancellationToken) =>
            _nullTaskProtocols.GetOrAdd(definition, m => ComputeIsNullTaskProtocol(m, 0, cancellationToken));

        /// <summary>How many methods up a task may be relayed ('Task task = WriteSni(); ... return task;') to a checked one.</summary>
        private const int MaxNullTaskRelay = 2;

        private bool ComputeIsNullTaskProtocol(IMethodSymbol method, int depth, System.Threading.CancellationToken cancellationToken)
        {
            // Task and Task<T> only: a ValueTask cannot be null.
            if (!(method.ReturnType is INamedTypeSymbol returnType) || !returnType.IsReferenceType || !IsTask(returnType)
                || method.DeclaringSyntaxReferences.Length == 0 || method.IsAsync)
            {
                return false;
            }

            // A relay (depth > 0) returns the null of the method it relays; only the first method must return one itself.
            bool returnsNull = depth > 0;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (returnsNull)
                {
                    break;
                }

                if (reference.GetSyntax(cancellationToken) is BaseMethodDeclarationSyntax { Body: { } body } && ReturnsNull(body))
                {
                    returnsNull = true;
                    break;
                }
            }

            if (!returnsNull || method.ContainingType is null)
            {
                return false;
            }

            var trees = new System.Collections.Generic.HashSet<SyntaxTree>();
            foreach (SyntaxReference reference in method.ContainingType.DeclaringSyntaxReferences)
            {
                trees.Add(reference.SyntaxTree);
            }

            foreach (SyntaxTree tree in trees)
            {
                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax call) || SyntaxHelpers.CalledName(call) != method.Name)
                    {
                        continue;
                    }

                    bool isChecked = NullCheckedResult(call, out bool relayed) != null;
                    if ((isChecked || (relayed && depth < MaxNullTaskRelay))
                        && (model ??= _compilation.GetSemanticModel(tree)).GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
                        && SymbolEqualityComparer.Default.Equals(((target.ReducedFrom ?? target).OriginalDefinition), method))
                    {
                        // A task relayed as the return value of another method of the protocol ('task = WriteSni(); ...
                        // return task;' in WritePacket) is checked wherever that method's task is.
                        if (isChecked
                            || (model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is IMethodSymbol relay
                                && relay.MethodKind == MethodKind.Ordinary
                                && !SymbolEqualityComparer.Default.Equals(relay.OriginalDefinition, method)
                                && ComputeIsNullTaskProtocol(relay.OriginalDefinition, depth + 1, cancellationToken)))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
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
