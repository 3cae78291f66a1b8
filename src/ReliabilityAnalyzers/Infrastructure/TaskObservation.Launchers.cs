using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    internal sealed partial class ObservedTaskTypes
    {
        /// <summary>One way a launcher starts work: the Task.Run / StartNew call, and the constant of its switch arm (if any).</summary>
        private sealed class LaunchArm
        {
            public LaunchArm(IInvocationOperation start, IOperation? constant, bool fallback)
            {
                Start = start;
                Constant = constant;
                Fallback = fallback;
            }

            public IInvocationOperation Start { get; }

            public IOperation? Constant { get; }

            public bool Fallback { get; }
        }

        private sealed class Launch
        {
            public Launch(IParameterSymbol? mode, ImmutableArray<LaunchArm> arms)
            {
                Mode = mode;
                Arms = arms;
            }

            public IParameterSymbol? Mode { get; }

            public ImmutableArray<LaunchArm> Arms { get; }
        }

        // Per compilation: method -> the work it launches (null: not a launcher).
        private readonly ConcurrentDictionary<IMethodSymbol, Launch?> _launchers =
            new ConcurrentDictionary<IMethodSymbol, Launch?>(SymbolEqualityComparer.Default);

        /// <summary>
        /// 'Task StartListener() => Task.Run(Listen);', 'Task Start(Mode m) => m switch { Mode.A => Task.Run(A), Mode.B =>
        /// Task.Run(B), _ => throw ... };': a method of this compilation whose whole body returns the task of work it starts.
        /// Dropping its task is dropping that work, so the drop is judged by the work (for a constant mode argument, by the
        /// arm it selects), as if the call were the Task.Run itself. Null when the callee is not such a launcher.
        /// </summary>
        private ImmutableArray<IInvocationOperation>? LaunchedWork(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol method = invocation.TargetMethod.OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length != 1 || method.IsAbstract || method.MethodKind != MethodKind.Ordinary)
            {
                return null;
            }

            Launch? launch = _launchers.GetOrAdd(method, m => ReadLaunch(m, cancellationToken));
            if (launch is null)
            {
                return null;
            }

            IOperation? mode = null;
            if (launch.Mode != null)
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter != null && argument.Parameter.Ordinal == launch.Mode.Ordinal)
                    {
                        mode = argument.Value;
                    }
                }
            }

            object? chosen = mode?.ConstantValue is { HasValue: true } constant ? constant.Value : null;
            if (chosen is null)
            {
                return launch.Arms.Select(arm => arm.Start).ToImmutableArray();
            }

            ImmutableArray<IInvocationOperation> matching = launch.Arms
                .Where(arm => arm.Constant?.ConstantValue is { HasValue: true } value && Equals(value.Value, chosen))
                .Select(arm => arm.Start).ToImmutableArray();
            return matching.IsEmpty ? launch.Arms.Where(arm => arm.Fallback).Select(arm => arm.Start).ToImmutableArray() : matching;
        }

        private Launch? ReadLaunch(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            SyntaxNode syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree) || IsRunnerHelper(method, cancellationToken))
            {
                return null;
            }

            ExpressionSyntax? returned = syntax switch
            {
                MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.Expression,
                MethodDeclarationSyntax { Body: { Statements: { Count: 1 } statements } } when statements[0] is ReturnStatementSyntax ret => ret.Expression,
                _ => null,
            };
            if (returned is null)
            {
                return null;
            }

            IOperation? operation = _compilation.GetSemanticModel(returned.SyntaxTree).GetOperation(returned, cancellationToken);
            operation = operation is null ? null : Operations.Unwrap(operation);
            if (operation is IInvocationOperation start)
            {
                return IsStart(start) ? new Launch(null, ImmutableArray.Create(new LaunchArm(start, null, fallback: true))) : null;
            }

            if (!(operation is ISwitchExpressionOperation { Value: var value } switchExpression)
                || !(Operations.Unwrap(value) is IParameterReferenceOperation { Parameter: var parameter }))
            {
                return null;
            }

            var arms = ImmutableArray.CreateBuilder<LaunchArm>();
            foreach (ISwitchExpressionArmOperation arm in switchExpression.Arms)
            {
                IOperation armValue = Operations.Unwrap(arm.Value);
                if (armValue is IThrowOperation)
                {
                    continue; // an unknown mode fails at the call, before any work starts
                }

                if (!(armValue is IInvocationOperation armStart) || !IsStart(armStart) || arm.Guard != null)
                {
                    return null;
                }

                switch (arm.Pattern)
                {
                    case IConstantPatternOperation constant:
                        arms.Add(new LaunchArm(armStart, constant.Value, fallback: false));
                        break;
                    case IDiscardPatternOperation _:
                        arms.Add(new LaunchArm(armStart, null, fallback: true));
                        break;
                    default:
                        return null;
                }
            }

            return arms.Count == 0 ? null : new Launch(parameter, arms.ToImmutable());
        }

        private bool IsStart(IInvocationOperation invocation) =>
            (invocation.TargetMethod.Name == "Run" || invocation.TargetMethod.Name == "StartNew") && IsTaskFactory(invocation.TargetMethod.ContainingType);
    }
}
