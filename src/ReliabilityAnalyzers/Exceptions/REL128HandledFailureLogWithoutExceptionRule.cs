using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL128 (audit level): REL103's finding when the author marked the failure as expected: the log call is at warning
    /// level or below, or the catch names a specific exception type. Over every REL103 warning judged on real code
    /// (phases 10-15), an error-level log in a catch-all was a defect 190 times in 227, a warning-level one 20 times in
    /// 92 and a log in a catch of a specific type 2 times in 17. Same analyzer as REL103
    /// (<see cref="REL103LogWithoutExceptionAnalyzer"/> supports the IDs); this class holds REL128's descriptor.
    /// </summary>
    internal static class REL128HandledFailureLogWithoutExceptionRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.HandledFailureLogWithoutException,
            title: "Handled failure logged without the exception (audit)",
            messageFormat: "This '{0}' call in a catch logs a failure the code treats as expected (warning level or below, or a specific exception type) without the exception object. " +
                           "If the failure is not the expected one, the stack trace, inner exceptions and exception type that would say where it came from are lost. " +
                           "Pass the caught exception to the logger where the cause can be anything other than the one the message names.",
            description: "REL103's shape where the code itself says the failure is expected: the log call is at Warning, Information, Debug " +
                         "or Trace level, or the catch names a specific exception type. Audit level: such lines are usually notes about a " +
                         "handled condition (a peer that went away, input that failed to parse, a probe), where the message is the whole cause.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
