using System.Collections.Generic;
using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL203: retry without a circuit breaker — a Polly v8 pipeline that adds a retry and no breaker; a Polly v7 retry
    /// policy that is the only handler of an HTTP client, or is executed directly, with no breaker in its wrap; a
    /// standard resilience handler whose breaker is switched off.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL203RetryWithoutBreakerAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindV8 = "V8";
        public const string KindHttpHandler = "HttpHandler";
        public const string KindV7 = "V7";
        public const string KindDisabled = "Disabled";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.RetryWithoutBreaker,
            title: "Retry without a circuit breaker",
            messageFormat: "'{0}' retries a remote call with no circuit breaker in the same pipeline. " +
                           "During an outage every request still makes all its attempts, multiplying the load on the failing service and the latency for callers. " +
                           "Add a circuit breaker inside the retry so calls fail fast while the dependency is down.",
            description: "Retries handle short blips; a circuit breaker handles outages. A retry with no breaker keeps every caller waiting through all its attempts and multiplies the load on a service that is already failing.",
            defaultSeverity: DiagnosticSeverity.Info); // audit level: none of the findings judged on real code was a defect (docs/rules/REL203.md)

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var apis = ResilienceApis.For(start.Compilation);
                if (!apis.HasPollyV7 && !apis.HasPollyV8)
                {
                    return;
                }

                var external = new REL206UnprotectedExternalCallAnalyzer.Types(start.Compilation);
                var bodies = new BodyCache();
                var mentions = new RetryMentions();

                // Per type: a retry stored in a field or local is judged once the whole type has been seen (is it executed
                // around a remote call, wrapped, handed on?). Collecting those uses from the operations the driver already
                // builds replaces a semantic-model lookup per identifier use, which bound other members on our time.
                start.RegisterSymbolStartAction(symbolStart =>
                {
                    // Every retry this rule judges is a call whose name contains "Retry" (AddRetry, WaitAndRetryAsync...),
                    // made in the type itself: a type whose text never says it needs no per-type work at all.
                    if (!mentions.AnyIn(symbolStart.Symbol.DeclaringSyntaxReferences, symbolStart.CancellationToken))
                    {
                        return;
                    }

                    // Operations of a nested type go to the nested type's own start action only (tested).
                    var state = new TypeState();
                    symbolStart.RegisterOperationAction(c => AnalyzeInvocation(c, apis, external, bodies, state), OperationKind.Invocation);
                    symbolStart.RegisterOperationAction(c => AnalyzeCreation(c, state), OperationKind.ObjectCreation);
                    symbolStart.RegisterSymbolEndAction(state.ReportPending);
                }, SymbolKind.NamedType);

                if (apis.BreakerOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeAssignment(c, apis), OperationKind.SimpleAssignment);
                }
            });
        }

        /// <summary>Per-compilation answers to "does this member body hold a breaker?" (a DI method registers many clients).</summary>
        private sealed class BodyCache
        {
            public readonly ConcurrentDictionary<IOperation, bool> V8BreakerInBody = new ConcurrentDictionary<IOperation, bool>();
            public readonly ConcurrentDictionary<IOperation, bool> V7BreakerInBody = new ConcurrentDictionary<IOperation, bool>();
        }

        /// <summary>Per syntax tree, where the text "Retry" occurs: found once per file with an ordinal string search.</summary>
        private sealed class RetryMentions
        {
            private const string Word = "Retry";
            private readonly ConcurrentDictionary<SyntaxTree, int[]> _positions = new ConcurrentDictionary<SyntaxTree, int[]>();

            public bool AnyIn(ImmutableArray<SyntaxReference> declarations, System.Threading.CancellationToken cancellationToken)
            {
                foreach (SyntaxReference declaration in declarations)
                {
                    int[] positions = _positions.GetOrAdd(declaration.SyntaxTree, tree => Find(tree, cancellationToken));
                    int index = Array.BinarySearch(positions, declaration.Span.Start);
                    if (index < 0)
                    {
                        index = ~index;
                    }

                    if (index < positions.Length && positions[index] < declaration.Span.End)
                    {
                        return true;
                    }
                }

                return false;
            }

            private static int[] Find(SyntaxTree tree, System.Threading.CancellationToken cancellationToken)
            {
                // ToString of a file's text hands back the string it was read into (no copy) for all but very large files.
                string text = tree.GetText(cancellationToken).ToString();
                var found = new List<int>();
                for (int hit = text.IndexOf(Word, StringComparison.Ordinal); hit >= 0; hit = text.IndexOf(Word, hit + 1, StringComparison.Ordinal))
                {
                    found.Add(hit);
                }

                return found.ToArray();
            }
        }

        /// <summary>What one type does with the policies and pipelines it holds; decided at the end of the type.</summary>
        private sealed class TypeState
        {
            private readonly object _gate = new object();
            private readonly List<Pending> _pending = new List<Pending>();
            private readonly HashSet<ISymbol> _executedAroundRemoteCall = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            private readonly HashSet<ISymbol> _handedOn = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            private bool _hasV7Breaker;

            public void AddPending(Pending pending)
            {
                lock (_gate) { _pending.Add(pending); }
            }

            public void Executed(ISymbol holder)
            {
                lock (_gate) { _executedAroundRemoteCall.Add(holder); }
            }

            public void HandedOn(ISymbol holder)
            {
                lock (_gate) { _handedOn.Add(holder); }
            }

            public void HasV7Breaker()
            {
                lock (_gate) { _hasV7Breaker = true; }
            }

            public void ReportPending(SymbolAnalysisContext context)
            {
                lock (_gate)
                {
                    foreach (Pending pending in _pending)
                    {
                        bool executed = pending.Holder is null
                            || (_executedAroundRemoteCall.Contains(pending.Holder) && !_handedOn.Contains(pending.Holder));
                        if (executed && !(pending.NeedsNoV7BreakerInType && _hasV7Breaker))
                        {
                            context.ReportDiagnostic(CreateDiagnostic(pending.Invocation, pending.Kind, pending.Shown));
                        }
                    }
                }
            }
        }

        private sealed class Pending
        {
            /// <param name="holder">The field, property or local the policy is stored in; null when it is executed in the same chain.</param>
            public Pending(IInvocationOperation invocation, string kind, string shown, ISymbol? holder, bool needsNoV7BreakerInType)
            {
                Invocation = invocation;
                Kind = kind;
                Shown = shown;
                Holder = holder?.OriginalDefinition; // uses are recorded by their definition too
                NeedsNoV7BreakerInType = needsNoV7BreakerInType;
            }

            public IInvocationOperation Invocation { get; }
            public string Kind { get; }
            public string Shown { get; }
            public ISymbol? Holder { get; }
            public bool NeedsNoV7BreakerInType { get; }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, BodyCache bodies, TypeState state)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            RecordHolderUses(invocation, method, apis, external, state);

            if (method.Name == "AddPolicyHandler" && ResilienceApis.IsFrom(method, ResilienceApis.HttpPollyAssembly))
            {
                JudgePolicyBuiltElsewhere(context, invocation, apis, bodies);
                return;
            }

            if (method.Name == "AddRetry")
            {
                if (apis.IsV8Retry(method) && !MemberHas(invocation, bodies.V8BreakerInBody, m => apis.IsV8Breaker(m) || IsHedging(m)))
                {
                    JudgeV8Retry(context, invocation, apis, external, state);
                }

                return;
            }

            if (!ResilienceApis.IsRetryName(method.Name) || !apis.IsV7Retry(method))
            {
                return;
            }

            // (1) Inline in an HTTP client's policy handler: AddTransientHttpErrorPolicy(p => p.WaitAndRetryAsync(...)).
            IInvocationOperation? handler = EnclosingPolicyHandlerCall(invocation);
            if (handler != null)
            {
                if (!ChainHasOtherHandler(handler) && !MemberHas(invocation, bodies.V7BreakerInBody, m => apis.IsV7Breaker(m)))
                {
                    context.ReportDiagnostic(CreateDiagnostic(invocation, KindHttpHandler, method.Name));
                }

                return;
            }

            // (2) Executed directly, or through the field / local it is stored in, with no breaker in the type.
            IInvocationOperation? next = ResilienceApis.NextInChain(invocation);
            if (next != null)
            {
                if (ResilienceApis.IsPollyExecute(next.TargetMethod) && ExecutesExternalCall(next, external))
                {
                    state.AddPending(new Pending(invocation, KindV7, method.Name, holder: null, needsNoV7BreakerInType: true));
                }

                return;
            }

            if (REL202UnboundedRetryAnalyzer.HolderOf(invocation) is ISymbol holder)
            {
                state.AddPending(new Pending(invocation, KindV7, method.Name, holder, needsNoV7BreakerInType: true));
            }
        }

        /// <summary>
        /// A Polly v8 retry is judged when its pipeline protects a remote call: it is an HTTP pipeline
        /// (ResiliencePipelineBuilder of HttpResponseMessage, as AddResilienceHandler hands out), or it is built and then
        /// executed in the same type around a call to Redis, a database, a gRPC service or an HttpClient. Pipelines that
        /// poll for a state, wait for a local process, or are handed elsewhere (returned, registered) are not judged.
        /// </summary>
        private static void JudgeV8Retry(OperationAnalysisContext context, IInvocationOperation addRetry, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, TypeState state)
        {
            if (addRetry.Type is INamedTypeSymbol builder && builder.IsGenericType && builder.TypeArguments.Length == 1
                && apis.HttpResponseMessage != null
                && SymbolEqualityComparer.Default.Equals(builder.TypeArguments[0], apis.HttpResponseMessage))
            {
                context.ReportDiagnostic(CreateDiagnostic(addRetry, KindV8, addRetry.TargetMethod.Name));
                return;
            }

            IInvocationOperation? build = ResilienceApis.NextInChain(addRetry);
            while (build != null && build.TargetMethod.Name != "Build")
            {
                build = ResilienceApis.NextInChain(build);
            }

            if (build is null)
            {
                return;
            }

            IInvocationOperation? next = ResilienceApis.NextInChain(build);
            if (next != null)
            {
                if (ResilienceApis.IsPollyExecute(next.TargetMethod) && ExecutesExternalCall(next, external))
                {
                    context.ReportDiagnostic(CreateDiagnostic(addRetry, KindV8, addRetry.TargetMethod.Name));
                }

                return;
            }

            if (REL202UnboundedRetryAnalyzer.HolderOf(build) is ISymbol holder)
            {
                state.AddPending(new Pending(addRetry, KindV8, addRetry.TargetMethod.Name, holder, needsNoV7BreakerInType: false));
            }
        }

        /// <summary>
        /// Every invocation in the type: a policy held in a field, property or local that is executed around a remote
        /// call, wrapped, or passed as an argument (Policy.WrapAsync(retry, breaker), a registry, a handler); and whether
        /// the type builds a v7 breaker anywhere.
        /// </summary>
        private static void RecordHolderUses(IInvocationOperation invocation, IMethodSymbol method, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, TypeState state)
        {
            bool extension = invocation.Instance is null && method.IsExtensionMethod;
            if (HeldResilienceSymbol(ResilienceApis.Receiver(invocation)) is ISymbol receiver)
            {
                if (ResilienceApis.IsPollyExecute(method))
                {
                    if (ExecutesExternalCall(invocation, external))
                    {
                        state.Executed(receiver);
                    }
                }
                else if (method.Name == "Wrap" || method.Name == "WrapAsync")
                {
                    state.HandedOn(receiver);
                }
            }

            RecordHandedOn(invocation.Arguments, skipReceiver: extension, state);

            if (ResilienceApis.IsBreakerName(method.Name) && apis.IsV7Breaker(method))
            {
                state.HasV7Breaker();
            }
        }

        /// <summary>A held policy passed as an argument (params arrays included: Policy.WrapAsync(retry, breaker)).</summary>
        private static void RecordHandedOn(ImmutableArray<IArgumentOperation> arguments, bool skipReceiver, TypeState state)
        {
            foreach (IArgumentOperation argument in arguments)
            {
                if (skipReceiver && argument.Parameter?.Ordinal == 0)
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
                {
                    foreach (IOperation element in elements.ElementValues)
                    {
                        if (HeldResilienceSymbol(element) is ISymbol inArray)
                        {
                            state.HandedOn(inArray);
                        }
                    }
                }
                else if (HeldResilienceSymbol(argument.Value) is ISymbol passed)
                {
                    state.HandedOn(passed);
                }
            }
        }

        private static void AnalyzeCreation(OperationAnalysisContext context, TypeState state) =>
            RecordHandedOn(((IObjectCreationOperation)context.Operation).Arguments, skipReceiver: false, state);

        /// <summary>The field, property or local behind a reference whose type comes from Polly or Polly.Core.</summary>
        private static ISymbol? HeldResilienceSymbol(IOperation? operation)
        {
            ISymbol? symbol;
            ITypeSymbol? type;
            switch (Operations.UnwrapOrNull(operation))
            {
                case IFieldReferenceOperation field: symbol = field.Field; type = field.Field.Type; break;
                case IPropertyReferenceOperation property: symbol = property.Property; type = property.Property.Type; break;
                case ILocalReferenceOperation local: symbol = local.Local; type = local.Local.Type; break;
                default: return null;
            }

            string? assembly = type?.ContainingAssembly?.Name;
            return assembly == ResilienceApis.PollyAssembly || assembly == ResilienceApis.PollyCoreAssembly ? symbol.OriginalDefinition : null;
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, ResilienceApis apis)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IPropertyReferenceOperation target) || target.Property.Name != "MinimumThroughput"
                || !REL202UnboundedRetryAnalyzer.IsIntMaxValue(assignment.Value)
                || !target.Property.ContainingType.InheritsFromOrEquals(apis.BreakerOptions))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                assignment.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindDisabled),
                "CircuitBreaker.MinimumThroughput = int.MaxValue"));
        }

        private static Diagnostic CreateDiagnostic(IInvocationOperation invocation, string kind, string shown)
        {
            Location location = invocation.Syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                ? Location.Create(call.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
                : invocation.Syntax.GetLocation();
            return Diagnostic.Create(Rule, location, ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind), shown);
        }

        private static bool IsHedging(IMethodSymbol method) =>
            method.Name == "AddHedging" && ResilienceApis.IsFrom(method, ResilienceApis.PollyCoreAssembly);

        /// <summary>Any invocation in the same member body (lambdas included) that satisfies <paramref name="predicate"/>.</summary>
        private static bool MemberHas(IOperation operation, ConcurrentDictionary<IOperation, bool> cache, System.Func<IMethodSymbol, bool> predicate)
        {
            IOperation root = operation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            if (cache.TryGetValue(root, out bool known))
            {
                return known;
            }

            bool found = ScanBody(root, predicate);
            cache.TryAdd(root, found);
            return found;
        }

        private static bool ScanBody(IOperation root, System.Func<IMethodSymbol, bool> predicate)
        {
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation call && predicate(call.TargetMethod))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'AddPolicyHandler(GetRetryPolicy())', 'AddPolicyHandler(retryPolicy)': the policy is built in a helper method of the
        /// project or in a local / field initializer. Judged from that source's syntax: a retry and no breaker or wrap there,
        /// no other handler on the client and no breaker in this member.
        /// </summary>
        private static void JudgePolicyBuiltElsewhere(OperationAnalysisContext context, IInvocationOperation addPolicyHandler, ResilienceApis apis, BodyCache bodies)
        {
            foreach (IArgumentOperation argument in addPolicyHandler.Arguments)
            {
                IOperation value = Operations.Unwrap(argument.Value);
                ISymbol? source = value switch
                {
                    IInvocationOperation { Arguments.Length: 0 } helper => helper.TargetMethod,
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => property.Property,
                    _ => null,
                };

                if (source is null || source.DeclaringSyntaxReferences.Length != 1 || !(value.Type is INamedTypeSymbol policyType)
                    || !ResilienceApis.IsFrom(policyType.OriginalDefinition, ResilienceApis.PollyAssembly))
                {
                    continue;
                }

                SyntaxNode? declaration = source.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken);
                SyntaxNode? built = declaration switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.ExpressionBody ?? m.Body,
                    VariableDeclaratorSyntax v => v.Initializer,
                    PropertyDeclarationSyntax p => (SyntaxNode?)p.ExpressionBody ?? p.Initializer,
                    _ => null,
                };

                if (built is null || !RetryWithoutBreakerIn(built))
                {
                    continue;
                }

                if (!ChainHasOtherHandler(addPolicyHandler) && !MemberHas(addPolicyHandler, bodies.V7BreakerInBody, m => apis.IsV7Breaker(m)))
                {
                    context.ReportDiagnostic(CreateDiagnostic((IInvocationOperation?)(value as IInvocationOperation) ?? addPolicyHandler, KindHttpHandler, source.Name));
                }

                return;
            }
        }

        /// <summary>Syntax only: a Polly retry call and no breaker or wrap (a wrap may hold the breaker).</summary>
        private static bool RetryWithoutBreakerIn(SyntaxNode node)
        {
            bool retry = false;
            foreach (SyntaxNode descendant in node.DescendantNodes())
            {
                if (descendant is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                {
                    string name = access.Name.Identifier.ValueText;
                    if (ResilienceApis.IsBreakerName(name) || name == "Wrap" || name == "WrapAsync")
                    {
                        return false;
                    }

                    retry |= ResilienceApis.IsRetryName(name);
                }
            }

            return retry;
        }

        /// <summary>The AddPolicyHandler / AddTransientHttpErrorPolicy call whose argument (or lambda) holds the retry.</summary>
        private static IInvocationOperation? EnclosingPolicyHandlerCall(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IInvocationOperation call)
                {
                    if (ResilienceApis.IsFrom(call.TargetMethod, ResilienceApis.HttpPollyAssembly) && call.TargetMethod.Name.StartsWith("Add", System.StringComparison.Ordinal))
                    {
                        return call;
                    }

                    // Fluent calls on the policy itself (.WrapAsync(...)) or on its builder are still "the policy".
                    if (!ResilienceApis.IsFrom(call.TargetMethod, ResilienceApis.PollyAssembly))
                    {
                        return null;
                    }
                }
            }

            return null;
        }

        /// <summary>Another handler (resilience or policy) anywhere on the same client chain.</summary>
        private static bool ChainHasOtherHandler(IInvocationOperation handler)
        {
            // Down to the registration, then up along the chain.
            IOperation root = handler;
            while (root is IInvocationOperation call && ResilienceApis.Receiver(call) is IInvocationOperation receiver)
            {
                root = receiver;
            }

            for (IInvocationOperation? next = root as IInvocationOperation; next != null; next = ResilienceApis.NextInChain(next))
            {
                if (next != handler && ResilienceApis.IsResilienceHandlerMethod(next.TargetMethod))
                {
                    return true;
                }

                if (next != handler && next.TargetMethod.IsExtensionMethod && next.TargetMethod.Locations.Length > 0 && next.TargetMethod.Locations[0].IsInSource)
                {
                    return true; // the project's own builder extension may add a breaker
                }
            }

            return false;
        }

        /// <summary>The delegate given to Execute* calls Redis, a database, a gRPC service or an HttpClient.</summary>
        private static bool ExecutesExternalCall(IInvocationOperation execute, REL206UnprotectedExternalCallAnalyzer.Types external)
        {
            foreach (IArgumentOperation argument in execute.Arguments)
            {
                foreach (IOperation descendant in argument.Descendants())
                {
                    if (descendant is IInvocationOperation call && REL206UnprotectedExternalCallAnalyzer.Classify(call, external, anyHttpClient: true) != null)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
