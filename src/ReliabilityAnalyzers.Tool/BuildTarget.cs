using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>What PATH names: the file to build, the folder reports and the baseline are relative to, and its projects.</summary>
    internal sealed class BuildTarget
    {
        private BuildTarget(string buildFile, IReadOnlyList<string> projects)
        {
            BuildFile = buildFile;
            Root = Path.GetDirectoryName(buildFile)!;
            Projects = projects;
        }

        /// <summary>The .sln, .slnx or project file handed to <c>dotnet build</c>.</summary>
        public string BuildFile { get; }

        /// <summary>The folder of <see cref="BuildFile"/>: paths in reports and in the baseline are relative to it.</summary>
        public string Root { get; }

        /// <summary>Project files the build file names (C# ones first; used for progress only).</summary>
        public IReadOnlyList<string> Projects { get; }

        public string BaselinePath => Path.Combine(Root, Infrastructure.Baseline.BaselineDocument.FileName);

        public static BuildTarget Resolve(string? path)
        {
            string full = Path.GetFullPath(string.IsNullOrEmpty(path) ? Directory.GetCurrentDirectory() : path);
            if (Directory.Exists(full))
            {
                string[] solutions = Directory.GetFiles(full, "*.sln").Concat(Directory.GetFiles(full, "*.slnx")).OrderBy(f => f, StringComparer.Ordinal).ToArray();
                if (solutions.Length == 1)
                {
                    full = solutions[0];
                }
                else if (solutions.Length > 1)
                {
                    throw new UsageException("'" + full + "' holds more than one solution (" + string.Join(", ", solutions.Select(Path.GetFileName)) + "); name one");
                }
                else
                {
                    string[] projects = Directory.GetFiles(full, "*.csproj");
                    if (projects.Length == 1)
                    {
                        full = projects[0];
                    }
                    else if (projects.Length > 1)
                    {
                        throw new UsageException("'" + full + "' holds more than one project and no solution; name one");
                    }
                    else
                    {
                        throw new UsageException("no .sln, .slnx or .csproj in '" + full + "'");
                    }
                }
            }

            if (!File.Exists(full))
            {
                throw new UsageException("'" + full + "' does not exist");
            }

            string ext = Path.GetExtension(full).ToLowerInvariant();
            return ext switch
            {
                ".sln" => new BuildTarget(full, SlnProjects(full)),
                ".slnx" => new BuildTarget(full, SlnxProjects(full)),
                ".csproj" or ".proj" or ".vbproj" or ".fsproj" => new BuildTarget(full, new[] { full }),
                _ => throw new UsageException("'" + full + "' is not a .sln, .slnx or project file"),
            };
        }

        private static IReadOnlyList<string> SlnProjects(string sln)
        {
            // Project("{type}") = "Name", "relative\path.csproj", "{guid}" — solution folders have no project file extension.
            var regex = new Regex("^Project\\(\"\\{[^}]+\\}\"\\)\\s*=\\s*\"[^\"]*\",\\s*\"([^\"]+)\"", RegexOptions.Multiline);
            string dir = Path.GetDirectoryName(sln)!;
            return regex.Matches(File.ReadAllText(sln))
                .Select(m => m.Groups[1].Value)
                .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
                .Select(p => Path.GetFullPath(Path.Combine(dir, p.Replace('\\', Path.DirectorySeparatorChar))))
                .Distinct()
                .ToArray();
        }

        private static IReadOnlyList<string> SlnxProjects(string slnx)
        {
            string dir = Path.GetDirectoryName(slnx)!;
            try
            {
                return XDocument.Load(slnx).Descendants()
                    .Where(e => e.Name.LocalName == "Project")
                    .Select(e => (string?)e.Attribute("Path"))
                    .Where(p => !string.IsNullOrEmpty(p))
                    .Select(p => Path.GetFullPath(Path.Combine(dir, p!.Replace('\\', Path.DirectorySeparatorChar))))
                    .Distinct()
                    .ToArray();
            }
            catch (System.Xml.XmlException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
