using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL409 (audit level): REL404's finding when the blocking call is a method of a referenced assembly that is not
    /// known to do I/O or wait (<see cref="KnownBlockingApis"/>): an HTML parser, a cache lookup, a framework hook,
    /// a logging flush. Having an async twin says little about such an API: on unseen code most of them were CPU work,
    /// in-memory lookups or fake twins. Same analyzer and code fix as REL404.
    /// </summary>
    internal static class REL409BlockingCallOfUnknownApiRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingCallOfUnknownApi,
            title: "Call with an async twin, of an API not known to block, inside async code (audit)",
            messageFormat: "'{0}' has an async twin '{1}', but it is not known to do I/O or wait, so it may or may not block the thread inside async code. " +
                           "If it does reach the network, a database or a lock, every such call holds a thread-pool thread and under load the service stops answering. " +
                           "Check what '{0}' does and await '{1}' if it blocks.",
            description: "REL404's shape for a method of a referenced library that is not a known I/O or wait API (System.IO streams, readers " +
                         "and writers, System.Net, ADO.NET, EF Core, the known database, cache, messaging and cloud clients, SemaphoreSlim, " +
                         "Process) and takes no stream: a parser, an in-memory cache, a framework hook or a logging flush whose async form may do " +
                         "the same work. Audit level: an async twin alone is no evidence of I/O.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
