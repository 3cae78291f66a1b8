using System;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL406 (audit level): a blocking call that has no async twin, inside async code — wait primitives
    /// (BlockingCollection.Take, ManualResetEventSlim.Wait, WaitHandle.WaitOne/WaitAll/WaitAny, CountdownEvent.Wait,
    /// Barrier.SignalAndWait, Monitor.Wait, Thread.Join, SpinWait.SpinUntil) and sync ADO.NET loads (DataTable.Load, DataSet.Load,
    /// DbDataAdapter.Fill). REL404 covers calls that have a true async twin. Also reports REL411 (warning): a thread-owned
    /// lock (Monitor.Enter / TryEnter, ReaderWriterLockSlim.Enter*Lock) held across an await.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL406BlockingPrimitiveInAsyncAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingPrimitiveInAsync,
            title: "Blocking wait primitive or sync data load inside async code (audit)",
            messageFormat: "'{0}' blocks the thread inside async code and has no async form. " +
                           "Every blocked continuation holds a thread-pool thread, and under load the pool starves. " +
                           "{1}.",
            description: "BlockingCollection.Take, ManualResetEventSlim.Wait, WaitHandle.WaitOne/WaitAll/WaitAny, CountdownEvent.Wait, " +
                         "Barrier.SignalAndWait, Monitor.Wait, Thread.Join, SpinWait.SpinUntil, DataTable.Load, DataSet.Load and DbDataAdapter.Fill block " +
                         "and have no awaitable twin: in async code use an async primitive (Channel, SemaphoreSlim.WaitAsync, " +
                         "TaskCompletionSource) or read with DbDataReader.ReadAsync.",
            defaultSeverity: DiagnosticSeverity.Info);

        private static readonly string[][] Catalogue =
        {
            new[] { "System.Collections.Concurrent.BlockingCollection`1", "Take", "TryTake", "TakeFromAny", "TryTakeFromAny", "GetConsumingEnumerable" },
            new[] { "System.Threading.ManualResetEventSlim", "Wait" },
            new[] { "System.Threading.WaitHandle", "WaitOne", "WaitAll", "WaitAny", "SignalAndWait" },
            new[] { "System.Threading.CountdownEvent", "Wait" },
            new[] { "System.Threading.Barrier", "SignalAndWait" },
            new[] { "System.Threading.Monitor", "Wait", "Enter", "TryEnter" },
            new[] { "System.Threading.Thread", "Join" },
            new[] { "System.Threading.ReaderWriterLockSlim", "EnterReadLock", "EnterWriteLock", "EnterUpgradeableReadLock", "TryEnterReadLock", "TryEnterWriteLock", "TryEnterUpgradeableReadLock" },
            new[] { "System.Threading.SpinWait", "SpinUntil" },
            new[] { "System.Data.DataTable", "Load" },
            new[] { "System.Data.DataSet", "Load" },
            new[] { "System.Data.Common.DbDataAdapter", "Fill" },
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL411ThreadOwnedLockAcrossAwaitRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                ImmutableArray<(INamedTypeSymbol Type, ImmutableHashSet<string> Methods)>.Builder entries =
                    ImmutableArray.CreateBuilder<(INamedTypeSymbol, ImmutableHashSet<string>)>();
                foreach (string[] row in Catalogue)
                {
                    INamedTypeSymbol? type = known.Get(row[0]);
                    if (type != null)
                    {
                        entries.Add((type, ImmutableHashSet.Create(StringComparer.Ordinal, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Skip(row, 1)))));
                    }
                }

                if (entries.Count == 0)
                {
                    return;
                }

                ImmutableArray<(INamedTypeSymbol Type, ImmutableHashSet<string> Methods)> catalogue = entries.ToImmutable();
                var names = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
                foreach ((INamedTypeSymbol _, ImmutableHashSet<string> methods) in catalogue)
                {
                    names.UnionWith(methods);
                }

                start.RegisterOperationAction(c =>
                {
                    // Cheap name filter before any symbol comparison (read-only after construction: safe to share).
                    if (names.Contains(((IInvocationOperation)c.Operation).TargetMethod.Name))
                    {
                        Analyze(c, catalogue);
                    }
                }, OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, ImmutableArray<(INamedTypeSymbol Type, ImmutableHashSet<string> Methods)> catalogue)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? match = null;
            foreach ((INamedTypeSymbol type, ImmutableHashSet<string> methods) in catalogue)
            {
                if (methods.Contains(method.Name) && method.ContainingType.OriginalDefinition.InheritsFromOrEquals(type))
                {
                    match = type;
                    break;
                }
            }

            if (match is null)
            {
                return;
            }

            SyntaxNode site = invocation.Syntax;
            if (!AsyncContext.IsInAsyncFunction(site, out SyntaxNode? function) || function is null
                || AsyncContext.IsUnderAsyncFlag(site, function) || AsyncContext.IsInSyncBranchOfAsyncFlag(site))
            {
                return;
            }

            // A thread-owned lock (ReaderWriterLockSlim, Monitor.Enter) held only around in-memory work (copy a list,
            // update an index) blocks for microseconds; the defect is holding it across an await: released on another
            // thread, the exit throws and the lock stays held. That is REL411 (warning), never REL406.
            if (match.Name == "ReaderWriterLockSlim" || (match.Name == "Monitor" && method.Name != "Wait"))
            {
                if (HeldAcrossAwait(site))
                {
                    context.ReportDiagnostic(Diagnostic.Create(REL411ThreadOwnedLockAcrossAwaitRule.Rule, NameLocation(site), match.Name + "." + method.Name));
                }

                return;
            }

            // (A probe that returns at once blocks nothing; a lock it takes is still REL411's above.)
            if (IsNonBlockingProbe(invocation))
            {
                return;
            }

            string fix = match.Name switch
            {
                "BlockingCollection" => "Use a Channel<T> and await ReadAsync / ReadAllAsync",
                "DataTable" or "DataSet" or "DbDataAdapter" => "Read the rows with await reader.ReadAsync(token) into your own list, or use Dapper/EF Core's async queries",
                "Thread" => "Await a Task for the work instead of joining a thread",
                "SpinWait" => "Await a TaskCompletionSource or a SemaphoreSlim that the producer signals, instead of spinning",
                _ => "Use an async primitive: SemaphoreSlim.WaitAsync, a TaskCompletionSource, or a Channel",
            };

            context.ReportDiagnostic(Diagnostic.Create(Rule, NameLocation(site), match.Name + "." + method.Name, fix));
        }

        /// <summary>From the called member's name to the end of the call ('x.{|Take()|}').</summary>
        private static Location NameLocation(SyntaxNode site) => site is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            ? Location.Create(site.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, site.Span.End))
            : site.GetLocation();

        /// <summary>
        /// True when an await follows the Enter*Lock call before the lock is released: in the try that guards it, or
        /// in the statements after it in the same block up to the one that calls Exit*Lock.
        /// </summary>
        private static bool HeldAcrossAwait(SyntaxNode site)
        {
            StatementSyntax? statement = site.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null)
            {
                return false;
            }

            if (statement is IfStatementSyntax taken && taken.Condition.Span.Contains(site.Span))
            {
                // 'if (!Monitor.TryEnter(_gate)) { await Task.Delay(50); return; } try { ... } finally { Monitor.Exit(_gate); }':
                // the branch runs without the lock; it is held in the statements after the if.
                return IsNegated(taken.Condition, site)
                    ? HeldAfter(taken, takenFlag: null)
                    : HeldWithin(taken.Statement); // if (_lock.TryEnterWriteLock(t)) { ... }
            }

            // 'bool got = Monitor.TryEnter(_gate, 100); if (!got) { await ...; return; } ...': the flag's negative branch
            // runs without the lock.
            string? flag = statement is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } ? variables[0].Identifier.ValueText : null;
            return HeldAfter(statement, flag);
        }

        /// <summary>The lock is held across an await in the statements after <paramref name="statement"/> in its block.</summary>
        private static bool HeldAfter(StatementSyntax statement, string? takenFlag)
        {
            if (!(statement.Parent is BlockSyntax block))
            {
                return false;
            }

            int index = block.Statements.IndexOf(statement);
            return HeldInSequence(block.Statements, index + 1, takenFlag);
        }

        private static bool HeldWithin(StatementSyntax branch) =>
            branch is BlockSyntax block ? HeldInSequence(block.Statements, 0, takenFlag: null) : ContainsAwait(branch);

        /// <summary>
        /// Walks the statements from <paramref name="start"/>: an await before the one that calls Exit… holds the lock
        /// across it; a try (whose finally releases the lock) holds it when its block or a catch awaits. An if on the
        /// negated taken flag is the path without the lock and is skipped.
        /// </summary>
        private static bool HeldInSequence(SyntaxList<StatementSyntax> statements, int start, string? takenFlag)
        {
            for (int i = start; i < statements.Count; i++)
            {
                StatementSyntax sibling = statements[i];
                if (takenFlag != null && sibling is IfStatementSyntax { Condition: var condition } && IsNegatedFlag(condition, takenFlag))
                {
                    continue;
                }

                if (sibling is TryStatementSyntax guard)
                {
                    return ContainsAwait(guard.Block) || guard.Catches.Any(c => ContainsAwait(c.Block)); // the finally releases the lock
                }

                if (ContainsAwait(sibling))
                {
                    return true;
                }

                foreach (InvocationExpressionSyntax call in sibling.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
                {
                    if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } && name.StartsWith("Exit", StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
            }

            return false;
        }

        /// <summary>'!Monitor.TryEnter(x)' or 'Monitor.TryEnter(x) == false': the condition is true when the lock was not taken.</summary>
        private static bool IsNegated(ExpressionSyntax condition, SyntaxNode site)
        {
            for (SyntaxNode? current = site.Parent; current != null && current != condition.Parent; current = current.Parent)
            {
                switch (current)
                {
                    case PrefixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalNotExpression }:
                        return true;
                    case BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.EqualsExpression } equals
                        when equals.Right.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.FalseLiteralExpression):
                        return true;
                }
            }

            return false;
        }

        private static bool IsNegatedFlag(ExpressionSyntax condition, string flag)
        {
            condition = AsyncContext.Unparenthesize(condition);
            return (condition is PrefixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalNotExpression } not
                    && AsyncContext.Unparenthesize(not.Operand) is IdentifierNameSyntax negated && negated.Identifier.ValueText == flag)
                || (condition is BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.EqualsExpression } equals
                    && equals.Left is IdentifierNameSyntax left && left.Identifier.ValueText == flag
                    && equals.Right.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.FalseLiteralExpression));
        }

        private static bool ContainsAwait(SyntaxNode node)
        {
            foreach (SyntaxNode descendant in node.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (descendant is AwaitExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>TryTake(out x) without a timeout, Wait(0), WaitOne(0), WaitOne(TimeSpan.Zero): they only poll.</summary>
        private static bool IsNonBlockingProbe(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            bool hasTimeout = false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IParameterSymbol? parameter = argument.Parameter;
                if (parameter is null)
                {
                    continue;
                }

                bool timeoutParameter = parameter.Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0
                    || parameter.Name.IndexOf("millisecond", StringComparison.OrdinalIgnoreCase) >= 0;
                if (!timeoutParameter)
                {
                    continue;
                }

                hasTimeout = true;
                IOperation value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == 0
                    || value is IFieldReferenceOperation { Field.Name: "Zero" })
                {
                    return true;
                }
            }

            // TryTake(out item) / TryTakeFromAny(collections, out item) with no timeout return at once.
            return !hasTimeout && method.Name.StartsWith("TryTake", StringComparison.Ordinal);
        }
    }
}
