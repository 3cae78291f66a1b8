using System.Linq;
using System.Reflection;

namespace ReliabilityAnalyzers.Tool.Tests
{
    internal static class ToolTestEnvironment
    {
        public static string RepositoryRoot => Metadata("RepositoryRoot");

        /// <summary>The configuration this test assembly (and so the tool and analyzers it references) was built in.</summary>
        public static string Configuration => Metadata("Configuration");

        private static string Metadata(string key) =>
            typeof(ToolTestEnvironment).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }
}
