using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ReliabilityAnalyzers.Benchmarks
{
    /// <summary>A named set of analyzers measured together (our package, or one peer package).</summary>
    public sealed class AnalyzerSet
    {
        public AnalyzerSet(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, string? loadNote = null)
        {
            Name = name;
            Analyzers = analyzers;
            LoadNote = loadNote;
        }

        public string Name { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        /// <summary>What loaded (or why not).</summary>
        public string? LoadNote { get; }
    }

    /// <summary>The five families; the hundreds digit of our IDs, and the peer IDs that cover the same ground.</summary>
    public static class Families
    {
        public static readonly string[] Names = { "Exceptions", "Resilience", "Resources", "Async", "Secrets" };

        /// <summary>Family of one of our IDs (REL1xx → Exceptions ... REL5xx → Secrets), or null.</summary>
        public static string? OfOurId(string id)
        {
            if (id.Length == 6 && id.StartsWith("REL", StringComparison.Ordinal) && id[3] >= '1' && id[3] <= '5')
            {
                return Names[id[3] - '1'];
            }

            return null;
        }

        /// <summary>
        /// Peer rule IDs covering the same ground as our families (from shared/research/peers.md). A peer analyzer
        /// type is attributed to the family of the IDs it supports; telemetry is per analyzer type.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string> PeerIds = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Exceptions: empty / swallowing catches, lost context, async void, unobserved tasks.
            ["RCS1075"] = "Exceptions", ["RCS1044"] = "Exceptions", ["RCS1265"] = "Exceptions",
            ["S2486"] = "Exceptions", ["S108"] = "Exceptions", ["S3445"] = "Exceptions", ["S2221"] = "Exceptions",
            ["S6667"] = "Exceptions", ["S2139"] = "Exceptions", ["S2737"] = "Exceptions", ["S1163"] = "Exceptions", ["S3168"] = "Exceptions",
            ["MA0027"] = "Exceptions", ["MA0054"] = "Exceptions", ["MA0072"] = "Exceptions", ["MA0134"] = "Exceptions",
            ["MA0155"] = "Exceptions", ["MA0147"] = "Exceptions",
            ["VSTHRD100"] = "Exceptions", ["VSTHRD101"] = "Exceptions", ["VSTHRD110"] = "Exceptions",
            ["AsyncFixer03"] = "Exceptions",

            // Resilience: timeouts, cancellation, Regex timeouts.
            ["MA0009"] = "Resilience", ["S6444"] = "Resilience", ["MA0040"] = "Resilience", ["S8949"] = "Resilience",

            // Resources: clients per call, undisposed/disposed-early, request limits.
            ["S6962"] = "Resources", ["S6420"] = "Resources", ["S2930"] = "Resources", ["S5693"] = "Resources",
            ["AsyncFixer04"] = "Resources", ["MA0100"] = "Resources", ["MA0129"] = "Resources", ["VSTHRD107"] = "Resources",

            // Async: blocking calls in async code.
            ["VSTHRD002"] = "Async", ["VSTHRD103"] = "Async", ["VSTHRD104"] = "Async", ["VSTHRD105"] = "Async", ["VSTHRD114"] = "Async",
            ["MA0042"] = "Async", ["MA0045"] = "Async", ["MA0022"] = "Async",
            ["AsyncFixer01"] = "Async", ["AsyncFixer02"] = "Async", ["AsyncFixer05"] = "Async",
            ["S4462"] = "Async", ["S6966"] = "Async", ["S4586"] = "Async",
            ["RCS1210"] = "Async", ["RCS1261"] = "Async",

            // Secrets: hardcoded credentials and endpoints.
            ["S2068"] = "Secrets", ["S6418"] = "Secrets", ["S2115"] = "Secrets", ["S1313"] = "Secrets", ["S1075"] = "Secrets",
        };

        /// <summary>The families an analyzer's supported IDs map to (ours by ID block, peers by the table).</summary>
        public static IReadOnlyList<string> Of(DiagnosticAnalyzer analyzer)
        {
            var result = new List<string>();
            foreach (DiagnosticDescriptor d in SafeSupported(analyzer))
            {
                string? family = OfOurId(d.Id) ?? (PeerIds.TryGetValue(d.Id, out string? f) ? f : null);
                if (family != null && !result.Contains(family))
                {
                    result.Add(family);
                }
            }

            return result;
        }

        public static ImmutableArray<DiagnosticDescriptor> SafeSupported(DiagnosticAnalyzer analyzer)
        {
            try
            {
                return analyzer.SupportedDiagnostics;
            }
            catch (Exception ex) when (ex is TypeLoadException or MissingMethodException or FileNotFoundException or FileLoadException or InvalidOperationException)
            {
                return ImmutableArray<DiagnosticDescriptor>.Empty;
            }
        }
    }

    /// <summary>Finds our analyzers and loads the peers from their NuGet package folders.</summary>
    public static class AnalyzerSets
    {
        /// <summary>Every DiagnosticAnalyzer in the ReliabilityAnalyzers assembly, found by reflection.</summary>
        public static AnalyzerSet Ours()
        {
            Assembly assembly = typeof(ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer).Assembly;
            ImmutableArray<DiagnosticAnalyzer> analyzers = assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null)
                .OrderBy(t => t.Name, StringComparer.Ordinal)
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            return new AnalyzerSet("ReliabilityAnalyzers", analyzers, analyzers.Length + " analyzers");
        }

        /// <summary>(package id, version, sub-folder under analyzers/ chosen for the Roslyn 4.8 host).</summary>
        public static readonly (string Id, string Version, string Folder)[] Peers =
        {
            ("Meziantou.Analyzer", "3.0.321", "dotnet/roslyn4.14/cs"),
            ("Microsoft.VisualStudio.Threading.Analyzers", "18.12.1", "cs"),
            ("AsyncFixer", "2.1.0", "dotnet/cs"),
            ("Roslynator.Analyzers", "5.0.1", "dotnet/roslyn4.7/cs"),
            ("SonarAnalyzer.CSharp", "10.36.0.15337", ""),
        };

        public static AnalyzerSet LoadPeer(string packageRoot, string id, string version, string folder, bool familyRulesOnly)
        {
            string dir = Path.Combine(packageRoot, id.ToLowerInvariant(), version, "analyzers", folder);
            if (!Directory.Exists(dir))
            {
                return new AnalyzerSet(id, ImmutableArray<DiagnosticAnalyzer>.Empty, "not on disk: " + dir);
            }

            var loader = new FolderAnalyzerLoader(dir);
            var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            var notes = new List<string>();
            int total = 0;
            foreach (string dll in Directory.GetFiles(dir, "*.dll").OrderBy(p => p, StringComparer.Ordinal))
            {
                if (dll.Contains("CodeFix", StringComparison.OrdinalIgnoreCase) || dll.Contains("Workspaces", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var reference = new AnalyzerFileReference(dll, loader);
                string? failure = null;
                reference.AnalyzerLoadFailed += (_, e) => failure = Path.GetFileName(dll) + ": " + e.ErrorCode + " " + e.Message;
                ImmutableArray<DiagnosticAnalyzer> loaded;
                try
                {
                    loaded = reference.GetAnalyzers(Microsoft.CodeAnalysis.LanguageNames.CSharp);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    notes.Add(Path.GetFileName(dll) + ": " + ex.GetType().Name + " " + ex.Message);
                    continue;
                }

                if (failure != null)
                {
                    notes.Add(failure);
                }

                foreach (DiagnosticAnalyzer analyzer in loaded)
                {
                    total++;
                    if (!familyRulesOnly || Families.Of(analyzer).Count > 0)
                    {
                        builder.Add(analyzer);
                    }
                }
            }

            string note = $"{total} analyzers loaded from analyzers/{folder}; {builder.Count} cover our families";
            if (notes.Count > 0)
            {
                note += "; load problems: " + string.Join(" | ", notes.Take(3));
            }

            return new AnalyzerSet(id, builder.ToImmutable(), note);
        }

        /// <summary>
        /// Loads a package's analyzer DLLs into their own load context; Roslyn itself and the BCL come from the
        /// host (as in the compiler server), every other dependency from the package folder.
        /// </summary>
        private sealed class FolderAnalyzerLoader : IAnalyzerAssemblyLoader
        {
            private readonly Context _context;

            public FolderAnalyzerLoader(string directory)
            {
                _context = new Context(directory);
            }

            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => _context.LoadFromAssemblyPath(fullPath);

            private sealed class Context : AssemblyLoadContext
            {
                private readonly string _directory;

                public Context(string directory)
                    : base("peer:" + directory, isCollectible: false)
                {
                    _directory = directory;
                }

                protected override Assembly? Load(AssemblyName name)
                {
                    if (name.Name is null)
                    {
                        return null;
                    }

                    if (name.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || name.Name.StartsWith("System.", StringComparison.Ordinal))
                    {
                        // The host's Roslyn, whatever version the analyzer was compiled against (like csc does).
                        foreach (Assembly loaded in Default.Assemblies)
                        {
                            if (string.Equals(loaded.GetName().Name, name.Name, StringComparison.Ordinal))
                            {
                                return loaded;
                            }
                        }

                        try
                        {
                            return Default.LoadFromAssemblyName(new AssemblyName(name.Name));
                        }
                        catch (FileNotFoundException)
                        {
                            // fall through to the package folder
                        }
                    }

                    string candidate = Path.Combine(_directory, name.Name + ".dll");
                    return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
                }
            }
        }
    }
}
