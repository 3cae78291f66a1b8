using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL315: a SemaphoreSlim taken with an untimed Wait / WaitAsync and released by a Release() later in the same block,
    /// with work that can throw in between and no release in a finally or catch. One exception in that work keeps the
    /// permit for good: a one-slot gate then blocks every later caller forever (a recall probe's warehouse client, phase
    /// 24: a POST between WaitAsync and Release).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL315LockReleasedOutsideFinallyAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LockReleasedOutsideFinally,
            title: "Semaphore released outside a finally",
            messageFormat: "'{0}' is released by '{0}.Release()' only on the success path: the work in between can throw. " +
                           "One exception there keeps the permit for good, and once the permits are gone every later caller waits forever. " +
                           "Put the work in a try and call '{0}.Release()' in its finally.",
            description: "A SemaphoreSlim.Wait()/WaitAsync() (no timeout) followed in the same block by work that can throw and then Release(), " +
                         "with no Release() of the same semaphore in a finally or catch of the function.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (start.Compilation.GetTypeByMetadataName("System.Threading.SemaphoreSlim") is { } semaphore)
                {
                    start.RegisterOperationAction(c => Analyze(c, semaphore), OperationKind.Invocation);
                }
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol semaphore)
        {
            // Cheap filters first: the name, the receiver type, an untimed wait used as a statement.
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if ((method.Name != "Wait" && method.Name != "WaitAsync") || !SymbolEqualityComparer.Default.Equals(method.ContainingType, semaphore)
                || !IsUntimed(method) || invocation.Instance is null
                || !(StatementOf(invocation.Syntax) is ExpressionStatementSyntax acquire) || !(acquire.Parent is BlockSyntax block))
            {
                return;
            }

            SyntaxNode? function = AsyncContext.EnclosingFunction(invocation.Syntax);
            if (!(invocation.Instance.Syntax is ExpressionSyntax gate) || function is null || IsCreatedEmpty(invocation.Instance)
                || IsUnsharedLocal(invocation.Instance, function) || ReleasedOnAFailurePath(function, gate))
            {
                return;
            }

            // The first release of the same semaphore later in the block, with work that can throw before it.
            bool canThrow = false;
            for (int i = block.Statements.IndexOf(acquire) + 1; i < block.Statements.Count; i++)
            {
                StatementSyntax statement = block.Statements[i];
                if (IsReleaseOf(statement, gate))
                {
                    if (canThrow)
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), gate.ToString()));
                    }

                    return;
                }

                if (MentionsRelease(statement, gate))
                {
                    return; // released in a branch or a nested block: a hand-written protocol this rule does not read
                }

                canThrow |= CanThrow(statement) && !StartsAsyncWork(statement, invocation.SemanticModel, context.CancellationToken);
            }
        }

        /// <summary>
        /// 'var t = ExportBufferAsync(items, buffer);': a call of an async method of this compilation with plain arguments
        /// only starts it; its failures land in the task it returns, never at the call (phase 25, an ingest library's
        /// export pump).
        /// </summary>
        private static bool StartsAsyncWork(StatementSyntax statement, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            ExpressionSyntax? value = statement switch
            {
                LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } => variables[0].Initializer?.Value,
                ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax assignment } => assignment.Right,
                _ => null,
            };
            return value is InvocationExpressionSyntax call && model != null
                && call.ArgumentList.Arguments.All(a => a.Expression is IdentifierNameSyntax || a.Expression is LiteralExpressionSyntax
                    || a.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax })
                && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { IsAsync: true };
        }

        /// <summary>
        /// 'new SemaphoreSlim(0)': a signal or a latch, not a lock. Its waiters pass the signal on or wait for the next one
        /// ('await _ready.WaitAsync(); ...; _ready.Release();' lets the next waiter through), as REL313 reads it too.
        /// </summary>
        private static bool IsCreatedEmpty(IOperation instance)
        {
            ISymbol? symbol = Operations.Unwrap(instance) switch
            {
                IFieldReferenceOperation field => field.Field,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            if (symbol is null || symbol.DeclaringSyntaxReferences.Length != 1
                || !(symbol.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax creation }))
            {
                return false;
            }

            return ResourceHelpers.InitialCount(creation) is LiteralExpressionSyntax { Token.ValueText: "0" };
        }

        /// <summary>
        /// A local semaphore that only this function waits on and releases: it is not stored, captured, passed or returned,
        /// so no other caller can ever wait for a permit it keeps (phase 24 re-run, a database connector's per-call gates).
        /// </summary>
        private static bool IsUnsharedLocal(IOperation instance, SyntaxNode function)
        {
            if (!(Operations.Unwrap(instance) is ILocalReferenceOperation local))
            {
                return false;
            }

            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == local.Local.Name
                    && !(name.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" or "WaitAsync" or "Release" } access && access.Expression == name))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>No timeout parameter: Wait(), Wait(token), WaitAsync(), WaitAsync(token) (a timed wait is REL313's).</summary>
        private static bool OnlyReadsCollections(StatementSyntax statement)
        {
            if (!(statement is LocalDeclarationStatementSyntax || statement is ExpressionStatementSyntax))
            {
                return false;
            }

            bool any = false;
            foreach (SyntaxNode node in statement.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax)))
            {
                switch (node)
                {
                    case AwaitExpressionSyntax _:
                    case ThrowExpressionSyntax _:
                    case BaseObjectCreationExpressionSyntax _:
                    case ElementAccessExpressionSyntax _:
                        return false;
                    case InvocationExpressionSyntax call:
                        // Copies, queries and keyless changes of an in-memory collection ('_list.Add(item)', 'Remove(item)',
                        // 'Clear()'), and 'GC.Collect()': they throw only when memory runs out. A keyed or indexed change
                        // ('Dictionary.Add(key, value)', 'Insert(i, x)', 'RemoveAt(i)') can throw and stays work.
                        string? called = SyntaxHelpers.CalledName(call);
                        bool keyless = (called is "Add" or "Remove") && call.ArgumentList.Arguments.Count == 1;
                        if (!(called is "ToArray" or "ToList" or "Clear" or "Contains" or "ContainsKey" or "Collect" || keyless))
                        {
                            return false;
                        }

                        any = true;
                        break;
                }
            }

            return any;
        }

        private static bool IsUntimed(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type.Name != "CancellationToken")
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>'gate.Wait();', 'await gate.WaitAsync(ct);', 'await gate.WaitAsync().ConfigureAwait(false);'.</summary>
        private static StatementSyntax? StatementOf(SyntaxNode call)
        {
            SyntaxNode node = call;
            if (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure && configure.Parent is InvocationExpressionSyntax configured)
            {
                node = configured;
            }

            if (node.Parent is AwaitExpressionSyntax awaited)
            {
                node = awaited;
            }

            return node.Parent as ExpressionStatementSyntax;
        }

        private static bool IsReleaseOf(StatementSyntax statement, ExpressionSyntax gate) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call } && IsReleaseCall(call, gate);

        private static bool IsReleaseCall(InvocationExpressionSyntax call, ExpressionSyntax gate) =>
            call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } release
            && SyntaxFactory.AreEquivalent(release.Expression, gate);

        private static bool MentionsRelease(SyntaxNode scope, ExpressionSyntax gate)
        {
            foreach (SyntaxNode node in scope.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax call && IsReleaseCall(call, gate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A release of the same semaphore in a finally or a catch of the function: the author handled the failure path.</summary>
        private static bool ReleasedOnAFailurePath(SyntaxNode function, ExpressionSyntax gate)
        {
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if ((node is FinallyClauseSyntax || node is CatchClauseSyntax) && MentionsRelease(node, gate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Work that can fail: an await, a call, an object created, a throw, an element access — unless the statement cannot
        /// let a failure escape (a try whose catch-all swallows or logs, a loop of such tries, a counter, a log line, a
        /// Try-pattern call: <see cref="GuardedBodies.CannotFail"/>) or only copies or queries an in-memory collection
        /// under the semaphore ('var copy = _items.ToArray();').
        /// </summary>
        private static bool CanThrow(StatementSyntax statement)
        {
            if (GuardedBodies.CannotFail(statement) || OnlyReadsCollections(statement))
            {
                return false;
            }

            // 'if (_tasks.Count >= max) { var done = await Task.WhenAny(_tasks); _tasks.Remove(done); }': judged branch by branch.
            if (statement is IfStatementSyntax branch && GuardedBodies.CannotFail(branch.Condition)
                && !CanThrow(branch.Statement) && (branch.Else is null || !CanThrow(branch.Else.Statement)))
            {
                return false;
            }

            if (statement is BlockSyntax block)
            {
                return block.Statements.Any(CanThrow);
            }

            // 'foreach (var url in urls) { try { ... } catch (Exception ex) { log(ex); } }' over a local or parameter.
            if (statement is ForEachStatementSyntax { Expression: IdentifierNameSyntax, Statement: BlockSyntax loopBody } loop
                && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) && loopBody.Statements.All(GuardedBodies.CannotFail))
            {
                return false;
            }

            foreach (SyntaxNode node in statement.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case AwaitExpressionSyntax _:
                    case InvocationExpressionSyntax _:
                    case BaseObjectCreationExpressionSyntax _:
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                    case ElementAccessExpressionSyntax _:
                        return true;
                }
            }

            return false;
        }
    }
}
