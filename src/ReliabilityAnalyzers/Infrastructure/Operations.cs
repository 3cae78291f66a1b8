using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Small operation-tree helpers every rule needs.</summary>
    internal static class Operations
    {
        /// <summary>The operand under any (implicit or explicit) conversions.</summary>
        public static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary><see cref="Unwrap(IOperation)"/> for optional operations.</summary>
        public static IOperation? UnwrapOrNull(IOperation? operation) => operation is null ? null : Unwrap(operation);

        /// <summary>
        /// The catch clause operation of <paramref name="catchClause"/>, found among the ancestors of an operation inside
        /// it: its caught type and local come from the tree the driver already built, with no semantic-model query.
        /// </summary>
        public static ICatchClauseOperation? CatchOf(IOperation inside, SyntaxNode catchClause)
        {
            for (IOperation? current = inside.Parent; current != null; current = current.Parent)
            {
                if (current is ICatchClauseOperation candidate && candidate.Syntax == catchClause)
                {
                    return candidate;
                }
            }

            return null;
        }

        /// <summary>
        /// <paramref name="root"/> and the operations under it in source order that run as part of the same function:
        /// explicit lambdas and local functions (they run later, elsewhere) are not entered, nor subtrees
        /// <paramref name="prune"/> selects. Query clauses (implicit lambdas) run in place and are entered.
        /// </summary>
        public static IEnumerable<IOperation> InSameFunction(IOperation root, Func<IOperation, bool>? prune = null)
        {
            var pending = new Stack<IOperation>(16);
            pending.Push(root);
            while (pending.Count > 0)
            {
                IOperation current = pending.Pop();
                if (current is IAnonymousFunctionOperation { IsImplicit: false } || current is ILocalFunctionOperation
                    || (prune != null && prune(current)))
                {
                    continue;
                }

                yield return current;

                // Children pushed in reverse so they come out in source order.
                foreach (IOperation child in current.ChildOperations.Reverse())
                {
                    pending.Push(child);
                }
            }
        }

        /// <summary>The exception variable a catch clause declares ('catch (Exception ex)'), or null.</summary>
        public static ILocalSymbol? CaughtLocal(ICatchClauseOperation catchOperation) =>
            catchOperation.ExceptionDeclarationOrExpression is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;

        /// <summary>
        /// The declarator of a referenced local when it has an initializer in the same file ('var s = new MemoryStream();'),
        /// so a rule can look at what the local was created from; null for parameters of patterns, out variables and the like.
        /// </summary>
        public static VariableDeclaratorSyntax? InitializedDeclarator(ILocalReferenceOperation local) =>
            local.Local.DeclaringSyntaxReferences.Length == 1 && local.SemanticModel != null
            && local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            && initializer.SyntaxTree == local.Syntax.SyntaxTree
                ? declarator
                : null;

        /// <summary>'Task.Delay(...)' or 'Task.Yield()': a pause, not work whose failure matters.</summary>
        public static bool IsTaskPause(IMethodSymbol method) =>
            (method.Name == "Delay" || method.Name == "Yield")
            && method.ContainingType is { Name: "Task" } type && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
    }
}
