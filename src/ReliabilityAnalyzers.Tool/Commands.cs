using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>Build once with the analyzers injected, read the findings, mark the ones the baseline covers.</summary>
    internal static class Analysis
    {
        public static (BuildTarget Target, BuildResult Build, List<Finding> Findings, BaselineDocument? Baseline) Run(CommandOptions options, TextWriter stderr)
        {
            BuildTarget target = BuildTarget.Resolve(options.Path);
            string work = Path.Combine(Path.GetTempPath(), "reliability-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(work);
            try
            {
                BuildResult build = BuildRunner.Run(target, work, options.MSBuildArguments, stderr);
                List<Finding> findings = FindingCollector.Read(build.SarifFiles, target.Root, stderr);
                BaselineDocument? baseline = null;
                if (File.Exists(target.BaselinePath))
                {
                    try
                    {
                        baseline = BaselineDocument.Parse(File.ReadAllText(target.BaselinePath));
                    }
                    catch (BaselineFormatException ex)
                    {
                        stderr.WriteLine($"reliability: {target.BaselinePath} cannot be read: {ex.Message} (line {ex.Line}, column {ex.Column}); ignoring it");
                    }
                }

                if (baseline != null)
                {
                    Dictionary<string, int> remaining = Counts(baseline);
                    foreach (Finding f in findings.Where(f => !f.SuppressedInSource))
                    {
                        string key = KeyOf(f);
                        if (remaining.TryGetValue(key, out int left) && left > 0)
                        {
                            remaining[key] = left - 1;
                            f.Baselined = true;
                        }
                    }
                }

                return (target, build, findings, baseline);
            }
            finally
            {
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }

        public static string KeyOf(Finding f) => BaselineDocument.MakeKey(f.RuleId, f.RelativePath, f.Member, f.Fingerprint);

        public static Dictionary<string, int> Counts(BaselineDocument document)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (BaselineEntry e in document.Entries)
            {
                counts[e.Key] = counts.TryGetValue(e.Key, out int c) ? c + e.Count : e.Count;
            }

            return counts;
        }

        public static void ShowBuildErrors(BuildResult build, TextWriter stderr)
        {
            stderr.WriteLine($"reliability: the build failed (exit code {build.ExitCode}). Build errors:");
            foreach (string e in build.Errors.Take(50))
            {
                stderr.WriteLine("  " + e);
            }

            if (build.Errors.Count > 50)
            {
                stderr.WriteLine($"  ... and {build.Errors.Count - 50} more");
            }

            if (build.Errors.Count == 0)
            {
                // No "error XX" line: the failure happened before MSBuild ran (SDK resolution, a bad argument). Show what dotnet said.
                stderr.WriteLine("  (no error lines and no compilation logs; the last lines the build printed:)");
                foreach (string line in build.OutputTail)
                {
                    stderr.WriteLine("  | " + line);
                }

                if (build.OutputTail.Any(l => l.IndexOf("global.json", StringComparison.OrdinalIgnoreCase) >= 0 || l.IndexOf("SDK", StringComparison.Ordinal) >= 0 && l.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    stderr.WriteLine("reliability: the .NET SDK that the repository's global.json asks for is not installed; install it, or relax the pin (\"rollForward\") and run again.");
                }
            }
        }
    }

    internal static class AuditCommand
    {
        public static int Run(CommandOptions options, TextWriter stdout, TextWriter stderr)
        {
            (BuildTarget target, BuildResult build, List<Finding> findings, BaselineDocument? baseline) = Analysis.Run(options, stderr);
            var report = new AuditReport(target, build, findings, baseline != null);
            string output = Path.GetFullPath(options.Output ?? "reliability-report");
            Directory.CreateDirectory(output);
            var written = new List<string>();
            void Write(string format, string name, Func<string> content)
            {
                if (options.Formats.Contains(format))
                {
                    string path = Path.Combine(output, name);
                    File.WriteAllText(path, content());
                    written.Add(path);
                }
            }

            Write("md", "reliability-report.md", report.ToMarkdown);
            Write("html", "reliability-report.html", report.ToHtml);
            Write("sarif", "reliability-report.sarif", report.ToSarif);
            Write("json", "reliability-report.json", report.ToJson);

            stdout.WriteLine($"{report.Findings.Count} finding(s): " + string.Join(", ", report.BySeverity().Select(s => $"{s.Count} {s.Key}"))
                + (baseline != null ? $"; {report.Findings.Count(f => !f.Baselined)} not in the baseline" : string.Empty));
            foreach ((string family, int count) in report.ByFamily())
            {
                stdout.WriteLine($"  {family,-14} {count,6}");
            }

            foreach (string path in written)
            {
                stdout.WriteLine("wrote " + path);
            }

            if (build.Failed)
            {
                Analysis.ShowBuildErrors(build, stderr);
                return Program.BuildFailed;
            }

            IEnumerable<Finding> fresh = report.Findings.Where(f => !f.Baselined);
            bool met = options.FailOn switch
            {
                "warning" => fresh.Any(f => f.Severity is "warning" or "error"),
                "error" => fresh.Any(f => f.Severity == "error"),
                _ => false,
            };
            if (met)
            {
                stderr.WriteLine($"reliability: --fail-on {options.FailOn} is met");
                return Program.FailOnMet;
            }

            return Program.Ok;
        }
    }

    internal static class BaselineCommand
    {
        public static int Run(CommandOptions options, TextWriter stdout, TextWriter stderr)
        {
            (BuildTarget target, BuildResult build, List<Finding> findings, BaselineDocument? existing) = Analysis.Run(options, stderr);
            if (build.Failed)
            {
                Analysis.ShowBuildErrors(build, stderr);
                stderr.WriteLine("reliability: the baseline was not changed (a partial build would drop entries)");
                return Program.BuildFailed;
            }

            var current = new Dictionary<string, int>(StringComparer.Ordinal);
            var entries = new List<BaselineEntry>();
            int skipped = 0;
            foreach (Finding f in findings.Where(f => !f.SuppressedInSource))
            {
                if (f.Fingerprint.Length == 0 || Path.IsPathRooted(f.RelativePath))
                {
                    skipped++;
                    continue;
                }

                entries.Add(new BaselineEntry(f.RuleId, f.RelativePath, f.Member, f.Fingerprint, 1));
                string key = Analysis.KeyOf(f);
                current[key] = current.TryGetValue(key, out int c) ? c + 1 : 1;
            }

            if (skipped > 0)
            {
                stderr.WriteLine($"reliability: {skipped} finding(s) outside {target.Root} or without a source location cannot be baselined");
            }

            string path = target.BaselinePath;
            if (options.Check || options.Prune)
            {
                if (existing is null)
                {
                    stderr.WriteLine($"reliability: no readable baseline at {path}");
                    return Program.FailOnMet;
                }

                var kept = new List<BaselineEntry>();
                var stale = new List<(BaselineEntry Entry, int Unmatched)>();
                var remaining = new Dictionary<string, int>(current, StringComparer.Ordinal);
                foreach (BaselineEntry e in existing.Entries)
                {
                    remaining.TryGetValue(e.Key, out int available);
                    int keep = Math.Min(available, e.Count);
                    remaining[e.Key] = available - keep;
                    if (keep > 0)
                    {
                        kept.Add(new BaselineEntry(e.Rule, e.Path, e.Member, e.Fingerprint, keep));
                    }

                    if (keep < e.Count)
                    {
                        stale.Add((e, e.Count - keep));
                    }
                }

                int fresh = findings.Count(f => !f.SuppressedInSource && !f.Baselined);
                foreach ((BaselineEntry e, int unmatched) in stale)
                {
                    stdout.WriteLine($"stale: {e.Rule} {e.Path} {e.Member} {e.Fingerprint} ({unmatched} of {e.Count} match nothing)");
                }

                if (options.Check)
                {
                    stdout.WriteLine($"{existing.Entries.Count} entr(ies), {stale.Count} stale; {fresh} finding(s) not in the baseline");
                    return stale.Count > 0 ? Program.FailOnMet : Program.Ok;
                }

                File.WriteAllText(path, BaselineDocument.Write(kept));
                stdout.WriteLine($"pruned {stale.Sum(s => s.Unmatched)} stale finding(s) from {path}; {kept.Count} entr(ies) remain; {fresh} finding(s) not in the baseline were not added");
                return Program.Ok;
            }

            File.WriteAllText(path, BaselineDocument.Write(entries));
            stdout.WriteLine($"wrote {path}: {entries.Count} finding(s) in {BaselineDocument.Parse(File.ReadAllText(path)).Entries.Count} entr(ies)");
            return Program.Ok;
        }
    }
}
