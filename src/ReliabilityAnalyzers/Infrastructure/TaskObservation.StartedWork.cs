using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// REL107's evidence for background work started with Task.Run / StartNew: can the started work fail in a way that
    /// matters, and nobody would see it? On real libraries most one-shot background work was in-memory bookkeeping,
    /// promise completion, teardown or self-guarded sends; the real defects did I/O, called a third-party client or threw
    /// on a bad state without a catch. So one-shot work is a warning only on such evidence, found in the code.
    /// </summary>
    internal sealed partial class ObservedTaskTypes
    {
        /// <summary>What the started work shows about its faults.</summary>
        internal enum Harm
        {
            /// <summary>Proven: only in-memory framework work, teardown, delegate invocations and guarded calls.</summary>
            None,

            /// <summary>Some callee cannot be read (a third-party method, an interface with several implementations, code past the bound).</summary>
            Unknown,

            /// <summary>An unguarded fault source: framework or third-party I/O, or a throw that is not a precondition check.</summary>
            Evident,
        }

        private const int MaxHarmDepth = 4;

        // Per compilation, one cache per depth from the started work: method -> what its body shows.
        private readonly ConcurrentDictionary<IMethodSymbol, Harm>[] _harm = NewHarmCaches();

        // The same for loops (delegate invocations are not harmless there).
        private readonly ConcurrentDictionary<IMethodSymbol, Harm>[] _loopHarm = NewHarmCaches();

        private static ConcurrentDictionary<IMethodSymbol, Harm>[] NewHarmCaches()
        {
            var caches = new ConcurrentDictionary<IMethodSymbol, Harm>[MaxHarmDepth];
            for (int i = 0; i < caches.Length; i++)
            {
                caches[i] = new ConcurrentDictionary<IMethodSymbol, Harm>(SymbolEqualityComparer.Default);
            }

            return caches;
        }

        /// <summary>
        /// The harm of the lambda or method group handed to Task.Run / StartNew / a runner helper: every call in it, and in
        /// the methods of this compilation it calls (four levels, cached per compilation), outside a try whose catch
        /// handles the failure.
        /// </summary>
        private Harm StartedWorkHarm(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken, bool loop = false)
        {
            Harm result = Harm.None;
            bool started = false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (!(Operations.Unwrap(argument.Value) is IDelegateCreationOperation creation))
                {
                    continue;
                }

                started = true;
                Harm harm = creation.Target switch
                {
                    IMethodReferenceOperation reference => CallHarm(reference.Method.OriginalDefinition, 0, loop, cancellationToken),
                    IAnonymousFunctionOperation { Syntax: AnonymousFunctionExpressionSyntax lambda, SemanticModel: { } model } =>
                        BodyHarm(lambda.Body, model, 0, loop, cancellationToken),
                    _ => Harm.Unknown,
                };

                result = Worse(result, harm);
            }

            return started ? result : Harm.Unknown;
        }

        private static Harm Worse(Harm a, Harm b) => a > b ? a : b;

        /// <summary>
        /// REL106: an awaited method of this compilation whose body, four calls deep, shows no fault that could escape:
        /// in-memory work, guarded calls, precondition throws. Judged as a loop would be: a delegate it invokes may throw,
        /// and in an async void that throw would reach the thread pool.
        /// </summary>
        public bool AwaitedCallShowsNoFault(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return !definition.DeclaringSyntaxReferences.IsEmpty && CallHarm(definition, 0, loop: true, cancellationToken) == Harm.None;
        }

        /// <summary>
        /// '_ = AcceptLoopAsync();', '_ = Task.Run(PumpAsync);': a discard of a work loop of this compilation (its own body
        /// loops until stopped and does work, see <see cref="HasWorkLoop"/>) that does not observe its faults and is not
        /// proven harmless. The discard says the task is not awaited on purpose, not that the loop may die unseen: a
        /// server whose accept loop throws once stops accepting with no log. REL107 reports these; REL108 the rest.
        /// </summary>
        public bool IsDiscardedWorkLoop(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
        {
            if (FaultsAreObserved(invocation, cancellationToken))
            {
                return false;
            }

            IMethodSymbol method = invocation.TargetMethod;
            if (!IsStart(invocation) && LaunchedWork(invocation, cancellationToken) is { } launched)
            {
                return launched.Any(start => IsDiscardedWorkLoop(start, cancellationToken));
            }

            if (((method.Name == "Run" || method.Name == "StartNew") && IsTaskFactory(method.ContainingType))
                || _runners.GetOrAdd(method.OriginalDefinition, m => IsRunnerHelper(m, cancellationToken)))
            {
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (Operations.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                        && EndsInTeardown(reference.Method.OriginalDefinition, cancellationToken))
                    {
                        return false;
                    }
                }

                return StartsWorkLoop(invocation, cancellationToken) && StartedWorkHarm(invocation, cancellationToken, loop: true) != Harm.None;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return OwnBodyRunsWorkLoop(definition, cancellationToken) && !EndsInTeardown(definition, cancellationToken)
                && CallHarm(definition, 0, loop: true, cancellationToken) != Harm.None;
        }

        /// <summary>
        /// 'try { while (true) { await ReceiveAsync(...); ... } } finally { Dispose(); }': a relay or accept loop whose end
        /// (the peer or the listener closed, an error) is the end of the session by design: the finally tears it down.
        /// </summary>
        private static bool EndsInTeardown(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (!(SyntaxHelpers.BodyOf(reference.GetSyntax(cancellationToken)) is BlockSyntax body))
                {
                    continue;
                }

                foreach (StatementSyntax statement in body.Statements)
                {
                    if (statement is TryStatementSyntax { Finally: { } cleanup } guarded && guarded.Block.DescendantNodes().OfType<WhileStatementSyntax>().Any())
                    {
                        foreach (InvocationExpressionSyntax call in cleanup.Block.DescendantNodes().OfType<InvocationExpressionSyntax>())
                        {
                            if (SyntaxHelpers.CalledName(call) is string name && IsTeardown(name))
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        /// <param name="loop">
        /// The work is a loop: a delegate it invokes (a work item, a handler) is not harmless there, since one that throws
        /// ends the loop and all later work; for one-shot work its fault is the subscriber's own.
        /// </param>
        private Harm CallHarm(IMethodSymbol target, int depth, bool loop, System.Threading.CancellationToken cancellationToken)
        {
            // A delegate, or code run through reflection ('handler.Info.Invoke(group, args)', 'DynamicInvoke'): whatever it
            // runs may throw, and in a loop that ends all later work (phase 24: a game server's console command loop).
            if (target.MethodKind == MethodKind.DelegateInvoke || IsReflectionInvoke(target))
            {
                return loop ? Harm.Unknown : Harm.None;
            }

            if (IsTeardown(target.Name))
            {
                return Harm.None; // releasing a resource has nothing to roll back
            }

            if (IsLogWrite(target))
            {
                return Harm.None; // a log line: loggers keep their sinks' failures to themselves
            }

            if (target.DeclaringSyntaxReferences.IsEmpty)
            {
                if (IoApis.IsFrameworkIo(target))
                {
                    return Harm.Evident;
                }

                if (IsInMemoryFramework(target))
                {
                    return Harm.None;
                }

                // Another project of the solution: its body is not readable here; only its name can say it does I/O.
                if (IsProjectAssembly(target.ContainingAssembly))
                {
                    return UnreadableHarm(target);
                }

                // A third-party client (a broker's Commit, a driver's async query): asynchronous or named as I/O.
                return IsTask(target.ReturnType) ? Harm.Evident : UnreadableHarm(target);
            }

            if (CalleeHandlesItsFaults(target, cancellationToken))
            {
                return Harm.None;
            }

            if (target.IsAbstract)
            {
                // An interface or abstract method of the project: as harmful as the worst of its implementations in this
                // compilation (a message handler with two implementations, each guarding itself, is harmless). More than
                // four, or none, cannot be read: 'client.SendMessage(...)' over many transports.
                System.Collections.Immutable.ImmutableArray<IMethodSymbol> implementations = Implementations(target, cancellationToken);
                if (implementations.IsEmpty)
                {
                    return UnreadableHarm(target);
                }

                if (implementations.Length > 1)
                {
                    Harm worst = Harm.None;
                    foreach (IMethodSymbol implementation in implementations)
                    {
                        worst = Worse(worst, CallHarm(implementation, depth, loop, cancellationToken));
                    }

                    return worst;
                }

                target = implementations[0];
            }

            if (depth >= MaxHarmDepth)
            {
                return UnreadableHarm(target);
            }

            return (loop ? _loopHarm : _harm)[depth].GetOrAdd(target, m =>
            {
                Harm harm = Harm.None;
                foreach (SyntaxReference declaration in m.DeclaringSyntaxReferences)
                {
                    SyntaxNode syntax = declaration.GetSyntax(cancellationToken);
                    SyntaxNode? body = SyntaxHelpers.BodyOf(syntax);
                    if (body is null || !_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                    {
                        return UnreadableHarm(m);
                    }

                    harm = Worse(harm, BodyHarm(body, _compilation.GetSemanticModel(syntax.SyntaxTree), depth + 1, loop, cancellationToken));
                }

                return harm;
            });
        }

        private Harm BodyHarm(SyntaxNode body, SemanticModel model, int depth, bool loop, System.Threading.CancellationToken cancellationToken)
        {
            Harm result = Harm.None;
            // Lambdas inside the work are callbacks handed to someone else (a dispatcher, the thread pool, a timer): they run
            // later, under whoever calls them, so what they do is not evidence about this task.
            foreach (SyntaxNode node in body.DescendantNodesAndSelf(n => !(n is LocalFunctionStatementSyntax) && !(n is AnonymousFunctionExpressionSyntax)
                && !ReportsToErrorCallback(n, model, cancellationToken)))
            {
                Harm harm;
                switch (node)
                {
                    case InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf
                        when model.GetSymbolInfo(nameOf, cancellationToken).Symbol is null:
                        continue; // 'nameof(id)' in a guard's message is a compile-time constant
                    case InvocationExpressionSyntax dropped when IsDroppedAsyncCall(dropped, model, cancellationToken):
                        continue; // its fault stays in the task it drops (judged where it is dropped), it never reaches this work
                    case InvocationExpressionSyntax call when !IsGuarded(call, body) && !ReportsTheHandledFailure(call, body):
                        harm = model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
                            ? (ReportsToErrorCallback(call, model, cancellationToken) ? Harm.None : CallHarm((target.ReducedFrom ?? target).OriginalDefinition, depth, loop, cancellationToken))
                            : Harm.Unknown;
                        break;
                    case ObjectCreationExpressionSyntax creation when !IsGuarded(creation, body):
                        harm = OpensResource(creation, model, cancellationToken) ? Harm.Evident : Harm.None;
                        break;
                    case ThrowStatementSyntax { Expression: { } thrown } when !IsGuarded(node, body) && !SyntaxHelpers.IsDebugOnlyThrow(node):
                        harm = ThrowsFailure(node, thrown, model, cancellationToken) ? Harm.Evident : Harm.None;
                        break;
                    case ThrowExpressionSyntax { Expression: var thrown } when !IsGuarded(node, body) && !SyntaxHelpers.IsDebugOnlyThrow(node):
                        harm = ThrowsFailure(node, thrown, model, cancellationToken) ? Harm.Evident : Harm.None;
                        break;
                    default:
                        continue;
                }

                result = Worse(result, harm);
                if (result == Harm.Evident)
                {
                    break;
                }
            }

            return result;
        }

        /// <summary>
        /// '_ = _client.OnConnectedAsync();' or 'Task.Run(work);' as a statement: an async method or a started task whose
        /// result is dropped. An async method never throws to its caller, so its failure cannot end the work that drops it
        /// (phase 20: a read loop guarded by a catch-all, reported because of a dropped subscription task before it). A
        /// task-returning method that is not async may throw before its first await and still counts.
        /// </summary>
        private bool IsDroppedAsyncCall(InvocationExpressionSyntax call, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            bool dropped = call.Parent is ExpressionStatementSyntax
                || (call.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard
                    && discard.Right == call && discard.Parent is ExpressionStatementSyntax);
            return dropped && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target && IsTask(target.ReturnType)
                && (target.IsAsync || ((target.Name == "Run" || target.Name == "StartNew") && IsTaskFactory(target.ContainingType)));
        }

        /// <summary>'socket.Send(bytes, onSent, e => { log(e); Close(); })': the call hands its failure to an error callback.</summary>
        private bool ReportsToErrorCallback(SyntaxNode node, SemanticModel model, System.Threading.CancellationToken cancellationToken) =>
            node is InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } call
            && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target && HasExceptionCallbackParameter(target)
            && model.GetOperation(call, cancellationToken) is IInvocationOperation invocation && HasErrorCallback(invocation);

        private bool HasExceptionCallbackParameter(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke })
                {
                    foreach (IParameterSymbol delegateParameter in invoke.Parameters)
                    {
                        if (delegateParameter.Type.InheritsFromOrEquals(Exception))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The node sits in the block of a try (inside the examined body) with a catch that handles the failure: it catches
        /// more than cancellation and does not end by throwing.
        /// </summary>
        private static bool IsGuarded(SyntaxNode node, SyntaxNode body)
        {
            for (SyntaxNode? current = node; current != null && current != body; current = current.Parent)
            {
                if (current.Parent is TryStatementSyntax tryStatement && current == tryStatement.Block)
                {
                    foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
                    {
                        if (Handles(catchClause))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// In a catch that handles the failure and throws nothing, a call that reports it: a log call ('LogExceptionMessage(ex,
        /// ...)', 'logger.Error(...)') or a call handed the caught exception ('ExceptionFunc?.Invoke(ex)'). The report is not
        /// a lost fault of the work (phase 19: a weather-station hub's own logger writing a file); fallback or compensation
        /// work in the catch (a write, a save) still is.
        /// </summary>
        private static bool ReportsTheHandledFailure(InvocationExpressionSyntax call, SyntaxNode body)
        {
            CatchClauseSyntax? handler = SyntaxHelpers.EnclosingCatch(call, out _);
            if (handler is null || !body.Span.Contains(handler.Span) || !Handles(handler) || handler.Block.DescendantNodes().Any(SyntaxHelpers.IsShippedThrow))
            {
                return false;
            }

            string? name = SyntaxHelpers.CalledName(call);
            if (name != null && ((LoggingApis.IsLevelMethod(name) && name != "Write") || SyntaxHelpers.IsLogMethodName(name)))
            {
                return true;
            }

            string? caught = handler.Declaration?.Identifier.ValueText;
            return !string.IsNullOrEmpty(caught)
                && call.ArgumentList.Arguments.Any(argument => argument.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == caught));
        }

        /// <summary>
        /// The catch handles the failure and does not end by throwing: a catch-all, or a catch of a type that names a
        /// runtime failure ('catch (IOException)' around a file write). Not a catch of cancellation or disposal, nor of a
        /// programming-error type ('catch (ArgumentException)' around a database call lets the database's failures
        /// escape), nor one whose filter decides ('when (attempt &lt; max)': the last attempt's failure escapes) unless it
        /// only lets fatal failures or cancellation through (a recall probe's repository call and retry helper, phase 24).
        /// </summary>
        private static bool Handles(CatchClauseSyntax catchClause)
        {
            string caught = catchClause.Declaration?.Type.ToString() ?? "Exception";
            return caught.IndexOf("Cancel", System.StringComparison.Ordinal) < 0 && caught.IndexOf("ObjectDisposed", System.StringComparison.Ordinal) < 0
                && !IsProgrammingErrorType(caught)
                && FilterLetsAllThrough(catchClause)
                && !EndsByThrowing(catchClause.Block);
        }

        private static bool IsReflectionInvoke(IMethodSymbol method) =>
            (method.Name == "Invoke" && method.ContainingType?.Name is "MethodBase" or "MethodInfo" or "ConstructorInfo"
                && method.ContainingNamespace?.Name == "Reflection")
            || (method.Name == "DynamicInvoke" && method.ContainingType?.Name == "Delegate");

        /// <summary>
        /// A synchronous log write: a level method ('Info', 'LogWarning'), a 'LogXxx' method ('LogDurableEvent'), or an
        /// event-source style method of a logger type named for its event and level ('PartitionManagerInfo' on a
        /// 'LogHelper'; phase 24, a workflow framework's dequeue loop between two such lines). A task-returning one may
        /// be a store write (an audit log in a database) and is judged by its body.
        /// </summary>
        private bool IsLogWrite(IMethodSymbol method)
        {
            // Judged by name only where the body cannot be read here (a logger of a package or of another project): a
            // method of this compilation is judged by its body ('void LogAccess(u) => File.AppendAllText(auditPath, u)').
            if (!method.ReturnsVoid
                || (!method.DeclaringSyntaxReferences.IsEmpty && _compilation.ContainsSyntaxTree(method.DeclaringSyntaxReferences[0].SyntaxTree)))
            {
                return false;
            }

            string name = method.Name;
            if (name == "Write")
            {
                return false; // a stream's or a writer's Write is I/O whatever its type is called
            }

            if (LoggingApis.IsLevelMethod(name) || SyntaxHelpers.IsLogMethodName(name))
            {
                return true;
            }

            string type = method.ContainingType?.Name ?? string.Empty;
            // 'LogHelper', 'LogEvents', not 'Login' or 'Logistics': Log followed by a capitalised word, or the whole name.
            bool logType = type.IndexOf("Logger", System.StringComparison.Ordinal) >= 0 || type == "Log" || SyntaxHelpers.IsLogMethodName(type)
                || type.EndsWith("Log", System.StringComparison.Ordinal) || type.EndsWith("EventSource", System.StringComparison.Ordinal);
            return logType && SyntaxHelpers.EndsWithLogLevel(name);
        }

        /// <summary>An exception type that reports a bug or bad input, not a failure of I/O or of a dependency.</summary>
        private static bool IsProgrammingErrorType(string name)
        {
            int dot = name.LastIndexOf('.');
            switch (dot >= 0 ? name.Substring(dot + 1) : name)
            {
                case "ArgumentException":
                case "ArgumentNullException":
                case "ArgumentOutOfRangeException":
                case "FormatException":
                case "InvalidCastException":
                case "NullReferenceException":
                case "IndexOutOfRangeException":
                case "KeyNotFoundException":
                case "NotSupportedException":
                case "NotImplementedException":
                case "OverflowException":
                    return true;
                default:
                    return false;
            }
        }

        private static bool EndsByThrowing(BlockSyntax block) =>
            block.Statements.Count > 0 && block.Statements[block.Statements.Count - 1] is ThrowStatementSyntax;

        /// <summary>
        /// A throw that reports a failure, not a precondition: not a rethrow, not an argument / disposed / cancellation /
        /// not-supported exception, not a null guard ('x ?? throw', 'if (x == null) throw').
        /// </summary>
        private bool ThrowsFailure(SyntaxNode node, ExpressionSyntax thrown, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (node.Parent is BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression }
                || (thrown is IdentifierNameSyntax && node.FirstAncestorOrSelf<CatchClauseSyntax>() != null))
            {
                return false;
            }

            if (!(model.GetTypeInfo(thrown, cancellationToken).Type is ITypeSymbol type) || type.TypeKind == TypeKind.Error)
            {
                return false;
            }

            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                string name = current.Name;
                if (name == "ArgumentException" || name == "ObjectDisposedException" || name == "OperationCanceledException"
                    || name == "NotSupportedException" || name == "NotImplementedException")
                {
                    return false;
                }
            }

            SyntaxNode? statement = node is ThrowStatementSyntax ? node : node.FirstAncestorOrSelf<StatementSyntax>();
            SyntaxNode? parent = statement?.Parent is BlockSyntax block && block.Statements.Count == 1 ? block.Parent : statement?.Parent;
            return !(parent is IfStatementSyntax guard && ComparesWithNull(guard.Condition));
        }

        private static bool ComparesWithNull(ExpressionSyntax condition)
        {
            foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
            {
                if (node is LiteralExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>'new FileStream(path, ...)', 'new StreamWriter(path)', 'new TcpClient(host, port)': a constructor that opens a file or connection.</summary>
        private static bool OpensResource(ObjectCreationExpressionSyntax creation, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (!(model.GetSymbolInfo(creation, cancellationToken).Symbol is IMethodSymbol constructor) || constructor.Parameters.Length == 0
                || constructor.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return false;
            }

            string ns = constructor.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            return ns == "System.IO" || ns == "System.Net.Sockets";
        }

        /// <summary>
        /// A callee whose body cannot be read here is evidence when its name says I/O or whole-service work, or when it is
        /// handed a live connection or stream ('AuthHandler.HandleRealmList(socket)'): it will talk over it.
        /// </summary>
        private static Harm UnreadableHarm(IMethodSymbol method)
        {
            if (NamedLikeIo(method.Name))
            {
                return Harm.Evident;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (IsConnectionType(parameter.Type))
                {
                    return Harm.Evident;
                }
            }

            return Harm.Unknown;
        }

        // Socket, TcpClient, NetworkStream, WebSocket, SslStream, DbConnection: a connection to somebody else.
        private static bool IsConnectionType(ITypeSymbol type)
        {
            for (ITypeSymbol? current = type; current != null; current = current.BaseType)
            {
                string ns = current.ContainingNamespace?.ToDisplayString() ?? string.Empty;
                string name = current.Name;
                if ((ns == "System.Net.Sockets" && (name == "Socket" || name == "TcpClient" || name == "NetworkStream" || name == "UdpClient"))
                    || (ns == "System.Net.WebSockets" && name == "WebSocket") || (ns == "System.Net.Security" && name == "SslStream")
                    || (ns == "System.Data.Common" && name == "DbConnection"))
                {
                    return true;
                }
            }

            return false;
        }

        // Verbs of methods that reach outside the process, or start, stop or move a whole service or its data, for callees
        // whose body cannot be read (another project of the solution, a package, an interface with several implementations).
        private static readonly string[] IoVerbs =
        {
            "Send", "Write", "Save", "Commit", "Publish", "Produce", "Post", "Put", "Upload", "Download", "Flush", "Insert",
            "Delete", "Query", "Connect", "Persist", "Append", "Fetch", "Shutdown", "Start", "Load", "Import", "Export",
            "Migrate", "Backup", "Restore",
        };

        /// <summary>'SendMessage', 'SaveChangesAsync', 'Commit', 'ShutdownServices': work outside the process or on a whole service.</summary>
        private static bool NamedLikeIo(string name)
        {
            foreach (string verb in IoVerbs)
            {
                if (name.StartsWith(verb, System.StringComparison.Ordinal) && (name.Length == verb.Length || char.IsUpper(name[verb.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A framework method that works in memory: not network, database, file or cloud (see <see cref="IoApis"/>), not
        /// ASP.NET Core (a response, a SignalR send); loggers count as in-memory.
        /// </summary>
        private static bool IsInMemoryFramework(IMethodSymbol method)
        {
            if (IoApis.IsFrameworkIo(method) || !(method.ContainingType is { } type))
            {
                return false;
            }

            string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            string assembly = type.ContainingAssembly?.Name ?? string.Empty;
            if (ns.StartsWith("Microsoft.Extensions.Logging", System.StringComparison.Ordinal) || ns.StartsWith("Serilog", System.StringComparison.Ordinal)
                || ns.StartsWith("NLog", System.StringComparison.Ordinal) || ns.StartsWith("log4net", System.StringComparison.Ordinal))
            {
                return true;
            }

            return !ns.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) && !ns.StartsWith("Microsoft.Azure", System.StringComparison.Ordinal)
                && (assembly.StartsWith("System", System.StringComparison.Ordinal) || assembly.StartsWith("Microsoft", System.StringComparison.Ordinal)
                    || assembly == "netstandard" || assembly == "mscorlib");
        }
    }
}
