using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ReliabilityAnalyzers.Tests.Infrastructure;

namespace ReliabilityAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// Packs the real nupkg once (unique prerelease version, so no stale cache can answer) and creates a throwaway
    /// consumer project that adds it with `dotnet add package` from a local folder source, restoring into a private
    /// package folder.
    /// </summary>
    public sealed class PackageFixture : IDisposable
    {
        public PackageFixture()
        {
            Root = Path.Combine(Path.GetTempPath(), "rel-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Feed = Path.Combine(Root, "feed");
            Consumer = Path.Combine(Root, "consumer");
            Directory.CreateDirectory(Feed);
            Directory.CreateDirectory(Consumer);
            Version = "1.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

            string packageProject = Path.Combine(TestReferences.RepositoryRoot, "src", "ReliabilityAnalyzers.Package", "ReliabilityAnalyzers.Package.csproj");
            PackResult = ProcessRunner.Dotnet(Root, new Dictionary<string, string>(),
                "pack", packageProject, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-nodeReuse:false");
            PackagePath = Directory.GetFiles(Feed, "*.nupkg").SingleOrDefault();

            // A consumer that knows only the local folder: nothing else may be needed to use the package.
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(Consumer, "Consumer.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(Consumer, "Store.cs"), """
                using System;
                using System.IO;

                public sealed class Store
                {
                    public void Backup(string path)
                    {
                        try { File.Copy(path, path + ".bak", overwrite: true); }
                        catch { }
                    }

                    public void Save(string path, string text)
                    {
                        try { File.WriteAllText(path, text); }
                        catch (IOException ex) { throw ex; }
                    }
                }
                """);
            AddPackageResult = PackResult.ExitCode == 0
                ? ProcessRunner.Dotnet(Consumer, Environment, "add", "package", "ReliabilityAnalyzers", "--version", Version)
                : new ProcessResult(-1, "pack failed");
        }

        public string Root { get; }

        public string Feed { get; }

        public string Consumer { get; }

        public string Version { get; }

        public string? PackagePath { get; }

        public ProcessResult PackResult { get; }

        public ProcessResult AddPackageResult { get; }

        public Dictionary<string, string> Environment { get; }

        /// <summary>A full (non-incremental) build of the consumer, so every analyzer runs again.</summary>
        public ProcessResult Build(string? editorConfig = null, params string[] properties)
        {
            string editorConfigPath = Path.Combine(Consumer, ".editorconfig");
            if (editorConfig is null)
            {
                File.Delete(editorConfigPath);
            }
            else
            {
                File.WriteAllText(editorConfigPath, "root = true\n\n[*.cs]\n" + editorConfig + "\n");
            }

            var arguments = new List<string> { "build", "--no-incremental", "-nodeReuse:false", "-v:m" };
            arguments.AddRange(properties);
            return ProcessRunner.Dotnet(Consumer, Environment, arguments.ToArray());
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above.
            }
        }
    }
}
