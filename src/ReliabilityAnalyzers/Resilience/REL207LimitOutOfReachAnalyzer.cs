using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL207 (audit): a retry or circuit-breaker limit set so far out that it never takes effect — a retry count of
    /// 1,000 or more (below int.MaxValue, which is REL202), a breaker that needs 1,000,000 or more failures or calls
    /// before it opens, or a failure ratio of 1.0 or more (the breaker opens only when every single call fails).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL207LimitOutOfReachAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Retries from this count on are unbounded in practice: at one second apart, over a quarter of an hour.</summary>
        public const int RetryThreshold = 1000;

        /// <summary>Breaker thresholds (consecutive failures, minimum throughput) from this count on are never reached.</summary>
        public const int BreakerThreshold = 1000000;

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LimitOutOfReach,
            title: "Retry or circuit-breaker limit out of reach",
            messageFormat: "'{0}' sets a resilience limit so far out that it never takes effect: {1}. " +
                           "During an outage that behaves like having no limit at all, while the code looks protected. " +
                           "Use a small retry count (about 3) and breaker thresholds the failing dependency actually reaches.",
            description: "A retry count in the thousands is an unbounded retry, and a circuit breaker that needs a million failures, a million calls or a failure ratio of 100% never opens. Both leave callers exposed to a dependency outage while looking protected.",
            defaultSeverity: DiagnosticSeverity.Info);

        private const string BreakerNeverOpens = "the circuit breaker can never open";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var apis = ResilienceApis.For(start.Compilation);
                if (apis.HasPollyV7)
                {
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, apis), OperationKind.Invocation);
                }

                if (apis.RetryOptions != null || apis.BreakerOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeAssignment(c, apis), OperationKind.SimpleAssignment);
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            bool retry = ResilienceApis.IsRetryName(method.Name);
            bool breaker = !retry && ResilienceApis.IsBreakerName(method.Name);
            if ((!retry && !breaker) || !apis.IsV7PolicyBuilderExtension(method))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                string? name = argument.Parameter?.Name;
                if (name is null || argument.ArgumentKind == ArgumentKind.DefaultValue || !argument.Value.ConstantValue.HasValue)
                {
                    continue;
                }

                object? value = argument.Value.ConstantValue.Value;
                string? shown = null;
                string attempts = BreakerNeverOpens;
                if (retry && name == "retryCount" && value is int count && count >= RetryThreshold && count != int.MaxValue)
                {
                    shown = method.Name + "(" + count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";
                    attempts = "the retry goes on for " + count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " attempts";
                }
                else if (breaker && (name == "exceptionsAllowedBeforeBreaking" || name == "handledEventsAllowedBeforeBreaking" || name == "minimumThroughput")
                         && value is int threshold && threshold >= BreakerThreshold)
                {
                    shown = method.Name + "(" + name + ": " + Shown(argument.Value) + ")";
                }
                else if (breaker && name == "failureThreshold" && value is double ratio && ratio >= 1.0)
                {
                    shown = method.Name + "(failureThreshold: " + Shown(argument.Value) + ")";
                }

                if (shown != null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), shown, attempts));
                    return;
                }
            }
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, ResilienceApis apis)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IPropertyReferenceOperation target) || !assignment.Value.ConstantValue.HasValue)
            {
                return;
            }

            IPropertySymbol property = target.Property;
            object? value = assignment.Value.ConstantValue.Value;
            string? shown = null;
            string attempts = BreakerNeverOpens;
            switch (property.Name)
            {
                case "MaxRetryAttempts":
                    if (value is int count && count >= RetryThreshold && count != int.MaxValue
                        && property.ContainingType.InheritsFromOrEquals(apis.RetryOptions))
                    {
                        shown = "MaxRetryAttempts = " + Shown(assignment.Value);
                        attempts = "the retry goes on for " + count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " attempts";
                    }
                    else if (value is int.MaxValue && property.ContainingType.InheritsFromOrEquals(apis.RetryOptions)
                             && !REL202UnboundedRetryAnalyzer.SetsShouldHandle(assignment)
                             && REL202UnboundedRetryAnalyzer.V8BoundOf(assignment, apis) == REL202UnboundedRetryAnalyzer.V8Bound.BreakerOnly)
                    {
                        // REL202 stands down when the member adds a breaker; a v8 retry retries BrokenCircuitException too.
                        shown = "MaxRetryAttempts = " + Shown(assignment.Value);
                        attempts = "the retry also retries the open circuit breaker's rejections, so it never stops";
                    }

                    break;
                case "MinimumThroughput":
                    // int.MaxValue is REL203's "breaker switched off"; the rest of the unreachable range is reported here.
                    if (value is int throughput && throughput >= BreakerThreshold && throughput != int.MaxValue
                        && property.ContainingType.InheritsFromOrEquals(apis.BreakerOptions))
                    {
                        shown = "MinimumThroughput = " + Shown(assignment.Value);
                    }

                    break;
                case "FailureRatio":
                    if (value is double ratio && ratio >= 1.0 && property.ContainingType.InheritsFromOrEquals(apis.BreakerOptions))
                    {
                        shown = "FailureRatio = " + Shown(assignment.Value);
                    }

                    break;
            }

            if (shown != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), shown, attempts));
            }
        }

        private static string Shown(IOperation value)
        {
            string text = value.Syntax.ToString();
            return text.Length > 40 ? text.Substring(0, 40) + "…" : text;
        }
    }
}
