using System;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>REL504: REL501–REL503 over appsettings*.json and .env / .env.* files passed as AdditionalFiles.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL504ConfigurationFileSecretAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ConfigurationFileSecret,
            title: "Credential committed in a configuration file",
            messageFormat: "Configuration file '{4}' holds a credential under key '{3}': {0} ({1} chars{2}). " +
                           "Configuration files are checked in and copied to build output and containers, so the credential leaks with them. " +
                           "Move it to user secrets, environment variables or a secret store, and revoke it.",
            description: "Scans appsettings*.json, .env and .env.* files (added as AdditionalFiles by the package's build props; opt out with " +
                         "<ReliabilityScanConfigurationFiles>false</ReliabilityScanConfigurationFiles>) with the provider-format, " +
                         "credential-name and connection-string detectors. The diagnostic points at the value's line and never contains it.",
            defaultSeverity: DiagnosticSeverity.Warning,
            customTags: NonSourceFileSeverity.CustomTag);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                // The compiler applies per-file .editorconfig severities to source trees only: resolved here instead.
                NonSourceFileSeverity severity = NonSourceFileSeverity.Create(start.Compilation, start.Options, start.CancellationToken);
                start.RegisterAdditionalFileAction(c => Analyze(c, severity));
            });
        }

        internal static bool IsConfigurationFile(string path, out bool isEnv)
        {
            string file = Path.GetFileName(path);
            isEnv = file.Equals(".env", StringComparison.OrdinalIgnoreCase) || file.StartsWith(".env.", StringComparison.OrdinalIgnoreCase);
            if (isEnv)
            {
                return !file.EndsWith(".example", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".sample", StringComparison.OrdinalIgnoreCase)
                    && !file.EndsWith(".template", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".dist", StringComparison.OrdinalIgnoreCase);
            }

            return file.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) && file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        }

        private static void Analyze(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity)
        {
            string path = context.AdditionalFile.Path;
            if (!IsConfigurationFile(path, out bool isEnv))
            {
                return;
            }

            SourceText? text = context.AdditionalFile.GetText(context.CancellationToken);
            if (text is null)
            {
                return;
            }

            string fileName = Path.GetFileName(path);
            if (isEnv)
            {
                foreach (TextLine line in text.Lines)
                {
                    string s = line.ToString();
                    if (TryParseEnvLine(s, out string key, out int valueStart, out int valueLength))
                    {
                        Report(context, severity, text, path, fileName, key, s.Substring(valueStart, valueLength), line.Start + valueStart);
                    }
                }
            }
            else
            {
                JsonPairs(text.ToString(), (key, value, start) => Report(context, severity, text, path, fileName, key, value, start));
            }
        }

        private static void Report(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity, SourceText text, string path, string fileName, string key, string value, int valueStart)
        {
            SecretFinding finding = Detect(key, value);
            if (!finding.IsFound)
            {
                return;
            }

            var span = new TextSpan(valueStart + finding.Start, finding.Length);
            Diagnostic? diagnostic = severity.Create(
                Rule,
                context.AdditionalFile,
                Location.Create(path, span, text.Lines.GetLinePositionSpan(span)),
                SecretBinding.Properties(finding.Kind, key),
                context.CancellationToken,
                finding.Kind,
                finding.Length,
                SecretDetection.PrefixText(finding.Prefix),
                key,
                fileName);
            if (diagnostic != null)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        private static SecretFinding Detect(string key, string value)
        {
            if (value.Length < 4)
            {
                return default;
            }

            SecretFinding f = SecretDetection.FindProviderSecret(value);
            if (f.IsFound)
            {
                return f;
            }

            f = SecretDetection.FindEmbeddedCredential(value);
            if (f.IsFound)
            {
                return f;
            }

            // The leaf names the value ("Password"); its parent can qualify a bare "Key" / "Secret" ("Jwt:Key" -> JwtKey).
            string[] parts = key.Split(':');
            string leaf = parts[parts.Length - 1];
            string qualified = parts.Length > 1 ? parts[parts.Length - 2] + "_" + leaf : leaf;
            bool named = SecretDetection.IsCredentialName(leaf) || (parts.Length > 1 && SecretDetection.IsCredentialName(qualified));
            return named && SecretDetection.IsPlausibleSecretValue(value, leaf)
                ? new SecretFinding("credential", "", 0, value.Length)
                : default;
        }

        /// <summary>KEY=value, optionally "export KEY=value", value optionally quoted; comments and blank lines skipped.</summary>
        internal static bool TryParseEnvLine(string line, out string key, out int valueStart, out int valueLength)
        {
            key = "";
            valueStart = valueLength = 0;
            int i = 0;
            while (i < line.Length && char.IsWhiteSpace(line[i]))
            {
                i++;
            }

            if (i >= line.Length || line[i] == '#')
            {
                return false;
            }

            if (string.CompareOrdinal(line, i, "export ", 0, 7) == 0)
            {
                i += 7;
            }

            int eq = line.IndexOf('=', i);
            if (eq <= i)
            {
                return false;
            }

            key = line.Substring(i, eq - i).Trim();
            int start = eq + 1;
            int end = line.Length;
            if (start < end && (line[start] == '"' || line[start] == '\''))
            {
                int close = line.IndexOf(line[start], start + 1);
                end = close < 0 ? end : close;
                start++;
            }
            else
            {
                int comment = line.IndexOf(" #", start, StringComparison.Ordinal);
                if (comment >= 0)
                {
                    end = comment;
                }
            }

            while (end > start && char.IsWhiteSpace(line[end - 1]))
            {
                end--;
            }

            valueStart = start;
            valueLength = end - start;
            return valueLength > 0;
        }

        /// <summary>
        /// Every string value of a JSON (or JSON-with-comments) text with its colon-joined key path ("Jwt:Key",
        /// "ConnectionStrings:Orders") and its offset. Tolerant: malformed text ends the scan, it never throws.
        /// </summary>
        internal static void JsonPairs(string json, Action<string, string, int> onPair)
        {
            var path = new System.Collections.Generic.List<string>();
            var containerIsObject = new System.Collections.Generic.List<bool>();
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
                        path.Add(pendingKey ?? (containerIsObject.Count > 0 && !containerIsObject[containerIsObject.Count - 1] ? "" : ""));
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
                        else if (pendingKey != null && str.Length > 0)
                        {
                            onPair(JoinPath(path, pendingKey), str, i + 1);
                            pendingKey = null;
                        }

                        i = close + 1;
                        continue;
                    default:
                        i++;
                        continue;
                }
            }
        }

        private static string JoinPath(System.Collections.Generic.List<string> path, string key)
        {
            var sb = new System.Text.StringBuilder();
            foreach (string part in path)
            {
                if (part.Length > 0)
                {
                    sb.Append(part).Append(':');
                }
            }

            return sb.Append(key).ToString();
        }

        private static int ClosingQuote(string line, int from)
        {
            for (int i = from; i < line.Length; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                }
                else if (line[i] == '"')
                {
                    return i;
                }
            }

            return -1;
        }
    }
}
