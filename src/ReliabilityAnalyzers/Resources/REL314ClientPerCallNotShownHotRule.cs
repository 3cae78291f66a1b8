using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL314 (audit level, split from REL301): a disposed HttpClient created per call, outside a loop, in a method whose
    /// every path is visible and rare (start-up code, administrators' handlers, nothing calls it; <see cref="HotCallers"/>).
    /// Measured: 38 of 68 judged REL301 warnings were such clients on rare paths (sign-ins, admin pages, start-up probes).
    /// Reported by <see cref="REL301ClientPerOperationAnalyzer"/>, which matches each creation once for both IDs.
    /// </summary>
    internal static class REL314ClientPerCallNotShownHotRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ClientPerCallNotShownHot,
            title: "HttpClient created per call on a rare path (audit)",
            messageFormat: "A new {0} is created {1}, which only start-up code, administrators' handlers or nothing in this application calls. " +
                           "Each instance opens its own connections, so if the path becomes busy sockets pile up in TIME_WAIT. " +
                           "Create it once and share it ({2}) if it may run per request or per item.",
            description: "A disposed HttpClient with its own handler, created per call outside a loop, in a method whose every caller in this compilation is visible " +
                         "and runs once (start-up, top-level statements), is an administrators' handler, or does not exist. Harmful only at request rates.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
