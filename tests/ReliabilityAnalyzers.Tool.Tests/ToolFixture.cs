using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ReliabilityAnalyzers.Tests.Infrastructure;

namespace ReliabilityAnalyzers.Tool.Tests
{
    /// <summary>
    /// Once per run: packs the analyzer package and the tool (from this build's outputs, unique prerelease version), makes
    /// a copy of samples/NotificationService that consumes the package from a local folder, installs the tool into a
    /// throwaway tool manifest from that folder, then runs a plain build with SARIF and `reliability audit` on the copy.
    /// Everything restores from the local folder and the machine's package cache, so it runs offline.
    /// </summary>
    public sealed class ToolFixture : IDisposable
    {
        public ToolFixture()
        {
            Root = Path.Combine(Path.GetTempPath(), "rel-tool-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Feed = Path.Combine(Root, "feed");
            Service = Path.Combine(Root, "svc");
            Report = Path.Combine(Root, "report");
            Directory.CreateDirectory(Feed);
            Version = "1.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss");
            Environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };
            var log = new List<string>();

            string repo = ToolTestEnvironment.RepositoryRoot;
            string configuration = ToolTestEnvironment.Configuration;
            Pack = Step(log, ProcessRunner.Dotnet(Root, new Dictionary<string, string>(), "pack", Path.Combine(repo, "src/ReliabilityAnalyzers.Package/ReliabilityAnalyzers.Package.csproj"),
                "--no-build", "-c", configuration, "-o", Feed, "-p:Version=" + Version, "-nodeReuse:false"));
            if (Pack.ExitCode == 0)
            {
                Pack = Step(log, ProcessRunner.Dotnet(Root, new Dictionary<string, string>(), "pack", Path.Combine(repo, "src/ReliabilityAnalyzers.Tool/ReliabilityAnalyzers.Tool.csproj"),
                    "--no-build", "-c", configuration, "-o", Feed, "-p:Version=" + Version, "-nodeReuse:false"));
            }

            string cache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
                ? p
                : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{Feed}" />
                    <add key="machine-cache" value="{cache}" />
                  </packageSources>
                </configuration>
                """);

            // The consumer: the sample's sources and configuration files, its project consuming the packed package.
            File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), """
                <Project>
                  <PropertyGroup>
                    <Nullable>enable</Nullable>
                    <LangVersion>latest</LangVersion>
                    <!-- The sample's `throw ex;` is REL104's; the SDK's CA2200 reports it too. -->
                    <NoWarn>$(NoWarn);CA2200</NoWarn>
                  </PropertyGroup>
                </Project>
                """);
            string sample = Path.Combine(repo, "samples", "NotificationService");
            Directory.CreateDirectory(Service);
            foreach (string file in Directory.GetFiles(sample))
            {
                string name = Path.GetFileName(file);
                if (name != "expected-findings.txt")
                {
                    File.Copy(file, Path.Combine(Service, name));
                }
            }

            string project = Path.Combine(Service, "NotificationService.csproj");
            string text = File.ReadAllText(project);
            int at = text.IndexOf("<PackageReference ", StringComparison.Ordinal);
            File.WriteAllText(project, text.Insert(at, $"<PackageReference Include=\"ReliabilityAnalyzers\" Version=\"{Version}\" PrivateAssets=\"all\" />\n    "));

            if (Pack.ExitCode == 0)
            {
                Setup = Step(log, ProcessRunner.Dotnet(Root, Environment, "new", "sln", "-n", "Svc", "--format", "slnx"));
                Setup = Setup.ExitCode != 0 ? Setup : Step(log, ProcessRunner.Dotnet(Root, Environment, "sln", "Svc.slnx", "add", project));
                Setup = Setup.ExitCode != 0 ? Setup : Step(log, ProcessRunner.Dotnet(Root, Environment, "new", "tool-manifest"));
                Setup = Setup.ExitCode != 0 ? Setup : Step(log, ProcessRunner.Dotnet(Root, Environment, "tool", "install", "--add-source", Feed, "ReliabilityAnalyzers.Tool", "--version", Version));
                Setup = Setup.ExitCode != 0 ? Setup : Step(log, ProcessRunner.Dotnet(Root, Environment, "restore", "Svc.slnx"));
            }
            else
            {
                Setup = Pack;
            }

            if (Setup.ExitCode == 0)
            {
                PlainSarif = Path.Combine(Root, "plain.sarif");
                PlainBuild = Step(log, ProcessRunner.Dotnet(Root, Environment, "build", "Svc.slnx", "--no-restore", "--no-incremental", "-nodeReuse:false", "-v:m",
                    "-p:ErrorLog=" + PlainSarif + "%2Cversion=2.1"));
                Audit = Step(log, Reliability("audit", "Svc.slnx", "--output", Report));
            }
            else
            {
                PlainBuild = Audit = Setup;
            }

            Log = string.Join("\n", log);
        }

        public string Root { get; }

        public string Feed { get; }

        public string Service { get; }

        public string Report { get; }

        public string Version { get; }

        public Dictionary<string, string> Environment { get; }

        public ProcessResult Pack { get; }

        public ProcessResult Setup { get; }

        public ProcessResult PlainBuild { get; }

        public string? PlainSarif { get; }

        public ProcessResult Audit { get; }

        public string Log { get; }

        public string BaselinePath => Path.Combine(Root, "reliability.baseline.json");

        /// <summary>Runs the installed tool from the throwaway manifest, as a user would: `dotnet tool run reliability ...`.</summary>
        public ProcessResult Reliability(params string[] arguments) =>
            ProcessRunner.Dotnet(Root, Environment, new[] { "tool", "run", "reliability", "--" }.Concat(arguments).ToArray());

        /// <summary>A full build of the copy, warnings as errors: what CI runs once the baseline is committed.</summary>
        public ProcessResult BuildWarningsAsErrors() =>
            ProcessRunner.Dotnet(Root, Environment, "build", "Svc.slnx", "--no-restore", "--no-incremental", "-nodeReuse:false", "-v:m", "-warnaserror");

        private static ProcessResult Step(List<string> log, ProcessResult result)
        {
            log.Add(result.ToString());
            return result;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
