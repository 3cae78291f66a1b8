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
            var readsInput = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
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
                                if (work == AwaitedWork.SelfHandling && ClassifyAwaitedWork(body, tasks, block.CancellationToken, readsInput: true) == AwaitedWork.Unguarded)
                                {
                                    readsInput.TryAdd(owner, true);
                                }
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
                    bool eventHandler = attached.ContainsKey(method) || IsEventHandlerSignature(method.Parameters, eventArgs);
                    if (work == AwaitedWork.SelfHandling && !(eventHandler && readsInput.ContainsKey(method)))
                    {
                        continue;
                    }

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

                if (GuardedBodies.IsWhollyGuarded(syntax))
                {
                    return;
                }

                ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindMethod);
                report(Diagnostic.Create(rule, identifier.GetLocation(), properties, "'" + method.Name + "'"));
                return;
            }
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

            // 'public abstract void Execute();' on the solution's own 'Command : ICommand', which adapts the framework's void
            // 'ICommand.Execute(object)': the void of its overrides comes from the framework too (phase 23, an MVVM library's
            // AsyncCommand). The root of the override chain must share the name of a void member of an outside interface.
            if (method.IsOverride && RootOf(method) is { ReturnsVoid: true, ContainingType: { } baseType } root)
            {
                foreach (INamedTypeSymbol @interface in baseType.AllInterfaces)
                {
                    foreach (ISymbol member in @interface.GetMembers(root.Name))
                    {
                        if (member is IMethodSymbol { ReturnsVoid: true } framework && DeclaredOutsideTheSolution(framework, tasks))
                        {
                            return false;
                        }
                    }
                }
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

        private static IMethodSymbol RootOf(IMethodSymbol method)
        {
            IMethodSymbol root = method;
            for (int guard = 0; root.OverriddenMethod is { } next && guard < 16; guard++)
            {
                root = next;
            }

            return root;
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
        /// <param name="readsInput">
        /// For event handlers (REL129, audit level): reading the event's payload (deserializing, parsing a document) can fail
        /// too — a poison message crashes the process from an async void handler (phase 25, a recall probe's queue consumer).
        /// </param>
        private static AwaitedWork ClassifyAwaitedWork(IOperation body, ObservedTaskTypes tasks, System.Threading.CancellationToken cancellationToken, bool readsInput = false)
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
                        if (!IsNonDispatchingSyncCall(invocation.TargetMethod, tasks, cancellationToken) || (readsInput && ParsesInput(invocation.TargetMethod)))
                        {
                            return AwaitedWork.Unguarded;
                        }

                        break;
                }
            }

            return awaits == 0 ? AwaitedWork.Unguarded : anotherProject ? AwaitedWork.AnotherProject : AwaitedWork.SelfHandling;
        }

        /// <summary>'JsonConvert.DeserializeObject', 'JsonSerializer.Deserialize', 'JObject.Parse', 'JsonDocument.Parse', 'XDocument.Parse'.</summary>
        private static bool ParsesInput(IMethodSymbol method)
        {
            if (method.Name.StartsWith("Deserialize", System.StringComparison.Ordinal))
            {
                return true;
            }

            string? type = method.ContainingType?.Name;
            return method.Name == "Parse" && type != null
                && (type.StartsWith("Json", System.StringComparison.Ordinal) || type == "JObject" || type == "JToken" || type == "JArray"
                    || type == "XDocument" || type == "XElement");
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
            if (GuardedBodies.IsWhollyGuarded(function.Syntax))
            {
                return;
            }

            AwaitedWork work = tasks is null ? AwaitedWork.Unguarded : ClassifyAwaitedWork(function.Body, tasks, context.CancellationToken, readsInput: eventHandler);
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
