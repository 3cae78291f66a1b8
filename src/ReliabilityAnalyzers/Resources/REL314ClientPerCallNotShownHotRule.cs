using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL314 (audit level, split from REL301): a disposed HttpClient created per call in a method whose rate the code
    /// does not show (no loop, no open request handler, no caller in a loop or a handler within two levels). Measured:
    /// 38 of 68 judged REL301 warnings were such clients on rare paths (sign-ins, admin pages, start-up probes).
    /// Reported by <see cref="REL301ClientPerOperationAnalyzer"/>, which matches each creation once for both IDs.
    /// </summary>
    internal static class REL314ClientPerCallNotShownHotRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ClientPerCallNotShownHot,
            title: "HttpClient created per call on a path not shown to be hot (audit)",
            messageFormat: "A new {0} is created {1}, and nothing in this code shows how often that runs. " +
                           "Each instance opens its own connections, so on a busy path sockets pile up in TIME_WAIT. " +
                           "If it runs per request or per item, create it once and share it ({2}).",
            description: "A disposed HttpClient with its own handler, created per call in a method that is not a loop body, not a request handler open to every caller " +
                         "and not called in a loop or from one (two levels of callers in this compilation). Harmful only at request rates, which the code does not show.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
