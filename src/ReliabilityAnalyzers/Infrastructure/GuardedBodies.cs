using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Bodies that cannot let a failure escape: all their work sits in try statements with a catch-all that throws nothing
    /// back out, around statements that cannot reasonably fail. REL106 accepts such an async void; REL107 takes such
    /// started work as observed.
    /// </summary>
    internal static class GuardedBodies
    {
        /// <summary>
        /// True when the whole body is one try statement with an unfiltered catch-all and no catch or finally throws back
        /// out (it logs, completes a TaskCompletionSource with the exception, or ignores the failure). Nothing can then
        /// escape to the synchronization context, so async void cannot crash the process. A catch-all that swallows the
        /// failure silently is REL101's / REL120's finding, not this rule's.
        /// </summary>
        public static bool IsWhollyGuarded(SyntaxNode function)
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
        /// One statement that cannot let a failure escape: a guarding try (a catch-all that throws nothing back out), or a
        /// statement that cannot reasonably fail (a flag, a counter, a log line, a Try-pattern call). REL315 asks this of
        /// the work between a semaphore's wait and its release.
        /// </summary>
        public static bool CannotFail(StatementSyntax statement)
        {
            bool anyGuard = false;
            return IsGuardedOrTrivial(statement, 0, ref anyGuard);
        }

        /// <summary>A condition or value that cannot reasonably fail: names, reads, comparisons and the calls <see cref="IsTrivialCall"/> allows.</summary>
        public static bool CannotFail(ExpressionSyntax expression) =>
            !expression.DescendantNodesAndSelf(NotIntoFunctions).Any(n => (n is AwaitExpressionSyntax awaited && !AwaitsWhenAny(awaited)) || n is ThrowExpressionSyntax)
            && IsTrivialExpression(expression);

        /// <summary>
        /// The async-lock idiom <c>await gate.WaitAsync(); try { ... } finally { gate.Release(); }</c>: a wait with no token
        /// and no timeout cannot be cancelled or time out, so the acquisition itself does not fail in practice; the work
        /// is judged by the try that follows it.
        /// </summary>
        private static bool IsLockAcquiredForTry(StatementSyntax statement, StatementSyntax next)
        {
            if (!(statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaitExpression })
                || !(next is TryStatementSyntax { Finally: { } finallyClause })
                || !(BlockingWait.StripConfigureAwait(awaitExpression.Expression) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax wait } waitCall)
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

        private static bool IsGuardedOrTrivial(StatementSyntax statement, int depth, ref bool anyGuard)
        {
            switch (statement)
            {
                case LocalFunctionStatementSyntax _:
                    return true; // a declaration runs nothing here; its own body is judged where it is called
                case TryStatementSyntax tryStatement:
                    if (IsGuardingTry(tryStatement) || IsHandledCancellablePause(tryStatement))
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
            return SyntaxHelpers.LastName(created.Type) is "PeriodicTimer" or "CancellationTokenSource" or "SemaphoreSlim" or "MemoryStream" or "Timer" or "Stopwatch";
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

        /// <summary>
        /// <c>try { await Task.Delay(ms, token); } catch (TaskCanceledException) { tcs.TrySetCanceled(); return; }</c>: a pause
        /// can fail only by being cancelled, and the catch handles exactly that (phase 26, a pub/sub SDK's delay helper).
        /// </summary>
        private static bool IsHandledCancellablePause(TryStatementSyntax tryStatement)
        {
            if (tryStatement.Block.Statements.Count == 0 || (tryStatement.Finally != null && ThrowsOut(tryStatement.Finally.Block)))
            {
                return false;
            }

            bool pause = false;
            foreach (StatementSyntax statement in tryStatement.Block.Statements)
            {
                if (statement is ExpressionStatementSyntax { Expression: AwaitExpressionSyntax awaited }
                    && BlockingWait.StripConfigureAwait(awaited.Expression) is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" }, Name.Identifier.ValueText: "Delay" },
                    } delay
                    && delay.ArgumentList.Arguments.All(a => IsSafePauseArgument(a.Expression, tryStatement)))
                {
                    pause = true;
                }
                else if (!IsTrivial(statement, 1))
                {
                    return false;
                }
            }

            bool handlesCancellation = false;
            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if (ThrowsOut(catchClause.Block))
                {
                    return false;
                }

                string? caught = catchClause.Declaration?.Type is { } type ? SyntaxHelpers.LastName(type) : null;
                handlesCancellation |= catchClause.Filter is null && (caught == "OperationCanceledException" || caught == "TaskCanceledException");
            }

            return pause && handlesCancellation;
        }

        /// <summary>
        /// A delay or token the pause can read without failing: a number or a name, or '_cts.Token' of a source the type
        /// never disposes (reading the token of a disposed source throws outside the catch).
        /// </summary>
        private static bool IsSafePauseArgument(ExpressionSyntax value, SyntaxNode site)
        {
            switch (value)
            {
                case LiteralExpressionSyntax _:
                case IdentifierNameSyntax _:
                    return true;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Token", Expression: IdentifierNameSyntax source }:
                    return site.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type
                        && !SyntaxHelpers.HasDisposeCallOn(type, source.Identifier.ValueText);
                case MemberAccessExpressionSyntax constant:
                    return IsTimeoutConstant(constant) || constant.Name.Identifier.ValueText == "None";
                default:
                    return false;
            }
        }

        private const int MaxTrivialDepth = 3;

        private static bool IsTrivial(StatementSyntax statement, int depth)
        {
            // A lambda or local function written here is only created, not run: its body does not count.
            if (depth > MaxTrivialDepth || statement.DescendantNodes(NotIntoFunctions).Any(n => (n is AwaitExpressionSyntax awaited && !AwaitsWhenAny(awaited)) || n is ThrowStatementSyntax || n is ThrowExpressionSyntax))
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

        /// <summary>
        /// 'if (_tasks.Count >= max) { var done = await Task.WhenAny(_tasks); ... }': it returns the first task to finish and
        /// never faults with them; only an empty collection throws, which the count test rules out (phase 25, an ingest
        /// library's export pump).
        /// </summary>
        private static bool AwaitsWhenAny(AwaitExpressionSyntax awaited)
        {
            if (!(BlockingWait.StripConfigureAwait(awaited.Expression) is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" }, Name.Identifier.ValueText: "WhenAny" },
                    ArgumentList.Arguments: { Count: 1 } arguments,
                }))
            {
                return false;
            }

            string tasks = arguments[0].Expression.ToString();
            for (SyntaxNode? current = awaited.Parent; current != null && !SyntaxHelpers.IsFunctionBoundary(current); current = current.Parent)
            {
                if (current is IfStatementSyntax guard
                    && (guard.Condition.ToString().IndexOf(tasks + ".Count", System.StringComparison.Ordinal) >= 0
                        || guard.Condition.ToString().IndexOf(tasks + ".Length", System.StringComparison.Ordinal) >= 0))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'if (socket.RemoteEndPoint is not IPEndPoint) { log; socket.Dispose(); return; }': a dispose in a guard that
        /// leaves. Dispose of a socket or handle there does not fail in practice; one between a wait and its release, or a
        /// writer's flushing Dispose in the work, is judged as work (phase 25 review).
        /// </summary>
        private static bool InEarlyExit(InvocationExpressionSyntax call) =>
            call.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Parent: IfStatementSyntax } block }
            && block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] is ReturnStatementSyntax;

        private static bool NotIntoFunctions(SyntaxNode node) => !(node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax);

        /// <summary>Literals, names, member reads, assignments, increments, object creation and the calls <see cref="IsTrivialCall"/> allows.</summary>
        private static bool IsTrivialExpression(ExpressionSyntax expression)
        {
            foreach (SyntaxNode node in expression.DescendantNodesAndSelf(n => NotIntoFunctions(n) && !(n is AwaitExpressionSyntax awaited && AwaitsWhenAny(awaited))))
            {
                if (node is InvocationExpressionSyntax invocation && !IsTrivialCall(invocation))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Calls that cannot reasonably fail: logging (Log*, IsEnabled, a level method of a receiver named as a logger), Dispose(),
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
                    // The receiver's last name: '_logger', 'this.settings.Logger'.
                    string receiver = member.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Name: var last } => last.Identifier.ValueText,
                        _ => string.Empty,
                    };
                    // A Try-pattern call ('queue.TryDequeue(out item)') reports failure through its result, by contract.
                    return name.StartsWith("Log", System.StringComparison.Ordinal) || name == "IsEnabled" || name == "StartNew" || name == "Assert" || name == "Rent"
                        || receiver == "Interlocked" || receiver == "Volatile" || SyntaxHelpers.IsTryPatternName(name) || IsClockArithmetic(name)
                        || IsPromiseCompletion(name, invocation) || (IsLoggerName(receiver) && SyntaxHelpers.EndsWithLogLevel(name))
                        || (name == "Dispose" && invocation.ArgumentList.Arguments.Count == 0 && InEarlyExit(invocation))
                        || IsTimerRearm(name, receiver, invocation)
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

        /// <summary>
        /// '_timer.Change(100, Timeout.Infinite)' at the end of a timer's callback: re-arming the timer for the next run (the
        /// non-overlapping timer idiom) with plain values; it throws only once the timer is disposed, at shutdown (phase 26,
        /// a service-registry client's polling callbacks).
        /// </summary>
        private static bool IsTimerRearm(string name, string receiver, InvocationExpressionSyntax invocation) =>
            name == "Change" && invocation.ArgumentList.Arguments.Count == 2
            && receiver.IndexOf("timer", System.StringComparison.OrdinalIgnoreCase) >= 0
            && invocation.ArgumentList.Arguments.All(a => IsDueTime(a.Expression))
            && invocation.ArgumentList.Arguments.Any(a => IsTimeoutConstant(a.Expression) || a.Expression is LiteralExpressionSyntax);

        // A timer's due time or period: a number, 'Timeout.Infinite', a TimeSpan factory over a number, or a name (no strings).
        private static bool IsDueTime(ExpressionSyntax value) =>
            (value is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.NumericLiteralExpression))
            || value is IdentifierNameSyntax || IsTimeoutConstant(value)
            || (value is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax })
            || (value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "TimeSpan" } } } span
                && span.ArgumentList.Arguments.All(a => a.Expression is LiteralExpressionSyntax or IdentifierNameSyntax));

        private static bool IsTimeoutConstant(ExpressionSyntax value) =>
            value is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Timeout" or "TimeSpan" } } constant
            && constant.Name.Identifier.ValueText is "Infinite" or "InfiniteTimeSpan" or "Zero";

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
                if (SyntaxHelpers.IsShippedThrow(node) && !SyntaxHelpers.IsFatalOnlyRethrow(node))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
