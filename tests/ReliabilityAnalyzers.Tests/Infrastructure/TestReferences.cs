using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// The reference set every test compilation uses: the net8.0 reference pack pinned to 8.0.28, ASP.NET Core 8,
    /// and the real packages (Polly, Polly.Core, Microsoft.Extensions.Http.Resilience, StackExchange.Redis, ...),
    /// as resolved by NuGet when tests/ReliabilityAnalyzers.TestReferences was built. Nothing is downloaded at test time.
    /// </summary>
    internal static class TestReferences
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> All = new Lazy<ImmutableArray<MetadataReference>>(Load);

        public static ImmutableArray<MetadataReference> References => All.Value;

        public static string RepositoryRoot => Metadata("RepositoryRoot");

        /// <summary>The NuGet package folder this test project restored from (with a trailing separator).</summary>
        public static string NuGetPackageRoot => Metadata("NuGetPackageRoot");

        private static ImmutableArray<MetadataReference> Load()
        {
            string file = Metadata("TestReferencesFile");
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"Missing {file}: build tests/ReliabilityAnalyzers.TestReferences (dotnet test builds it).");
            }

            return File.ReadAllLines(file)
                .Where(line => line.Length > 0)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }

        internal static string Metadata(string key) =>
            typeof(TestReferences).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }
}
