using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL411 (warning): a lock owned by the thread that takes it (Monitor.Enter / TryEnter, ReaderWriterLockSlim's
    /// Enter*Lock) held across an await in async code. The continuation may resume on another thread, where the release
    /// throws SynchronizationLockException and the lock stays held; every later caller then blocks for good. Split from
    /// REL406 (audit): every such finding judged on real code was a defect (four ReaderWriterLockSlim sections in a
    /// broker and a chat server), and C# forbids the same shape with 'lock'. Reported by
    /// <see cref="REL406BlockingPrimitiveInAsyncAnalyzer"/>, which matches each primitive once for both IDs.
    /// </summary>
    internal static class REL411ThreadOwnedLockAcrossAwaitRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ThreadOwnedLockAcrossAwait,
            title: "Thread-owned lock held across an await",
            messageFormat: "'{0}' takes a lock owned by the calling thread and holds it across an await. " +
                           "The code after the await may resume on another thread, where releasing the lock throws and the lock stays held, so every later caller blocks. " +
                           "Guard the awaited section with a SemaphoreSlim (await WaitAsync, Release in finally) instead.",
            description: "Monitor.Enter / Monitor.TryEnter and ReaderWriterLockSlim.Enter*Lock belong to the thread that takes them. " +
                         "Held across an await (an await in the try the lock guards, or between the enter and the exit), the release can run on another thread and throw, " +
                         "leaving the lock held. The compiler forbids 'await' inside 'lock' for this reason; the explicit forms compile.",
            defaultSeverity: DiagnosticSeverity.Warning);
    }
}
