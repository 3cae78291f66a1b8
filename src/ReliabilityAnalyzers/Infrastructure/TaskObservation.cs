using System.Collections.Concurrent;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Shared by REL107/REL108: which values are tasks, and which dropped tasks still have their faults observed.</summary>
    internal sealed partial class ObservedTaskTypes
    {
        private ObservedTaskTypes(Compilation compilation, INamedTypeSymbol task, INamedTypeSymbol? taskOfT, INamedTypeSymbol? valueTask, INamedTypeSymbol? valueTaskOfT, INamedTypeSymbol exception)
        {
            _compilation = compilation;
            Task = task;
            TaskOfT = taskOfT;
            ValueTask = valueTask;
            ValueTaskOfT = valueTaskOfT;
            Exception = exception;
        }

        private readonly Compilation _compilation;

        public INamedTypeSymbol Task { get; }

        public INamedTypeSymbol? TaskOfT { get; }

        public INamedTypeSymbol? ValueTask { get; }

        public INamedTypeSymbol? ValueTaskOfT { get; }

        public INamedTypeSymbol Exception { get; }

        /// <summary>The compilation's shared instance: its callee caches serve REL106, REL107, REL108, REL111 and REL113 at once.</summary>
        public static ObservedTaskTypes? For(Compilation compilation) => PerCompilation<ObservedTaskTypes>.Get(compilation, Create);

        public static ObservedTaskTypes? Create(Compilation compilation)
        {
            var known = new KnownTypes(compilation);
            INamedTypeSymbol? task = known.Get("System.Threading.Tasks.Task");
            INamedTypeSymbol? exception = known.Get("System.Exception");
            if (task is null || exception is null)
            {
                return null;
            }

            return new ObservedTaskTypes(
                compilation,
                task,
                known.Get("System.Threading.Tasks.Task`1"),
                known.Get("System.Threading.Tasks.ValueTask"),
                known.Get("System.Threading.Tasks.ValueTask`1"),
                exception);
        }

        public bool IsTask(ITypeSymbol? type)
        {
            if (!(type is INamedTypeSymbol named))
            {
                return false;
            }

            INamedTypeSymbol original = named.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(original, Task)
                || SymbolEqualityComparer.Default.Equals(original, TaskOfT)
                || SymbolEqualityComparer.Default.Equals(original, ValueTask)
                || SymbolEqualityComparer.Default.Equals(original, ValueTaskOfT);
        }


        /// <summary>
        /// True when dropping this task loses nothing: it is already complete (Task.CompletedTask, FromResult), a fault
        /// continuation is attached (ContinueWith), the work catches every exception itself (a Task.Run lambda or a
        /// method in this compilation whose whole body is a try with a catch-all, or that logs what it catches), the
        /// callee is the project's own fault observer (its body attaches a continuation that reads the fault), the
        /// command is queued on a batch or transaction (its task completes when the batch executes) or flagged
        /// fire-and-forget, or the value is only null-guarded (<c>task ?? throw new ArgumentNullException()</c>).
        /// </summary>
        public bool FaultsAreObserved(IOperation value, System.Threading.CancellationToken cancellationToken)
        {
            value = Operations.Unwrap(value);
            switch (value)
            {
                case IPropertyReferenceOperation property when property.Property.Name == "CompletedTask" && IsTask(property.Property.ContainingType):
                    return true;
                case ICoalesceOperation coalesce when Operations.Unwrap(coalesce.WhenNull) is IThrowOperation:
                    return true; // '_ = task ?? throw new ArgumentNullException(...)': a null guard, no new work
                case IInvocationOperation invocation:
                    IMethodSymbol method = invocation.TargetMethod;
                    string name = method.Name;
                    if (ReturnsRefArgument(method))
                    {
                        return true; // 'Interlocked.Exchange(ref _task, next)' hands back an existing task: nothing was started
                    }

                    if ((name == "ContinueWith" || name == "FromResult" || name == "FromCanceled" || name == "FromException") && IsTask(method.ContainingType))
                    {
                        return true;
                    }

                    if (HasFireAndForgetFlag(invocation) || IsQueuedOnBatch(invocation) || InvokesSubscriberInAccessor(invocation) || HasErrorCallback(invocation))
                    {
                        return true;
                    }

                    if (HandsOverPromise(invocation))
                    {
                        return true;
                    }

                    if (RunsSynchronouslyByFlag(invocation))
                    {
                        return true; // 'handler(this, text, doAsync: false, ct)': the sync path of a dual engine returns a completed task
                    }

                    bool taskFactory = (name == "Run" || name == "StartNew") && IsTaskFactory(method.ContainingType);
                    if (!taskFactory && LaunchedWork(invocation, cancellationToken) is { } launched)
                    {
                        return launched.All(start => FaultsAreObserved(start, cancellationToken));
                    }

                    if (taskFactory || _runners.GetOrAdd(method.OriginalDefinition, m => IsRunnerHelper(m, cancellationToken)))
                    {
                        if (InsideAwaiterOnCompleted(invocation))
                        {
                            return true; // a custom awaiter schedules the state machine's continuation: it never throws
                        }

                        // 'SafeTask.Run(body)' whose own body is 'try { await Task.Run(body); } catch (Exception x) { log }':
                        // the project's runner observes the faults of whatever it runs.
                        if (!taskFactory && CalleeHandlesItsFaults(method, cancellationToken))
                        {
                            return true;
                        }

                        foreach (IArgumentOperation argument in invocation.Arguments)
                        {
                            // 'Task.Run(RunAsync)': judge the method like a called one.
                            if (Operations.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                                && !reference.Method.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
                            {
                                if (CalleeHandlesItsFaults(reference.Method, cancellationToken))
                                {
                                    return true;
                                }

                                continue;
                            }

                            if (!(Operations.Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }))
                            {
                                continue;
                            }

                            if (lambda.Syntax is AnonymousFunctionExpressionSyntax { Body: BlockSyntax body }
                                && CatchesEverything(body, lambda.SemanticModel, cancellationToken))
                            {
                                return true;
                            }

                            // 'if (!open) { try { h = await pool.GetAsync(); } catch { callback(error); return; } } try { ... }
                            // catch { callback(error); } finally { ... }': every statement that can fail sits in a catch-all
                            // that throws nothing back out (REL106's wholly guarded body), so the task cannot fault.
                            if (GuardedBodies.IsWhollyGuarded(lambda.Syntax))
                            {
                                return true;
                            }

                            // 'Task.Run(() => tcs.TrySetResult(x))': completing a promise off the current thread. TrySet*
                            // never throws, so the dropped task has nothing to carry; the awaiter of the promise sees the outcome.
                            if (OnlyCompletesPromises(lambda))
                            {
                                return true;
                            }

                            // '() => PumpAsync()', 'delegate () { return PumpAsync(); }': the work is the call; judge the call.
                            if ((lambda.Body.Operations.Length == 1
                                    || (lambda.Body.Operations.Length == 2 && lambda.Body.Operations[1] is IReturnOperation { ReturnedValue: null, IsImplicit: true }))
                                && (lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned } ? returned
                                    : (lambda.Body.Operations[0] as IExpressionStatementOperation)?.Operation) is { } work
                                && AwaitedOrReturnedCall(work) is IInvocationOperation inner
                                && !((inner.TargetMethod.Name == "Run" || inner.TargetMethod.Name == "StartNew") && IsTaskFactory(inner.TargetMethod.ContainingType))
                                && FaultsAreObserved(inner, cancellationToken))
                            {
                                return true;
                            }
                        }

                        return false;
                    }

                    return CalleeHandlesItsFaults(method, cancellationToken);
            }

            return false;
        }

        /// <summary>'PumpAsync()', 'await PumpAsync()', 'await PumpAsync().ConfigureAwait(false)': the call that is the work.</summary>
        private static IInvocationOperation? AwaitedOrReturnedCall(IOperation work)
        {
            work = Operations.Unwrap(work);
            if (work is IAwaitOperation awaited)
            {
                work = Operations.Unwrap(awaited.Operation);
                if (work is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    work = Operations.Unwrap(configured);
                }
            }

            return work as IInvocationOperation;
        }

        /// <summary>The call returns the previous value of one of its ref arguments (Interlocked.Exchange / CompareExchange).</summary>
        private static bool ReturnsRefArgument(IMethodSymbol method)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind == RefKind.Ref && SymbolEqualityComparer.Default.Equals(parameter.Type, method.ReturnType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A dropped task whose loss is weak evidence of a defect: REL107 leaves it to REL108 (audit level). Background
        /// work started with Task.Run / StartNew (or a runner helper of the project): a work loop (whose silent death stops
        /// all processing) when it is proven harmless, one-shot work unless the code shows a fault that would be lost (I/O,
        /// a third-party client, a throw on a bad state; see <see cref="StartedWorkHarm"/>). Also an event
        /// raised with a task-returning delegate (its fault is the subscriber's), teardown, and a datagram send (UDP
        /// promises no delivery).
        /// </summary>
        public bool IsWeakDrop(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (!IsStart(invocation) && LaunchedWork(invocation, cancellationToken) is { } launched)
            {
                return launched.All(start => FaultsAreObserved(start, cancellationToken) || IsWeakDrop(start, cancellationToken));
            }

            if (((method.Name == "Run" || method.Name == "StartNew") && IsTaskFactory(method.ContainingType))
                || _runners.GetOrAdd(method.OriginalDefinition, m => IsRunnerHelper(m, cancellationToken)))
            {
                // A work loop is a warning unless proven harmless (only in-memory framework work and guarded calls: a
                // cache sweeper, a scheduler moving items between in-memory queues); one-shot work only on evidence.
                return StartsWorkLoop(invocation, cancellationToken)
                    ? StartedWorkHarm(invocation, cancellationToken, loop: true) == Harm.None
                    : StartedWorkHarm(invocation, cancellationToken) != Harm.Evident;
            }

            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                return RaisesEvent(invocation.Instance, cancellationToken);
            }

            // A one-shot method of this compilation whose body (four calls deep, cached) shows no fault that would be lost:
            // in-memory state, awaited locks, raised events, guarded calls ('_modal.ShowModal(...)' sets the dialog's state
            // and raises ModalShown). As for Task.Run, one-shot work is a warning only on evidence of a lost fault.
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly)
                && !OwnBodyRunsWorkLoop(definition, cancellationToken)
                && CallHarm(definition, 0, loop: false, cancellationToken) == Harm.None
                && !_taskDelegates.GetOrAdd(definition, m => InvokesTaskDelegate(m, cancellationToken)))
            {
                return true;
            }

            // 'WritePacket(HARDFLUSH);' in a sync path of a driver whose write methods return null when the write finished
            // synchronously and whose own code null-checks their tasks: the drop is of that protocol's null. Only from a
            // synchronous member (not async, returning no task): a Task-returning caller may be on the async path.
            if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly)
                && invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart, cancellationToken) is IMethodSymbol caller
                && !caller.IsAsync && !IsTask(caller.ReturnType)
                && IsNullTaskProtocol(definition, cancellationToken))
            {
                return true;
            }

            // 'try { js.InvokeVoidAsync("setTitle", t); return Task.CompletedTask; } catch { return Task.CompletedTask; }':
            // the author silences every failure of this call on purpose (best-effort UI, optional notification).
            if (InSilentCatchAllTry(invocation.Syntax))
            {
                return true;
            }

            // '_hub.Clients.Group(g).SendAsync("refresh", id);' from a service, outside any hub: a live UI push through
            // IHubContext; a failure costs one missed browser update. Inside a hub method the send is the reply and stays.
            if (IsHubContextPush(invocation) || IsUiDispatch(invocation))
            {
                return true;
            }

            // Teardown: 'ctx.CloseAsync();' in an error handler: the channel is going away either way, nothing to roll back.
            // A Try-pattern method ('TryExecuteAsync') reports failure through its result by contract, not by throwing.
            if (IsTeardown(method.Name) || SyntaxHelpers.IsTryPatternName(method.Name))
            {
                return true;
            }

            return (method.Name.StartsWith("Send", System.StringComparison.Ordinal) && method.ContainingType is { Name: "UdpClient" } udp
                    && udp.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets")
                || IsDatagramWrite(invocation);
        }

        /// <summary>
        /// 'channel.WriteAndFlushAsync(new DatagramPacket(buffer, sender))': a write or send whose message is a datagram
        /// (a type named DatagramPacket, or derived from one, as in DotNetty). A datagram may be lost anyway, and the
        /// protocol over it plans for that (phase 22: a game server's NAT probe replies and connect-accept datagrams).
        /// </summary>
        private static bool IsDatagramWrite(IInvocationOperation invocation)
        {
            string name = invocation.TargetMethod.Name;
            if (!name.StartsWith("Write", System.StringComparison.Ordinal) && !name.StartsWith("Send", System.StringComparison.Ordinal))
            {
                return false;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                for (ITypeSymbol? type = Operations.UnwrapOrNull(argument.Value)?.Type; type != null; type = type.BaseType)
                {
                    if (type.Name.EndsWith("DatagramPacket", System.StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A SignalR client send ('SendAsync' / 'SendCoreAsync' on an IClientProxy) made from code that is not a hub: the
        /// server pushes to browsers through IHubContext.
        /// </summary>
        private static bool IsSignalRClients(INamedTypeSymbol? type) =>
            type?.OriginalDefinition.Name is "IHubClients" or "IHubCallerClients" && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR";

        private static bool IsHubContextPush(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            // A strongly typed hub's client interface ('context.Clients.All.DeviceAppeared(...)' through IHubContext<THub, T>;
            // phase 25, a UPnP control server's discovery broadcasts): the receiver comes from SignalR's IHubClients<T>.
            bool typedClient = invocation.Instance is { } instance && Operations.Unwrap(instance) switch
            {
                IPropertyReferenceOperation property => IsSignalRClients(property.Property.ContainingType),
                IInvocationOperation call => IsSignalRClients(call.TargetMethod.ContainingType),
                _ => false,
            };
            if (!typedClient && method.Name != "SendAsync" && method.Name != "SendCoreAsync")
            {
                return false;
            }

            IMethodSymbol definition = method.ReducedFrom ?? method;
            ITypeSymbol? receiver = method.ReducedFrom != null ? method.ReceiverType : method.ContainingType;
            bool clientProxy = typedClient
                || receiver is INamedTypeSymbol named
                && (named.Name == "IClientProxy" || named.Name == "ISingleClientProxy" || named.AllInterfaces.Any(i => i.Name == "IClientProxy"))
                && named.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR"
                || definition.ContainingType?.Name == "ClientProxyExtensions" && definition.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR";
            if (!clientProxy)
            {
                return false;
            }

            for (INamedTypeSymbol? type = invocation.SemanticModel?.GetEnclosingSymbol(invocation.Syntax.SpanStart)?.ContainingType; type != null; type = type.BaseType)
            {
                if ((type.Name == "Hub" || type.Name == "HubBase") && type.ContainingNamespace?.ToDisplayString() == "Microsoft.AspNetCore.SignalR")
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// 'Task.WhenAll(_handlers.Select(h => h(arg)))': the method itself runs task-returning delegates (async handlers)
        /// whose faults flow into the task it returns; dropping it loses them. A raised EventHandler is not such a delegate.
        /// </summary>
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _taskDelegates =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        private bool InvokesTaskDelegate(IMethodSymbol method, System.Threading.CancellationToken cancellationToken, int depth = 0)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                if (!(SyntaxHelpers.BodyOf(syntax) is SyntaxNode body) || !_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
                foreach (InvocationExpressionSyntax call in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target))
                    {
                        continue;
                    }

                    if (target.MethodKind == MethodKind.DelegateInvoke ? IsTask(target.ReturnType)
                        : depth < 2 && IsTask(target.ReturnType) && !target.DeclaringSyntaxReferences.IsEmpty
                          && InvokesTaskDelegate((target.ReducedFrom ?? target).OriginalDefinition, cancellationToken, depth + 1))
                    {
                        return true; // directly, or through a helper of this compilation ('h => Unguarded(h, arg)')
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Best-effort browser UI from a Blazor app: a JavaScript interop call ('_js.InvokeVoidAsync("showLoader")' on
        /// IJSRuntime / IJSObjectReference) or a re-render dispatch ('InvokeAsync(StateHasChanged)' of a component). A
        /// failure means a closed circuit or a script error in the page: there is no state to roll back and no caller to tell.
        /// </summary>
        private static bool IsUiDispatch(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? container = (method.ReducedFrom ?? method).ContainingType;
            string? ns = container?.ContainingNamespace?.ToDisplayString();
            if (ns == "Microsoft.JSInterop")
            {
                return method.Name.StartsWith("Invoke", System.StringComparison.Ordinal);
            }

            return method.Name == "InvokeAsync" && ns == "Microsoft.AspNetCore.Components"
                && (container!.Name == "ComponentBase" || container.Name == "RenderHandle" || container.Name == "Dispatcher");
        }

        /// <summary>
        /// The node is in the block of the innermost try around it (in the same function), and that try has a catch-all
        /// that swallows silently: an empty block, or only a return of a constant, <c>default</c> or a member such as
        /// <c>Task.CompletedTask</c>. A catch that logs or handles is not silent (the author meant to see failures).
        /// </summary>
        private static bool InSilentCatchAllTry(SyntaxNode node)
        {
            for (SyntaxNode? current = node; current?.Parent != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax || current is MemberDeclarationSyntax)
                {
                    return false;
                }

                if (current.Parent is TryStatementSyntax tryStatement)
                {
                    if (current != tryStatement.Block)
                    {
                        return false; // in a catch or finally
                    }

                    foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
                    {
                        if (catchClause.Filter is null && IsCatchAllDeclaration(catchClause.Declaration) && SwallowsSilently(catchClause.Block))
                        {
                            return true;
                        }
                    }

                    return false;
                }
            }

            return false;
        }

        private static bool IsCatchAllDeclaration(CatchDeclarationSyntax? declaration) =>
            declaration is null
            || declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
            || declaration.Type is QualifiedNameSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "System" }, Right.Identifier.ValueText: "Exception" };

        private static bool SwallowsSilently(BlockSyntax block)
        {
            foreach (StatementSyntax statement in block.Statements)
            {
                if (!(statement is ReturnStatementSyntax returned)
                    || !(returned.Expression is null || returned.Expression is LiteralExpressionSyntax || returned.Expression is DefaultExpressionSyntax
                        || returned.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax }))
                {
                    return false;
                }
            }

            return true;
        }

        // Releasing one resource; not 'Shutdown' / 'Stop' of a whole server or service, whose failure matters.
        private static readonly string[] TeardownVerbs = { "Close", "Disconnect", "Deregister", "Unregister", "Dispose", "Abort", "Unsubscribe" };

        internal static bool IsTeardown(string name)
        {
            foreach (string verb in TeardownVerbs)
            {
                if (SyntaxHelpers.StartsWithWord(name, verb))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'CopyBatchesAsync(reader, ..., source)': the callee is handed a TaskCompletionSource the caller holds, the promise it
        /// already returned; the callee reports success and failure there, and the task it returns is a by-product (phase 20, a database
        /// driver's bulk copy that calls itself back from a continuation).
        /// </summary>
        private bool HandsOverPromise(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                // A promise someone holds (a parameter, local or field: the caller returned or stored its Task), not a new one.
                if (!argument.IsImplicit && argument.Parameter?.Type is INamedTypeSymbol { Name: "TaskCompletionSource" } promise
                    && SymbolEqualityComparer.Default.Equals(promise.ContainingNamespace, Task.ContainingNamespace)
                    && Operations.Unwrap(argument.Value) is IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'socket.Send(bytes, onSent, e => { log(e); Close(); })': an argument is an error callback (a delegate that takes an
        /// exception); the callee reports its failure there.
        /// </summary>
        private bool HasErrorCallback(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, DelegateInvokeMethod: { } invoke }
                    && !(Operations.Unwrap(argument.Value) is ILiteralOperation) && !argument.IsImplicit)
                {
                    foreach (IParameterSymbol parameter in invoke.Parameters)
                    {
                        if (parameter.Type.InheritsFromOrEquals(Exception))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>'handler.Invoke(a, b)' / 'handler(a, b)' where handler is an event of this type or a local copied from one.</summary>
        private static bool RaisesEvent(IOperation? instance, System.Threading.CancellationToken cancellationToken)
        {
            instance = Operations.UnwrapOrNull(instance);
            if (instance is IEventReferenceOperation)
            {
                return true;
            }

            return instance is ILocalReferenceOperation local && instance.SemanticModel is { } model
                && local.Local.DeclaringSyntaxReferences.Length == 1
                && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
                && initializer.SyntaxTree == instance.Syntax.SyntaxTree
                && model.GetSymbolInfo(initializer.Value, cancellationToken).Symbol is IEventSymbol;
        }

        // Per compilation: method -> "its own body runs a work loop" (see HasWorkLoop).
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _workLoops =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// The started work (a lambda or a method group; and the methods in source it calls, one level) runs a work loop:
        /// its failure silently ends all further processing.
        /// </summary>
        private bool StartsWorkLoop(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation value = Operations.Unwrap(argument.Value);
                if (!(value is IDelegateCreationOperation creation))
                {
                    continue;
                }

                if (creation.Target is IMethodReferenceOperation reference)
                {
                    IMethodSymbol target = reference.Method.OriginalDefinition;
                    if (OwnBodyRunsWorkLoop(target, cancellationToken))
                    {
                        return true;
                    }

                    foreach (SyntaxReference declaration in target.DeclaringSyntaxReferences)
                    {
                        SyntaxNode syntax = declaration.GetSyntax(cancellationToken);
                        if (_compilation.ContainsSyntaxTree(syntax.SyntaxTree)
                            && CallsWorkLoop(syntax, _compilation.GetSemanticModel(syntax.SyntaxTree), cancellationToken))
                        {
                            return true;
                        }
                    }
                }
                else if (creation.Target is IAnonymousFunctionOperation { Syntax: AnonymousFunctionExpressionSyntax lambda } function
                    && (HasWorkLoop(lambda.Body) || (function.SemanticModel is { } model && CallsWorkLoop(lambda.Body, model, cancellationToken))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A method in source called directly from the body (not from nested lambdas) runs a work loop itself.</summary>
        private bool CallsWorkLoop(SyntaxNode body, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in body.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is InvocationExpressionSyntax call && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target
                    && OwnBodyRunsWorkLoop((target.ReducedFrom ?? target).OriginalDefinition, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private bool OwnBodyRunsWorkLoop(IMethodSymbol method, System.Threading.CancellationToken cancellationToken) =>
            !method.DeclaringSyntaxReferences.IsEmpty && _workLoops.GetOrAdd(method, m =>
            {
                foreach (SyntaxReference declaration in m.DeclaringSyntaxReferences)
                {
                    if (TryGetBody(declaration.GetSyntax(cancellationToken), out BlockSyntax? body, out ArrowExpressionClauseSyntax? arrow)
                        && HasWorkLoop((SyntaxNode?)body ?? arrow!))
                    {
                        return true;
                    }
                }

                return false;
            });

        /// <summary>
        /// A loop that keeps doing work until it is stopped: 'await foreach', 'foreach' over a blocking consumer, or a
        /// while / do / for loop whose condition is absent, 'true', a stop flag or token ('!_stopping',
        /// 'IsCancellationRequested'), or awaits ('await reader.WaitToReadAsync()'), with a call in its body other than a
        /// pause. A bounded loop (a counter or a comparison: 'retries &lt; 3'), a finite foreach, or a delay-only loop is not one.
        /// </summary>
        private static bool HasWorkLoop(SyntaxNode? body)
        {
            if (body is null)
            {
                return false;
            }

            foreach (SyntaxNode node in body.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                StatementSyntax loopBody;
                switch (node)
                {
                    case CommonForEachStatementSyntax each when each.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword):
                        return true; // also 'await foreach ((var a, var b) in reader.ReadAllAsync())'
                    case CommonForEachStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetConsumingEnumerable" } } } each:
                        loopBody = each.Statement;
                        break;
                    case WhileStatementSyntax loop when RunsUntilStopped(loop.Condition):
                        loopBody = loop.Statement;
                        break;
                    case DoStatementSyntax loop when RunsUntilStopped(loop.Condition):
                        loopBody = loop.Statement;
                        break;
                    case ForStatementSyntax { Condition: null } loop:
                        loopBody = loop.Statement;
                        break;
                    default:
                        continue;
                }

                foreach (SyntaxNode inner in loopBody.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    if (inner is InvocationExpressionSyntax call && !IsPause(call))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A loop condition with no comparison (a flag, 'true', a negated state) or one that waits or reads a token.</summary>
        private static bool RunsUntilStopped(ExpressionSyntax condition)
        {
            foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
            {
                if (node is AwaitExpressionSyntax
                    || (node is IdentifierNameSyntax id && id.Identifier.ValueText == "IsCancellationRequested"))
                {
                    return true;
                }

                if (node is BinaryExpressionSyntax binary && (binary.IsKind(SyntaxKind.LessThanExpression) || binary.IsKind(SyntaxKind.LessThanOrEqualExpression)
                    || binary.IsKind(SyntaxKind.GreaterThanExpression) || binary.IsKind(SyntaxKind.GreaterThanOrEqualExpression)
                    || binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>'Task.Delay(...)', 'Task.Yield()', 'Thread.Sleep(...)' and their ConfigureAwait: a pause, not work.</summary>
        private static bool IsPause(InvocationExpressionSyntax call)
        {
            string? name = SyntaxHelpers.CalledName(call);
            return name != null && (name.EndsWith("Delay", System.StringComparison.Ordinal) || name == "Yield" || name == "Sleep" || name == "ConfigureAwait");
        }

        private bool OnlyCompletesPromises(IAnonymousFunctionOperation lambda)
        {
            int calls = 0;
            foreach (IOperation statement in lambda.Body.Operations)
            {
                if (statement is IReturnOperation { ReturnedValue: null })
                {
                    continue; // the implicit return of a void lambda
                }

                IOperation? expression = statement is IExpressionStatementOperation expressionStatement ? expressionStatement.Operation
                    : statement is IReturnOperation { ReturnedValue: { } returned } ? returned
                    : null;
                if (!(expression is IInvocationOperation call) || !call.TargetMethod.Name.StartsWith("TrySet", System.StringComparison.Ordinal)
                    || !(call.TargetMethod.ContainingType is { Name: "TaskCompletionSource" } promise)
                    || !SymbolEqualityComparer.Default.Equals(promise.ContainingNamespace, Task.ContainingNamespace))
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        // Per compilation: method -> "a helper of this project that hands its delegate to Task.Run / StartNew".
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _runners =
            new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// A method in source with a delegate parameter whose body passes that parameter to Task.Run / StartNew
        /// ('static Task ExecuteThreadLongRunning(Action action) => Task.Factory.StartNew(action, ...)'): the task it returns
        /// fails exactly when the delegate does. Syntax only, one level.
        /// </summary>
        private static bool IsRunnerHelper(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            string? delegateParameter = null;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type.TypeKind == TypeKind.Delegate)
                {
                    delegateParameter = parameter.Name;
                    break;
                }
            }

            if (delegateParameter is null)
            {
                return false;
            }

            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Run" or "StartNew" } } call)
                    {
                        foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
                        {
                            if (argument.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == delegateParameter)
                            {
                                return true;
                            }
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A method declared in source whose own body observes its faults (see <see cref="CalleeObservesFaults"/>), or
        /// that only delegates (awaits, or returns the task of) calls that do, followed a bounded depth; cached per
        /// compilation. Shared with REL106 (an async void whose awaits all go to such methods).
        /// </summary>
        public bool CalleeHandlesItsFaults(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.IsAbstract)
            {
                // An interface of the project: judge its implementations in this compilation (a handler dispatched to one of
                // a few transports, each guarding itself).
                System.Collections.Immutable.ImmutableArray<IMethodSymbol> implementations = Implementations(definition, cancellationToken);
                if (implementations.IsEmpty)
                {
                    return false;
                }

                foreach (IMethodSymbol implementation in implementations)
                {
                    if (implementation.DeclaringSyntaxReferences.IsEmpty || Guard(implementation, cancellationToken) != FaultGuard.Observed)
                    {
                        return false;
                    }
                }

                return true;
            }

            return !definition.DeclaringSyntaxReferences.IsEmpty && Guard(definition, cancellationToken) == FaultGuard.Observed;
        }

        private const int MaxImplementations = 4;

        /// <summary>
        /// The implementations in this compilation of an abstract / interface method declared in source, when there are
        /// at most four (empty: none, or more than can be read).
        /// </summary>
        private System.Collections.Immutable.ImmutableArray<IMethodSymbol> Implementations(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            System.Collections.Immutable.ImmutableArray<IMethodSymbol> all = SourceImplementations.For(_compilation).Of(method, cancellationToken);
            return all.Length > MaxImplementations ? System.Collections.Immutable.ImmutableArray<IMethodSymbol>.Empty : all;
        }

        /// <summary>
        /// The dropped task's outcome is decided by code of this solution that we cannot read: the callee is a task-returning
        /// method of a referenced assembly built from the same solution (a project reference, not a package or the
        /// framework), or a method in source that only delegates to such methods (and to callees that observe their
        /// faults). REL107 leaves these to REL108 (audit level): a project's own async helpers usually catch and log.
        /// </summary>
        public bool DelegatesToProjectLibrary(IInvocationOperation invocation, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol definition = (invocation.TargetMethod.ReducedFrom ?? invocation.TargetMethod).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.IsEmpty)
            {
                return definition.MethodKind == MethodKind.Ordinary && IsProjectAssembly(definition.ContainingAssembly);
            }

            return Guard(definition, cancellationToken) == FaultGuard.Opaque;
        }

        private enum FaultGuard
        {
            None,
            Observed,
            Opaque,
        }

        private const int MaxDelegationDepth = 3;

        // Per compilation (this object is created per compilation): callee -> how its faults are handled.
        private readonly ConcurrentDictionary<IMethodSymbol, FaultGuard> _observingCallees =
            new ConcurrentDictionary<IMethodSymbol, FaultGuard>(SymbolEqualityComparer.Default);

        // Per compilation: referenced assembly -> "built from this solution" (a project reference).
        private readonly ConcurrentDictionary<IAssemblySymbol, bool> _projectAssemblies =
            new ConcurrentDictionary<IAssemblySymbol, bool>(SymbolEqualityComparer.Default);

        private FaultGuard Guard(IMethodSymbol definition, System.Threading.CancellationToken cancellationToken) =>
            _observingCallees.GetOrAdd(definition, m => ComputeGuard(m, 0, cancellationToken));

        private FaultGuard ComputeGuard(IMethodSymbol method, int depth, System.Threading.CancellationToken cancellationToken)
        {
            if (method.DeclaringSyntaxReferences.IsEmpty)
            {
                return method.MethodKind == MethodKind.Ordinary && IsTask(method.ReturnType) && IsProjectAssembly(method.ContainingAssembly)
                    ? FaultGuard.Opaque : FaultGuard.None;
            }

            if (CalleeObservesFaults(method, cancellationToken))
            {
                return FaultGuard.Observed;
            }

            if (depth >= MaxDelegationDepth || !IsTask(method.ReturnType))
            {
                return FaultGuard.None;
            }

            FaultGuard result = FaultGuard.None;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                if (!_compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    return FaultGuard.Opaque; // source of another project (a compilation reference in the IDE): its body is not ours to bind
                }

                SemanticModel model = _compilation.GetSemanticModel(syntax.SyntaxTree);
                var delegated = new System.Collections.Generic.List<ExpressionSyntax>();
                if (!CollectDelegatedCalls(syntax, method.IsAsync, delegated) || delegated.Count == 0)
                {
                    return FaultGuard.None;
                }

                bool opaque = false;
                bool delegates = false;
                foreach (ExpressionSyntax call in delegated)
                {
                    if (IsCompletedTaskExpression(call))
                    {
                        continue;
                    }

                    delegates = true;

                    if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target))
                    {
                        return FaultGuard.None;
                    }

                    target = (target.ReducedFrom ?? target).OriginalDefinition;
                    var fannedOut = new System.Collections.Generic.List<IMethodSymbol>();
                    if (IsTaskCombinator(target) && call is InvocationExpressionSyntax combined)
                    {
                        // 'Task.WhenAll(handlers.Select(h => ProcessHandler(h, arg)))': judged by the calls it waits for.
                        if (!CollectFannedOutCalls(combined, model, fannedOut, cancellationToken))
                        {
                            return FaultGuard.None;
                        }
                    }
                    else
                    {
                        fannedOut.Add(target);
                    }

                    foreach (IMethodSymbol each in fannedOut)
                    {
                        FaultGuard inner = _observingCallees.TryGetValue(each, out FaultGuard known) ? known : ComputeGuard(each, depth + 1, cancellationToken);
                        if (inner == FaultGuard.None)
                        {
                            return FaultGuard.None;
                        }

                        opaque |= inner == FaultGuard.Opaque;
                    }
                }

                if (!delegates)
                {
                    // Only completed tasks returned: the task cannot fault (what the body throws, it throws to the caller).
                    return method.IsAsync ? FaultGuard.None : FaultGuard.Observed;
                }

                result = opaque ? FaultGuard.Opaque : FaultGuard.Observed;
            }

            return result;
        }

        private bool IsTaskCombinator(IMethodSymbol method) =>
            (method.Name == "WhenAll" || method.Name == "WhenAny") && SymbolEqualityComparer.Default.Equals(method.ContainingType, Task);

        /// <summary>
        /// The methods whose tasks a Task.WhenAll / WhenAny waits for: calls passed directly, or one call per element through
        /// 'source.Select(x => Call(x))' / 'source.Select(Call)'. False when an argument is anything else.
        /// </summary>
        private static bool CollectFannedOutCalls(InvocationExpressionSyntax combinator, SemanticModel model, System.Collections.Generic.List<IMethodSymbol> targets, System.Threading.CancellationToken cancellationToken)
        {
            foreach (ArgumentSyntax argument in combinator.ArgumentList.Arguments)
            {
                ExpressionSyntax call = argument.Expression;
                if (call is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Select" }, ArgumentList.Arguments: { Count: 1 } selector })
                {
                    call = selector[0].Expression switch
                    {
                        SimpleLambdaExpressionSyntax { ExpressionBody: { } body } => body,
                        ParenthesizedLambdaExpressionSyntax { ExpressionBody: { } body } => body,
                        var methodGroup => methodGroup,
                    };
                }

                ISymbol? symbol = model.GetSymbolInfo(call, cancellationToken).Symbol
                    ?? (model.GetSymbolInfo(call, cancellationToken).CandidateSymbols.Length == 1 ? model.GetSymbolInfo(call, cancellationToken).CandidateSymbols[0] : null);
                if (!(call is InvocationExpressionSyntax || call is IdentifierNameSyntax || call is MemberAccessExpressionSyntax)
                    || !(symbol is IMethodSymbol target) || target.MethodKind == MethodKind.DelegateInvoke)
                {
                    return false;
                }

                targets.Add((target.ReducedFrom ?? target).OriginalDefinition);
            }

            return targets.Count > 0;
        }

        private static bool IsCompletedTaskExpression(ExpressionSyntax expression) =>
            expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" }
            || expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult" or "FromCanceled" } };

        /// <summary>The block or expression body of a method or local function declaration.</summary>
        private static bool TryGetBody(SyntaxNode declaration, out BlockSyntax? body, out ArrowExpressionClauseSyntax? arrow)
        {
            switch (declaration)
            {
                case MethodDeclarationSyntax m:
                    body = m.Body;
                    arrow = m.ExpressionBody;
                    return true;
                case LocalFunctionStatementSyntax l:
                    body = l.Body;
                    arrow = l.ExpressionBody;
                    return true;
                default:
                    body = null;
                    arrow = null;
                    return false;
            }
        }

        /// <summary>
        /// The calls whose tasks decide the method's outcome. Async: every statement is harmless bookkeeping or
        /// 'await Call(...)' / 'return await Call(...)' / 'return;'. Not async: every 'return' returns a call's task (its
        /// other statements throw synchronously, to the caller). False when the body does anything else.
        /// </summary>
        private static bool CollectDelegatedCalls(SyntaxNode declaration, bool isAsync, System.Collections.Generic.List<ExpressionSyntax> calls)
        {
            if (!TryGetBody(declaration, out BlockSyntax? body, out ArrowExpressionClauseSyntax? arrow))
            {
                return false;
            }

            if (arrow != null)
            {
                ExpressionSyntax expression = arrow.Expression;
                if (isAsync)
                {
                    if (!(expression is AwaitExpressionSyntax awaited))
                    {
                        return false;
                    }

                    expression = awaited.Expression;
                }

                return AddCall(BlockingWait.StripConfigureAwait(expression), calls);
            }

            if (body is null)
            {
                return false;
            }

            if (!isAsync)
            {
                foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax ret && (ret.Expression is null || !AddCall(ret.Expression, calls)))
                    {
                        return false;
                    }
                }

                return true;
            }

            return CollectAwaitedCalls(body.Statements, calls);
        }

        /// <summary>
        /// Every statement is harmless bookkeeping, 'await Call(...)', 'return await Call(...)', 'return;', or a try/finally
        /// (no catch) whose block is made of the same: 'try { await SendAsync(..); } finally { _gate.Release(); }'.
        /// </summary>
        private static bool CollectAwaitedCalls(SyntaxList<StatementSyntax> statements, System.Collections.Generic.List<ExpressionSyntax> calls)
        {
            foreach (StatementSyntax statement in statements)
            {
                if (statement is TryStatementSyntax { Catches.Count: 0, Finally: { } } wrapper)
                {
                    if (!CollectAwaitedCalls(wrapper.Block.Statements, calls))
                    {
                        return false;
                    }

                    continue;
                }

                ExpressionSyntax? awaitedCall = statement switch
                {
                    ExpressionStatementSyntax { Expression: AwaitExpressionSyntax a } => a.Expression,
                    ReturnStatementSyntax { Expression: AwaitExpressionSyntax a } => a.Expression,
                    _ => null,
                };
                if (awaitedCall is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAsync" } } gate
                    && gate.ArgumentList.Arguments.Count <= 1 && statement is ExpressionStatementSyntax)
                {
                    continue; // 'await _gate.WaitAsync();': taking an async lock before the guarded work
                }

                if (awaitedCall != null)
                {
                    if (!AddCall(BlockingWait.StripConfigureAwait(awaitedCall), calls))
                    {
                        return false;
                    }

                    continue;
                }

                if (!(statement is ReturnStatementSyntax { Expression: null }) && !IsHarmlessLeadingStatement(statement))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AddCall(ExpressionSyntax expression, System.Collections.Generic.List<ExpressionSyntax> calls)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            if (expression is InvocationExpressionSyntax || IsCompletedTaskExpression(expression))
            {
                calls.Add(expression);
                return true;
            }

            return false;
        }

        /// <summary>
        /// An assembly this compilation references as another project of the same solution: not the framework
        /// (System*, Microsoft*, netstandard, mscorlib) and not loaded from a package folder (NuGet cache, fallback folder,
        /// packages.config folder, SDK reference packs).
        /// </summary>
        private bool IsProjectAssembly(IAssemblySymbol? assembly) =>
            assembly != null && _projectAssemblies.GetOrAdd(assembly, a => ComputeIsProjectAssembly(a));

        /// <summary>Another project of the same solution (see <see cref="IsProjectAssembly"/>): its members are the team's own.</summary>
        public bool IsSolutionProject(IAssemblySymbol? assembly) => IsProjectAssembly(assembly);

        private bool ComputeIsProjectAssembly(IAssemblySymbol assembly)
        {
            string name = assembly.Name;
            if (name.StartsWith("System", System.StringComparison.Ordinal) || name.StartsWith("Microsoft", System.StringComparison.Ordinal)
                || name == "netstandard" || name == "mscorlib" || name.StartsWith("Windows", System.StringComparison.Ordinal)
                || SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly))
            {
                return false;
            }

            if (!(_compilation.GetMetadataReference(assembly) is PortableExecutableReference reference))
            {
                return false;
            }

            string? path = reference.FilePath;
            if (string.IsNullOrEmpty(path))
            {
                return true; // an image built in memory (tests, tools): no package behind it
            }

            string normalized = path!.Replace('\\', '/');
            return normalized.IndexOf("/packages/", System.StringComparison.OrdinalIgnoreCase) < 0
                && normalized.IndexOf("/.nuget/", System.StringComparison.OrdinalIgnoreCase) < 0
                && normalized.IndexOf("/packs/", System.StringComparison.OrdinalIgnoreCase) < 0
                && normalized.IndexOf("NuGetFallbackFolder", System.StringComparison.OrdinalIgnoreCase) < 0
                && normalized.IndexOf("Reference Assemblies", System.StringComparison.OrdinalIgnoreCase) < 0;
        }

        /// <summary>
        /// The callee's source (syntax only, one level: bounded and cacheable) shows that its faults are seen: the whole
        /// body is a try whose catch-all handles or logs the exception, or it attaches a continuation that reads the
        /// antecedent's fault (a project's own <c>ObserveErrors()</c> / <c>LogExceptions()</c>).
        /// </summary>
        private static bool CalleeObservesFaults(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax(cancellationToken);
                if (!TryGetBody(syntax, out BlockSyntax? body, out ArrowExpressionClauseSyntax? arrow))
                {
                    continue;
                }

                if (body != null && (CatchesEverythingSyntactically(body) || AttachesFaultObserver(body)))
                {
                    return true;
                }

                if (arrow != null && AttachesFaultObserver(arrow))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A ContinueWith whose continuation reads the antecedent's fault (Exception, IsFaulted) or runs only on fault.</summary>
        private static bool AttachesFaultObserver(SyntaxNode body)
        {
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                if (!(node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" } } call)
                    || (call.ArgumentList.Arguments.FirstOrDefault()?.Expression is AnonymousFunctionExpressionSyntax continuation && SyntaxHelpers.DiscardsFault(continuation)))
                {
                    continue; // a continuation that reads the fault only to drop it observes nothing
                }

                foreach (SyntaxNode inner in call.ArgumentList.DescendantNodes())
                {
                    if (inner is IdentifierNameSyntax id
                        && (id.Identifier.ValueText == "Exception" || id.Identifier.ValueText == "IsFaulted" || id.Identifier.ValueText == "OnlyOnFaulted"))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A dual sync/async method called with its async flag off ('Step(doAsync: false)', 'handler(engine, text, false,
        /// token)' for a parameter named async / isAsync / doAsync / useAsync / runAsync / execAsync, or asyncWrite / isAsyncCall for the
        /// async mode of one operation): the work runs synchronously and
        /// throws to the caller; the returned task is complete.
        /// </summary>
        private static bool RunsSynchronouslyByFlag(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_Boolean, Name: var name } && (AsyncContext.IsAsyncFlagName(name) || AsyncContext.IsAsyncModeFlagName(name))
                    && Operations.Unwrap(argument.Value).ConstantValue is { HasValue: true, Value: false })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An argument flags the command fire-and-forget (StackExchange.Redis CommandFlags.FireAndForget and the like).</summary>
        private static bool HasFireAndForgetFlag(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.IsImplicit || argument.Value.Type?.TypeKind != TypeKind.Enum)
                {
                    continue;
                }

                foreach (IOperation part in argument.Value.DescendantsAndSelf())
                {
                    if (part is IFieldReferenceOperation { Field.Name: "FireAndForget" })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The command is queued on a batch or transaction (StackExchange.Redis IBatch / ITransaction): its task completes
        /// when the batch executes, and the batch's own Execute reports the failure.
        /// </summary>
        private static bool IsQueuedOnBatch(IInvocationOperation invocation)
        {
            ITypeSymbol? receiver = invocation.Instance?.Type;
            if (receiver is null)
            {
                return false;
            }

            if (IsBatchType(receiver))
            {
                return true;
            }

            foreach (INamedTypeSymbol candidate in receiver.AllInterfaces)
            {
                if (IsBatchType(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsBatchType(ITypeSymbol type)
        {
            string name = type.Name;
            if (name.IndexOf("Batch", System.StringComparison.Ordinal) < 0 && name.IndexOf("Transaction", System.StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IMethodSymbol { Name: "Execute" or "ExecuteAsync" } execute && execute.Parameters.Length <= 1)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// An event accessor invokes the subscriber's async handler (a late subscriber gets the current state): an accessor
        /// cannot await, and the handler's fault is the subscriber's own.
        /// </summary>
        private static bool InvokesSubscriberInAccessor(IInvocationOperation invocation)
        {
            if (invocation.TargetMethod.MethodKind != MethodKind.DelegateInvoke)
            {
                return false;
            }

            for (SyntaxNode? node = invocation.Syntax.Parent; node != null; node = node.Parent)
            {
                if (node is AccessorDeclarationSyntax accessor)
                {
                    return accessor.IsKind(SyntaxKind.AddAccessorDeclaration);
                }

                if (node is MemberDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>The call sits in OnCompleted / UnsafeOnCompleted(Action) of a custom awaiter.</summary>
        private static bool InsideAwaiterOnCompleted(IInvocationOperation invocation)
        {
            for (SyntaxNode? node = invocation.Syntax.Parent; node != null; node = node.Parent)
            {
                if (node is MethodDeclarationSyntax method)
                {
                    string name = method.Identifier.ValueText;
                    return (name == "OnCompleted" || name == "UnsafeOnCompleted") && method.ParameterList.Parameters.Count == 1
                        && method.Parent is TypeDeclarationSyntax type && type.BaseList != null
                        && type.BaseList.ToString().IndexOf("NotifyCompletion", System.StringComparison.Ordinal) >= 0;
                }
            }

            return false;
        }

        private bool IsTaskFactory(INamedTypeSymbol? type) =>
            type != null && (SymbolEqualityComparer.Default.Equals(type, Task) || type.Name == "TaskFactory");

        /// <summary>The body's last statement (optionally inside a loop) is a try with a catch-all; earlier statements are declarations.</summary>
        private bool CatchesEverything(BlockSyntax body, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            TryStatementSyntax? tryStatement = OuterTry(body);
            if (tryStatement is null)
            {
                return false;
            }

            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if (Throws(catchClause) && !PassesCaughtException(catchClause))
                {
                    continue; // a catch that rethrows or translates without logging does not observe the fault
                }

                if (!FilterLetsAllThrough(catchClause))
                {
                    continue; // 'when (attempt < max)': the failure the filter refuses escapes
                }

                if (catchClause.Declaration is null)
                {
                    return true;
                }

                if (model != null && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(catchClause.Declaration.Type, cancellationToken).Type, Exception))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>No filter, or one that refuses only fatal failures or cancellation (phase 24).</summary>
        private static bool FilterLetsAllThrough(CatchClauseSyntax catchClause) =>
            catchClause.Filter is null || SyntaxHelpers.ExcludesOnlyFatalOrCancellation(catchClause.Filter);

        private static bool CatchesEverythingSyntactically(BlockSyntax body)
        {
            TryStatementSyntax? tryStatement = OuterTry(body, allowTrailing: true);
            if (tryStatement is null)
            {
                return false;
            }

            foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
            {
                if ((!Throws(catchClause) || (PassesCaughtException(catchClause) && ThrowsOnlyTheCaught(catchClause))) && IsCatchAllDeclaration(catchClause.Declaration)
                    && FilterLetsAllThrough(catchClause))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>'Task.Delay(...)', '_time.SafeDelay(...)', optionally followed by ConfigureAwait(false) or an argument-less context helper.</summary>
        private static bool IsDelay(ExpressionSyntax expression)
        {
            while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
            {
                string name = access.Name.Identifier.ValueText;
                if (name.EndsWith("Delay", System.StringComparison.Ordinal))
                {
                    return true;
                }

                if (call.ArgumentList.Arguments.Count > 1 || !(access.Expression is InvocationExpressionSyntax))
                {
                    return false;
                }

                expression = access.Expression;
            }

            return false;
        }

        private static bool HasCall(SyntaxNode node, bool allowStateQueries = false)
        {
            foreach (SyntaxNode inner in node.DescendantNodesAndSelf())
            {
                if (inner is AwaitExpressionSyntax || (inner is InvocationExpressionSyntax call && !(allowStateQueries && IsOwnStateQuery(call))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'IsOpen()', 'this.HasStarted()': the type's own argument-less state query in a leading guard
        /// ('if (!IsOpen()) return;') reads a flag, it does not do the work.
        /// </summary>
        private static bool IsOwnStateQuery(InvocationExpressionSyntax call)
        {
            if (call.ArgumentList.Arguments.Count != 0)
            {
                return false;
            }

            string? name = call.Expression switch
            {
                IdentifierNameSyntax own => own.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
                _ => null,
            };

            return name != null && name.Length > 2
                && (SyntaxHelpers.StartsWithWord(name, "Is") || SyntaxHelpers.StartsWithWord(name, "Has") || SyntaxHelpers.StartsWithWord(name, "Can"));
        }

        /// <summary>The catch hands the caught exception to a call (a logger, TrySetException, a reporter): the fault is seen.</summary>
        private static bool PassesCaughtException(CatchClauseSyntax catchClause)
        {
            string? name = catchClause.Declaration?.Identifier.ValueText;
            if (string.IsNullOrEmpty(name))
            {
                return false;
            }

            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax)))
            {
                if (node is ArgumentSyntax { Expression: IdentifierNameSyntax id, Parent.Parent: InvocationExpressionSyntax } && id.Identifier.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every throw in the catch rethrows the caught exception ('throw;', 'throw e;', 'throw new X("...", e)'): having
        /// logged it, nothing new escapes. A new exception without it ('throw new("Maximum error count reached")') does.
        /// </summary>
        private static bool ThrowsOnlyTheCaught(CatchClauseSyntax catchClause)
        {
            string? name = catchClause.Declaration?.Identifier.ValueText;
            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                ExpressionSyntax? thrown = node switch
                {
                    ThrowStatementSyntax statement => statement.Expression,
                    ThrowExpressionSyntax expression => expression.Expression,
                    _ => null,
                };

                if (!SyntaxHelpers.IsShippedThrow(node) || thrown is null
                    || (thrown is IdentifierNameSyntax id && id.Identifier.ValueText == name))
                {
                    continue;
                }

                ArgumentListSyntax? arguments = (thrown as BaseObjectCreationExpressionSyntax)?.ArgumentList;
                bool carries = false;
                if (arguments != null && !string.IsNullOrEmpty(name))
                {
                    foreach (ArgumentSyntax argument in arguments.Arguments)
                    {
                        carries |= argument.Expression is IdentifierNameSyntax passed && passed.Identifier.ValueText == name;
                    }
                }

                if (!carries)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Throws(CatchClauseSyntax catchClause)
        {
            foreach (SyntaxNode node in catchClause.Block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (SyntaxHelpers.IsShippedThrow(node))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The try that guards the body: after leading declarations and plain assignments (no calls), the first statement is
        /// a try with catches, or the last statement is a loop / using / try-finally whose body is guarded the same way.
        /// With <paramref name="allowTrailing"/> (a callee read from source), statements after the guarding try are allowed:
        /// the body's work is guarded, what follows is bookkeeping.
        /// </summary>
        private static TryStatementSyntax? OuterTry(BlockSyntax body, bool allowTrailing = false)
        {
            SyntaxList<StatementSyntax> statements = body.Statements;
            while (true)
            {
                int first = 0;
                while (first < statements.Count && IsHarmlessLeadingStatement(statements[first]))
                {
                    first++;
                }

                if (first >= statements.Count)
                {
                    return null;
                }

                StatementSyntax current = statements[first];
                bool isLast = first == statements.Count - 1;

                // Trailing statements are bookkeeping only without an await: 'await consumer.CommitAsync();' after the
                // guarded part is work that can fault (phase 23, a telemetry exporter's consumer loop ended silently).
                if (!isLast && (!allowTrailing || HasTrailingAwait(statements, first)))
                {
                    return null;
                }

                if (current is TryStatementSyntax { Catches.Count: > 0 } guarded)
                {
                    return guarded;
                }

                // A loop header that awaits or calls ('await foreach (var x in consumer.ConsumeAsync(token))') runs outside
                // the try of its body and can fault there.
                if (allowTrailing && LoopHeaderCanFault(current))
                {
                    return null;
                }

                switch (current)
                {
                    case WhileStatementSyntax { Statement: BlockSyntax loopBody }:
                        statements = loopBody.Statements;
                        continue;
                    case UsingStatementSyntax { Statement: BlockSyntax usingBody }:
                        statements = usingBody.Statements;
                        continue;
                    case TryStatementSyntax { Catches.Count: 0, Block: { } tryBody }:
                        statements = tryBody.Statements; // try { try { ... } catch { ... } } finally { ... }
                        continue;
                    case ForEachStatementSyntax { Statement: BlockSyntax eachBody }:
                        statements = eachBody.Statements;
                        continue;
                    case ForStatementSyntax { Statement: BlockSyntax forBody }:
                        statements = forBody.Statements;
                        continue;
                    case DoStatementSyntax { Statement: BlockSyntax doBody }:
                        statements = doBody.Statements;
                        continue;
                    default:
                        return null;
                }
            }
        }

        private static bool HasTrailingAwait(SyntaxList<StatementSyntax> statements, int index)
        {
            for (int i = index + 1; i < statements.Count; i++)
            {
                foreach (SyntaxNode node in statements[i].DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    // 'await Task.CompletedTask;' / 'await Task.Yield();' at the end of a guarded body waits on nothing that can fault.
                    if (node is AwaitExpressionSyntax { Expression: var awaitedExpression } && (IsCompletedTaskExpression(awaitedExpression)
                        || awaitedExpression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Yield" } }))
                    {
                        continue;
                    }

                    if (SyntaxHelpers.IsAwaitPoint(node))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // A loop header that only waits for the next tick or item ('while (await timer.WaitForNextTickAsync(token))',
        // 'while (await reader.WaitToReadAsync(token))', 'await foreach (var x in reader.ReadAllAsync(token))', also through
        // ConfigureAwait / WithCancellation) ends by cancellation or completion; anything else awaited or called there can fault.
        private static bool LoopHeaderCanFault(StatementSyntax loop) => loop switch
        {
            ForEachStatementSyntax each => !IsQuietWait(each.Expression) && (each.AwaitKeyword.RawKind != 0 || HasCall(each.Expression, allowStateQueries: true)),
            WhileStatementSyntax whileLoop => !IsQuietWait(whileLoop.Condition) && HasCall(whileLoop.Condition, allowStateQueries: true),
            DoStatementSyntax doLoop => !IsQuietWait(doLoop.Condition) && HasCall(doLoop.Condition, allowStateQueries: true),
            _ => false,
        };

        private static bool IsQuietWait(ExpressionSyntax expression)
        {
            if (expression is AwaitExpressionSyntax awaited)
            {
                expression = awaited.Expression;
            }

            while (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "WithCancellation", Expression: var inner } })
            {
                expression = inner;
            }

            return expression is InvocationExpressionSyntax call && !HasCall(call.ArgumentList, allowStateQueries: true)
                && SyntaxHelpers.CalledName(call) is "WaitForNextTickAsync" or "WaitToReadAsync" or "ReadAllAsync";
        }

        /// <summary>
        /// A local declaration, an assignment of a value computed without a call ('Running = true;'), a guard that leaves
        /// ('if (stopping) break;') or a log line ('_log.Debug("Starting")').
        /// </summary>
        private static bool IsHarmlessLeadingStatement(StatementSyntax statement)
        {
            switch (statement)
            {
                case LocalDeclarationStatementSyntax _:
                    return true;
                case IfStatementSyntax { Else: null, Statement: BreakStatementSyntax or ReturnStatementSyntax { Expression: null } or ContinueStatementSyntax } guard:
                    return !HasCall(guard.Condition, allowStateQueries: true);
                case IfStatementSyntax { Else: null, Statement: BlockSyntax { Statements: { Count: > 0 } exitBlock } } loggedGuard
                    when exitBlock[exitBlock.Count - 1] is BreakStatementSyntax or ReturnStatementSyntax { Expression: null } or ContinueStatementSyntax
                         && !HasCall(loggedGuard.Condition, allowStateQueries: true):
                    // 'if (disposed) { _logger.LogTrace("Discarding"); return; }'
                    for (int i = 0; i < exitBlock.Count - 1; i++)
                    {
                        if (!IsHarmlessLeadingStatement(exitBlock[i]))
                        {
                            return false;
                        }
                    }

                    return true;
                case ExpressionStatementSyntax { Expression: AwaitExpressionSyntax delay } when IsDelay(delay.Expression):
                    return true; // 'await Task.Delay(wait, token)': a pause before the work (cancellation cancels, it does not fault)
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ThrowIfCancellationRequested" } } }:
                    return true;
                case IfStatementSyntax choice when !HasCall(choice.Condition):
                    // 'if (proxy) buffer = new byte[n]; else buffer = new byte[m];'
                    return IsHarmlessLeadingStatement(choice.Statement) && (choice.Else is null || IsHarmlessLeadingStatement(choice.Else.Statement));
                case BlockSyntax block:
                    foreach (StatementSyntax inner in block.Statements)
                    {
                        if (!IsHarmlessLeadingStatement(inner))
                        {
                            return false;
                        }
                    }

                    return true;
                case ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } logCall } }
                    when receiver.Identifier.ValueText.IndexOf("log", System.StringComparison.OrdinalIgnoreCase) >= 0
                         && logCall.Name.Identifier.ValueText.Length > 0:
                    return true;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment }:
                    foreach (SyntaxNode node in assignment.Right.DescendantNodesAndSelf())
                    {
                        if (node is InvocationExpressionSyntax || node is AwaitExpressionSyntax || node is ObjectCreationExpressionSyntax)
                        {
                            return false; // (an array creation only allocates: allowed)
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
