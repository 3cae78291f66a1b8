using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL204: a stateful resilience object (circuit breaker, rate limiter, bulkhead, or a pipeline holding one) built
    /// per call — executed by the same method that builds it, built inside a loop, inside a property getter, or inside a
    /// per-request AddPolicyHandler(request => ...) selector — so its state starts fresh every time and it never trips.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL204PerCallResilienceAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.PerCallResilience,
            title: "Circuit breaker or pipeline built per call",
            messageFormat: "'{0}' builds a new {1} {2}, so its failure count starts at zero every time. " +
                           "It can never open (or limit anything), and the dependency gets no protection during an outage. " +
                           "Build it once — in a static or singleton field, a registry, or DI — and reuse it.",
            description: "Circuit breakers, rate limiters and bulkheads work by remembering what happened to earlier calls. Built inside the call they protect, they forget everything and never trip.",
            defaultSeverity: DiagnosticSeverity.Warning);

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

                start.RegisterOperationAction(c => AnalyzeInvocation(c, apis), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            string kind;
            if (method.Name == "Build" && apis.PipelineBuilderBase != null && method.ContainingType.InheritsFromOrEquals(apis.PipelineBuilderBase))
            {
                if (!PipelineIsStateful(invocation, apis))
                {
                    return;
                }

                kind = "resilience pipeline with a circuit breaker or limiter";
            }
            else if (ResilienceApis.IsBreakerName(method.Name) && apis.IsV7Breaker(method))
            {
                kind = "circuit breaker";
            }
            else if (apis.IsV7StatefulStatic(method))
            {
                kind = method.Name.StartsWith("Bulkhead", System.StringComparison.Ordinal) ? "bulkhead" : "rate limiter";
            }
            else
            {
                return;
            }

            string? where = PerCallContext(invocation, apis);
            if (where is null)
            {
                return;
            }

            Location location = invocation.Syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                ? Location.Create(call.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
                : invocation.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, method.Name, kind, where));
        }

        /// <summary>The Build() chain (or the builder local's statements) adds a breaker or a rate/concurrency limiter.</summary>
        private static bool PipelineIsStateful(IInvocationOperation build, ResilienceApis apis)
        {
            IOperation? current = ResilienceApis.Receiver(build);
            while (current is IInvocationOperation call)
            {
                if (IsStatefulStrategy(call.TargetMethod, apis))
                {
                    return true;
                }

                current = ResilienceApis.Receiver(call);
            }

            if (current is ILocalReferenceOperation || current is IParameterReferenceOperation)
            {
                // builder.AddCircuitBreaker(...); ... builder.Build(): look at the whole member.
                IOperation root = build;
                while (root.Parent != null)
                {
                    root = root.Parent;
                }

                foreach (IOperation descendant in root.Descendants())
                {
                    if (descendant is IInvocationOperation other && IsStatefulStrategy(other.TargetMethod, apis))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsStatefulStrategy(IMethodSymbol method, ResilienceApis apis) =>
            apis.IsV8Breaker(method) || apis.IsV8RateLimiter(method);

        /// <summary>Where the object is built per call, or null when it is built once (field, constructor, factory, DI).</summary>
        private static string? PerCallContext(IInvocationOperation created, ResilienceApis apis)
        {
            // Inside a loop of the same function body.
            for (IOperation? current = created.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    if (IsRequestSelector(lambda, apis))
                    {
                        return "for every request in an AddPolicyHandler selector";
                    }

                    break;
                }

                if (current is ILoopOperation)
                {
                    return "on every iteration of a loop";
                }

                if (current is ILocalFunctionOperation)
                {
                    break;
                }
            }

            SyntaxNode? member = created.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is ConstructorDeclarationSyntax || member is FieldDeclarationSyntax || member is null)
            {
                return null;
            }

            // A property getter that builds a new one on every read.
            if (member is PropertyDeclarationSyntax property && !InsideLambda(created)
                && (property.ExpressionBody != null || property.AccessorList != null)
                && IsReturned(created))
            {
                return "on every read of property '" + property.Identifier.ValueText + "'";
            }

            // Executed by the method that built it: directly on the chain, or through a local.
            IInvocationOperation? next = ResilienceApis.NextInChain(created);
            while (next != null && !ResilienceApis.IsPollyExecute(next.TargetMethod) && ResilienceApis.IsFrom(next.TargetMethod, ResilienceApis.PollyAssembly))
            {
                next = ResilienceApis.NextInChain(next);
            }

            if (next != null && ResilienceApis.IsPollyExecute(next.TargetMethod))
            {
                return "in the call it protects";
            }

            if (REL202UnboundedRetryAnalyzer.HolderOf(created) is ILocalSymbol local && LocalIsExecuted(created, local))
            {
                return "in the call it protects";
            }

            return null;
        }

        private static bool InsideLambda(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation || current is ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsReturned(IOperation created)
        {
            IOperation current = created;
            while (current.Parent is IConversionOperation || (current.Parent is IInvocationOperation call && ResilienceApis.Receiver(call) == current))
            {
                current = current.Parent;
            }

            return current.Parent is IReturnOperation;
        }

        /// <summary>AddPolicyHandler(request => ...) / AddPolicyHandler((services, request) => ...): runs once per request.</summary>
        private static bool IsRequestSelector(IAnonymousFunctionOperation lambda, ResilienceApis apis)
        {
            IOperation? parent = lambda.Parent;
            while (parent is IDelegateCreationOperation || parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (!(parent is IArgumentOperation argument) || !(argument.Parent is IInvocationOperation call)
                || call.TargetMethod.Name != "AddPolicyHandler" || !ResilienceApis.IsFrom(call.TargetMethod, ResilienceApis.HttpPollyAssembly))
            {
                return false;
            }

            foreach (IParameterSymbol parameter in lambda.Symbol.Parameters)
            {
                if (apis.HttpRequestMessage != null && SymbolEqualityComparer.Default.Equals(parameter.Type, apis.HttpRequestMessage))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool LocalIsExecuted(IOperation created, ILocalSymbol local)
        {
            if (created.SemanticModel is null || !(created.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member))
            {
                return false;
            }

            bool executed = false;
            foreach (SyntaxNode node in member.DescendantNodes())
            {
                if (!(node is IdentifierNameSyntax name) || name.Identifier.ValueText != local.Name
                    || !SymbolEqualityComparer.Default.Equals(created.SemanticModel.GetSymbolInfo(name).Symbol, local))
                {
                    continue;
                }

                if (name.Parent is MemberAccessExpressionSyntax access && access.Expression == name
                    && access.Parent is InvocationExpressionSyntax call
                    && created.SemanticModel.GetSymbolInfo(call).Symbol is IMethodSymbol called && ResilienceApis.IsPollyExecute(called))
                {
                    executed = true;
                    continue;
                }

                // Assigned to a field, returned or handed on: it may outlive the call.
                if (name.Parent is AssignmentExpressionSyntax || name.Parent is ReturnStatementSyntax || name.Parent is ArgumentSyntax
                    || name.Parent is ArrowExpressionClauseSyntax)
                {
                    return false;
                }
            }

            return executed;
        }
    }
}
