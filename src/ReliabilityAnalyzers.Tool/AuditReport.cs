using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>The audit: findings plus what the report writers need about the build.</summary>
    internal sealed class AuditReport
    {
        public const int SchemaVersion = 1;

        public AuditReport(BuildTarget target, BuildResult build, List<Finding> all, bool baselineExists)
        {
            Target = target;
            Build = build;
            Findings = all.Where(f => !f.SuppressedInSource).ToList();
            SuppressedInSource = all.Count(f => f.SuppressedInSource);
            BaselineExists = baselineExists;
        }

        public BuildTarget Target { get; }

        public BuildResult Build { get; }

        public List<Finding> Findings { get; }

        public int SuppressedInSource { get; }

        public bool BaselineExists { get; }

        public DateTime GeneratedAt { get; } = DateTime.UtcNow;

        public static readonly string[] Severities = { "error", "warning", "note" };

        public static readonly string[] Families = { "Exceptions", "Resilience", "Resources", "Async", "Secrets", "Configuration" };

        public IEnumerable<(string Key, int Count)> ByFamily() =>
            Families.Select(f => (f, Findings.Count(x => x.Family == f))).Where(x => x.Item2 > 0);

        public IEnumerable<(string Key, int Count)> ByRule() =>
            Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

        public IEnumerable<(string Key, int Count)> BySeverity() =>
            Severities.Select(s => (s, Findings.Count(f => f.Severity == s)));

        public IEnumerable<(string Key, int Count)> ByProject() =>
            Findings.SelectMany(f => f.Projects.DefaultIfEmpty("(unknown)"))
                .GroupBy(p => p).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

        public IEnumerable<(string Key, int Count)> TopFiles(int n) =>
            Findings.GroupBy(f => f.RelativePath).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(n).Select(g => (g.Key, g.Count()));

        // ---------------------------------------------------------------- JSON

        public string ToJson()
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("schemaVersion", SchemaVersion);
                w.WriteStartObject("tool");
                w.WriteString("name", "reliability");
                w.WriteString("version", ToolInfo.Version);
                w.WriteEndObject();
                w.WriteString("generatedAt", GeneratedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                w.WriteString("target", Target.BuildFile);
                w.WriteString("root", Target.Root);
                w.WriteStartObject("build");
                w.WriteBoolean("succeeded", !Build.Failed);
                w.WriteNumber("exitCode", Build.ExitCode);
                w.WriteNumber("projects", Target.Projects.Count);
                w.WriteNumber("compilations", Build.SarifFiles.Count);
                w.WriteNumber("seconds", Math.Round(Build.Elapsed.TotalSeconds, 1));
                w.WriteStartArray("errors");
                foreach (string e in Build.Errors)
                {
                    w.WriteStringValue(e);
                }

                w.WriteEndArray();
                w.WriteEndObject();

                w.WriteStartObject("summary");
                w.WriteNumber("total", Findings.Count);
                w.WriteNumber("new", Findings.Count(f => !f.Baselined));
                w.WriteNumber("baselined", Findings.Count(f => f.Baselined));
                w.WriteNumber("suppressedInSource", SuppressedInSource);
                WriteCounts(w, "bySeverity", BySeverity());
                WriteCounts(w, "byFamily", ByFamily());
                WriteCounts(w, "byRule", ByRule());
                WriteCounts(w, "byProject", ByProject());
                w.WriteEndObject();

                w.WriteStartArray("findings");
                foreach (Finding f in Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("ruleId", f.RuleId);
                    w.WriteString("title", f.Rule.Title);
                    w.WriteString("family", f.Family);
                    w.WriteString("severity", f.Severity);
                    w.WriteString("message", f.Message);
                    w.WriteString("path", f.RelativePath);
                    w.WriteNumber("startLine", f.StartLine);
                    w.WriteNumber("startColumn", f.StartColumn);
                    w.WriteNumber("endLine", f.EndLine);
                    w.WriteNumber("endColumn", f.EndColumn);
                    w.WriteString("member", f.Member);
                    w.WriteString("fingerprint", f.Fingerprint);
                    w.WriteBoolean("baselined", f.Baselined);
                    w.WriteStartArray("projects");
                    foreach (string p in f.Projects)
                    {
                        w.WriteStringValue(p);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("targetFrameworks");
                    foreach (string t in f.TargetFrameworks)
                    {
                        w.WriteStringValue(t);
                    }

                    w.WriteEndArray();
                    w.WriteString("excerpt", f.Excerpt);
                    w.WriteString("helpUri", f.Rule.HelpUri);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        private static void WriteCounts(Utf8JsonWriter w, string name, IEnumerable<(string Key, int Count)> counts)
        {
            w.WriteStartObject(name);
            foreach ((string key, int count) in counts)
            {
                w.WriteNumber(key, count);
            }

            w.WriteEndObject();
        }

        // ---------------------------------------------------------------- SARIF

        /// <summary>
        /// One SARIF 2.1 run for the whole solution, paths relative to %SRCROOT% (the solution folder), and
        /// partialFingerprints from the baseline key (rule, file, member, code fingerprint, occurrence), which do not move
        /// when lines are inserted above a finding.
        /// </summary>
        public string ToSarif()
        {
            var rules = Findings.Select(f => f.RuleId).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
            var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
                w.WriteString("version", "2.1.0");
                w.WriteStartArray("runs");
                w.WriteStartObject();
                w.WriteStartObject("tool");
                w.WriteStartObject("driver");
                w.WriteString("name", "ReliabilityAnalyzers");
                w.WriteString("semanticVersion", ToolInfo.Version);
                w.WriteString("informationUri", "https://github.com/reliability-analyzers/ReliabilityAnalyzers");
                w.WriteStartArray("rules");
                foreach (string id in rules)
                {
                    RuleInfo r = RuleCatalog.Get(id);
                    w.WriteStartObject();
                    w.WriteString("id", id);
                    w.WriteStartObject("shortDescription");
                    w.WriteString("text", r.Title);
                    w.WriteEndObject();
                    w.WriteString("helpUri", r.HelpUri);
                    w.WriteStartObject("defaultConfiguration");
                    w.WriteString("level", r.DefaultSeverity);
                    w.WriteEndObject();
                    w.WriteStartObject("properties");
                    w.WriteString("category", Infrastructure.RuleCategories.ForId(id) ?? "");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartObject("originalUriBaseIds");
                w.WriteStartObject("%SRCROOT%");
                w.WriteString("uri", new Uri(Target.Root.TrimEnd('/', '\\') + Path.DirectorySeparatorChar).AbsoluteUri);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteStartArray("results");
                foreach (Finding f in Findings)
                {
                    string key = BaselineDocument.MakeKey(f.RuleId, f.RelativePath, f.Member, f.Fingerprint);
                    occurrences.TryGetValue(key, out int n);
                    occurrences[key] = ++n;
                    w.WriteStartObject();
                    w.WriteString("ruleId", f.RuleId);
                    w.WriteNumber("ruleIndex", rules.IndexOf(f.RuleId));
                    w.WriteString("level", f.Severity);
                    w.WriteStartObject("message");
                    w.WriteString("text", f.Message);
                    w.WriteEndObject();
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    bool relative = !Path.IsPathRooted(f.RelativePath);
                    w.WriteString("uri", relative ? string.Join("/", f.RelativePath.Split('/').Select(Uri.EscapeDataString)) : new Uri(f.FilePath).AbsoluteUri);
                    if (relative)
                    {
                        w.WriteString("uriBaseId", "%SRCROOT%");
                    }

                    w.WriteEndObject();
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", f.StartLine);
                    w.WriteNumber("startColumn", f.StartColumn);
                    w.WriteNumber("endLine", f.EndLine);
                    w.WriteNumber("endColumn", f.EndColumn);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    if (f.Member.Length > 0)
                    {
                        w.WriteStartArray("logicalLocations");
                        w.WriteStartObject();
                        w.WriteString("fullyQualifiedName", f.Member);
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartObject("partialFingerprints");
                    w.WriteString("reliabilityFinding/v1", FindingKey.Fingerprint(string.Empty, key) + ":" + n.ToString(CultureInfo.InvariantCulture));
                    w.WriteEndObject();
                    if (f.Baselined)
                    {
                        w.WriteStartArray("suppressions");
                        w.WriteStartObject();
                        w.WriteString("kind", "external");
                        w.WriteString("justification", "baseline");
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteString("columnKind", "utf16CodeUnits");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        // ---------------------------------------------------------------- Markdown

        public string ToMarkdown()
        {
            var sb = new StringBuilder();
            sb.Append("# Reliability audit: ").Append(Path.GetFileName(Target.BuildFile)).Append("\n\n");
            sb.Append("Generated ").Append(GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
              .Append(" by `reliability` ").Append(ToolInfo.Version).Append(" from ").Append(Build.SarifFiles.Count)
              .Append(" compilation(s) of ").Append(Target.Projects.Count).Append(" project(s).\n\n");
            if (Build.Failed)
            {
                sb.Append("> **The build failed**; findings below come from the compilations that ran.\n>\n");
                foreach (string e in Build.Errors.Take(20))
                {
                    sb.Append("> ").Append(MdEscape(e)).Append("  \n");
                }

                sb.Append('\n');
            }

            sb.Append("**").Append(Findings.Count).Append(" finding(s)**");
            foreach ((string s, int c) in BySeverity())
            {
                sb.Append(", ").Append(c).Append(' ').Append(SeverityWord(s));
            }

            sb.Append('.');
            if (BaselineExists)
            {
                sb.Append(' ').Append(Findings.Count(f => f.Baselined)).Append(" are in the baseline, ").Append(Findings.Count(f => !f.Baselined)).Append(" are new.");
            }

            if (SuppressedInSource > 0)
            {
                sb.Append(' ').Append(SuppressedInSource).Append(" more are suppressed in source and not listed.");
            }

            sb.Append("\n\n## By family and severity\n\n| Family | Errors | Warnings | Suggestions | Total |\n|---|---:|---:|---:|---:|\n");
            foreach (string family in Families)
            {
                var inFamily = Findings.Where(f => f.Family == family).ToList();
                if (inFamily.Count == 0)
                {
                    continue;
                }

                sb.Append("| ").Append(family);
                foreach (string s in Severities)
                {
                    sb.Append(" | ").Append(inFamily.Count(f => f.Severity == s));
                }

                sb.Append(" | ").Append(inFamily.Count).Append(" |\n");
            }

            sb.Append("\n## By project\n\n| Project | Findings |\n|---|---:|\n");
            foreach ((string p, int c) in ByProject())
            {
                sb.Append("| ").Append(MdEscape(p)).Append(" | ").Append(c).Append(" |\n");
            }

            sb.Append("\n## Top files\n\n| File | Findings |\n|---|---:|\n");
            foreach ((string p, int c) in TopFiles(10))
            {
                sb.Append("| `").Append(p).Append("` | ").Append(c).Append(" |\n");
            }

            sb.Append("\n## Findings\n");
            foreach (string family in Families)
            {
                var inFamily = Findings.Where(f => f.Family == family).ToList();
                if (inFamily.Count == 0)
                {
                    continue;
                }

                sb.Append("\n### ").Append(family).Append(" (").Append(inFamily.Count).Append(")\n");
                foreach (IGrouping<string, Finding> rule in inFamily.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    RuleInfo r = RuleCatalog.Get(rule.Key);
                    sb.Append("\n#### ").Append(rule.Key).Append(": ").Append(MdEscape(r.Title)).Append(" (").Append(rule.Count()).Append(")\n\n");
                    sb.Append("Docs: ").Append(r.HelpUri).Append("\n\n");
                    foreach (Finding f in rule)
                    {
                        sb.Append("- `").Append(f.RelativePath).Append(':').Append(f.StartLine).Append("` ")
                          .Append(SeverityWord(f.Severity, singular: true)).Append(f.Baselined ? " (baseline)" : "").Append(": ")
                          .Append(MdEscape(f.Message)).Append('\n');
                        if (f.Excerpt.Length > 0)
                        {
                            sb.Append("  ```").Append(FenceLanguage(f.RelativePath)).Append("\n  ").Append(f.Excerpt.Replace("```", "'''")).Append("\n  ```\n");
                        }
                    }
                }
            }

            return sb.ToString();
        }

        private static string FenceLanguage(string path) =>
            path.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? "csharp" : path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "json" : "text";

        private static string SeverityWord(string severity, bool singular = false) => severity switch
        {
            "error" => singular ? "error" : "errors",
            "warning" => singular ? "warning" : "warnings",
            _ => singular ? "suggestion" : "suggestions",
        };

        private static string MdEscape(string s) => s.Replace("|", "\\|").Replace("<", "&lt;").Replace("\r", "").Replace("\n", " ");

        // ---------------------------------------------------------------- HTML

        public string ToHtml()
        {
            static string H(string s) => WebUtility.HtmlEncode(s);
            var sb = new StringBuilder();
            sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reliability audit: ")
              .Append(H(Path.GetFileName(Target.BuildFile))).Append("</title>\n<style>\n")
              .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;width:100%;font-size:14px}")
              .Append("th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f4f4f4}")
              .Append(".charts{display:flex;flex-wrap:wrap;gap:2em}.chart h3{margin:.2em 0}code{font-size:12px;background:#f6f6f6}")
              .Append(".error{color:#b00020}.warning{color:#b26a00}.note{color:#1565c0}.totals span{margin-right:1.5em;font-size:18px}")
              .Append("input,select{font-size:14px;padding:3px;margin-right:1em}\n</style></head><body>\n");
            sb.Append("<h1>Reliability audit: ").Append(H(Path.GetFileName(Target.BuildFile))).Append("</h1>\n");
            sb.Append("<p>Generated ").Append(GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" by <code>reliability</code> ")
              .Append(H(ToolInfo.Version)).Append(" from ").Append(Build.SarifFiles.Count).Append(" compilation(s) of ").Append(Target.Projects.Count).Append(" project(s).</p>\n");
            if (Build.Failed)
            {
                sb.Append("<p class=\"error\"><b>The build failed</b>; findings come from the compilations that ran.</p><pre>");
                foreach (string e in Build.Errors.Take(20))
                {
                    sb.Append(H(e)).Append('\n');
                }

                sb.Append("</pre>\n");
            }

            sb.Append("<p class=\"totals\"><span><b>").Append(Findings.Count).Append("</b> findings</span>");
            foreach ((string s, int c) in BySeverity())
            {
                sb.Append("<span class=\"").Append(s).Append("\"><b>").Append(c).Append("</b> ").Append(SeverityWord(s)).Append("</span>");
            }

            if (BaselineExists)
            {
                sb.Append("<span><b>").Append(Findings.Count(f => !f.Baselined)).Append("</b> new</span>");
            }

            sb.Append("</p>\n<div class=\"charts\">\n");
            Chart(sb, "By family", ByFamily().ToList());
            Chart(sb, "By rule", ByRule().ToList());
            Chart(sb, "By project", ByProject().Take(25).ToList());
            sb.Append("</div>\n<h2>Findings</h2>\n<p><input id=\"q\" type=\"search\" placeholder=\"filter: rule, file, text\" oninput=\"f()\">")
              .Append("<select id=\"fam\" onchange=\"f()\"><option value=\"\">all families</option>");
            foreach ((string fam, _) in ByFamily())
            {
                sb.Append("<option>").Append(fam).Append("</option>");
            }

            sb.Append("</select><select id=\"sev\" onchange=\"f()\"><option value=\"\">all severities</option><option>error</option><option>warning</option><option>note</option></select>")
              .Append("<span id=\"n\"></span></p>\n<table id=\"t\"><thead><tr><th>Rule</th><th>Severity</th><th>Location</th><th>Message</th><th>Code</th></tr></thead><tbody>\n");
            foreach (Finding f in Findings)
            {
                sb.Append("<tr data-family=\"").Append(f.Family).Append("\" data-severity=\"").Append(f.Severity).Append("\"><td><a href=\"")
                  .Append(H(f.Rule.HelpUri)).Append("\">").Append(f.RuleId).Append("</a><br><small>").Append(H(f.Rule.Title)).Append("</small></td><td class=\"")
                  .Append(f.Severity).Append("\">").Append(SeverityWord(f.Severity, singular: true)).Append(f.Baselined ? "<br><small>baseline</small>" : "")
                  .Append("</td><td><code>").Append(H(f.RelativePath)).Append(':').Append(f.StartLine).Append("</code><br><small>")
                  .Append(H(string.Join(", ", f.Projects))).Append("</small></td><td>").Append(H(f.Message)).Append("</td><td><code>")
                  .Append(H(f.Excerpt)).Append("</code></td></tr>\n");
            }

            sb.Append("</tbody></table>\n<script>\nfunction f(){var q=document.getElementById('q').value.toLowerCase(),")
              .Append("fa=document.getElementById('fam').value,se=document.getElementById('sev').value,n=0;")
              .Append("document.querySelectorAll('#t tbody tr').forEach(function(r){var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)")
              .Append("&&(!fa||r.dataset.family===fa)&&(!se||r.dataset.severity===se);r.style.display=ok?'':'none';if(ok)n++;});")
              .Append("document.getElementById('n').textContent=n+' shown';}\nf();\n</script>\n</body></html>\n");
            return sb.ToString();
        }

        private static void Chart(StringBuilder sb, string title, List<(string Key, int Count)> bars)
        {
            const int barHeight = 18;
            const int labelWidth = 190;
            const int width = 520;
            int max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Count));
            int height = Math.Max(1, bars.Count) * (barHeight + 4) + 4;
            sb.Append("<div class=\"chart\"><h3>").Append(WebUtility.HtmlEncode(title)).Append("</h3>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
              .Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-label=\"").Append(WebUtility.HtmlEncode(title)).Append("\">\n");
            for (int i = 0; i < bars.Count; i++)
            {
                int y = 4 + i * (barHeight + 4);
                int w = (int)Math.Round((width - labelWidth - 50) * (double)bars[i].Count / max);
                string label = bars[i].Key.Length > 28 ? bars[i].Key.Substring(0, 27) + "…" : bars[i].Key;
                sb.Append("<text x=\"").Append(labelWidth - 6).Append("\" y=\"").Append(y + 13).Append("\" text-anchor=\"end\" font-size=\"12\">")
                  .Append(WebUtility.HtmlEncode(label)).Append("</text><rect x=\"").Append(labelWidth).Append("\" y=\"").Append(y).Append("\" width=\"")
                  .Append(Math.Max(1, w)).Append("\" height=\"").Append(barHeight).Append("\" fill=\"#4a78c2\"/><text x=\"").Append(labelWidth + w + 4)
                  .Append("\" y=\"").Append(y + 13).Append("\" font-size=\"12\">").Append(bars[i].Count).Append("</text>\n");
            }

            sb.Append("</svg></div>\n");
        }
    }
}
