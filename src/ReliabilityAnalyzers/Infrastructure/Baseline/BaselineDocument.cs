using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>One baselined finding: rule, file (relative to the baseline, forward slashes), member, code fingerprint, count.</summary>
    internal sealed class BaselineEntry
    {
        public BaselineEntry(string rule, string path, string member, string fingerprint, int count)
        {
            Rule = rule;
            Path = path;
            Member = member;
            Fingerprint = fingerprint;
            Count = count;
        }

        public string Rule { get; }

        public string Path { get; }

        public string Member { get; }

        public string Fingerprint { get; }

        public int Count { get; }

        /// <summary>The fingerprint as a number (validated to be 16 hex digits when the file is read).</summary>
        public ulong FingerprintValue => FindingKey.ParseFingerprint(Fingerprint) ?? 0;

        /// <summary>The matching key: the path compares case-insensitively (Windows and macOS file systems).</summary>
        public string Key => BaselineDocument.MakeKey(Rule, Path, Member, Fingerprint);
    }

    /// <summary>
    /// reliability.baseline.json: <c>{ "version": 1, "entries": [ { "rule", "path", "member", "fingerprint", "count" } ] }</c>.
    /// Read by the suppressor (build and IDE) and written by the <c>reliability baseline</c> tool, through this one class.
    /// </summary>
    internal sealed class BaselineDocument
    {
        public const string FileName = "reliability.baseline.json";
        public const int CurrentVersion = 1;

        public BaselineDocument(IReadOnlyList<BaselineEntry> entries)
        {
            Entries = entries;
        }

        public IReadOnlyList<BaselineEntry> Entries { get; }

        public static bool IsBaselineFile(string path)
        {
            if (path is null || path.Length < FileName.Length)
            {
                return false;
            }

            if (!path.EndsWith(FileName, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (path.Length == FileName.Length)
            {
                return true;
            }

            char separator = path[path.Length - FileName.Length - 1];
            return separator == '/' || separator == '\\';
        }

        public static string MakeKey(string rule, string path, string member, string fingerprint) =>
            rule + "\u0001" + path.ToLowerInvariant() + "\u0001" + member + "\u0001" + fingerprint;

        /// <summary>Parses the file; throws <see cref="BaselineFormatException"/> with a message fit for a diagnostic.</summary>
        public static BaselineDocument Parse(string text) => Parse(SourceText.From(text));

        /// <summary>Parses the file; throws <see cref="BaselineFormatException"/> with a message fit for a diagnostic.</summary>
        public static BaselineDocument Parse(SourceText text)
        {
            bool blank = true;
            for (int i = 0; i < text.Length && blank; i++)
            {
                blank = char.IsWhiteSpace(text[i]) || text[i] == '\uFEFF';
            }

            if (blank)
            {
                throw new BaselineFormatException("the file is empty (expected { \"version\": 1, \"entries\": [ ... ] })", 1, 1);
            }

            if (!(BaselineJson.Parse(text) is Dictionary<string, object?> root))
            {
                throw new BaselineFormatException("the top level must be an object with \"version\" and \"entries\"", 1, 1);
            }

            if (!root.TryGetValue("version", out object? version) || !(version is double v))
            {
                throw new BaselineFormatException("missing or non-numeric \"version\"", 1, 1);
            }

            if (v != CurrentVersion)
            {
                throw new BaselineFormatException("unsupported version " + v.ToString(CultureInfo.InvariantCulture) + " (this package reads version " + CurrentVersion + ")", 1, 1);
            }

            if (!root.TryGetValue("entries", out object? entriesValue) || !(entriesValue is List<object?> items))
            {
                throw new BaselineFormatException("missing \"entries\" array", 1, 1);
            }

            var entries = new List<BaselineEntry>(items.Count);
            for (int i = 0; i < items.Count; i++)
            {
                if (!(items[i] is Dictionary<string, object?> item))
                {
                    throw new BaselineFormatException("entry " + (i + 1) + " is not an object", 1, 1);
                }

                string rule = RequiredString(item, "rule", i);
                string path = RequiredString(item, "path", i);
                string member = RequiredString(item, "member", i, allowEmpty: true);
                string fingerprint = RequiredString(item, "fingerprint", i);
                if (FindingKey.ParseFingerprint(fingerprint) is null)
                {
                    throw new BaselineFormatException("entry " + (i + 1) + ": \"fingerprint\" must be 16 hexadecimal digits", 1, 1);
                }

                int count = 1;
                if (item.TryGetValue("count", out object? countValue))
                {
                    if (!(countValue is double c) || c < 1 || c > int.MaxValue || c != Math.Floor(c))
                    {
                        throw new BaselineFormatException("entry " + (i + 1) + ": \"count\" must be a positive integer", 1, 1);
                    }

                    count = (int)c;
                }

                entries.Add(new BaselineEntry(rule, path.Replace('\\', '/'), member, fingerprint, count));
            }

            return new BaselineDocument(entries);
        }

        private static string RequiredString(Dictionary<string, object?> item, string name, int index, bool allowEmpty = false)
        {
            if (!item.TryGetValue(name, out object? value) || !(value is string s) || (!allowEmpty && s.Length == 0))
            {
                throw new BaselineFormatException("entry " + (index + 1) + ": missing or empty \"" + name + "\"", 1, 1);
            }

            return s;
        }

        /// <summary>
        /// Writes the file in its one canonical form: entries merged by key (counts added) and sorted by path, rule, member,
        /// fingerprint (ordinal), one entry per line, so the file is stable and a diff of it reviews well.
        /// </summary>
        public static string Write(IEnumerable<BaselineEntry> entries)
        {
            var merged = new Dictionary<string, BaselineEntry>(StringComparer.Ordinal);
            foreach (BaselineEntry e in entries)
            {
                string key = e.Key;
                merged[key] = merged.TryGetValue(key, out BaselineEntry? existing)
                    ? new BaselineEntry(existing.Rule, existing.Path, existing.Member, existing.Fingerprint, existing.Count + e.Count)
                    : e;
            }

            var list = new List<BaselineEntry>(merged.Values);
            list.Sort(Compare);

            var sb = new StringBuilder();
            sb.Append("{\n  \"version\": ").Append(CurrentVersion).Append(",\n  \"entries\": [");
            for (int i = 0; i < list.Count; i++)
            {
                BaselineEntry e = list[i];
                sb.Append(i == 0 ? "\n" : ",\n");
                sb.Append("    { \"rule\": ");
                BaselineJson.WriteString(sb, e.Rule);
                sb.Append(", \"path\": ");
                BaselineJson.WriteString(sb, e.Path);
                sb.Append(", \"member\": ");
                BaselineJson.WriteString(sb, e.Member);
                sb.Append(", \"fingerprint\": ");
                BaselineJson.WriteString(sb, e.Fingerprint);
                sb.Append(", \"count\": ").Append(e.Count.ToString(CultureInfo.InvariantCulture)).Append(" }");
            }

            sb.Append(list.Count == 0 ? "]\n}\n" : "\n  ]\n}\n");
            return sb.ToString();
        }

        private static int Compare(BaselineEntry a, BaselineEntry b)
        {
            int c = string.CompareOrdinal(a.Path, b.Path);
            if (c == 0)
            {
                c = string.CompareOrdinal(a.Rule, b.Rule);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(a.Member, b.Member);
            }

            if (c == 0)
            {
                c = string.CompareOrdinal(a.Fingerprint, b.Fingerprint);
            }

            return c;
        }
    }
}
