using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL408 (audit level): REL404's finding when the blocking call runs once per process — in the entry point, or in a
    /// seeding, migration or bootstrap member (<see cref="StartupCode"/>). One blocked thread at start-up or shutdown
    /// starves nothing; on real code these were judged not worth fixing. Same analyzer and code fix as REL404.
    /// </summary>
    internal static class REL408BlockingCallInStartupCodeRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingCallInStartupCode,
            title: "Blocking call with an async twin in start-up or shutdown code",
            messageFormat: "'{0}' blocks the thread in code that runs once per process or on a thread of its own (entry point, seeding, migration, a LongRunning loop before its first await), and '{1}' does the same work without blocking. " +
                           "One blocked thread at start-up or shutdown rarely matters, but the method may later be reused on a hot path. " +
                           "Await '{1}' when it is convenient.",
            description: "The start-up share of REL404: a synchronous call that has a true asynchronous counterpart, inside async code that runs " +
                         "once per process — Main or top-level statements (not the lambdas they register), and members whose name says " +
                         "seed, migrate or bootstrap. Audit level: one blocked thread while the process starts or stops starves nothing.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
