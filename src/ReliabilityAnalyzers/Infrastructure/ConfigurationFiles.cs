using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>The kind of a JSON scalar value.</summary>
    internal enum JsonScalarKind
    {
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>
    /// Reading the configuration files the package passes as AdditionalFiles (appsettings*.json, .env, .env.*), shared by
    /// the rules that report in them (REL504, REL220, REL320). Tolerant: malformed text ends a scan, it never throws.
    /// </summary>
    internal static class ConfigurationFiles
    {
        /// <summary>appsettings*.json (any environment suffix).</summary>
        public static bool IsAppSettingsJson(string path)
        {
            string file = Path.GetFileName(path);
            return file.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>
        /// REL220 and REL320: for an appsettings*.json additional file, asks <paramref name="judge"/> about each scalar and
        /// reports the rule at the file's own severity, with the message arguments key, file name and what the judge said.
        /// </summary>
        public static void ReportAppSettingsScalars(
            AdditionalFileAnalysisContext context,
            NonSourceFileSeverity severity,
            DiagnosticDescriptor rule,
            Func<string, JsonScalarKind, string, (string? Finding, ImmutableDictionary<string, string?>? Properties)> judge)
        {
            string path = context.AdditionalFile.Path;
            if (!IsAppSettingsJson(path) || !(context.AdditionalFile.GetText(context.CancellationToken) is { } text))
            {
                return;
            }

            string fileName = Path.GetFileName(path);
            JsonScalars(text.ToString(), (key, kind, value, start) =>
            {
                (string? finding, ImmutableDictionary<string, string?>? properties) = judge(key, kind, value);
                if (finding is null)
                {
                    return;
                }

                var span = new TextSpan(start, Math.Max(value.Length, 1));
                Diagnostic? diagnostic = severity.Create(
                    rule, context.AdditionalFile, Location.Create(path, span, text.Lines.GetLinePositionSpan(span)),
                    properties, context.CancellationToken, key, fileName, finding);
                if (diagnostic != null)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            });
        }

        /// <summary>
        /// Every scalar value of a JSON (or JSON-with-comments) text that has a key, with its colon-joined key path
        /// ("Kestrel:Limits:MaxRequestBodySize", as IConfiguration names it; array elements take the array's key), its
        /// kind, its text (strings unquoted, escapes kept) and the offset of that text.
        /// </summary>
        public static void JsonScalars(string json, Action<string, JsonScalarKind, string, int> onScalar)
        {
            var path = new List<string>();
            var containerIsObject = new List<bool>();
            string? pendingKey = null;
            bool expectKey = false;
            int i = 0;
            while (i < json.Length)
            {
                char c = json[i];
                if (c == '/' && i + 1 < json.Length && (json[i + 1] == '/' || json[i + 1] == '*'))
                {
                    int end = json[i + 1] == '/' ? json.IndexOf('\n', i) : json.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? json.Length : end + (json[i + 1] == '/' ? 1 : 2);
                    continue;
                }

                switch (c)
                {
                    case '{':
                    case '[':
                        path.Add(pendingKey ?? "");
                        containerIsObject.Add(c == '{');
                        pendingKey = null;
                        expectKey = c == '{';
                        i++;
                        continue;
                    case '}':
                    case ']':
                        if (path.Count > 0)
                        {
                            path.RemoveAt(path.Count - 1);
                            containerIsObject.RemoveAt(containerIsObject.Count - 1);
                        }

                        pendingKey = null;
                        expectKey = false;
                        i++;
                        continue;
                    case ',':
                        expectKey = containerIsObject.Count > 0 && containerIsObject[containerIsObject.Count - 1];
                        pendingKey = null;
                        i++;
                        continue;
                    case '"':
                        int close = ClosingQuote(json, i + 1);
                        if (close < 0)
                        {
                            return;
                        }

                        string str = json.Substring(i + 1, close - i - 1);
                        if (expectKey)
                        {
                            pendingKey = str;
                            expectKey = false;
                        }
                        else if (pendingKey != null)
                        {
                            onScalar(JoinPath(path, pendingKey), JsonScalarKind.String, str, i + 1);
                            pendingKey = null;
                        }

                        i = close + 1;
                        continue;
                    default:
                        if (pendingKey != null && !expectKey && (c == '-' || char.IsDigit(c) || c == 't' || c == 'f' || c == 'n'))
                        {
                            int start = i;
                            while (i < json.Length && (char.IsLetterOrDigit(json[i]) || json[i] == '-' || json[i] == '+' || json[i] == '.'))
                            {
                                i++;
                            }

                            string token = json.Substring(start, i - start);
                            JsonScalarKind kind = token == "null" ? JsonScalarKind.Null
                                : token == "true" ? JsonScalarKind.True
                                : token == "false" ? JsonScalarKind.False
                                : JsonScalarKind.Number;
                            onScalar(JoinPath(path, pendingKey), kind, token, start);
                            pendingKey = null;
                            continue;
                        }

                        i++;
                        continue;
                }
            }
        }

        private static string JoinPath(List<string> path, string key)
        {
            var sb = new StringBuilder();
            foreach (string part in path)
            {
                if (part.Length > 0)
                {
                    sb.Append(part).Append(':');
                }
            }

            return sb.Append(key).ToString();
        }

        private static int ClosingQuote(string text, int from)
        {
            for (int i = from; i < text.Length; i++)
            {
                if (text[i] == '\\')
                {
                    i++;
                }
                else if (text[i] == '"')
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The last segment of a colon-joined key path.</summary>
        public static string Leaf(string keyPath)
        {
            int colon = keyPath.LastIndexOf(':');
            return colon < 0 ? keyPath : keyPath.Substring(colon + 1);
        }
    }
}
