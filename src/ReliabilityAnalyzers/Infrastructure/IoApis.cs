using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Framework methods that reach outside the process: network, database, file system.</summary>
    internal static class IoApis
    {
        /// <summary>
        /// A method of System.Net*, System.IO* (but in-memory streams, readers and writers, and Path), System.Data*,
        /// Microsoft.Data* or EF Core. Teardown (Dispose, Close, Cancel) is not I/O work.
        /// </summary>
        public static bool IsFrameworkIo(IMethodSymbol method)
        {
            string name = method.Name;
            if (name == "Dispose" || name == "DisposeAsync" || name == "Close" || name == "CloseAsync" || name == "Cancel" || name == "CancelAsync"
                || !(method.ContainingType is { } type))
            {
                return false;
            }

            string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns.StartsWith("System.IO", System.StringComparison.Ordinal))
            {
                return type.Name != "MemoryStream" && type.Name != "UnmanagedMemoryStream" && type.Name != "StringReader"
                    && type.Name != "StringWriter" && type.Name != "Path" && type.Name != "BinaryReader" && type.Name != "InvalidDataException";
            }

            return ns.StartsWith("System.Net", System.StringComparison.Ordinal) || ns.StartsWith("System.Data", System.StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.Data", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal);
        }
    }
}
