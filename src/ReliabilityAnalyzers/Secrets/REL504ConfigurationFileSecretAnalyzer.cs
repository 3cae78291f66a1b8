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
            messageFormat: "'{4}' commits a {0} ({1} chars{2}) under key '{3}'. " +
                           "Configuration files are checked in and copied to build output and containers, so the credential leaks with them. " +
                           "Move it to user secrets, environment variables or a secret store, and revoke it.",
            description: "Scans appsettings*.json, .env and .env.* files (added as AdditionalFiles by the package's build props; opt out with " +
                         "<ReliabilityScanConfigurationFiles>false</ReliabilityScanConfigurationFiles>) with the provider-format, " +
                         "credential-name and connection-string detectors. The diagnostic points at the value's line and never contains it.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterAdditionalFileAction(Analyze);
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

        private static void Analyze(AdditionalFileAnalysisContext context)
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
            foreach (TextLine line in text.Lines)
            {
                string s = line.ToString();
                if (!(isEnv ? TryParseEnvLine(s, out string key, out int valueStart, out int valueLength) : TryParseJsonLine(s, out key, out valueStart, out valueLength)))
                {
                    continue;
                }

                string value = s.Substring(valueStart, valueLength);
                SecretFinding finding = Detect(key, value);
                if (!finding.IsFound)
                {
                    continue;
                }

                var span = new TextSpan(line.Start + valueStart + finding.Start, finding.Length);
                LinePositionSpan lineSpan = text.Lines.GetLinePositionSpan(span);
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule,
                    Location.Create(path, span, lineSpan),
                    SecretBinding.Properties(finding.Kind, key),
                    finding.Kind,
                    finding.Length,
                    SecretDetection.PrefixText(finding.Prefix),
                    key,
                    fileName));
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

            return SecretDetection.IsCredentialName(key) && SecretDetection.IsPlausibleSecretValue(value, key)
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

        /// <summary>One "key": "value" pair on a line (the layout of appsettings files); escapes are kept as written.</summary>
        internal static bool TryParseJsonLine(string line, out string key, out int valueStart, out int valueLength)
        {
            key = "";
            valueStart = valueLength = 0;
            int k1 = line.IndexOf('"');
            if (k1 < 0)
            {
                return false;
            }

            int k2 = ClosingQuote(line, k1 + 1);
            if (k2 < 0)
            {
                return false;
            }

            int colon = k2 + 1;
            while (colon < line.Length && char.IsWhiteSpace(line[colon]))
            {
                colon++;
            }

            if (colon >= line.Length || line[colon] != ':')
            {
                return false;
            }

            int v1 = line.IndexOf('"', colon + 1);
            if (v1 < 0)
            {
                return false;
            }

            for (int i = colon + 1; i < v1; i++)
            {
                if (!char.IsWhiteSpace(line[i]))
                {
                    return false; // the value is an object, array, number or literal
                }
            }

            int v2 = ClosingQuote(line, v1 + 1);
            if (v2 < 0)
            {
                return false;
            }

            key = line.Substring(k1 + 1, k2 - k1 - 1);
            valueStart = v1 + 1;
            valueLength = v2 - v1 - 1;
            return valueLength > 0;
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
