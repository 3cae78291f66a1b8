using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL127 (audit level): REL103's finding when the log call goes through the project's own logger (a type named
    /// ...Logger / ...Log whose level methods take an exception, <see cref="LogApi.Own"/>). Such facades are used for
    /// every best-effort kill, dispose and probe of a code base; measured on an unseen service host (phase 15), 11 of 57
    /// such findings were defects, so they are an audit, not a warning. Same analyzer as REL103
    /// (<see cref="REL103LogWithoutExceptionAnalyzer"/> supports the IDs); this class holds REL127's descriptor.
    /// </summary>
    internal static class REL127OwnLoggerDropsExceptionRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.OwnLoggerDropsException,
            title: "Log call through the project's own logger drops the exception (audit)",
            messageFormat: "This '{0}' call of the project's own logger in a catch logs without the exception object, although the logger takes one. " +
                           "The stack trace, inner exceptions and exception type are lost, so the log cannot say where the failure came from. " +
                           "Pass the caught exception to the logger's exception parameter where the failure is unexpected.",
            description: "REL103's shape on a project's own logging facade (a type named ...Logger or ...Log whose level methods include one " +
                         "that takes an Exception): a catch that logs only a message or ex.Message. Audit level: such facades also log " +
                         "every best-effort cleanup and probe, where the message is the whole cause.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
