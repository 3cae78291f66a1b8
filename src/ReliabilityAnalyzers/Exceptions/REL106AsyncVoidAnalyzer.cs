using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL106: an async void method that is not an event handler, or an async lambda converted to a void-returning delegate.
    /// An exception escaping either one is raised on the synchronization context / thread pool and crashes the process.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL106AsyncVoidAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindMethod = "method";
        public const string KindLambda = "lambda";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.AsyncVoid,
            title: "Async void outside an event handler",
            messageFormat: "{0} is async void. " +
                           "Nobody can await it, and an exception it throws is raised on the thread pool and crashes the process. " +
                           "Return Task, or pass a Func<Task>-accepting overload instead of a void-returning delegate.",
            description: "async void methods that are not event handlers, and async lambdas converted to void-returning delegates " +
                         "(Action, List<T>.ForEach, TimerCallback), cannot be awaited and crash the process when they throw. " +
                         "Event handlers ((object, EventArgs) signature or attached with += in the same type) and overrides or implementations of " +
                         "void members declared outside the project are not reported.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL125AsyncVoidAwaitingAnotherProjectRule.Rule, REL129AsyncVoidEventHandlerUnguardedRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? eventArgs = new KnownTypes(start.Compilation).Get("System.EventArgs");
                INamedTypeSymbol? synchronizationContext = new KnownTypes(start.Compilation).Get("System.Threading.SynchronizationContext");
                ObservedTaskTypes? tasks = ObservedTaskTypes.For(start.Compilation);
                start.RegisterOperationAction(c => AnalyzeLambda(c, eventArgs, synchronizationContext, tasks), OperationKind.AnonymousFunction);
                start.RegisterOperationAction(
                    c =>
                    {
                        var local = (ILocalFunctionOperation)c.Operation;
                        if (local.Symbol is { IsAsync: true, ReturnsVoid: true } symbol && IsCandidate(symbol, eventArgs, tasks)
                            && !IsInOwnSynchronizationContext(symbol, synchronizationContext))
                        {
                            Report(c.ReportDiagnostic, symbol, Rule, c.CancellationToken);
                        }
                    },
                    OperationKind.LocalFunction);
                start.RegisterSymbolStartAction(
                    typeStart =>
                    {
                        if (!IsInOwnSynchronizationContext(typeStart.Symbol, synchronizationContext))
                        {
                            OnTypeStart(typeStart, eventArgs, tasks);
                        }
                    },
                    SymbolKind.NamedType);
            });
        }

        /// <summary>
        /// Reads the type's declarations for an 'async void' method before asking for its members: most types have none,
        /// and GetMembers builds a new symbol array for every type of the compilation.
        /// </summary>
        private static bool MayDeclareAsyncVoid(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (!(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration))
                {
                    return true; // an unusual declaration: let the members decide
                }

                foreach (MemberDeclarationSyntax member in declaration.Members)
                {
                    if (member is MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax returnType } method
                        && returnType.Keyword.IsKind(SyntaxKind.VoidKeyword) && method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void OnTypeStart(SymbolStartAnalysisContext context, INamedTypeSymbol? eventArgs, ObservedTaskTypes? tasks)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!MayDeclareAsyncVoid(type, context.CancellationToken))
            {
                return;
            }

            ImmutableArray<IMethodSymbol>.Builder? candidates = null;
            foreach (ISymbol member in type.GetMembers())
            {
                // Event handlers by signature are candidates too: REL129 (audit) judges them.
                if (member is IMethodSymbol { IsAsync: true, ReturnsVoid: true } method
                    && (IsCandidate(method, eventArgs, tasks) || IsEventHandlerSignature(method.Parameters, eventArgs)))
                {
                    (candidates ??= ImmutableArray.CreateBuilder<IMethodSymbol>()).Add(method);
                }
            }

            // Most types have no async void method: they cost one pass over their members and nothing else.
            if (candidates is null)
            {
                return;
            }

            var attached = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(
                c =>
                {
                    var assignment = (IEventAssignmentOperation)c.Operation;
                    if (assignment.Adds && Operations.Unwrap(assignment.HandlerValue) is IDelegateCreationOperation { Target: IMethodReferenceOperation reference })
                    {
                        attached.TryAdd(reference.Method.OriginalDefinition, true);
                    }
                },
                OperationKind.EventAssignment);

            ImmutableArray<IMethodSymbol> methods = candidates.ToImmutable();
            var delegating = new ConcurrentDictionary<IMethodSymbol, AwaitedWork>(SymbolEqualityComparer.Default);
            if (tasks != null)
            {
                context.RegisterOperationBlockAction(block =>
                {
                    if (block.OwningSymbol is IMethodSymbol owner && methods.Contains(owner, SymbolEqualityComparer.Default))
                    {
                        foreach (IOperation body in block.OperationBlocks)
                        {
                            AwaitedWork work = ClassifyAwaitedWork(body, tasks, block.CancellationToken);
                            if (work != AwaitedWork.Unguarded)
                            {
                                delegating.TryAdd(owner, work);
                            }
                        }
                    }
                });
            }

            context.RegisterSymbolEndAction(end =>
            {
                foreach (IMethodSymbol method in methods)
                {
                    delegating.TryGetValue(method, out AwaitedWork work);
                    if (work == AwaitedWork.SelfHandling)
                    {
                        continue;
                    }

                    bool eventHandler = attached.ContainsKey(method) || IsEventHandlerSignature(method.Parameters, eventArgs);
                    Report(end.ReportDiagnostic, method,
                        eventHandler ? REL129AsyncVoidEventHandlerUnguardedRule.Rule
                        : work == AwaitedWork.AnotherProject ? REL125AsyncVoidAwaitingAnotherProjectRule.Rule : Rule,
                        end.CancellationToken);
                }
            });
        }


        /// <summary>
        /// Declared inside a type that is itself a <c>SynchronizationContext</c> (a run-synchronously pump): async void is
        /// the mechanism there. The method is posted to and resumed on this context, and an exception it throws is posted
        /// back to the same context, whose pump surfaces it to the caller; nothing reaches the thread pool.
        /// </summary>
        private static bool IsInOwnSynchronizationContext(ISymbol symbol, INamedTypeSymbol? synchronizationContext)
        {
            if (synchronizationContext is null)
            {
                return false;
            }

            for (INamedTypeSymbol? type = symbol as INamedTypeSymbol ?? symbol.ContainingType; type != null; type = type.ContainingType)
            {
                if (!SymbolEqualityComparer.Default.Equals(type, synchronizationContext) && type.InheritsFromOrEquals(synchronizationContext))
                {
                    return true;
                }
            }

            return false;
        }

        private static void Report(System.Action<Diagnostic> report, IMethodSymbol method, DiagnosticDescriptor rule, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                SyntaxToken identifier = syntax switch
                {
                    MethodDeclarationSyntax m => m.Identifier,
                    LocalFunctionStatementSyntax l => l.Identifier,
                    _ => default,
                };

                if (identifier.IsKind(SyntaxKind.None))
                {
                    continue;
                }

                if (IsWhollyGuarded(syntax))
                {
                    return;
                }

                ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindMethod);
                report(Diagnostic.Create(rule, identifier.GetLocation(), properties, "'" + method.Name + "'"));
                return;
            }
        }

        /// <summary>
        /// True when the whole body is one try statement with an unfiltered catch-all and no catch or finally throws back
        /// out (it logs, completes a TaskCompletionSource with the exception, or ignores the failure). Nothing can then
        /// escape to the synchronization context, so async void cannot crash the process. A catch-all that swallows the
        /// failure silently is REL101's / REL120's finding, not this rule's.
        /// </summary>
        internal static bool IsWhollyGuarded(SyntaxNode function)
        {
            BlockSyntax? body = function switch
            {
                MethodDeclarationSyntax m => m.Body,
                LocalFunctionStatementSyntax l => l.Body,
                AnonymousFunctionExpressionSyntax a => a.Body as BlockSyntax,
                _ => null,
            };

            if (body is null)
            {
                return false;
            }

            // Every statement that can fail sits in a guarding try (a non-throwing catch-all); around them only
            // statements that cannot reasonably fail: a guard ('if (_closed) return;'), a counter or flag, a debug log
            // line, a Stopwatch or PeriodicTimer created. An if whose branches are guarded counts as guarded.
            bool anyGuard = false;
            SyntaxList<StatementSyntax> statements = body.Statements;
            for (int i = 0; i < statements.Count; i++)
            {
                if (i + 1 < statements.Count && IsLockAcquiredForTry(statements[i], statements[i + 1]))
                {
                    continue;
                }

                if (!IsGuardedOrTrivial(statements[i], 0, ref anyGuard))
                {
                    return false;
                }
            }

            return anyGuard;
        }

        /// <summary>
        /// The async-lock idiom <c>await gate.WaitAsync(); try { ... } finally { gate.Release(); }</c>: a wait with no token
        /// and no timeout cannot be cancelled or time out, so the acquisition itself does not fail in practice; the work
        /// is judged by the try that follows it.
        /// </summary>
        private static bool IsLockAcquiredForTry(StatementSyntax statement, StatementSyntax next)
        {
            if (!(statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaitExpression })
                || !(next is TryStatementSyntax { Finally: { } finallyClause })
                || !(StripConfigureAwait(awaitExpression.Expression) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } waitCall)
                || wait.Name.Identifier.ValueText != "WaitAsync" || waitCall.ArgumentList.Arguments.Count != 0)
            {
                return false;
            }

            foreach (SyntaxNode node in finallyClause.Block.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax release } releaseCall
                    && release.Name.Identifier.ValueText == "Release" && releaseCall.ArgumentList.Arguments.Count == 0
                    && SyntaxFactory.AreEquivalent(release.Expression, wait.Expression))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'tcs.SetResult(reply)' after the guarding try: completing the promise the caller awaits, with a plain value
        /// (a local or a constant). Only a promise completed twice throws, which the method's own flow rules out.
        /// </summary>
        private static bool IsPromiseCompletion(string name, InvocationExpressionSyntax invocation) =>
            (name == "SetResult" || name == "SetCanceled" || name == "SetException")
            && invocation.ArgumentList.Arguments.Count <= 1
            && (invocation.ArgumentList.Arguments.Count == 0 || invocation.ArgumentList.Arguments[0].Expression is IdentifierNameSyntax or LiteralExpressionSyntax);

        /// <summary>
        /// The async-lock idiom with the acquire inside the try: <c>try { await gate.WaitAsync(); ...guarded work... }
        /// finally { gate.Release(); }</c>. No catch; the tokenless wait does not fail in practice, the rest is judged like
        /// a body (guarded or trivial), and the finally only releases.
        /// </summary>
        private static bool IsLockedRegionOfGuardedWork(TryStatementSyntax tryStatement, int depth, ref bool anyGuard)
        {
            SyntaxList<StatementSyntax> statements = tryStatement.Block.Statements;
            if (tryStatement.Catches.Count != 0 || tryStatement.Finally is null || statements.Count < 2
                || !IsLockAcquiredForTry(statements[0], tryStatement))
            {
                return false;
            }

            foreach (StatementSyntax releasing in tryStatement.Finally.Block.Statements)
            {
                if (!(releasing is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Release" } } }))
                {
                    return false;
                }
            }

            for (int i = 1; i < statements.Count; i++)
            {
                if (!IsGuardedOrTrivial(statements[i], depth + 1, ref anyGuard))
                {
                    return false;
                }
            }

            return true;
        }

        private static ExpressionSyntax StripConfigureAwait(ExpressionSyntax expression) =>
            expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var inner } }
                ? inner
                : expression;

        private static bool IsGuardedOrTrivial(StatementSyntax statement, int depth, ref bool anyGuard)
        {
            switch (statement)
            {
                case LocalFunctionStatementSyntax _:
                    return true; // a declaration runs nothing here; its own body is judged where it is called
                case TryStatementSyntax tryStatement:
                    if (IsGuardingTry(tryStatement))
                    {
                        anyGuard = true;
                        return true;
                    }

                    return depth < MaxTrivialDepth && IsLockedRegionOfGuardedWork(tryStatement, depth, ref anyGuard);
                case IfStatementSyntax branch when depth < MaxTrivialDepth && IsTrivialExpression(branch.Condition):
                    return IsGuardedOrTrivial(branch.Statement, depth + 1, ref anyGuard)
                        && (branch.Else is null || IsGuardedOrTrivial(branch.Else.Statement, depth + 1, ref anyGuard));
                case BlockSyntax block when depth < MaxTrivialDepth:
                    foreach (StatementSyntax inner in block.Statements)
                    {
                        if (!IsGuardedOrTrivial(inner, depth + 1, ref anyGuard))
                        {
                            return false;
                        }
                    }

                    return true;
                case WhileStatementSyntax loop when depth < MaxTrivialDepth && IsTrivialExpression(loop.Condition):
                    // 'while (true) { var buffer = pool.Rent(size); try { ... } catch (Exception e) { OnError(e); } }'
                    return IsGuardedOrTrivial(loop.Statement, depth + 1, ref anyGuard);
                case DoStatementSyntax loop when depth < MaxTrivialDepth && IsTrivialExpression(loop.Condition):
                    return IsGuardedOrTrivial(loop.Statement, depth + 1, ref anyGuard);
                case ForEachStatementSyntax loop when depth < MaxTrivialDepth && IsTrivialExpression(loop.Expression)
                    && !loop.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword) && IsLocalOfTheBody(loop):
                    // 'foreach (var session in copy) { try { await session.CloseAsync(); } catch (Exception ex) { log(ex); } }'
                    return IsGuardedOrTrivial(loop.Statement, depth + 1, ref anyGuard);
                case UsingStatementSyntax scope when depth < MaxTrivialDepth && !scope.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword)
                    && (scope.Expression is IdentifierNameSyntax
                        || (scope.Declaration != null && scope.Declaration.Variables.All(v => v.Initializer?.Value is ObjectCreationExpressionSyntax created
                            && IsTrivialExpression(created) && CreatesInMemoryResource(created)))):
                    // 'using (timer) { while (true) { try { await timer.WaitForNextTickAsync(...); ... } catch { return; } } }':
                    // disposing a local timer or buffer at the end does not fail; the body's statements are judged one level in.
                    if (scope.Statement is BlockSyntax scopeBody)
                    {
                        foreach (StatementSyntax inner in scopeBody.Statements)
                        {
                            if (!IsGuardedOrTrivial(inner, depth + 1, ref anyGuard))
                            {
                                return false;
                            }
                        }

                        return true;
                    }

                    return IsGuardedOrTrivial(scope.Statement, depth + 1, ref anyGuard);
                default:
                    return IsTrivial(statement, depth);
            }
        }

        /// <summary>
        /// A disposable whose construction does no I/O and cannot fail for an outside reason (a timer, a token source, an
        /// in-memory stream or lock). A FileStream, TcpClient or StreamReader opened over a path or host can throw.
        /// </summary>
        private static bool CreatesInMemoryResource(ObjectCreationExpressionSyntax created)
        {
            string? name = created.Type switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                _ => null,
            };
            return name is "PeriodicTimer" or "CancellationTokenSource" or "SemaphoreSlim" or "MemoryStream" or "Timer" or "Stopwatch";
        }

        private static bool IsGuardingTry(TryStatementSyntax tryStatement)
        {
            bool handled = false;
            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if (ThrowsOut(catchClause.Block))
                {
                    return false;
                }

                bool catchAll = catchClause.Declaration is null
                    || catchClause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
                    || catchClause.Declaration.Type is QualifiedNameSyntax { Right.Identifier.ValueText: "Exception", Left: IdentifierNameSyntax { Identifier.ValueText: "System" } };
                if (catchAll && (catchClause.Filter is null || SyntaxHelpers.ExcludesOnlyFatal(catchClause.Filter)))
                {
                    handled = true;
                }
            }

            return handled && (tryStatement.Finally is null || !ThrowsOut(tryStatement.Finally.Block));
        }

        private const int MaxTrivialDepth = 3;

        private static bool IsTrivial(StatementSyntax statement, int depth)
        {
            // A lambda or local function written here is only created, not run: its body does not count.
            if (depth > MaxTrivialDepth || statement.DescendantNodes(NotIntoFunctions).Any(n => n is AwaitExpressionSyntax || n is ThrowStatementSyntax || n is ThrowExpressionSyntax))
            {
                return false;
            }

            switch (statement)
            {
                case EmptyStatementSyntax _:
                case ReturnStatementSyntax { Expression: null }:
                    return true;
                case LocalDeclarationStatementSyntax local:
                    return local.Declaration.Variables.All(v => v.Initializer is null || IsTrivialExpression(v.Initializer.Value));
                case ExpressionStatementSyntax expression:
                    return IsTrivialExpression(expression.Expression);
                case IfStatementSyntax { Else: null } guard:
                    return IsTrivialExpression(guard.Condition) && IsTrivial(guard.Statement, depth + 1);
                case IfStatementSyntax { Else: { } otherwise } choice:
                    return IsTrivialExpression(choice.Condition) && IsTrivial(choice.Statement, depth + 1) && IsTrivial(otherwise.Statement, depth + 1);
                case LocalFunctionStatementSyntax _:
                    return true;
                case LockStatementSyntax locked:
                    return IsTrivial(locked.Statement, depth + 1);
                case BlockSyntax block:
                    return block.Statements.All(s => IsTrivial(s, depth + 1));
                default:
                    return false;
            }
        }

        private static bool NotIntoFunctions(SyntaxNode node) => !(node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax);

        /// <summary>Literals, names, member reads, assignments, increments, object creation and the calls <see cref="IsTrivialCall"/> allows.</summary>
        private static bool IsTrivialExpression(ExpressionSyntax expression)
        {
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf(NotIntoFunctions))
            {
                if (node is InvocationExpressionSyntax invocation && !IsTrivialCall(invocation))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Calls that cannot reasonably fail: logging (Log*, IsEnabled, a level method of a receiver named as a logger),
        /// copying or clearing a collection under a lock, Stopwatch.StartNew, a pooled buffer rented, Interlocked / Volatile, Try-pattern calls,
        /// Debug.Assert, nameof, and the type's own small helpers called with plain arguments (ResetPongCount(),
        /// StartTimer(PollFolder): re-arming a timer, resetting a counter).
        /// </summary>
        private static bool IsTrivialCall(InvocationExpressionSyntax invocation)
        {
            switch (invocation.Expression)
            {
                case MemberAccessExpressionSyntax member:
                    string name = member.Name.Identifier.ValueText;
                    string receiver = member.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText : string.Empty;
                    // A Try-pattern call ('queue.TryDequeue(out item)') reports failure through its result, by contract.
                    return name.StartsWith("Log", System.StringComparison.Ordinal) || name == "IsEnabled" || name == "StartNew" || name == "Assert" || name == "Rent"
                        || receiver == "Interlocked" || receiver == "Volatile" || SyntaxHelpers.IsTryPatternName(name) || IsClockArithmetic(name)
                        || IsPromiseCompletion(name, invocation) || (IsLoggerName(receiver) && LoggingApis.IsLevelMethod(name))
                        || (IsCollectionCopyOrClear(name) && invocation.FirstAncestorOrSelf<LockStatementSyntax>() != null);
                case MemberBindingExpressionSyntax binding:
                    return binding.Name.Identifier.ValueText.StartsWith("Log", System.StringComparison.Ordinal);
                case IdentifierNameSyntax own:
                    if (own.Identifier.ValueText == "nameof" || own.Identifier.ValueText.StartsWith("Log", System.StringComparison.Ordinal))
                    {
                        return true;
                    }

                    foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
                    {
                        // 'callback(this, status)' after the guarded try: a completion callback handed in as a parameter, told the
                        // outcome (phase 20); 'this' is not a plain argument of any other helper.
                        if (!(argument.Expression is IdentifierNameSyntax || argument.Expression is LiteralExpressionSyntax
                            || (argument.Expression is ThisExpressionSyntax && IsParameterOfEnclosingFunction(own))
                            || argument.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax }))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }

        /// <summary>'callback' in 'callback(this, status)' names a parameter of the method or local function it is called in.</summary>
        private static bool IsParameterOfEnclosingFunction(IdentifierNameSyntax name)
        {
            ParameterListSyntax? parameters = name.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is LocalFunctionStatementSyntax) switch
            {
                BaseMethodDeclarationSyntax method => method.ParameterList,
                LocalFunctionStatementSyntax local => local.ParameterList,
                _ => null,
            };
            return parameters != null && parameters.Parameters.Any(p => p.Identifier.ValueText == name.Identifier.ValueText);
        }

        /// <summary>
        /// 'foreach (var s in copy)': the loop walks a local of the same body (a copy taken under a lock), not a live field
        /// whose enumeration can throw when another thread changes it.
        /// </summary>
        private static bool IsLocalOfTheBody(ForEachStatementSyntax loop)
        {
            if (!(loop.Expression is IdentifierNameSyntax name))
            {
                return false;
            }

            SyntaxNode? body = loop.Parent;
            while (body != null && !SyntaxHelpers.IsFunctionBoundary(body))
            {
                body = body.Parent;
            }

            return body != null && body.DescendantNodes().OfType<VariableDeclaratorSyntax>().Any(v => v.Identifier.ValueText == name.Identifier.ValueText && v.SpanStart < loop.SpanStart);
        }

        // 's_logger.Debug(...)', '_log.Error(...)': a level method on a receiver named as a logger.
        private static bool IsLoggerName(string receiver) =>
            receiver.IndexOf("logger", System.StringComparison.OrdinalIgnoreCase) >= 0 || receiver.TrimStart('_').Equals("log", System.StringComparison.OrdinalIgnoreCase)
            || receiver.Equals("s_log", System.StringComparison.Ordinal);

        // 'lock (_gate) { sessions = _idle.ToArray(); _idle.Clear(); }': copying or emptying an in-memory collection under a
        // lock (only there: outside one, 'ToList()' may be a database query).
        private static bool IsCollectionCopyOrClear(string name) => name == "ToArray" || name == "ToList" || name == "Clear";

        // 'DateTime.UtcNow.AddDays(-7)': date and time arithmetic in a guard.
        private static bool IsClockArithmetic(string name) =>
            name == "AddDays" || name == "AddHours" || name == "AddMinutes" || name == "AddSeconds" || name == "AddMilliseconds" || name == "AddTicks";

        private static bool ThrowsOut(BlockSyntax block)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if ((node is ThrowStatementSyntax || node is ThrowExpressionSyntax) && !SyntaxHelpers.IsFatalOnlyRethrow(node))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCandidate(IMethodSymbol method, INamedTypeSymbol? eventArgs, ObservedTaskTypes? tasks)
        {
            if (IsEventHandlerSignature(method.Parameters, eventArgs))
            {
                return false;
            }

            // The void comes from a member declared outside this project (a framework override or interface): nothing to
            // change here. An interface or base class of another project of the same solution is the team's own: the
            // signature can change with it (a 'void SaveDirect()' on the solution's own IPlayer is still async void).
            if (method.IsOverride && method.OverriddenMethod is { } overridden && DeclaredOutsideTheSolution(overridden, tasks))
            {
                return false;
            }

            foreach (IMethodSymbol implemented in method.ExplicitInterfaceImplementations)
            {
                if (DeclaredOutsideTheSolution(implemented, tasks))
                {
                    return false;
                }
            }

            if (method.ContainingType is { } containing && method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Public)
            {
                foreach (INamedTypeSymbol @interface in containing.AllInterfaces)
                {
                    foreach (ISymbol member in @interface.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol interfaceMethod
                            && SymbolEqualityComparer.Default.Equals(containing.FindImplementationForInterfaceMember(interfaceMethod), method)
                            && DeclaredOutsideTheSolution(interfaceMethod, tasks))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }

        private static bool DeclaredOutsideTheSolution(IMethodSymbol member, ObservedTaskTypes? tasks) =>
            (member.Locations.IsEmpty || member.Locations[0].IsInMetadata) && tasks?.IsSolutionProject(member.ContainingAssembly) != true;

        private static bool IsEventHandlerSignature(ImmutableArray<IParameterSymbol> parameters, INamedTypeSymbol? eventArgs)
        {
            return parameters.Length == 2
                && parameters[0].Type.SpecialType == SpecialType.System_Object
                && (parameters[1].Type.InheritsFromOrEquals(eventArgs) || parameters[1].Type.Name.EndsWith("EventArgs", System.StringComparison.Ordinal));
        }

        private enum AwaitedWork
        {
            Unguarded,
            SelfHandling,

            /// <summary>Self-handling except that at least one awaited method lives in another project of the solution: REL125.</summary>
            AnotherProject,
        }

        /// <summary>
        /// The async void body awaits only calls of this compilation that observe their own faults (the callee's body is a
        /// try whose catch-all logs or handles the exception, or its body four calls deep shows no fault: <see cref="SelfHandles"/>), and
        /// its synchronous part does not run work that can plausibly fail: no throw, no call that dispatches to an
        /// overridable handler (a virtual, abstract or interface member of this compilation, directly or one level down in
        /// a called helper), no I/O or network call of the framework, no task it drops. What is left is building a buffer
        /// or a message, reading a result row, logging and closing: a fire-and-forget send through a self-guarded write
        /// (SelfHandling: not reported), or through a method of another project of the solution (AnotherProject: REL125).
        /// </summary>
        private static AwaitedWork ClassifyAwaitedWork(IOperation body, ObservedTaskTypes tasks, System.Threading.CancellationToken cancellationToken)
        {
            bool anotherProject = false;
            int awaits = 0;
            IInvocationOperation? awaited = null;
            foreach (IOperation operation in Operations.InSameFunction(body))
            {
                switch (operation)
                {
                    case IAwaitOperation awaitOperation:
                        IOperation value = Operations.Unwrap(awaitOperation.Operation);
                        if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                        {
                            value = Operations.Unwrap(configured);
                        }

                        // 'await Task.Delay(interval)' with no token, 'await Task.Yield()': a pause that cannot fail.
                        if (value is IInvocationOperation pause && IsPauseThatCannotFail(pause))
                        {
                            awaited = pause;
                            awaits++;
                            break;
                        }

                        // A virtual call may run any override; an abstract or interface one with a single implementation
                        // in this compilation runs that one (CalleeHandlesItsFaults judges it below).
                        if (!(value is IInvocationOperation call)
                            || (IsDispatch(call.TargetMethod) && !(call.TargetMethod.IsAbstract && SelfHandles(call.TargetMethod, tasks, cancellationToken))))
                        {
                            return AwaitedWork.Unguarded;
                        }

                        if (!SelfHandles(call.TargetMethod, tasks, cancellationToken))
                        {
                            // A send of another project of the solution: its body cannot be read here (REL125, audit level).
                            if (!tasks.DelegatesToProjectLibrary(call, cancellationToken))
                            {
                                return AwaitedWork.Unguarded;
                            }

                            anotherProject = true;
                        }

                        awaited = call;
                        awaits++;
                        break;
                    case IThrowOperation _:
                        return AwaitedWork.Unguarded;
                    case IInvocationOperation invocation when invocation != awaited && invocation.TargetMethod.Name != "ConfigureAwait":
                        if (!IsNonDispatchingSyncCall(invocation.TargetMethod, tasks, cancellationToken))
                        {
                            return AwaitedWork.Unguarded;
                        }

                        break;
                }
            }

            return awaits == 0 ? AwaitedWork.Unguarded : anotherProject ? AwaitedWork.AnotherProject : AwaitedWork.SelfHandling;
        }

        /// <summary>
        /// The awaited callee observes its own faults (a catch-all that logs or handles), or its body, four calls deep, shows
        /// none that could escape (in-memory state, guarded calls, precondition throws; REL107's cached harm analysis).
        /// </summary>
        private static bool SelfHandles(IMethodSymbol method, ObservedTaskTypes tasks, System.Threading.CancellationToken cancellationToken) =>
            tasks.CalleeHandlesItsFaults(method, cancellationToken) || tasks.AwaitedCallShowsNoFault(method, cancellationToken);

        /// <summary>
        /// 'Task.Delay(interval)' without a cancellation token (or with <c>CancellationToken.None</c> / <c>default</c>) and
        /// 'Task.Yield()': nothing can cancel or fault them (a negative delay is a programming error, not a runtime failure).
        /// </summary>
        private static bool IsPauseThatCannotFail(IInvocationOperation call)
        {
            if (!Operations.IsTaskPause(call.TargetMethod))
            {
                return false;
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Parameter?.Type is { Name: "CancellationToken" } && !argument.IsImplicit
                    && !(Operations.Unwrap(argument.Value) is IDefaultValueOperation)
                    && !(Operations.Unwrap(argument.Value) is IPropertyReferenceOperation { Property.Name: "None" }))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDispatch(IMethodSymbol method) =>
            method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface;

        private static bool IsNonDispatchingSyncCall(IMethodSymbol method, ObservedTaskTypes tasks, System.Threading.CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty || method.Locations.IsEmpty || !method.Locations[0].IsInSource)
            {
                // A library call: formatting, serialisation, collections. Not I/O, not network, not a task left unobserved.
                string ns = method.ContainingNamespace?.ToDisplayString() ?? string.Empty;
                return !tasks.IsTask(method.ReturnType)
                    && !ns.StartsWith("System.IO", System.StringComparison.Ordinal)
                    && !ns.StartsWith("System.Net", System.StringComparison.Ordinal)
                    && !ns.StartsWith("System.Data", System.StringComparison.Ordinal);
            }

            if (tasks.CalleeHandlesItsFaults(method, cancellationToken))
            {
                return true;
            }

            if (IsDispatch(method) || tasks.IsTask(method.ReturnType))
            {
                return false;
            }

            // One level down, syntax only: the helper calls none of its type's overridable members ('HandleMessage' that
            // runs the virtual 'RequestHandler' is request handling, which can fail anywhere).
            INamedTypeSymbol? type = method.ContainingType;
            foreach (SyntaxReference reference in method.OriginalDefinition.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                    {
                        return false;
                    }

                    string? called = node switch
                    {
                        InvocationExpressionSyntax { Expression: IdentifierNameSyntax own } => own.Identifier.ValueText,
                        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or BaseExpressionSyntax } member } => member.Name.Identifier.ValueText,
                        _ => null,
                    };

                    if (called != null && CallsOverridable(type, called))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool CallsOverridable(INamedTypeSymbol? type, string name)
        {
            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers(name))
                {
                    if (member is IMethodSymbol candidate && IsDispatch(candidate))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void AnalyzeLambda(OperationAnalysisContext context, INamedTypeSymbol? eventArgs, INamedTypeSymbol? synchronizationContext, ObservedTaskTypes? tasks)
        {
            var function = (IAnonymousFunctionOperation)context.Operation;
            IMethodSymbol symbol = function.Symbol;
            if (!symbol.IsAsync || !symbol.ReturnsVoid || IsInOwnSynchronizationContext(symbol, synchronizationContext))
            {
                return;
            }

            // An (object, EventArgs) signature or attached to an event with +=: an event handler (REL129, audit level).
            IOperation? parent = function.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            bool eventHandler = parent is IEventAssignmentOperation || IsEventHandlerSignature(symbol.Parameters, eventArgs);
            if (IsWhollyGuarded(function.Syntax))
            {
                return;
            }

            AwaitedWork work = tasks is null ? AwaitedWork.Unguarded : ClassifyAwaitedWork(function.Body, tasks, context.CancellationToken);
            if (work == AwaitedWork.SelfHandling)
            {
                return;
            }

            SyntaxToken asyncKeyword = function.Syntax is AnonymousFunctionExpressionSyntax lambda ? lambda.AsyncKeyword : default;
            Location location = asyncKeyword.IsKind(SyntaxKind.AsyncKeyword) ? asyncKeyword.GetLocation() : function.Syntax.GetLocation();
            string target = function.Parent is IDelegateCreationOperation creation && creation.Type is { } delegateType
                ? "This async lambda converted to '" + delegateType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "'"
                : "This async lambda";
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindLambda);
            DiagnosticDescriptor rule = eventHandler ? REL129AsyncVoidEventHandlerUnguardedRule.Rule
                : work == AwaitedWork.AnotherProject ? REL125AsyncVoidAwaitingAnotherProjectRule.Rule : Rule;
            context.ReportDiagnostic(Diagnostic.Create(rule, location, properties, target));
        }
    }
}
