using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL210 (audit): a Polly v8 pipeline that adds a retry and no circuit breaker, in the shapes REL203 does not
    /// judge because the pipeline is executed elsewhere: configured in a registration lambda
    /// (AddResiliencePipeline("key", b => b.AddRetry(...))), built and returned, passed on, or stored where the type
    /// itself never executes it. REL203 keeps the shapes it can prove (HTTP pipelines, pipelines executed around a remote
    /// call in the same type) at warning; this rule reports the rest at audit level, so the two never report one call.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL210RetryPipelineWithoutBreakerAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.RetryPipelineWithoutBreaker,
            title: "Retry pipeline without a circuit breaker",
            messageFormat: "This resilience pipeline adds '{0}' and no circuit breaker, and is executed elsewhere. " +
                           "Wherever it runs against a remote dependency, an outage makes every call go through all its attempts. " +
                           "Add a circuit breaker strategy after the retry (AddCircuitBreaker), unless the pipeline only ever guards local work.",
            description: "A Polly v8 pipeline with a retry and no breaker multiplies the load on a failing dependency. REL203 reports this at warning where the pipeline is seen guarding a remote call; this audit-level rule reports pipelines that are registered, returned or handed on and run elsewhere.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var apis = ResilienceApis.For(start.Compilation);
                if (apis.RetryPipelineExtensions is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeInvocation(c, apis), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis)
        {
            var addRetry = (IInvocationOperation)context.Operation;
            if (addRetry.TargetMethod.Name != "AddRetry" || !apis.IsV8Retry(addRetry.TargetMethod))
            {
                return;
            }

            // REL203's shape: an HTTP pipeline (AddResilienceHandler hands out a builder of HttpResponseMessage).
            if (addRetry.Type is INamedTypeSymbol builder && builder.IsGenericType && builder.TypeArguments.Length == 1
                && apis.HttpResponseMessage != null && SymbolEqualityComparer.Default.Equals(builder.TypeArguments[0], apis.HttpResponseMessage))
            {
                return;
            }

            if (MemberHasBreaker(addRetry, apis))
            {
                return;
            }

            // A building block: an extension or helper that receives the builder and hands it back; its caller may
            // add the breaker next.
            if (ChainRoot(addRetry) is IParameterReferenceOperation parameter && !(parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction }))
            {
                return;
            }

            if (!IsExecutedElsewhere(addRetry, ChainRoot(addRetry)))
            {
                return;
            }

            Location location = addRetry.Syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member
                ? Location.Create(call.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End))
                : addRetry.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, addRetry.TargetMethod.Name));
        }

        private static IOperation? ChainRoot(IInvocationOperation invocation)
        {
            IOperation? current = invocation;
            while (current is IInvocationOperation call && ResilienceApis.Receiver(call) is { } receiver)
            {
                current = Operations.UnwrapOrNull(receiver);
            }

            return current;
        }

        /// <summary>
        /// The pipeline is run somewhere this type does not show: the builder is a registration lambda's parameter
        /// (AddResiliencePipeline), or the built pipeline is returned, passed as an argument, or stored in a field or
        /// property the type never executes. Executions in the same chain or through the holder are REL203's to judge.
        /// </summary>
        private static bool IsExecutedElsewhere(IInvocationOperation addRetry, IOperation? root)
        {
            if (root is IParameterReferenceOperation)
            {
                return ResilienceApis.NextInChain(addRetry) is null || !ChainReachesBuild(addRetry, out _); // b => b.AddRetry(...): the registration builds it
            }

            if (!ChainReachesBuild(addRetry, out IInvocationOperation? build) || build is null)
            {
                // 'var builder = new ResiliencePipelineBuilder(); builder.AddRetry(...); ... return builder.Build();'
                build = root is ILocalReferenceOperation local ? BuildOfLocal(local.Local, addRetry) : null;
                if (build is null)
                {
                    return false;
                }
            }

            IOperation current = build;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IReturnOperation _:
                case IArgumentOperation _:
                    return ResilienceApis.NextInChain(build) is null;
            }

            ISymbol? holder = REL202UnboundedRetryAnalyzer.HolderOf(build);
            if (holder is null || holder is ILocalSymbol)
            {
                return false;
            }

            // A field or property: executed by this type (REL203 judges it), or exposed for others to execute.
            SyntaxNode? type = addRetry.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null)
            {
                return false;
            }

            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax access
                    && access.Name.Identifier.ValueText.StartsWith("Execute", System.StringComparison.Ordinal)
                    && LastName(access.Expression) == holder.Name)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The 'builder.Build()' call of a builder local created in the same member, or null.</summary>
        private static IInvocationOperation? BuildOfLocal(ILocalSymbol local, IOperation inside)
        {
            if (!(local.Type is INamedTypeSymbol { Name: "ResiliencePipelineBuilder" }))
            {
                return null;
            }

            IOperation root = inside;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            IInvocationOperation? found = null;
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation { TargetMethod.Name: "Build" } call
                    && Operations.UnwrapOrNull(call.Instance) is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    if (found != null)
                    {
                        return null; // built twice: not followed
                    }

                    found = call;
                }
            }

            return found;
        }

        private static string? LastName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            _ => null,
        };

        private static bool ChainReachesBuild(IInvocationOperation start, out IInvocationOperation? build)
        {
            build = ResilienceApis.NextInChain(start);
            while (build != null && build.TargetMethod.Name != "Build")
            {
                build = ResilienceApis.NextInChain(build);
            }

            return build != null;
        }

        private static bool MemberHasBreaker(IOperation operation, ResilienceApis apis)
        {
            IOperation root = operation;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation call
                    && (apis.IsV8Breaker(call.TargetMethod)
                        || (call.TargetMethod.Name == "AddHedging" && ResilienceApis.IsFrom(call.TargetMethod, ResilienceApis.PollyCoreAssembly))))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
