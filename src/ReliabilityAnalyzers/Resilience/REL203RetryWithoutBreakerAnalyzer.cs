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
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var apis = new ResilienceApis(start.Compilation);
                if (!apis.HasPollyV7 && !apis.HasPollyV8)
                {
                    return;
                }

                var external = new REL206UnprotectedExternalCallAnalyzer.Types(start.Compilation);
                var scans = new ScanCache();
                start.RegisterOperationAction(c => AnalyzeInvocation(c, apis, external, scans), OperationKind.Invocation);
                if (apis.BreakerOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeAssignment(c, apis), OperationKind.SimpleAssignment);
                }
            });
        }

        /// <summary>
        /// Per-compilation answers to "does this member body / type hold a breaker?". A DI registration method with
        /// hundreds of clients would otherwise be rescanned once per retry in it (quadratic).
        /// </summary>
        private sealed class ScanCache
        {
            public readonly ConcurrentDictionary<IOperation, bool> V8BreakerInBody = new ConcurrentDictionary<IOperation, bool>();
            public readonly ConcurrentDictionary<IOperation, bool> V7BreakerInBody = new ConcurrentDictionary<IOperation, bool>();
            public readonly ConcurrentDictionary<SyntaxNode, bool> V7BreakerInType = new ConcurrentDictionary<SyntaxNode, bool>();

            // Identifier uses per scope (member or type), indexed by name once instead of re-walked per retry.
            private readonly ConcurrentDictionary<SyntaxNode, Dictionary<string, List<IdentifierNameSyntax>>> _identifiers =
                new ConcurrentDictionary<SyntaxNode, Dictionary<string, List<IdentifierNameSyntax>>>();

            public List<IdentifierNameSyntax>? Uses(SyntaxNode scope, string name)
            {
                if (!_identifiers.TryGetValue(scope, out Dictionary<string, List<IdentifierNameSyntax>>? index))
                {
                    index = new Dictionary<string, List<IdentifierNameSyntax>>(StringComparer.Ordinal);
                    foreach (SyntaxNode node in scope.DescendantNodes())
                    {
                        if (node is IdentifierNameSyntax identifier)
                        {
                            string text = identifier.Identifier.ValueText;
                            if (!index.TryGetValue(text, out List<IdentifierNameSyntax>? list))
                            {
                                list = new List<IdentifierNameSyntax>();
                                index.Add(text, list);
                            }

                            list.Add(identifier);
                        }
                    }

                    index = _identifiers.GetOrAdd(scope, index);
                }

                return index.TryGetValue(name, out List<IdentifierNameSyntax>? uses) ? uses : null;
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, ScanCache scans)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name == "AddRetry")
            {
                if (apis.IsV8Retry(method) && !MemberHas(invocation, scans.V8BreakerInBody, m => apis.IsV8Breaker(m) || IsHedging(m))
                    && PipelineProtectsExternalCall(invocation, apis, external, scans))
                {
                    Report(context, invocation, KindV8, method.Name);
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
                if (!ChainHasOtherHandler(handler) && !MemberHas(invocation, scans.V7BreakerInBody, m => apis.IsV7Breaker(m)))
                {
                    Report(context, invocation, KindHttpHandler, method.Name);
                }

                return;
            }

            // (2) Executed directly, or through the field / local it is stored in, with no breaker in the type.
            if (IsExecutedWithoutWrap(invocation, apis, external, scans) && !TypeHas(invocation, apis, scans))
            {
                Report(context, invocation, KindV7, method.Name);
            }
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

        private static void Report(OperationAnalysisContext context, IInvocationOperation invocation, string kind, string shown)
        {
            Location location = invocation.Syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                ? Location.Create(call.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
                : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind), shown));
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

        /// <summary>
        /// The policy is executed (Execute*/ExecuteAsync directly on the chain, or on the field/local holding it) and
        /// never reaches a Wrap.
        /// </summary>
        private static bool IsExecutedWithoutWrap(IInvocationOperation retry, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, ScanCache scans)
        {
            IInvocationOperation? next = ResilienceApis.NextInChain(retry);
            if (next != null)
            {
                return ResilienceApis.IsPollyExecute(next.TargetMethod) && ExecutesExternalCall(next, external);
            }

            ISymbol? holder = REL202UnboundedRetryAnalyzer.HolderOf(retry);
            if (holder is null || retry.SemanticModel is null)
            {
                return false;
            }

            SyntaxNode? scope = holder is ILocalSymbol
                ? retry.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : retry.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (scope is null)
            {
                return false;
            }

            bool executed = false;
            List<IdentifierNameSyntax>? uses = scans.Uses(scope, holder.Name);
            if (uses is null)
            {
                return false;
            }

            foreach (IdentifierNameSyntax name in uses)
            {

                if (!SymbolEqualityComparer.Default.Equals(retry.SemanticModel.GetSymbolInfo(name).Symbol, holder))
                {
                    continue;
                }

                SyntaxNode usage = name.Parent is MemberAccessExpressionSyntax qualified && qualified.Name == name ? qualified : name;
                if (usage.Parent is MemberAccessExpressionSyntax access && access.Expression == usage
                    && access.Parent is InvocationExpressionSyntax call
                    && retry.SemanticModel.GetSymbolInfo(call).Symbol is IMethodSymbol called)
                {
                    if (ResilienceApis.IsPollyExecute(called))
                    {
                        executed |= retry.SemanticModel.GetOperation(call) is IInvocationOperation execute && ExecutesExternalCall(execute, external);
                        continue;
                    }

                    if (called.Name == "Wrap" || called.Name == "WrapAsync")
                    {
                        return false;
                    }

                    continue;
                }

                // Passed somewhere else (Policy.WrapAsync(retry, breaker), a registry, a handler): not ours to judge.
                if (usage.Parent is ArgumentSyntax)
                {
                    return false;
                }
            }

            return executed;
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

        /// <summary>
        /// The pipeline the retry belongs to protects a remote call: it is an HTTP pipeline (ResiliencePipelineBuilder of
        /// HttpResponseMessage, as AddResilienceHandler hands out), or it is built and then executed in the same type
        /// around a call to Redis, a database, a gRPC service or an HttpClient. Pipelines that poll for a state, wait for
        /// a local process, or are handed elsewhere (returned, registered) are not judged.
        /// </summary>
        private static bool PipelineProtectsExternalCall(IInvocationOperation addRetry, ResilienceApis apis, REL206UnprotectedExternalCallAnalyzer.Types external, ScanCache scans)
        {
            if (addRetry.Type is INamedTypeSymbol builder && builder.IsGenericType && builder.TypeArguments.Length == 1
                && apis.HttpResponseMessage != null
                && SymbolEqualityComparer.Default.Equals(builder.TypeArguments[0], apis.HttpResponseMessage))
            {
                return true;
            }

            IInvocationOperation? build = ResilienceApis.NextInChain(addRetry);
            while (build != null && build.TargetMethod.Name != "Build")
            {
                build = ResilienceApis.NextInChain(build);
            }

            if (build is null)
            {
                return false;
            }

            IInvocationOperation? next = ResilienceApis.NextInChain(build);
            if (next != null)
            {
                return ResilienceApis.IsPollyExecute(next.TargetMethod) && ExecutesExternalCall(next, external);
            }

            return IsExecutedWithoutWrap(build, apis, external, scans);
        }

        private static bool TypeHas(IOperation operation, ResilienceApis apis, ScanCache scans)
        {
            TypeDeclarationSyntax? type = operation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null || operation.SemanticModel is null)
            {
                return false;
            }

            if (scans.V7BreakerInType.TryGetValue(type, out bool known))
            {
                return known;
            }

            bool found = ScanType(type, operation.SemanticModel, apis);
            scans.V7BreakerInType.TryAdd(type, found);
            return found;
        }

        private static bool ScanType(TypeDeclarationSyntax type, SemanticModel model, ResilienceApis apis)
        {

            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                    && ResilienceApis.IsBreakerName(member.Name.Identifier.ValueText)
                    && model.GetSymbolInfo(call).Symbol is IMethodSymbol method && apis.IsV7Breaker(method))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
