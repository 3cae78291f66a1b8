using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL214 (audit level): a bounded retry that tries again at once after a failure — a hand-written retry loop with no
    /// delay between attempts, or a Polly v8 retry whose Delay is zero. A dependency that just failed is hit again
    /// immediately, several times per caller (a recall probe's tracking lookup and warehouse retry, phase 24, found at no
    /// level). Reported by <see cref="REL202UnboundedRetryAnalyzer"/>, which reads the same loops.
    /// </summary>
    internal static class REL214RetryWithoutPauseRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.RetryWithoutPause,
            title: "Retry without a pause between attempts (audit)",
            messageFormat: "{0} tries again at once after a failure, with no delay between attempts. " +
                           "A dependency that just failed is hit again immediately by every caller, which turns a blip into a retry storm. " +
                           "Wait between attempts, growing the delay (exponential backoff with jitter), or use a resilience pipeline that does.",
            description: "A bounded hand-written retry loop (a try whose success leaves the loop and a catch that goes round) with no delay or backoff " +
                         "call in the loop, or a Polly v8 retry option whose Delay is zero.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
