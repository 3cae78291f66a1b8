using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL313: a timed wait on a lock (SemaphoreSlim.Wait/WaitAsync with a timeout, Mutex/Semaphore.WaitOne(timeout),
    /// Monitor.TryEnter(obj, timeout), ReaderWriterLockSlim.TryEnter*Lock(timeout)) whose bool result is thrown away,
    /// while the same function releases that lock afterwards. After a timeout the code runs unprotected and then releases
    /// a lock it never took: a semaphore's count grows past its limit for good, a mutex or monitor release throws.
    /// Found while reading a message broker's cluster sync (phase 19); the ignored result is a defect by construction.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL313TimedLockWaitIgnoredAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.TimedLockWaitIgnored,
            title: "Timed lock wait whose result is ignored, then released",
            messageFormat: "'{0}' can time out, but its result is ignored and '{1}' is released afterwards {2}. " +
                           "After a timeout the work runs without the lock and then releases a lock it never took, so a semaphore lets one caller too many in from then on and a mutex, monitor or reader-writer lock release throws. " +
                           "Check the result: when the wait timed out, skip the work and the release, or fail.",
            description: "SemaphoreSlim.Wait/WaitAsync with a timeout, WaitOne(timeout) on a Mutex or Semaphore, Monitor.TryEnter(obj, timeout) and " +
                         "ReaderWriterLockSlim.TryEnter*Lock(timeout) return false when the timeout expires. Ignoring that result and releasing the " +
                         "lock later releases a lock that was never acquired.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? timeout = start.Compilation.GetTypeByMetadataName("System.Threading.Timeout");
                INamedTypeSymbol? timeSpan = start.Compilation.GetTypeByMetadataName("System.TimeSpan");
                start.RegisterOperationAction(c => Analyze(c, timeout, timeSpan), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? timeout, INamedTypeSymbol? timeSpan)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (!IsTimedLockWait(method, out bool lockIsFirstArgument) || HasInfiniteTimeout(invocation, timeout, timeSpan) || !IsResultIgnored(invocation))
            {
                return;
            }

            IOperation? lockOperation = lockIsFirstArgument
                ? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null)
                : invocation.Instance;
            ISymbol? lockSymbol = LockSymbol(Operations.UnwrapOrNull(lockOperation));
            if (lockSymbol is null || invocation.SemanticModel is not SemanticModel model
                || AsyncContext.EnclosingFunction(invocation.Syntax) is not SyntaxNode function)
            {
                return;
            }

            string where = "in this code";
            if (!IsReleasedAfter(function, invocation.Syntax, lockOperation!.Syntax, lockSymbol, model, context.CancellationToken))
            {
                // A lock wrapper: 'Enter(TimeSpan t) { _gate.Wait(t); }' and 'Exit() { _gate.Release(); }' (phase 20).
                if (!(function is MethodDeclarationSyntax waiting) || !IsOnlyTheWait(waiting, invocation.Syntax) || !(lockSymbol is IFieldSymbol field)
                    || !(ReleasingMethod(field, method.ContainingType.Name, function, context.CancellationToken) is string releaser))
                {
                    return;
                }

                where = "by '" + releaser + "'";
            }

            string wait = (lockIsFirstArgument ? "Monitor" : lockSymbol.Name) + "." + method.Name;
            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), wait, lockSymbol.Name, where));
        }

        /// <summary>
        /// The wrapper's Enter: its body is the wait alone ('{ _gate.Wait(t); }', '=> _gate.Wait(t)', 'return _gate.WaitAsync(t);').
        /// A method that waits and then does more (a shutdown drain that waits, then disposes) is not a lock wrapper.
        /// </summary>
        private static bool IsOnlyTheWait(MethodDeclarationSyntax method, SyntaxNode wait)
        {
            SyntaxNode? only = method.ExpressionBody != null ? method.ExpressionBody.Expression
                : method.Body is { Statements.Count: 1 } body ? body.Statements[0] : null;
            return only != null && only.Span.Contains(wait.Span) && only.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Count(
                call => !(call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" })) == 1;
        }

        /// <summary>
        /// Another method of the lock field's type that releases the field unconditionally and never acquires it: the
        /// 'Exit' half of a wrapper whose 'Enter(timeout)' ignores the result. A SemaphoreSlim counts only when the field is
        /// created with a literal initial count above zero (a lock: 'new SemaphoreSlim(1, 1)'); one created empty is a signal, whose timed wait
        /// is a poll for work and whose Release in another method is the producer's signal, not the end of a lock.
        /// </summary>
        private static string? ReleasingMethod(IFieldSymbol field, string waitType, SyntaxNode waitingMethod, System.Threading.CancellationToken cancellationToken)
        {
            bool isSemaphore = waitType == "SemaphoreSlim" || field.Type.Name == "Semaphore";
            bool createdHeld = false;
            string? releaser = null;
            foreach (SyntaxReference reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                SyntaxNode type = reference.GetSyntax(cancellationToken);
                foreach (SyntaxNode node in type.DescendantNodes())
                {
                    if (isSemaphore && !createdHeld && node is BaseObjectCreationExpressionSyntax creation && IsCreationOf(creation, field)
                        && ResourceHelpers.InitialCount(creation) is LiteralExpressionSyntax { Token.Value: int count })
                    {
                        createdHeld = count > 0;
                    }

                    if (releaser == null && node is MethodDeclarationSyntax candidate && candidate != waitingMethod
                        && (candidate.Body is { } body
                            ? ReleasesWithoutAcquiring(body.Statements.OfType<ExpressionStatementSyntax>().Select(e => e.Expression), body, field.Name)
                            : candidate.ExpressionBody is { } arrow && ReleasesWithoutAcquiring(new[] { arrow.Expression }, arrow, field.Name)))
                    {
                        releaser = candidate.Identifier.ValueText;
                    }
                }
            }

            return isSemaphore && !createdHeld ? null : releaser;
        }

        /// <summary>'_gate = new SemaphoreSlim(1, 1)' or the field's own initializer '_gate = new(1, 1)'.</summary>
        private static bool IsCreationOf(BaseObjectCreationExpressionSyntax creation, IFieldSymbol field) => creation.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => declarator.Identifier.ValueText == field.Name,
            AssignmentExpressionSyntax { Left: var left } => Normalize(left.ToString()) == field.Name,
            _ => false,
        };

        /// <summary>
        /// A top-level statement 'field.Release();' (or Exit / ReleaseMutex) in a body that waits on nothing; an expression
        /// body ('void Exit() => _gate.Release();') counts as its one statement.
        /// </summary>
        private static bool ReleasesWithoutAcquiring(System.Collections.Generic.IEnumerable<ExpressionSyntax> topLevel, SyntaxNode body, string fieldName)
        {
            bool releases = false;
            foreach (ExpressionSyntax expression in topLevel)
            {
                if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call
                    && ReleasedLock(member, call) is ExpressionSyntax released && Normalize(released.ToString()) == fieldName)
                {
                    releases = true;
                }
            }

            // An Exit takes no lock itself; a body that waits on anything is a hand-over or a lock use of its own.
            return releases && !body.DescendantNodes().Any(n => n is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }
                && (name.StartsWith("Wait", System.StringComparison.Ordinal) || name.StartsWith("TryEnter", System.StringComparison.Ordinal) || name == "Enter"));
        }

        private static ExpressionSyntax? ReleasedLock(MemberAccessExpressionSyntax member, InvocationExpressionSyntax call)
        {
            string name = member.Name.Identifier.ValueText;
            return name is "Release" or "ReleaseMutex" or "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock" ? member.Expression
                : name == "Exit" && call.ArgumentList.Arguments.Count == 1 && IsMonitor(member.Expression) ? call.ArgumentList.Arguments[0].Expression
                : null;
        }

        /// <summary>A lock acquisition with a timeout that answers with bool (or Task&lt;bool&gt;).</summary>
        private static bool IsTimedLockWait(IMethodSymbol method, out bool lockIsFirstArgument)
        {
            lockIsFirstArgument = false;
            // Runs on every invocation: the name test first, before any namespace string is built.
            if (!(method.Name is "Wait" or "WaitAsync" or "WaitOne" or "TryEnter" or "TryEnterReadLock" or "TryEnterWriteLock" or "TryEnterUpgradeableReadLock")
                || !(method.ContainingType is { } type) || !IsSystemThreading(type.ContainingNamespace) || !HasTimeoutParameter(method))
            {
                return false;
            }

            switch (type.Name)
            {
                case "SemaphoreSlim":
                    return method.Name == "Wait" || method.Name == "WaitAsync";
                case "WaitHandle":
                    // WaitOne on an event waits for a signal; only a mutex or semaphore is released afterwards (ReleaseMutex, Release).
                    return method.Name == "WaitOne";
                case "Monitor":
                    lockIsFirstArgument = true;
                    return method.Name == "TryEnter" && method.ReturnType.SpecialType == SpecialType.System_Boolean;
                case "ReaderWriterLockSlim":
                    return method.Name == "TryEnterReadLock" || method.Name == "TryEnterWriteLock" || method.Name == "TryEnterUpgradeableReadLock";
                default:
                    return false;
            }
        }

        private static bool IsSystemThreading(INamespaceSymbol? ns) =>
            ns is { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

        private static bool HasTimeoutParameter(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if ((parameter.Type.SpecialType == SpecialType.System_Int32 && parameter.Name.IndexOf("imeout", System.StringComparison.Ordinal) >= 0)
                    || parameter.Type.Name == "TimeSpan")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Timeout.Infinite, -1, Timeout.InfiniteTimeSpan or TimeSpan.FromMilliseconds(-1): the wait cannot time out.</summary>
        private static bool HasInfiniteTimeout(IInvocationOperation invocation, INamedTypeSymbol? timeout, INamedTypeSymbol? timeSpan)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation value = Operations.Unwrap(argument.Value);
                if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32 && value.ConstantValue.HasValue && value.ConstantValue.Value is int milliseconds)
                {
                    return milliseconds < 0;
                }

                if (argument.Parameter?.Type.Name == "TimeSpan")
                {
                    return Resilience.REL205InfiniteTimeoutAnalyzer.IsInfiniteTimeSpan(value, timeout, timeSpan);
                }
            }

            return false;
        }

        /// <summary>'sem.Wait(t);', 'await sem.WaitAsync(t).ConfigureAwait(false);', '_ = sem.Wait(t);': nobody reads the bool.</summary>
        private static bool IsResultIgnored(IInvocationOperation invocation)
        {
            IOperation current = invocation;
            for (IOperation? parent = current.Parent; parent != null; current = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConversionOperation { IsImplicit: true, Type: INamedTypeSymbol { IsGenericType: false, Name: "Task" } } toTask
                        when toTask.Parent is IReturnOperation:
                        // 'Task EnterAsync(TimeSpan t) => _gate.WaitAsync(t);': the Task<bool> is handed on as a plain Task.
                        return true;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                    case IAwaitOperation _:
                    case IConversionOperation { IsImplicit: true }:
                        continue;
                    case IExpressionStatementOperation _:
                        return true;
                    case ISimpleAssignmentOperation { Target: IDiscardOperation } discard when discard.Parent is IExpressionStatementOperation:
                        return true;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>The field, property, local or parameter that holds the lock.</summary>
        private static ISymbol? LockSymbol(IOperation? operation) => operation switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Arguments.IsEmpty: true } property => property.Property,
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };

        /// <summary>
        /// The same lock (the same expression: 'next.Gate' is not 'cur.Gate') is released unconditionally later in the
        /// function, not inside a nested lambda or local function: 'finally { sem.Release(); }', 'Monitor.Exit(gate)'.
        /// A release under a condition ('if (Monitor.IsEntered(gate))', 'if (drained == batch) _signal.Release()') is a
        /// check or a re-signal, not the unguarded release of a lock that may not be held.
        /// </summary>
        private static bool IsReleasedAfter(SyntaxNode function, SyntaxNode wait, SyntaxNode lockSyntax, ISymbol lockSymbol, SemanticModel model,
            System.Threading.CancellationToken cancellationToken)
        {
            string lockText = Normalize(lockSyntax.ToString());
            foreach (SyntaxNode node in function.DescendantNodes(n => n == function || !SyntaxHelpers.IsFunctionBoundary(n)))
            {
                if (!(node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call) || call.SpanStart <= wait.Span.End)
                {
                    continue;
                }

                ExpressionSyntax? released = ReleasedLock(member, call);

                if (released != null && Normalize(released.ToString()) == lockText && !IsConditional(call, wait, function)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(released, cancellationToken).Symbol, lockSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static string Normalize(string text) => text.StartsWith("this.", System.StringComparison.Ordinal) ? text.Substring(5) : text;

        /// <summary>The release sits under an if, switch, conditional or loop that does not also hold the wait.</summary>
        private static bool IsConditional(SyntaxNode release, SyntaxNode wait, SyntaxNode function)
        {
            for (SyntaxNode? current = release.Parent; current != null && current != function; current = current.Parent)
            {
                if ((current is IfStatementSyntax || current is SwitchStatementSyntax || current is ConditionalExpressionSyntax
                        || current is ConditionalAccessExpressionSyntax || current is CommonForEachStatementSyntax || current is WhileStatementSyntax
                        || current is ForStatementSyntax || current is DoStatementSyntax || current is CatchClauseSyntax)
                    && !current.Span.Contains(wait.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsMonitor(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax { Identifier.ValueText: "Monitor" } || expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Monitor" };
    }
}
