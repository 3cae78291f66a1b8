using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL307 (audit level): concurrency or buffering with no ceiling, in shapes whose real-code precision is not proven
    /// enough for REL305's warning: TPL Dataflow options set to DataflowBlockOptions.Unbounded, a SemaphoreSlim created
    /// with int.MaxValue permits, Task.WhenAll over one task per input item built by a non-async Select or by a loop of
    /// Add, a dedicated Thread per accepted connection, and server accept loops that start work per connection with no gate.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL307UnboundedConcurrencyAuditAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "Dataflow", "Semaphore", "WhenAll", "Thread" or "Accept".</summary>
        public const string KindProperty = "Kind";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnboundedConcurrencyAudit,
            title: "Concurrency or buffering with no limit (audit)",
            messageFormat: "{0}, so nothing limits how much runs or waits at once. " +
                           "A burst of input then grows threads, memory or load on the downstream service without a ceiling. " +
                           "{1}.",
            description: "Audit-level companion of REL305: TPL Dataflow blocks with DataflowBlockOptions.Unbounded capacity or parallelism, " +
                         "a SemaphoreSlim created with int.MaxValue permits, Task.WhenAll over one task per input item (a non-async Select, " +
                         "a loop of Add), a dedicated Thread per accepted connection, and server accept loops that start work per connection with no gate.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private sealed class Types
        {
            public INamedTypeSymbol Task = null!;
            public INamedTypeSymbol? Enumerable;
            public INamedTypeSymbol? DataflowOptions;
            public INamedTypeSymbol? Semaphore;
            public INamedTypeSymbol? Thread;
            public INamedTypeSymbol? RateLimiter;
            public INamedTypeSymbol? ChannelWriter;
            public INamedTypeSymbol? TaskFactory;
            public INamedTypeSymbol? ThreadPool;
            public INamedTypeSymbol? TcpListener;
            public INamedTypeSymbol? Socket;
            public INamedTypeSymbol? HttpListener;
            public ImmutableArray<INamedTypeSymbol> ConnectionTypes;
        }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                INamedTypeSymbol? task = known.Get("System.Threading.Tasks.Task");
                if (task is null)
                {
                    return;
                }

                ImmutableArray<INamedTypeSymbol>.Builder connections = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
                foreach (string name in new[] { "System.Net.Sockets.TcpClient", "System.Net.Sockets.Socket", "System.Net.HttpListenerContext", "System.Net.WebSockets.WebSocket" })
                {
                    INamedTypeSymbol? type = known.Get(name);
                    if (type != null)
                    {
                        connections.Add(type);
                    }
                }

                var types = new Types
                {
                    Task = task,
                    Enumerable = known.Get("System.Linq.Enumerable"),
                    DataflowOptions = known.Get("System.Threading.Tasks.Dataflow.DataflowBlockOptions"),
                    Semaphore = known.Get("System.Threading.SemaphoreSlim"),
                    Thread = known.Get("System.Threading.Thread"),
                    RateLimiter = known.Get("System.Threading.RateLimiting.RateLimiter"),
                    ChannelWriter = known.Get("System.Threading.Channels.ChannelWriter`1"),
                    TaskFactory = known.Get("System.Threading.Tasks.TaskFactory"),
                    ThreadPool = known.Get("System.Threading.ThreadPool"),
                    TcpListener = known.Get("System.Net.Sockets.TcpListener"),
                    Socket = known.Get("System.Net.Sockets.Socket"),
                    HttpListener = known.Get("System.Net.HttpListener"),
                    ConnectionTypes = connections.ToImmutable(),
                };

                if (types.DataflowOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
                }

                start.RegisterOperationAction(c => AnalyzeCreation(c, types), OperationKind.ObjectCreation);
                start.RegisterOperationAction(c =>
                {
                    AnalyzeWhenAll(c, types);
                    AnalyzeAccept(c, types);
                    AnalyzeMigrationParallelLoop(c);
                }, OperationKind.Invocation);
            });
        }

        /// <summary>
        /// REL305's Parallel.For / ForEach over blocking I/O without ParallelOptions, in migration code (phase 25, a
        /// job-storage library's schema step): it runs once, at start-up or on deployment, so REL305 leaves it to the audit.
        /// </summary>
        private static void AnalyzeMigrationParallelLoop(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.ContainingType?.Name == "Parallel" && StartupCode.IsInMigrationCode(context.ContainingSymbol)
                && REL305UnboundedFanOutAnalyzer.IsUnboundedBlockingParallelLoop(invocation))
            {
                Report(context, invocation, "Parallel", "Parallel." + invocation.TargetMethod.Name + " runs I/O-bound work in migration code with no ParallelOptions",
                    "Pass ParallelOptions with a MaxDegreeOfParallelism, or use Parallel.ForEachAsync with a limit");
            }
        }

        private static void Report(OperationAnalysisContext context, IOperation operation, string kind, string what, string fix) =>
            context.ReportDiagnostic(Diagnostic.Create(
                Rule, operation.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind), what, fix));

        /// <summary>BoundedCapacity / MaxDegreeOfParallelism = DataflowBlockOptions.Unbounded (-1) on Dataflow options.</summary>
        private static void AnalyzeAssignment(OperationAnalysisContext context, Types types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IPropertyReferenceOperation property)
                || !(property.Property.Name == "BoundedCapacity" || property.Property.Name == "MaxDegreeOfParallelism")
                || !property.Property.ContainingType.InheritsFromOrEquals(types.DataflowOptions)
                || !(assignment.Value.ConstantValue.HasValue && assignment.Value.ConstantValue.Value is int value && value == -1))
            {
                return;
            }

            if (property.Property.Name == "BoundedCapacity")
            {
                Report(context, assignment, "Dataflow", "BoundedCapacity = DataflowBlockOptions.Unbounded lets the block buffer any number of messages",
                    "Set BoundedCapacity to the backlog you can hold and post with SendAsync, which waits when the block is full");
            }
            else
            {
                Report(context, assignment, "Dataflow", "MaxDegreeOfParallelism = DataflowBlockOptions.Unbounded lets the block process any number of messages at once",
                    "Set MaxDegreeOfParallelism to what the downstream service can take, such as Environment.ProcessorCount");
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, Types types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            ITypeSymbol? type = creation.Type;
            if (type is null)
            {
                return;
            }

            if (types.Semaphore != null && SymbolEqualityComparer.Default.Equals(type, types.Semaphore))
            {
                // new SemaphoreSlim(int.MaxValue[, int.MaxValue]): a gate that never closes.
                if (creation.Arguments.Length > 0 && IsIntMax(creation.Arguments[0].Value))
                {
                    Report(context, creation, "Semaphore", "new SemaphoreSlim(int.MaxValue) starts with int.MaxValue permits and never makes a caller wait",
                        "Size the semaphore for the concurrency the protected resource can take, such as new SemaphoreSlim(32, 32)");
                }

                return;
            }

            if (types.Thread != null && SymbolEqualityComparer.Default.Equals(type, types.Thread) && IsThreadPerConnection(creation, types))
            {
                Report(context, creation, "Thread", "A dedicated Thread is started for each accepted connection",
                    "Serve connections with async I/O on the thread pool, gated by a SemaphoreSlim sized for the maximum connections");
            }
        }

        private static bool IsIntMax(IOperation value) =>
            ResourceHelpers.SkipConversions(value).ConstantValue is { HasValue: true, Value: int i } && i == int.MaxValue;

        /// <summary>new Thread(() => Serve(client)) where client is a connection, in a type that accepts connections.</summary>
        private static bool IsThreadPerConnection(IObjectCreationOperation creation, Types types)
        {
            if (creation.Arguments.Length == 0)
            {
                return false;
            }

            IOperation start = ResourceHelpers.SkipConversions(creation.Arguments[0].Value);
            if (start is IDelegateCreationOperation delegateCreation)
            {
                start = delegateCreation.Target;
            }

            bool perConnection = false;
            if (start is IAnonymousFunctionOperation lambda)
            {
                foreach (IOperation descendant in lambda.Body.Descendants())
                {
                    if ((descendant is ILocalReferenceOperation || descendant is IParameterReferenceOperation) && IsConnection(descendant.Type, types)
                        && !IsDeclaredInside(descendant, lambda))
                    {
                        perConnection = true;
                        break;
                    }
                }
            }
            else if (start is IMethodReferenceOperation)
            {
                // new Thread(Serve).Start(client)
                perConnection = StartedWithConnection(creation, types);
            }

            return perConnection && !InsideAcceptLoop(creation) && TypeAcceptsConnections(creation);
        }

        /// <summary>A thread started inside the accept loop itself is reported as the accept loop's finding (<see cref="AnalyzeAccept"/>).</summary>
        private static bool InsideAcceptLoop(IOperation creation)
        {
            for (SyntaxNode? node = creation.Syntax.Parent; node != null; node = node.Parent)
            {
                if (SyntaxHelpers.IsLoop(node))
                {
                    return ContainsAccept(node);
                }

                if (node is MemberDeclarationSyntax || node is AnonymousFunctionExpressionSyntax || node is LocalFunctionStatementSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        private static bool IsDeclaredInside(IOperation reference, IAnonymousFunctionOperation lambda) =>
            reference is ILocalReferenceOperation local && local.Local.DeclaringSyntaxReferences.Length > 0
            && lambda.Syntax.Span.Contains(local.Local.DeclaringSyntaxReferences[0].Span)
            || reference is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, lambda.Symbol);

        private static bool StartedWithConnection(IObjectCreationOperation creation, Types types)
        {
            // var t = new Thread(Serve); t.Start(client);  /  new Thread(Serve).Start(client);
            IOperation current = creation;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is IInvocationOperation { TargetMethod.Name: "Start" } started)
            {
                return started.Arguments.Length == 1 && IsConnection(ResourceHelpers.SkipConversions(started.Arguments[0].Value).Type, types);
            }

            if (!(current.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }))
            {
                return false;
            }

            IOperation root = creation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation { TargetMethod.Name: "Start", Instance: ILocalReferenceOperation local } start
                    && SymbolEqualityComparer.Default.Equals(local.Local, declarator.Symbol)
                    && start.Arguments.Length == 1 && IsConnection(ResourceHelpers.SkipConversions(start.Arguments[0].Value).Type, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConnection(ITypeSymbol? type, Types types)
        {
            foreach (INamedTypeSymbol connection in types.ConnectionTypes)
            {
                if (type.InheritsFromOrEquals(connection))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type that creates the thread also accepts connections (a server, not a client's reader thread).</summary>
        private static bool TypeAcceptsConnections(IOperation operation)
        {
            TypeDeclarationSyntax? type = operation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            return type != null && ContainsAccept(type);
        }

        private static bool ContainsAccept(SyntaxNode scope)
        {
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax access)
                {
                    switch (access.Name.Identifier.ValueText)
                    {
                        case "AcceptTcpClient":
                        case "AcceptTcpClientAsync":
                        case "AcceptSocket":
                        case "AcceptSocketAsync":
                        case "Accept":
                        case "AcceptAsync":
                        case "GetContext":
                        case "GetContextAsync":
                        case "AcceptWebSocketAsync":
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A server accept loop (TcpListener, Socket, HttpListener) that starts a task or thread per connection with nothing
        /// gating it. Audit level: on real code these were proxy, DNS and game servers whose connection cap is a deployment
        /// choice, never a clear defect.
        /// </summary>
        private static void AnalyzeAccept(OperationAnalysisContext context, Types types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!AcceptLoops.IsAccept(invocation.TargetMethod, types.TcpListener, types.Socket, types.HttpListener) || !ResourceHelpers.InsideLoop(invocation)
                || AcceptLoops.IsLocalIpcSocket(invocation, types.Socket))
            {
                return;
            }

            IOperation? loop = AcceptLoops.EnclosingLoop(invocation);
            if (loop != null && AcceptLoops.StartsWorkPerIteration(loop, types.Task, types.TaskFactory, types.Thread, types.ThreadPool, out IOperation? spawn)
                && !AcceptLoops.HasGate(loop, types.Semaphore, types.RateLimiter, types.ChannelWriter))
            {
                Report(context, spawn!, "Accept", "An accept loop starts a task or thread per connection",
                    "Gate the loop with a SemaphoreSlim sized for the maximum connections (wait before accepting, release when the connection ends)");
            }
        }

        private static void AnalyzeWhenAll(OperationAnalysisContext context, Types types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "WhenAll" || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Task) || invocation.Arguments.Length != 1)
            {
                return;
            }

            IOperation value = ResourceHelpers.SkipConversions(invocation.Arguments[0].Value);
            if (value is IArrayCreationOperation array && array.Initializer != null && array.Initializer.ElementValues.Length == 1)
            {
                value = ResourceHelpers.SkipConversions(array.Initializer.ElementValues[0]); // params wrapping
            }

            if (value is IInvocationOperation toList && (toList.TargetMethod.Name == "ToList" || toList.TargetMethod.Name == "ToArray")
                && SymbolEqualityComparer.Default.Equals(toList.TargetMethod.ContainingType, types.Enumerable) && toList.Arguments.Length == 1)
            {
                value = ResourceHelpers.SkipConversions(toList.Arguments[0].Value);
            }

            if (value is IInvocationOperation select && IsSyncTaskSelectOverUnknownInput(select, types))
            {
                Report(context, invocation, "WhenAll", "Task.WhenAll starts one task per input item (a Select that returns a task for each) all at once",
                    "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate each call with a SemaphoreSlim");
                return;
            }

            if (value is ILocalReferenceOperation selected && IsSyncTaskSelectOverUnknownInput(InitializerOf(invocation, selected.Local, types), types))
            {
                // var tasks = items.Select(i => CallAsync(i)).ToList(); await Task.WhenAll(tasks);
                Report(context, invocation, "WhenAll", "Task.WhenAll starts one task per input item (a Select that returns a task for each) all at once",
                    "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate each call with a SemaphoreSlim");
                return;
            }

            if (value is ILocalReferenceOperation local && IsFilledByUngatedLoop(invocation, local.Local, types))
            {
                Report(context, invocation, "WhenAll", "Task.WhenAll waits for a list filled with one task per item of a loop, all started at once",
                    "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate each call with a SemaphoreSlim");
            }
        }

        /// <summary>The Select (under an optional ToList/ToArray) a local is declared with, when it is never reassigned before the call.</summary>
        private static IInvocationOperation? InitializerOf(IInvocationOperation whenAll, ILocalSymbol local, Types types)
        {
            if (local.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            IOperation root = whenAll;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            IInvocationOperation? found = null;
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                    && declarator.Initializer != null)
                {
                    IOperation value = ResourceHelpers.SkipConversions(declarator.Initializer.Value);
                    if (value is IInvocationOperation toList && (toList.TargetMethod.Name == "ToList" || toList.TargetMethod.Name == "ToArray")
                        && SymbolEqualityComparer.Default.Equals(toList.TargetMethod.ContainingType, types.Enumerable) && toList.Arguments.Length == 1)
                    {
                        value = ResourceHelpers.SkipConversions(toList.Arguments[0].Value);
                    }

                    found = value as IInvocationOperation;
                }
                else if (descendant is ISimpleAssignmentOperation { Target: ILocalReferenceOperation assigned }
                    && SymbolEqualityComparer.Default.Equals(assigned.Local, local))
                {
                    return null;
                }
            }

            return found;
        }

        /// <summary>source.Select(x => CallAsync(x)) or source.Select(CallAsync): non-async selector returning a task (REL305 owns async lambdas).</summary>
        private static bool IsSyncTaskSelectOverUnknownInput(IInvocationOperation? select, Types types)
        {
            if (select is null || select.TargetMethod.Name != "Select" || !SymbolEqualityComparer.Default.Equals(select.TargetMethod.ContainingType, types.Enumerable)
                || select.Arguments.Length != 2)
            {
                return false;
            }

            IOperation selector = ResourceHelpers.SkipConversions(select.Arguments[1].Value);
            if (selector is IDelegateCreationOperation delegateCreation)
            {
                selector = delegateCreation.Target;
            }

            bool returnsTask = selector switch
            {
                // An async lambda that calls no outbound client is not REL305's warning: it is reported here.
                IAnonymousFunctionOperation { Symbol.IsAsync: true } asyncLambda => !REL305UnboundedFanOutAnalyzer.CallsOutbound(asyncLambda.Body, false)
                    && AwaitsSomething(asyncLambda),
                IAnonymousFunctionOperation lambda => lambda.Symbol.ReturnType.InheritsFromOrEquals(types.Task)
                    && !StartsOnlyCpuWork(lambda),
                IMethodReferenceOperation reference => reference.Method.ReturnType.InheritsFromOrEquals(types.Task),
                _ => false,
            };

            return returnsTask && !IsBoundedSource(ResourceHelpers.SkipConversions(select.Arguments[0].Value));
        }

        private static bool AwaitsSomething(IAnonymousFunctionOperation lambda)
        {
            foreach (IOperation descendant in lambda.Body.Descendants())
            {
                if (descendant is IAwaitOperation)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Task.Run(async () => ...) / Task.Run(() => CallAsync()): the delegate returns a task, so the pool does not bound the I/O.</summary>
        private static bool RunsAsyncWork(IInvocationOperation run, Types types) =>
            run.TargetMethod.Parameters.Length > 0 && run.TargetMethod.Parameters[0].Type is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
            && invoke.ReturnType.InheritsFromOrEquals(types.Task);

        /// <summary>x => Task.Run(() => Compute(x)) is CPU fan-out on the pool (the pool itself bounds it).</summary>
        private static bool StartsOnlyCpuWork(IAnonymousFunctionOperation lambda)
        {
            foreach (IOperation descendant in lambda.Body.Descendants())
            {
                if (descendant is IInvocationOperation call && call.TargetMethod.Name != "Run" && call.TargetMethod.Name != "FromResult"
                    && !(call.TargetMethod.ContainingType?.Name == "Task"))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsBoundedSource(IOperation source) =>
            source is IArrayCreationOperation || source is IObjectCreationOperation { Initializer: not null }
            || source.Kind.ToString() == "CollectionExpression"
            || source is IInvocationOperation { TargetMethod.Name: "Range" or "Repeat" }
            || source is IInvocationOperation { TargetMethod.Name: "Take", Arguments.Length: 2 } take
               && ResourceHelpers.SkipConversions(take.Arguments[1].Value).ConstantValue.HasValue;

        /// <summary>tasks.Add(CallAsync(x)) inside a loop over input of unknown size, with no gate or batching in that loop.</summary>
        private static bool IsFilledByUngatedLoop(IInvocationOperation whenAll, ILocalSymbol tasks, Types types)
        {
            IOperation root = whenAll;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            foreach (IOperation descendant in root.Descendants())
            {
                if (!(descendant is IInvocationOperation { TargetMethod.Name: "Add", Instance: ILocalReferenceOperation target } add)
                    || !SymbolEqualityComparer.Default.Equals(target.Local, tasks) || add.Arguments.Length != 1
                    || add.Syntax.SpanStart > whenAll.Syntax.SpanStart)
                {
                    continue;
                }

                IOperation added = ResourceHelpers.SkipConversions(add.Arguments[0].Value);
                if (!added.Type.InheritsFromOrEquals(types.Task)
                    || added is IInvocationOperation { TargetMethod.Name: "Run" } run && SymbolEqualityComparer.Default.Equals(run.TargetMethod.ContainingType, types.Task)
                       && !RunsAsyncWork(run, types))
                {
                    continue;
                }

                ILoopOperation? loop = EnclosingLoop(add);
                if (loop is null || IsFixedCountLoop(loop) || HasGateOrBatch(loop, types))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        private static ILoopOperation? EnclosingLoop(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is ILoopOperation loop)
                {
                    return loop;
                }

                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>for (var i = 0; i &lt; 4; i++) or foreach over a literal / Range: a fixed number of workers.</summary>
        private static bool IsFixedCountLoop(ILoopOperation loop)
        {
            if (loop is IForLoopOperation forLoop && forLoop.Condition is IBinaryOperation condition)
            {
                return ResourceHelpers.SkipConversions(condition.RightOperand).ConstantValue.HasValue
                    || condition.RightOperand is IPropertyReferenceOperation { Property.Name: "ProcessorCount" };
            }

            if (loop is IForEachLoopOperation forEach)
            {
                return IsBoundedSource(ResourceHelpers.SkipConversions(forEach.Collection));
            }

            return false;
        }

        /// <summary>A semaphore, rate limiter or channel in the loop, or batching (WhenAll/WhenAny inside the loop).</summary>
        private static bool HasGateOrBatch(ILoopOperation loop, Types types)
        {
            foreach (IOperation descendant in loop.Body.Descendants())
            {
                if (descendant is IInvocationOperation call)
                {
                    INamedTypeSymbol type = call.TargetMethod.ContainingType;
                    if (SymbolEqualityComparer.Default.Equals(type, types.Semaphore)
                        || type.InheritsFromOrEquals(types.RateLimiter)
                        || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, types.ChannelWriter)
                        || (SymbolEqualityComparer.Default.Equals(type, types.Task) && (call.TargetMethod.Name == "WhenAll" || call.TargetMethod.Name == "WhenAny")))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
