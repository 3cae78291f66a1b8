using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL407 (audit level): REL404's finding when the blocking call is local file-system or archive I/O
    /// (<see cref="LocalFileIo"/>). Short, bounded disk reads and writes rarely starve a service the way network,
    /// database and wait blocking does, so they are worth an audit, not a warning. Same code fix as REL404, and the same
    /// analyzer: <see cref="REL404BlockingCallWithAsyncTwinAnalyzer"/> supports both IDs and classifies each blocking call
    /// once (two analyzers would each run the whole twin analysis). This class holds REL407's descriptor.
    /// </summary>
    internal static class REL407BlockingLocalFileIoRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingLocalFileIoInAsync,
            title: "Blocking local file I/O inside async code",
            messageFormat: "'{0}' blocks the thread on local file or archive I/O inside async code, and '{1}' does the same work without blocking. " +
                           "A large or slow disk operation holds a thread-pool thread for its whole duration. " +
                           "Await '{1}' instead when the files can be large or the path is hot.",
            description: "The local file-system and archive share of REL404: a synchronous System.IO.File/FileInfo/Directory, FileStream, " +
                         "file-path reader/writer or System.IO.Compression zip call that has a true asynchronous counterpart, inside async code. " +
                         "Audit level: on real code these are mostly small, one-off reads (keys, templates, backups) that are not worth fixing.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
