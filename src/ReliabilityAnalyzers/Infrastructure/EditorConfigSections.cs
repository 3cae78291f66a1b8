using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// One parsed .editorconfig file: its folder, whether it is <c>root = true</c>, and its sections (glob + keys).
    /// The compiler applies the sections of .editorconfig files only to source files; findings in configuration files
    /// (passed as AdditionalFiles) need the sections that match those files, so they are read here. Keys are
    /// lowercased as the compiler does. Malformed lines are skipped, never thrown on.
    /// </summary>
    internal sealed class EditorConfigSections
    {
        private readonly List<(Regex Matcher, Dictionary<string, string> Properties)> _sections;

        private EditorConfigSections(string directory, bool isRoot, List<(Regex, Dictionary<string, string>)> sections)
        {
            Directory = directory;
            IsRoot = isRoot;
            _sections = sections;
        }

        /// <summary>The folder of the file, with forward slashes and a trailing slash.</summary>
        public string Directory { get; }

        public bool IsRoot { get; }

        public static EditorConfigSections Parse(string path, SourceText text)
        {
            string directory = NormalizedDirectory(path);
            bool isRoot = false;
            var sections = new List<(Regex, Dictionary<string, string>)>();
            Dictionary<string, string>? current = null;
            foreach (TextLine line in text.Lines)
            {
                string s = line.ToString().Trim();
                if (s.Length == 0 || s[0] == '#' || s[0] == ';')
                {
                    continue;
                }

                if (s[0] == '[' && s[s.Length - 1] == ']')
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    Regex? matcher = SectionMatcher(s.Substring(1, s.Length - 2));
                    if (matcher != null)
                    {
                        sections.Add((matcher, current));
                    }

                    continue;
                }

                int eq = s.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = s.Substring(0, eq).Trim().ToLowerInvariant();
                string value = StripComment(s.Substring(eq + 1)).Trim();
                if (current is null)
                {
                    if (key == "root" && value.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        isRoot = true;
                    }
                }
                else
                {
                    current[key] = value;
                }
            }

            return new EditorConfigSections(directory, isRoot, sections);
        }

        /// <summary>The value the last matching section gives <paramref name="key"/> for a file under this folder.</summary>
        public bool TryGetValue(string normalizedFilePath, string key, out string value)
        {
            value = "";
            if (!normalizedFilePath.StartsWith(Directory, StringComparison.Ordinal))
            {
                return false;
            }

            string relative = normalizedFilePath.Substring(Directory.Length);
            bool found = false;
            foreach ((Regex matcher, Dictionary<string, string> properties) in _sections)
            {
                if (properties.TryGetValue(key, out string? v) && matcher.IsMatch(relative))
                {
                    value = v;
                    found = true;
                }
            }

            return found;
        }

        public static string Normalize(string path) => path.Replace('\\', '/');

        public static string NormalizedDirectory(string path)
        {
            string normalized = Normalize(path);
            int slash = normalized.LastIndexOf('/');
            return slash < 0 ? "" : normalized.Substring(0, slash + 1);
        }

        private static string StripComment(string value)
        {
            // Inline comments (" # ..." / " ; ...") are tolerated the way the compiler tolerates them in values.
            int hash = value.IndexOf(" #", StringComparison.Ordinal);
            int semi = value.IndexOf(" ;", StringComparison.Ordinal);
            int cut = hash < 0 ? semi : semi < 0 ? hash : Math.Min(hash, semi);
            return cut < 0 ? value : value.Substring(0, cut);
        }

        /// <summary>
        /// EditorConfig globs: a name without '/' matches the file name at any depth; with '/', the path relative to
        /// the .editorconfig folder. <c>*</c>, <c>**</c>, <c>?</c>, <c>[...]</c>, <c>[!...]</c>, <c>{a,b}</c>, <c>{1..3}</c>.
        /// </summary>
        internal static Regex? SectionMatcher(string name)
        {
            if (name.Length == 0)
            {
                return null;
            }

            var sb = new StringBuilder("^");
            if (name.IndexOf('/') < 0)
            {
                sb.Append("(?:.*/)?");
            }
            else if (name[0] == '/')
            {
                name = name.Substring(1);
            }

            if (!AppendGlob(sb, name, 0, name.Length))
            {
                return null;
            }

            sb.Append('$');
            try
            {
                return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static bool AppendGlob(StringBuilder sb, string glob, int start, int end)
        {
            for (int i = start; i < end; i++)
            {
                char c = glob[i];
                switch (c)
                {
                    case '\\' when i + 1 < end:
                        sb.Append(Regex.Escape(glob[++i].ToString()));
                        break;
                    case '*':
                        if (i + 1 < end && glob[i + 1] == '*')
                        {
                            i++;
                            if (i + 1 < end && glob[i + 1] == '/')
                            {
                                i++;
                                sb.Append("(?:.*/)?");
                            }
                            else
                            {
                                sb.Append(".*");
                            }
                        }
                        else
                        {
                            sb.Append("[^/]*");
                        }

                        break;
                    case '?':
                        sb.Append("[^/]");
                        break;
                    case '[':
                        int close = glob.IndexOf(']', i + 1);
                        if (close < 0 || close >= end)
                        {
                            sb.Append("\\[");
                            break;
                        }

                        string set = glob.Substring(i + 1, close - i - 1);
                        bool negate = set.StartsWith("!", StringComparison.Ordinal) || set.StartsWith("^", StringComparison.Ordinal);
                        sb.Append('[').Append(negate ? "^" : "").Append(set.Substring(negate ? 1 : 0).Replace("\\", "\\\\")).Append(']');
                        i = close;
                        break;
                    case '{':
                        int closeBrace = MatchingBrace(glob, i, end);
                        if (closeBrace < 0)
                        {
                            sb.Append("\\{");
                            break;
                        }

                        AppendAlternatives(sb, glob, i + 1, closeBrace);
                        i = closeBrace;
                        break;
                    default:
                        sb.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            return true;
        }

        private static void AppendAlternatives(StringBuilder sb, string glob, int start, int end)
        {
            string inner = glob.Substring(start, end - start);
            Match range = Regex.Match(inner, @"^(-?\d+)\.\.(-?\d+)$");
            if (range.Success)
            {
                int a = int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                int b = int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                sb.Append("(?:");
                for (int n = Math.Min(a, b); n <= Math.Max(a, b) && n - Math.Min(a, b) < 1000; n++)
                {
                    sb.Append(n == Math.Min(a, b) ? "" : "|").Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                sb.Append(')');
                return;
            }

            sb.Append("(?:");
            int depth = 0;
            int partStart = start;
            for (int i = start; i <= end; i++)
            {
                if (i < end && glob[i] == '{')
                {
                    depth++;
                }
                else if (i < end && glob[i] == '}')
                {
                    depth--;
                }
                else if (i == end || (glob[i] == ',' && depth == 0))
                {
                    if (partStart > start)
                    {
                        sb.Append('|');
                    }

                    AppendGlob(sb, glob, partStart, i);
                    partStart = i + 1;
                }
            }

            sb.Append(')');
        }

        private static int MatchingBrace(string glob, int open, int end)
        {
            int depth = 0;
            for (int i = open; i < end; i++)
            {
                if (glob[i] == '\\')
                {
                    i++;
                }
                else if (glob[i] == '{')
                {
                    depth++;
                }
                else if (glob[i] == '}' && --depth == 0)
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
