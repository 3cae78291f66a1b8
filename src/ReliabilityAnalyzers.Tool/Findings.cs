using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Tool
{
    /// <summary>One REL finding, deduplicated across target frameworks, with its baseline key and a masked excerpt.</summary>
    internal sealed class Finding
    {
        public string RuleId { get; init; } = "";

        public string Severity { get; init; } = "warning";

        public string Message { get; init; } = "";

        public string FilePath { get; init; } = "";

        public string RelativePath { get; set; } = "";

        public int StartLine { get; init; }

        public int StartColumn { get; init; }

        public int EndLine { get; init; }

        public int EndColumn { get; init; }

        public SortedSet<string> Projects { get; } = new SortedSet<string>(StringComparer.Ordinal);

        public SortedSet<string> TargetFrameworks { get; } = new SortedSet<string>(StringComparer.Ordinal);

        /// <summary>Suppressed in source (#pragma, [SuppressMessage], .editorconfig is not this): counted, not listed.</summary>
        public bool SuppressedInSource { get; init; }

        public string Member { get; set; } = "";

        public string Fingerprint { get; set; } = "";

        public string Excerpt { get; set; } = "";

        public bool Baselined { get; set; }

        /// <summary>The preprocessor symbols of the first compilation that reported it, so the tool parses the file as the compiler did.</summary>
        public string[] PreprocessorSymbols { get; set; } = Array.Empty<string>();

        public RuleInfo Rule => RuleCatalog.Get(RuleId);

        public string Family => RuleCatalog.Family(RuleId);

        public string DedupKey => string.Join("\u0001", RuleId, FilePath, StartLine, StartColumn, EndLine, EndColumn, Message);
    }

    /// <summary>Reads the per-compilation SARIF logs into deduplicated findings and computes their baseline keys.</summary>
    internal static class FindingCollector
    {
        public static List<Finding> Read(IEnumerable<string> sarifFiles, string root, TextWriter stderr)
        {
            var byKey = new Dictionary<string, Finding>(StringComparer.Ordinal);
            foreach (string file in sarifFiles)
            {
                (string project, string tfm) = ProjectOf(file);
                string[] symbols = File.Exists(file + ".defines")
                    ? File.ReadAllText(file + ".defines").Split(new[] { ';', '\r', '\n', ' ' }, StringSplitOptions.RemoveEmptyEntries)
                    : Array.Empty<string>();
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(File.ReadAllBytes(file));
                }
                catch (JsonException ex)
                {
                    stderr.WriteLine($"reliability: skipped unreadable log {Path.GetFileName(file)}: {ex.Message}");
                    continue;
                }

                using (doc)
                {
                    if (!doc.RootElement.TryGetProperty("runs", out JsonElement runs))
                    {
                        continue;
                    }

                    foreach (JsonElement run in runs.EnumerateArray())
                    {
                        if (!run.TryGetProperty("results", out JsonElement results))
                        {
                            continue;
                        }

                        foreach (JsonElement result in results.EnumerateArray())
                        {
                            Finding? f = FromResult(result);
                            if (f is null)
                            {
                                continue;
                            }

                            if (!byKey.TryGetValue(f.DedupKey, out Finding? existing))
                            {
                                byKey[f.DedupKey] = existing = f;
                                f.PreprocessorSymbols = symbols;
                            }

                            existing.Projects.Add(project);
                            if (tfm.Length > 0)
                            {
                                existing.TargetFrameworks.Add(tfm);
                            }
                        }
                    }
                }
            }

            var findings = byKey.Values.ToList();
            var trees = new Dictionary<string, (SourceText? Text, SyntaxNode? Root)>(StringComparer.OrdinalIgnoreCase);
            foreach (Finding f in findings)
            {
                f.RelativePath = FindingKey.RelativePath(root, f.FilePath) ?? f.FilePath.Replace('\\', '/');
                ComputeKey(f, trees);
            }

            findings.Sort(Compare);
            return findings;
        }

        internal static int Compare(Finding a, Finding b)
        {
            int c = string.CompareOrdinal(a.RelativePath, b.RelativePath);
            if (c == 0) c = a.StartLine.CompareTo(b.StartLine);
            if (c == 0) c = a.StartColumn.CompareTo(b.StartColumn);
            if (c == 0) c = string.CompareOrdinal(a.RuleId, b.RuleId);
            if (c == 0) c = string.CompareOrdinal(a.Message, b.Message);
            return c;
        }

        /// <summary>project name and target framework from the log's file name: Name-tfm-hash.sarif.</summary>
        private static (string Project, string Tfm) ProjectOf(string sarifFile)
        {
            string name = Path.GetFileNameWithoutExtension(sarifFile);
            int last = name.LastIndexOf('-');
            if (last > 0)
            {
                name = name.Substring(0, last);
            }

            int tfm = name.LastIndexOf('-');
            return tfm > 0 ? (name.Substring(0, tfm), name.Substring(tfm + 1)) : (name, "");
        }

        private static Finding? FromResult(JsonElement result)
        {
            if (!result.TryGetProperty("ruleId", out JsonElement idElement))
            {
                return null;
            }

            string id = idElement.GetString() ?? "";
            if (id.Length != 6 || !id.StartsWith("REL", StringComparison.Ordinal) || !char.IsDigit(id[3]))
            {
                return null;
            }

            string level = result.TryGetProperty("level", out JsonElement l) ? l.GetString() ?? "warning" : "warning";
            if (level == "none")
            {
                return null;
            }

            string message = result.TryGetProperty("message", out JsonElement m) && m.TryGetProperty("text", out JsonElement t) ? t.GetString() ?? "" : "";
            bool suppressed = result.TryGetProperty("suppressions", out JsonElement s) && s.ValueKind == JsonValueKind.Array && s.GetArrayLength() > 0;
            string path = "";
            int sl = 0, sc = 0, el = 0, ec = 0;
            if (result.TryGetProperty("locations", out JsonElement locations) && locations.ValueKind == JsonValueKind.Array && locations.GetArrayLength() > 0
                && locations[0].TryGetProperty("physicalLocation", out JsonElement physical))
            {
                if (physical.TryGetProperty("artifactLocation", out JsonElement artifact) && artifact.TryGetProperty("uri", out JsonElement uri))
                {
                    string u = uri.GetString() ?? "";
                    path = Uri.TryCreate(u, UriKind.Absolute, out Uri? parsed) && parsed.IsFile ? parsed.LocalPath : Uri.UnescapeDataString(u);
                }

                if (physical.TryGetProperty("region", out JsonElement region))
                {
                    sl = Int(region, "startLine");
                    sc = Int(region, "startColumn");
                    el = Int(region, "endLine", sl);
                    ec = Int(region, "endColumn", sc);
                }
            }

            return new Finding
            {
                RuleId = id,
                Severity = level,
                Message = message,
                FilePath = path,
                StartLine = sl,
                StartColumn = sc,
                EndLine = el,
                EndColumn = ec,
                SuppressedInSource = suppressed,
            };
        }

        private static int Int(JsonElement e, string name, int fallback = 0) =>
            e.TryGetProperty(name, out JsonElement v) && v.TryGetInt32(out int i) ? i : fallback;

        /// <summary>Member ID, fingerprint and excerpt, with the same shared code the suppressor uses.</summary>
        internal static void ComputeKey(Finding f, Dictionary<string, (SourceText? Text, SyntaxNode? Root)> cache)
        {
            if (f.FilePath.Length == 0 || f.StartLine <= 0)
            {
                return;
            }

            string cacheKey = f.FilePath + "|" + string.Join(";", f.PreprocessorSymbols);
            if (!cache.TryGetValue(cacheKey, out (SourceText? Text, SyntaxNode? Root) entry))
            {
                SourceText? text = null;
                SyntaxNode? root = null;
                try
                {
                    if (File.Exists(f.FilePath))
                    {
                        using FileStream stream = File.OpenRead(f.FilePath);
                        text = SourceText.From(stream);
                        if (f.FilePath.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
                        {
                            root = CSharpSyntaxTree.ParseText(text, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Preview).WithPreprocessorSymbols(f.PreprocessorSymbols), f.FilePath).GetRoot();
                        }
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }

                cache[cacheKey] = entry = (text, root);
            }

            if (entry.Text is null)
            {
                return;
            }

            TextSpan span = Span(entry.Text, f);
            f.Member = entry.Root is null ? string.Empty : FindingKey.MemberId(entry.Root, span);
            f.Fingerprint = FindingKey.Fingerprint(f.RuleId, entry.Text, span);
            int lineIndex = Math.Min(f.StartLine - 1, entry.Text.Lines.Count - 1);
            string line = entry.Text.Lines[lineIndex].ToString().Trim();
            if (line.Length > 160)
            {
                line = line.Substring(0, 157) + "...";
            }

            f.Excerpt = FindingKey.MasksLiterals(f.RuleId) ? Excerpts.MaskSecrets(line) : line;
        }

        internal static TextSpan Span(SourceText text, Finding f)
        {
            int Position(int line, int column)
            {
                if (line - 1 >= text.Lines.Count)
                {
                    return text.Length;
                }

                TextLine l = text.Lines[Math.Max(0, line - 1)];
                return Math.Min(l.Start + Math.Max(0, column - 1), l.EndIncludingLineBreak);
            }

            int start = Position(f.StartLine, f.StartColumn);
            int end = Math.Max(start, Position(f.EndLine, f.EndColumn));
            return TextSpan.FromBounds(start, end);
        }
    }

    internal static class Excerpts
    {
        /// <summary>
        /// An excerpt of a secret finding never shows a literal: quoted contents become *** and so does the value of a
        /// KEY=value line.
        /// </summary>
        public static string MaskSecrets(string line)
        {
            var sb = new StringBuilder(line.Length);
            bool inString = false;
            bool anyQuote = false;
            for (int i = 0; i < line.Length; i++)
            {
                char c = line[i];
                if (inString)
                {
                    if (c == '\\' && i + 1 < line.Length)
                    {
                        i++;
                        continue;
                    }

                    if (c == '"')
                    {
                        sb.Append("***\"");
                        inString = false;
                    }

                    continue;
                }

                sb.Append(c);
                if (c == '"')
                {
                    inString = true;
                    anyQuote = true;
                }
            }

            if (inString)
            {
                sb.Append("***");
            }

            string result = sb.ToString();
            if (!anyQuote)
            {
                int eq = result.IndexOfAny(new[] { '=', ':' });
                result = eq >= 0 ? result.Substring(0, eq + 1) + "***" : "***";
            }

            return result;
        }
    }
}
