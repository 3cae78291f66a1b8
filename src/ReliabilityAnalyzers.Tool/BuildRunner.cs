using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>The outcome of the instrumented build: one SARIF per project and target framework, and the build's errors.</summary>
    internal sealed class BuildResult
    {
        public int ExitCode { get; init; }

        public IReadOnlyList<string> SarifFiles { get; init; } = Array.Empty<string>();

        /// <summary>Error lines of the build that are not REL findings (compile errors, restore failures, ...).</summary>
        public IReadOnlyList<string> Errors { get; init; } = Array.Empty<string>();

        /// <summary>The last lines the build printed, shown when it failed without an error line (e.g. the SDK that global.json asks for is missing).</summary>
        public IReadOnlyList<string> OutputTail { get; init; } = Array.Empty<string>();

        public int ProjectsBuilt { get; init; }

        public TimeSpan Elapsed { get; init; }

        public bool Failed => ExitCode != 0 && (Errors.Count > 0 || SarifFiles.Count == 0);
    }

    /// <summary>
    /// Runs <c>dotnet build</c> on the user's solution with this tool's analyzers injected through a tool-owned targets
    /// file (<c>CustomAfterMicrosoftCommonTargets</c>): the package's own copy, if installed, is replaced by ours; every
    /// REL rule runs at least at its default severity (a tool-owned global config); each compile writes its own SARIF 2.1
    /// log into a tool-owned folder; and a fresh stamp file among the compile inputs makes every compile run. No file of
    /// the user's changes; their bin/obj get a normal build.
    /// </summary>
    internal static class BuildRunner
    {
        private static readonly Regex ProjectDone = new Regex(@"^\s*(\S.*?) -> (.+)$", RegexOptions.Compiled);
        private const int TailLines = 15;
        private static readonly Regex ErrorLine = new Regex(@":\s*error\s+([A-Za-z]+[0-9]+)?", RegexOptions.Compiled);

        public static BuildResult Run(BuildTarget target, string workDirectory, IReadOnlyList<string> extraArguments, TextWriter stderr)
        {
            string sarifDir = Path.Combine(workDirectory, "sarif");
            Directory.CreateDirectory(sarifDir);
            string targets = Path.Combine(workDirectory, "ReliabilityAudit.targets");
            string globalConfig = Path.Combine(workDirectory, "ReliabilityAudit.globalconfig");
            string stamp = Path.Combine(workDirectory, "ReliabilityAudit.stamp");
            File.WriteAllText(globalConfig, GlobalConfig());
            File.WriteAllText(targets, TargetsFile(ToolInfo.AnalyzerDirectory, globalConfig, stamp, sarifDir, target.Root));
            File.WriteAllText(stamp, DateTime.UtcNow.ToString("o"));

            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = target.Root,
            };
            foreach (string a in new[]
            {
                "build", target.BuildFile, "-nologo", "-v:m", "-nodeReuse:false", "-clp:NoSummary",
                "-p:CustomAfterMicrosoftCommonTargets=" + targets,
                "-p:ReliabilityAuditActive=true",
                "-p:TreatWarningsAsErrors=false", "-p:MSBuildTreatWarningsAsErrors=false", "-p:CodeAnalysisTreatWarningsAsErrors=false",
                "-p:RunAnalyzers=true", "-p:RunAnalyzersDuringBuild=true",
            })
            {
                info.ArgumentList.Add(a);
            }

            foreach (string a in extraArguments)
            {
                info.ArgumentList.Add(a);
            }

            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            info.Environment["DOTNET_NOLOGO"] = "1";
            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";

            var clock = Stopwatch.StartNew();
            int total = Math.Max(1, target.Projects.Count);
            int done = 0;
            var errors = new List<string>();
            var seenErrors = new HashSet<string>(StringComparer.Ordinal);
            var projectsDone = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var tail = new Queue<string>();
            object gate = new object();
            stderr.WriteLine($"reliability: building {Path.GetFileName(target.BuildFile)} ({target.Projects.Count} project(s)) with the analyzers injected ...");

            void OnLine(string? line)
            {
                if (line is null)
                {
                    return;
                }

                lock (gate)
                {
                    if (line.Trim().Length > 0)
                    {
                        tail.Enqueue(line.TrimEnd());
                        if (tail.Count > TailLines)
                        {
                            tail.Dequeue();
                        }
                    }

                    Match error = ErrorLine.Match(line);
                    if (error.Success && !(error.Groups[1].Success && error.Groups[1].Value.StartsWith("REL", StringComparison.Ordinal)))
                    {
                        if (seenErrors.Add(line.Trim()))
                        {
                            errors.Add(line.Trim());
                        }

                        return;
                    }

                    Match m = ProjectDone.Match(line);
                    if (m.Success && !line.Contains(": warning ", StringComparison.Ordinal))
                    {
                        // "  Name -> /path/bin/Debug/net8.0/Name.dll": a project (or one target framework of it) is built.
                        string name = m.Groups[1].Value.Trim();
                        if (projectsDone.Add(name))
                        {
                            done++;
                        }

                        string framework = Path.GetFileName(Path.GetDirectoryName(m.Groups[2].Value.Trim()) ?? string.Empty);
                        string suffix = framework.StartsWith("net", StringComparison.OrdinalIgnoreCase) ? " (" + framework + ")" : string.Empty;
                        stderr.WriteLine($"  [project {Math.Min(done, total)} of {total}] {name}{suffix}  {clock.Elapsed.TotalSeconds:0}s elapsed");
                    }
                }
            }

            using var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();

            string[] sarif = Directory.GetFiles(sarifDir, "*.sarif").OrderBy(f => f, StringComparer.Ordinal).ToArray();
            stderr.WriteLine($"reliability: build finished in {clock.Elapsed.TotalSeconds:0}s, exit code {process.ExitCode}, {sarif.Length} compilation log(s)");
            return new BuildResult
            {
                ExitCode = process.ExitCode,
                SarifFiles = sarif,
                Errors = errors,
                OutputTail = tail.ToArray(),
                ProjectsBuilt = done,
                Elapsed = clock.Elapsed,
            };
        }

        /// <summary>Every rule of the tool's analyzers at its default severity, above any preset or .globalconfig of the user's.</summary>
        internal static string GlobalConfig()
        {
            var sb = new StringBuilder();
            sb.Append("# Written by the reliability tool for one audit build; not a file of the audited repository.\n");
            sb.Append("is_global = true\nglobal_level = 1000\n\n");
            foreach (RuleInfo rule in RuleCatalog.All)
            {
                sb.Append("dotnet_diagnostic.").Append(rule.Id).Append(".severity = ").Append(rule.EditorConfigSeverity).Append('\n');
            }

            return sb.ToString();
        }

        /// <summary>
        /// The tool-owned targets file. Only C# projects under <paramref name="root"/> (the audited solution's folder) are
        /// instrumented: a project referenced from outside it builds as usual and is not reported.
        /// </summary>
        internal static string TargetsFile(string analyzerDirectory, string globalConfig, string stamp, string sarifDirectory, string root)
        {
            static string X(string s) => System.Security.SecurityElement.Escape(s);
            string analyzers = string.Join(";", new[] { "ReliabilityAnalyzers.dll", "ReliabilityAnalyzers.CodeFixes.dll" }
                .Select(f => Path.Combine(analyzerDirectory, f)).Where(File.Exists).Select(X));
            return $"""
                <Project>
                  <!-- Written by the reliability tool for one audit build (CustomAfterMicrosoftCommonTargets); not a file of the audited repository. -->
                  <PropertyGroup>
                    <_ReliabilityAuditRoot>{X(root.Replace('\\', '/').TrimEnd('/').ToLowerInvariant() + "/")}</_ReliabilityAuditRoot>
                    <_ReliabilityAuditThis Condition="'$(Language)' == 'C#' and $([System.String]::Copy('$(MSBuildProjectDirectory)/').Replace('\', '/').ToLowerInvariant().StartsWith('$(_ReliabilityAuditRoot)'))">true</_ReliabilityAuditThis>
                  </PropertyGroup>
                  <PropertyGroup Condition="'$(_ReliabilityAuditThis)' == 'true'">
                    <_ReliabilityAuditSarif>{X(sarifDirectory)}/$(MSBuildProjectName)-$(TargetFramework)-$([MSBuild]::StableStringHash('$(MSBuildProjectFullPath)')).sarif</_ReliabilityAuditSarif>
                    <ErrorLog>$(_ReliabilityAuditSarif),version=2.1</ErrorLog>
                  </PropertyGroup>
                  <Target Name="_ReliabilityAuditInject" BeforeTargets="CoreCompile" Condition="'$(_ReliabilityAuditThis)' == 'true'">
                    <PropertyGroup>
                      <ErrorLog>$(_ReliabilityAuditSarif),version=2.1</ErrorLog>
                    </PropertyGroup>
                    <WriteLinesToFile File="$(_ReliabilityAuditSarif).defines" Lines="$(DefineConstants)" Overwrite="true" WriteOnlyWhenDifferent="true" ContinueOnError="true" />
                    <ItemGroup>
                      <Analyzer Remove="@(Analyzer)" Condition="'%(Filename)' == 'ReliabilityAnalyzers' or '%(Filename)' == 'ReliabilityAnalyzers.CodeFixes'" />
                      <Analyzer Include="{analyzers}" />
                      <AdditionalFiles Remove="@(AdditionalFiles)" Condition="'%(Filename)%(Extension)' == 'reliability.baseline.json'" />
                      <AdditionalFiles Include="$(MSBuildProjectDirectory)/**/appsettings*.json;$(MSBuildProjectDirectory)/**/.env*"
                                       Exclude="$(MSBuildProjectDirectory)/bin/**;$(MSBuildProjectDirectory)/obj/**;$(MSBuildProjectDirectory)/**/node_modules/**;@(AdditionalFiles)" />
                      <EditorConfigFiles Include="{X(globalConfig)}" />
                      <CustomAdditionalCompileInputs Include="{X(stamp)}" />
                    </ItemGroup>
                  </Target>
                </Project>
                """;
        }
    }
}
