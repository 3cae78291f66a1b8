using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// What the oldest host the package promises (Roslyn 4.8: VS 17.8, the .NET 8 SDK's compiler and dotnet format)
    /// brings along: Microsoft.CodeAnalysis* 4.8.0.0 and the netstandard2.0 dependency closure of
    /// Microsoft.CodeAnalysis.Workspaces.Common 4.8.0, read from the nuspecs in the NuGet package folder. An assembly
    /// of ours that references anything above that (System.Composition.AttributedModel 8.0.0.0, say) may fail to load
    /// there, and the host drops the analyzers or code fixes without a word.
    /// </summary>
    internal static class HostReferenceFloor
    {
        public static readonly Version Roslyn = new Version(4, 8, 0, 0);

        private static readonly Lazy<IReadOnlyDictionary<string, Version>> Closure = new Lazy<IReadOnlyDictionary<string, Version>>(
            () => DependencyClosure("Microsoft.CodeAnalysis.Workspaces.Common", new Version(4, 8, 0)));

        /// <summary>Package ID -> the version the Roslyn 4.8 host asks for (the lowest in its closure).</summary>
        public static IReadOnlyDictionary<string, Version> Packages => Closure.Value;

        /// <summary>Every reference of the assembly in <paramref name="image"/> above what the Roslyn 4.8 host brings.</summary>
        public static List<string> ReferencesAboveFloor(Stream image)
        {
            var problems = new List<string>();
            using var pe = new PEReader(image, PEStreamOptions.LeaveOpen);
            MetadataReader md = pe.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
            {
                AssemblyReference reference = md.GetAssemblyReference(handle);
                string name = md.GetString(reference.Name);
                Version version = reference.Version;
                if (name == "ReliabilityAnalyzers")
                {
                    // The analyzer assembly, shipped beside the code-fix assembly in analyzers/dotnet/cs.
                }
                else if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                {
                    if (version > Roslyn)
                    {
                        problems.Add($"{name} {version} > {Roslyn}");
                    }
                }
                else if (name == "netstandard")
                {
                    if (version > new Version(2, 0, 0, 0))
                    {
                        problems.Add($"{name} {version} > 2.0.0.0");
                    }
                }
                else if (name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal))
                {
                    // The assembly version of a package's DLL is never above the package version (7.0.0 -> 7.0.0.0,
                    // System.Memory 4.5.5 -> 4.0.1.2), so "reference <= package version in the host's closure" is exact
                    // for the new packages and safe for the old ones.
                    if (!Packages.TryGetValue(name, out Version? floor))
                    {
                        problems.Add($"{name} {version} is not in Roslyn 4.8's dependency closure");
                    }
                    else if (version > floor)
                    {
                        problems.Add($"{name} {version} > {floor} (what Microsoft.CodeAnalysis.Workspaces.Common 4.8.0 brings)");
                    }
                }
                else
                {
                    problems.Add($"{name} {version} is not part of any Roslyn host");
                }
            }

            return problems;
        }

        private static Version Four(Version v) => new Version(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));

        private static IReadOnlyDictionary<string, Version> DependencyClosure(string rootId, Version rootVersion)
        {
            var result = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
            var pending = new Queue<(string Id, Version Version)>();
            pending.Enqueue((rootId, rootVersion));
            while (pending.Count > 0)
            {
                (string id, Version version) = pending.Dequeue();
                if (result.TryGetValue(id, out Version? seen) && seen <= Four(version))
                {
                    continue;
                }

                result[id] = Four(version);
                foreach ((string childId, Version childVersion) in Dependencies(id, version))
                {
                    pending.Enqueue((childId, childVersion));
                }
            }

            return result;
        }

        /// <summary>
        /// The netstandard2.0 dependencies of a package version. When that exact version is not in the package folder
        /// (the feed serves System.Composition 8.0.0 for Workspaces' 7.0.0), the nearest cached version's list is used,
        /// with lockstep children (declared at the cached parent's own version) taken at the requested version.
        /// </summary>
        private static IEnumerable<(string Id, Version Version)> Dependencies(string id, Version version)
        {
            string folder = Path.Combine(TestReferences.NuGetPackageRoot, id.ToLowerInvariant());
            if (!Directory.Exists(folder))
            {
                yield break;
            }

            Version? cached = Directory.GetDirectories(folder)
                .Select(d => Version.TryParse(Path.GetFileName(d), out Version? v) ? v : null)
                .Where(v => v is not null && v >= version)
                .OrderBy(v => v)
                .FirstOrDefault();
            if (cached is null)
            {
                yield break;
            }

            string nuspec = Path.Combine(folder, cached.ToString(3), id.ToLowerInvariant() + ".nuspec");
            if (!File.Exists(nuspec))
            {
                yield break;
            }

            XDocument doc = XDocument.Load(nuspec);
            XNamespace ns = doc.Root!.Name.Namespace;
            XElement? dependencies = doc.Root.Element(ns + "metadata")?.Element(ns + "dependencies");
            if (dependencies is null)
            {
                yield break;
            }

            IEnumerable<XElement> items = dependencies.Elements(ns + "group")
                .Where(g => string.Equals((string?)g.Attribute("targetFramework"), ".NETStandard2.0", StringComparison.OrdinalIgnoreCase))
                .SelectMany(g => g.Elements(ns + "dependency"));
            if (!dependencies.Elements(ns + "group").Any())
            {
                items = dependencies.Elements(ns + "dependency");
            }

            foreach (XElement dependency in items)
            {
                string childId = (string)dependency.Attribute("id")!;
                Version childVersion = Version.Parse(((string)dependency.Attribute("version")!).Trim('[', ']', '(', ')').Split(',')[0].Trim());
                if (cached != version && childVersion == cached)
                {
                    childVersion = version;
                }

                yield return (childId, childVersion);
            }
        }
    }
}
