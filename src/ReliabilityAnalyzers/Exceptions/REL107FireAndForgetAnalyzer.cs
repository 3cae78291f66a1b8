using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL107: a Task/ValueTask dropped without anyone observing it — a task-returning call used as a statement in sync
    /// code (CS4014 covers async code), or a task stored in a local that is never read. Explicit discards are REL108.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL107FireAndForgetAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindStatement = "statement";
        public const string KindLocal = "local";
        public const string KindDiscard = "discard";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.FireAndForget,
            title: "Task is fired and forgotten",
            messageFormat: "The task returned by '{0}' is dropped: nobody awaits it or observes its result. " +
                           "If it fails, the exception vanishes and the work silently never happens. " +
                           "Await it, return it, or hand it to something that observes its faults.",
            description: "A Task or ValueTask that is dropped (a call used as a statement in synchronous code, or a task stored in a local " +
                         "that is never read) loses its exception. The compiler's CS4014 covers the same call in async code, so this rule " +
                         "reports only synchronous code and unread locals. Tasks with a ContinueWith continuation, completed tasks and " +
                         "work that catches every exception itself are not reported.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                ObservedTaskTypes? types = ObservedTaskTypes.For(start.Compilation);
                if (types is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeStatement(c, types), OperationKind.ExpressionStatement);
                start.RegisterOperationAction(c => AnalyzeDeclarator(c, types), OperationKind.VariableDeclarator);
                start.RegisterOperationAction(c => AnalyzeDiscard(c, types), OperationKind.SimpleAssignment);
            });
        }

        private static void AnalyzeStatement(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var statement = (IExpressionStatementOperation)context.Operation;
            if (AwaiterOfHeldTask(statement, types) is { } held)
            {
                // 'task.GetAwaiter();' on a task the code holds (a local or parameter) reads like a wait and is not one:
                // nothing waits and nothing observes its failure; there is no callee to judge, so it is reported as is.
                if (!DeclaredDeliberate(statement.Syntax))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, statement.Operation.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindStatement), held.Syntax.ToString()));
                }

                return;
            }

            IInvocationOperation? invocation = DroppedTask(statement, types);
            if (invocation is null || types.FaultsAreObserved(invocation, context.CancellationToken)
                || DeclaredDeliberate(statement.Syntax) || RunsAsyncVoid(invocation)
                || types.DelegatesToProjectLibrary(invocation, context.CancellationToken) || types.IsWeakDrop(invocation, context.CancellationToken)
                || TestSupport.IsInTestSupportNamespace(context.ContainingSymbol) || IsCleanupBeforeRethrow(statement.Syntax))
            {
                return; // (another project's callee, one-shot background work, an event raised, a test harness, cleanup on a failure that is rethrown: REL108 reports it at audit level)
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindStatement);
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name));
        }

        /// <summary>
        /// 'x.GetAwaiter();', 'x.ConfigureAwait(false).GetAwaiter();': the awaiter of a task, built and thrown away; it reads
        /// like a wait. Returns the task expression (null when the statement is not one). 'x.ConfigureAwait(false);' alone is
        /// the habit of a deliberate fire-and-forget and is left as it was (CS4014 reports it in async code).
        /// </summary>
        private static IOperation? ThrownAwayAwaiterOf(IOperation expression)
        {
            if (!(expression is IInvocationOperation { TargetMethod.Name: "GetAwaiter" }))
            {
                return null;
            }

            IOperation? current = expression;
            bool awaiterCall = false;
            while (current is IInvocationOperation call
                && ((call.TargetMethod.Name == "GetAwaiter" && call.Arguments.Length == 0) || (call.TargetMethod.Name == "ConfigureAwait" && call.Arguments.Length == 1)))
            {
                awaiterCall = true;
                current = Operations.UnwrapOrNull(call.Instance);
            }

            return awaiterCall ? current : null;
        }

        /// <summary>'task.GetAwaiter();' where the task is a local, parameter or field the code holds, not a call.</summary>
        private static IOperation? AwaiterOfHeldTask(IExpressionStatementOperation statement, ObservedTaskTypes types)
        {
            IOperation? task = ThrownAwayAwaiterOf(Operations.Unwrap(statement.Operation));
            return task is null || task is IInvocationOperation || !types.IsTask(task.Type) ? null : task;
        }

        /// <summary>
        /// A task-returning call used as a statement in synchronous code (in async code CS4014 warns; top-level statements
        /// too), or the awaiter of one built and thrown away ('Task.Run(work).GetAwaiter();', in any code).
        /// </summary>
        internal static IInvocationOperation? DroppedTask(IExpressionStatementOperation statement, ObservedTaskTypes types)
        {
            // 'Task.Run(work).GetAwaiter();': the awaiter is thrown away with the task, which is then judged like the call
            // alone. The statement reads like a wait, so it counts in async code too (CS4014 does not see it).
            IOperation expression = Operations.Unwrap(statement.Operation);
            bool viaAwaiter = false;
            if (ThrownAwayAwaiterOf(expression) is { } awaited)
            {
                expression = awaited;
                viaAwaiter = true;
            }

            if (!(expression is IInvocationOperation invocation) || !types.IsTask(invocation.Type))
            {
                return null;
            }

            SyntaxNode? function = AsyncContext.EnclosingFunction(invocation.Syntax);
            if (function is null || (AsyncContext.IsAsync(function) && !viaAwaiter))
            {
                return null;
            }

            // 'MethodCall.For<IResult>(x => x.ExecuteAsync(null!))': a lambda converted to an expression tree is data, never run.
            if (function is AnonymousFunctionExpressionSyntax lambda && statement.SemanticModel?.GetTypeInfo(lambda).ConvertedType is INamedTypeSymbol { Name: "Expression" } tree
                && tree.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return null;
            }

            return invocation;
        }

        /// <summary>
        /// The statement's fault is otherwise unobserved, and the evidence is weak: the callee belongs to another project
        /// of the solution (see <see cref="ObservedTaskTypes.DelegatesToProjectLibrary"/>), or the drop is one-shot
        /// background work, an event raised or a datagram sent (see <see cref="ObservedTaskTypes.IsWeakDrop"/>): REL108
        /// reports these at audit level.
        /// </summary>
        internal static bool LeftToAudit(IExpressionStatementOperation statement, IInvocationOperation invocation, ObservedTaskTypes types, System.Threading.CancellationToken cancellationToken) =>
            (types.DelegatesToProjectLibrary(invocation, cancellationToken) || types.IsWeakDrop(invocation, cancellationToken)
                || TestSupport.IsInTestSupportNamespace(statement.SemanticModel?.GetEnclosingSymbol(statement.Syntax.SpanStart, cancellationToken))
                || IsCleanupBeforeRethrow(statement.Syntax))
            && !types.FaultsAreObserved(invocation, cancellationToken)
            && !DeclaredDeliberate(statement.Syntax) && !RunsAsyncVoid(invocation);

        /// <summary>
        /// <c>catch { Terminate(); throw; }</c>: best-effort cleanup on a failure path whose original exception is rethrown
        /// by the same catch block (a top-level <c>throw;</c> after the statement). The caller still sees the failure; only
        /// a second, secondary failure of the cleanup would be lost.
        /// </summary>
        private static bool IsCleanupBeforeRethrow(SyntaxNode statement)
        {
            // Up through blocks, ifs and the body of a nested best-effort try ('catch { try { Terminate(); } catch { } throw; }').
            SyntaxNode anchor = statement;
            while (!(anchor.Parent is BlockSyntax { Parent: CatchClauseSyntax }))
            {
                SyntaxNode? parent = anchor.Parent;
                if (parent is BlockSyntax || parent is IfStatementSyntax || parent is ElseClauseSyntax
                    || (parent is TryStatementSyntax tryStatement && tryStatement.Block == anchor))
                {
                    anchor = parent;
                    continue;
                }

                return false;
            }

            var block = (BlockSyntax)anchor.Parent;
            bool after = false;
            foreach (StatementSyntax sibling in block.Statements)
            {
                if (sibling == anchor)
                {
                    after = true;
                }
                else if (after && sibling is ThrowStatementSyntax { Expression: null })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// <c>Task.Run(Worker)</c> or <c>Task.Factory.StartNew(() => Worker())</c> where Worker is async void: the task
        /// completes when Worker reaches its first await and never faults (an async void raises its exceptions on the
        /// thread pool, not into a task), so the dropped task carries nothing to observe. The defect is the async void
        /// method itself, which REL106 reports at its declaration.
        /// </summary>
        private static bool RunsAsyncVoid(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if ((method.Name != "Run" && method.Name != "StartNew") || method.ContainingType is null
                || (method.ContainingType.Name != "Task" && method.ContainingType.Name != "TaskFactory")
                || method.ContainingType.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks"
                || invocation.Arguments.Length == 0)
            {
                return false;
            }

            IOperation work = Operations.Unwrap(invocation.Arguments[0].Value);
            if (work is IDelegateCreationOperation creation)
            {
                work = creation.Target;
            }

            switch (work)
            {
                case IMethodReferenceOperation reference:
                    return IsAsyncVoid(reference.Method);
                case IAnonymousFunctionOperation lambda when !lambda.Symbol.IsAsync && lambda.Body.Operations.Length <= 2:
                    // '() => Worker()': one call, optionally followed by the implicit return.
                    IOperation first = lambda.Body.Operations[0];
                    if (first is IReturnOperation { ReturnedValue: null } && lambda.Body.Operations.Length == 1)
                    {
                        return false;
                    }

                    if (lambda.Body.Operations.Length == 2 && !(lambda.Body.Operations[1] is IReturnOperation { ReturnedValue: null }))
                    {
                        return false;
                    }

                    return first is IExpressionStatementOperation { Operation: IInvocationOperation call } && IsAsyncVoid(call.TargetMethod);
                default:
                    return false;
            }
        }

        private static bool IsAsyncVoid(IMethodSymbol method) => method.IsAsync && method.ReturnsVoid;

        // Other analyzers' fire-and-forget diagnostics: suppressed right at this call, the drop is a documented decision.
        private static readonly ImmutableHashSet<string> FireAndForgetIds = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase, "CS4014", "CA2012", "VSTHRD110", "VSTHRD105", "MA0134", "AsyncFixer03", "IDE0058");

        /// <summary>A '#pragma warning disable' of a fire-and-forget diagnostic in the statement's leading trivia.</summary>
        private static bool DeclaredDeliberate(SyntaxNode statement)
        {
            foreach (SyntaxTrivia trivia in statement.GetLeadingTrivia())
            {
                if (trivia.GetStructure() is PragmaWarningDirectiveTriviaSyntax pragma && pragma.DisableOrRestoreKeyword.IsKind(SyntaxKind.DisableKeyword))
                {
                    foreach (ExpressionSyntax code in pragma.ErrorCodes)
                    {
                        if (FireAndForgetIds.Contains(code.ToString().Trim()))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static void AnalyzeDeclarator(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            // Most locals hold no task: UnreadTask's first test, asked before the name is matched against discard words.
            if (declarator.Initializer is null || !types.IsTask(declarator.Symbol.Type))
            {
                return;
            }

            if (IsDiscardName(declarator.Symbol.Name))
            {
                return; // 'var ignored = RunAsync();' says the drop is deliberate: REL108 reports it at audit level
            }

            IInvocationOperation? invocation = UnreadTask(declarator, types, context.CancellationToken);
            if (invocation is null || types.DelegatesToProjectLibrary(invocation, context.CancellationToken) || types.IsWeakDrop(invocation, context.CancellationToken)
                || TestSupport.IsInTestSupportNamespace(context.ContainingSymbol))
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindLocal);
            context.ReportDiagnostic(Diagnostic.Create(Rule, declarator.Syntax.GetLocation(), properties, invocation.TargetMethod.Name));
        }

        /// <summary>'_ = AcceptLoopAsync();': a discarded work loop that can die unseen (see <see cref="ObservedTaskTypes.IsDiscardedWorkLoop"/>).</summary>
        private static void AnalyzeDiscard(OperationAnalysisContext context, ObservedTaskTypes types)
        {
            if (DiscardedWorkLoop((ISimpleAssignmentOperation)context.Operation, types, context.CancellationToken) is IInvocationOperation invocation
                && !TestSupport.IsInTestSupportNamespace(context.ContainingSymbol))
            {
                ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindDiscard);
                context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), properties, invocation.TargetMethod.Name));
            }
        }

        internal static IInvocationOperation? DiscardedWorkLoop(ISimpleAssignmentOperation assignment, ObservedTaskTypes types, System.Threading.CancellationToken cancellationToken) =>
            assignment.Target is IDiscardOperation && Operations.Unwrap(assignment.Value) is IInvocationOperation invocation && types.IsTask(invocation.Type)
            && types.IsDiscardedWorkLoop(invocation, cancellationToken) ? invocation : null;

        private static readonly ImmutableHashSet<string> DiscardWords = ImmutableHashSet.Create(
            System.StringComparer.OrdinalIgnoreCase, "", "ignore", "ignored", "unused", "discard", "discarded", "forget", "forgotten",
            "fireandforget", "notawaited", "noawait", "dontawait");

        /// <summary>
        /// A local named like a discard ('_', '__', 'ignored', '_unused', 'fireAndForget', 'taskIgnore'): the author states that nobody
        /// reads the task on purpose, exactly as '_ =' does.
        /// </summary>
        internal static bool IsDiscardName(string name)
        {
            string trimmed = name.TrimStart('_');
            if (DiscardWords.Contains(trimmed))
            {
                return true;
            }

            // 'taskIgnore', 'sendTaskUnused': a name that ends in a discard word says the same.
            foreach (string word in DiscardSuffixes)
            {
                if (trimmed.Length > word.Length && trimmed.EndsWith(word, System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly string[] DiscardSuffixes = { "Ignore", "Ignored", "Unused", "Discarded", "Forgotten", "FireAndForget" };

        /// <summary>
        /// A task-returning call stored in a local that is never read afterwards (no await, return, argument, store or
        /// member access) and whose faults nothing else observes; null otherwise.
        /// </summary>
        internal static IInvocationOperation? UnreadTask(IVariableDeclaratorOperation declarator, ObservedTaskTypes types, System.Threading.CancellationToken cancellationToken)
        {
            ILocalSymbol local = declarator.Symbol;
            if (declarator.Initializer is null || !types.IsTask(local.Type)
                || declarator.Parent?.Parent is IUsingOperation || declarator.Parent?.Parent?.Parent is IUsingDeclarationOperation
                || !(Operations.Unwrap(declarator.Initializer.Value) is IInvocationOperation invocation)
                || !(declarator.Syntax is VariableDeclaratorSyntax syntax))
            {
                return null;
            }

            SyntaxNode? scope = syntax.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)syntax.FirstAncestorOrSelf<SwitchSectionSyntax>();
            if (scope is null)
            {
                return null;
            }

            // Any read of the local (await, return, argument, field store, member access) counts as observing it.
            string name = local.Name;
            SemanticModel? model = declarator.SemanticModel;
            foreach (SyntaxToken token in scope.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token != syntax.Identifier)
                {
                    if (model is null || token.Parent is null)
                    {
                        return null;
                    }

                    ISymbol? referenced = model.GetSymbolInfo(token.Parent, cancellationToken).Symbol;
                    if (referenced is null || SymbolEqualityComparer.Default.Equals(referenced, local))
                    {
                        return null;
                    }
                }
            }

            return types.FaultsAreObserved(invocation, cancellationToken) ? null : invocation;
        }
    }
}
