using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL129 (audit level): an async void event handler (the shape REL106 leaves alone, because the signature is the
    /// event's) whose work is not guarded by a catch-all. An exception it lets escape is raised on the synchronization
    /// context or the thread pool and crashes the process, like any async void (a reconnect handler whose loop catches
    /// one exception type, measured on an MQTT client). Same analyzer as REL106 (<see cref="REL106AsyncVoidAnalyzer"/>),
    /// which judges the body once; this class holds REL129's descriptor.
    /// </summary>
    internal static class REL129AsyncVoidEventHandlerUnguardedRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.AsyncVoidEventHandlerUnguarded,
            title: "Async void event handler without a catch-all around its work (audit)",
            messageFormat: "{0} is an async void event handler, and its work is not inside a catch-all. " +
                           "An exception it lets escape is raised on the synchronization context or the thread pool, where it crashes the process, and the event's source never learns of it. " +
                           "Wrap the body in a try/catch that logs the exception, or await only methods that observe their own faults.",
            description: "Async void is the only signature an event accepts, so REL106 does not report event handlers; but an exception escaping one still crashes the process. " +
                         "Reported when the handler's body is not wholly inside a catch-all that handles the failure and its awaits do not all go to self-guarded methods. " +
                         "Audit level: UI frameworks route these exceptions to a global handler that many applications install.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
