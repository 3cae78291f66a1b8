using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL126 (audit level): REL103's finding when the log call writes the caught exception whole into its text on a
    /// structured logger ($"failed: {ex}", "failed: " + ex, ex.ToString()). Type, message and stack are in the log; only
    /// the exception object is missing for the sinks (no exception telemetry, no grouping by type). Measured on unseen
    /// code (phase 11): 19 of 22 warnings of this shape were judged not real. Same analyzer as REL103
    /// (<see cref="REL103LogWithoutExceptionAnalyzer"/> supports both IDs); this class holds REL126's descriptor.
    /// </summary>
    internal static class REL126ExceptionLoggedAsTextRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ExceptionLoggedAsText,
            title: "Exception written into the log text instead of passed as the exception (audit)",
            messageFormat: "This '{0}' call in a catch writes the caught exception into its message text instead of passing it as the exception argument. " +
                           "The text keeps the stack, but sinks get no exception object: no exception telemetry, no grouping or search by type. " +
                           "Pass the caught exception as the logger's exception argument and keep the message short.",
            description: "The share of REL103 where a structured logger (Microsoft.Extensions.Logging, Serilog, NLog) gets the whole caught " +
                         "exception in the text (interpolated, concatenated, ToString(), placed by string.Format): nothing of the cause is lost " +
                         "in a text log, so it is an audit, not a warning. The exception bound to a message-template argument stays REL103.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
