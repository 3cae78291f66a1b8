using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL201: an AddHttpClient / AddGrpcClient registration whose builder chain adds no resilience handler while no
    /// ConfigureHttpClientDefaults in the compilation adds one. Registrations are collected per compilation and reported
    /// at its end, because a ConfigureHttpClientDefaults anywhere in the project covers them all.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL201HttpClientWithoutResilienceAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>"true" when Microsoft.Extensions.Http.Resilience is referenced, so the fix can add the standard handler.</summary>
        public const string CanAddStandardHandlerProperty = "CanAddStandardHandler";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.HttpClientWithoutResilience,
            title: "HTTP client registered without a resilience handler",
            messageFormat: "The client registered by '{0}' has no retry, circuit breaker or timeout handler. " +
                           "When the remote service fails or slows down, every caller waits on it and the outage spreads to this service. " +
                           "Add '.AddStandardResilienceHandler()' (or a policy handler) to the registration, or one for all clients in ConfigureHttpClientDefaults.",
            description: "HttpClientFactory and gRPC client registrations should carry a resilience handler (retry with backoff, circuit breaker, timeouts) so a failing dependency cannot take the caller down with it.",
            // Audit level: over 150 real code bases none of its findings was a defect a reviewer would fix (library
            // registrations, loopback and sidecar clients, consumers with their own timeouts and attempts).
            defaultSeverity: DiagnosticSeverity.Info,
            WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var apis = ResilienceApis.For(start.Compilation);
                if (apis.HttpClientFactoryExtensions is null || apis.HttpClientBuilder is null)
                {
                    return;
                }

                // Defaults may be configured in a referenced project (for example Aspire's ServiceDefaults): when a
                // non-framework assembly this project uses references a resilience package, the registration is not
                // visible here and the rule stays quiet.
                if (ReferencesResilienceElsewhere(start.Compilation))
                {
                    return;
                }

                var state = new CompilationState(apis, apis.ResilienceHandlerExtensions != null);
                start.RegisterOperationAction(state.AnalyzeInvocation, OperationKind.Invocation);
                start.RegisterCompilationEndAction(state.Report);
            });
        }

        private static bool ReferencesResilienceElsewhere(Compilation compilation)
        {
            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                string name = assembly.Name;
                if (name.StartsWith("Microsoft.", System.StringComparison.Ordinal) || name.StartsWith("System", System.StringComparison.Ordinal)
                    || name.StartsWith("Polly", System.StringComparison.Ordinal) || name == "netstandard" || name == "mscorlib")
                {
                    continue;
                }

                foreach (IModuleSymbol module in assembly.Modules)
                {
                    foreach (AssemblyIdentity reference in module.ReferencedAssemblies)
                    {
                        if (reference.Name == ResilienceApis.HttpResilienceAssembly || reference.Name == ResilienceApis.HttpPollyAssembly)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Does this builder chain (starting at the registration) add a handler, or hand the builder on? The project's
        /// own builder extensions met on the way are collected: whether they add a handler is known at compilation end.
        /// </summary>
        internal static bool ChainIsCoveredOrEscapes(IOperation registration, System.Collections.Generic.List<IMethodSymbol> sourceExtensions)
        {
            IOperation current = registration;
            while (true)
            {
                IInvocationOperation? next = ResilienceApis.NextInChain(current);
                if (next is null)
                {
                    break;
                }

                IMethodSymbol method = next.TargetMethod;
                if (ResilienceApis.IsResilienceHandlerMethod(method))
                {
                    return true;
                }

                if (IsSourceMethod(method))
                {
                    sourceExtensions.Add(method.ReducedFrom ?? method.OriginalDefinition);
                }

                current = next;
            }

            // The chain value is discarded: nothing else can add a handler later. Anything else (a local, a return,
            // an argument) hands the builder to code that may add one.
            IOperation? parent = current.Parent;
            while (parent is IConversionOperation conversion && conversion.IsImplicit)
            {
                parent = parent.Parent;
            }

            return !(parent is IExpressionStatementOperation) && !(parent is null);
        }

        private static bool IsSourceMethod(IMethodSymbol method) =>
            !method.DeclaringSyntaxReferences.IsEmpty; // no location array built for metadata methods

        private sealed class Pending
        {
            public Pending(Diagnostic diagnostic, IMethodSymbol[] sourceExtensions)
            {
                Diagnostic = diagnostic;
                SourceExtensions = sourceExtensions;
            }

            public Diagnostic Diagnostic { get; }

            public IMethodSymbol[] SourceExtensions { get; }
        }

        private sealed class CompilationState
        {
            private readonly ResilienceApis _apis;
            private readonly bool _canAddStandard;
            private readonly ConcurrentQueue<Pending> _pending = new ConcurrentQueue<Pending>();

            // Methods (of this project) that add a resilience handler themselves, and calls between the project's
            // methods that take an IHttpClientBuilder: together they tell whether '.AddCompanyDefaults()' adds one.
            private readonly ConcurrentDictionary<ISymbol, byte> _addsHandler = new ConcurrentDictionary<ISymbol, byte>(SymbolEqualityComparer.Default);
            private readonly ConcurrentQueue<(ISymbol Caller, ISymbol Callee)> _calls = new ConcurrentQueue<(ISymbol, ISymbol)>();
            private readonly ConcurrentQueue<IMethodSymbol> _defaultsCallees = new ConcurrentQueue<IMethodSymbol>();
            private int _defaultsAddResilience;

            public CompilationState(ResilienceApis apis, bool canAddStandard)
            {
                _apis = apis;
                _canAddStandard = canAddStandard;
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                if (ResilienceApis.IsResilienceHandlerMethod(method))
                {
                    _addsHandler.TryAdd(context.ContainingSymbol, 0);
                    if (InsideUnboundDefaults(invocation))
                    {
                        Interlocked.Exchange(ref _defaultsAddResilience, 1);
                    }

                    return;
                }

                if (IsSourceMethod(method) && TakesBuilder(method))
                {
                    _calls.Enqueue((context.ContainingSymbol, method.ReducedFrom ?? method.OriginalDefinition));
                }

                string name = method.Name;
                if (name != "AddHttpClient" && name != "AddGrpcClient" && name != "ConfigureHttpClientDefaults")
                {
                    return;
                }

                if (name == "ConfigureHttpClientDefaults")
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, _apis.HttpClientFactoryExtensions))
                    {
                        CollectDefaults(invocation, context.CancellationToken);
                    }

                    return;
                }

                var sourceExtensions = new System.Collections.Generic.List<IMethodSymbol>();
                if (!_apis.IsClientRegistration(method) || !IsSingleDependency(invocation, method)
                    || ChainIsCoveredOrEscapes(invocation, sourceExtensions))
                {
                    return;
                }

                ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                    .Add(CanAddStandardHandlerProperty, _canAddStandard ? "true" : "false");
                string shown = method.IsGenericMethod && method.TypeArguments.Length > 0
                    ? name + "<" + method.TypeArguments[0].Name + ">"
                    : name;
                _pending.Enqueue(new Pending(Diagnostic.Create(Rule, NameLocation(invocation), properties, shown), sourceExtensions.ToArray()));
            }

            /// <summary>
            /// A handler added inside a ConfigureHttpClientDefaults(...) lambda that does not bind yet (code being typed,
            /// or a missing package for another call in the lambda). The bound case is handled by symbol.
            /// </summary>
            private static bool InsideUnboundDefaults(IOperation operation)
            {
                for (IOperation? current = operation.Parent; current != null; current = current.Parent)
                {
                    if (current is IInvalidOperation
                        && current.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call
                        && call.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member
                        && member.Name.Identifier.ValueText == "ConfigureHttpClientDefaults")
                    {
                        return true;
                    }
                }

                return false;
            }

            /// <summary>
            /// The registration stands for one dependency: a typed client (AddHttpClient&lt;T&gt;, AddGrpcClient&lt;T&gt;) or
            /// a named client whose registration sets HttpClient.BaseAddress. A named client with no base address is used
            /// for arbitrary hosts (webhooks, favicons, metadata providers), where one shared breaker would be wrong and
            /// failures are usually handled per call or by a queue; the rule leaves those to review.
            /// </summary>
            private bool IsSingleDependency(IInvocationOperation registration, IMethodSymbol method)
            {
                if (method.IsGenericMethod)
                {
                    return true;
                }

                for (IInvocationOperation? call = registration; call != null; call = ResilienceApis.NextInChain(call))
                {
                    foreach (IArgumentOperation argument in call.Arguments)
                    {
                        foreach (IOperation descendant in argument.Descendants())
                        {
                            if (descendant is ISimpleAssignmentOperation assignment
                                && assignment.Target is IPropertyReferenceOperation property
                                && property.Property.Name == "BaseAddress"
                                && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, _apis.HttpClient))
                            {
                                return true;
                            }
                        }
                    }
                }

                return false;
            }

            private bool TakesBuilder(IMethodSymbol method)
            {
                foreach (IParameterSymbol parameter in (method.ReducedFrom ?? method).Parameters)
                {
                    // string, int, bool...: no interface walk for the common parameter types.
                    if (parameter.Type.SpecialType == SpecialType.None && parameter.Type.IsOrImplements(_apis.HttpClientBuilder))
                    {
                        return true;
                    }
                }

                return false;
            }

            public void Report(CompilationAnalysisContext context)
            {
                // Close over calls: a method that calls one that adds a handler adds one too.
                var adds = new System.Collections.Generic.HashSet<ISymbol>(_addsHandler.Keys, SymbolEqualityComparer.Default);
                bool changed = true;
                while (changed)
                {
                    changed = false;
                    foreach ((ISymbol caller, ISymbol callee) in _calls)
                    {
                        if (adds.Contains(callee) && adds.Add(caller))
                        {
                            changed = true;
                        }
                    }
                }

                if (Volatile.Read(ref _defaultsAddResilience) == 1)
                {
                    return;
                }

                foreach (IMethodSymbol callee in _defaultsCallees)
                {
                    if (adds.Contains(callee))
                    {
                        return;
                    }
                }

                foreach (Pending pending in _pending)
                {
                    bool covered = false;
                    foreach (IMethodSymbol extension in pending.SourceExtensions)
                    {
                        if (adds.Contains(extension))
                        {
                            covered = true;
                            break;
                        }
                    }

                    if (!covered)
                    {
                        context.ReportDiagnostic(pending.Diagnostic);
                    }
                }
            }

            private void CollectDefaults(IOperation root, CancellationToken cancellationToken)
            {
                foreach (IOperation descendant in root.Descendants())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!(descendant is IInvocationOperation call))
                    {
                        continue;
                    }

                    if (ResilienceApis.IsResilienceHandlerMethod(call.TargetMethod))
                    {
                        Interlocked.Exchange(ref _defaultsAddResilience, 1);
                        return;
                    }

                    if (IsSourceMethod(call.TargetMethod))
                    {
                        _defaultsCallees.Enqueue(call.TargetMethod.ReducedFrom ?? call.TargetMethod.OriginalDefinition);
                    }
                }
            }
        }

        /// <summary>The span of 'AddHttpClient&lt;T&gt;(...)' without its receiver.</summary>
        private static Location NameLocation(IInvocationOperation invocation)
        {
            SyntaxNode syntax = invocation.Syntax;
            if (syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call
                && call.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member)
            {
                return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End));
            }

            return syntax.GetLocation();
        }
    }
}
