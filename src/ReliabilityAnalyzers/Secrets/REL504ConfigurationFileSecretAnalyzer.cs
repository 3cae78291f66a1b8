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

        // REL510 (audit): a signing key or secret under its name whose value does not look random.
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL510ReadableConfigurationSecretRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                // The compiler applies per-file .editorconfig severities to source trees only: resolved here instead.
                NonSourceFileSeverity severity = NonSourceFileSeverity.Create(start.Compilation, start.Options, start.CancellationToken);
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterAdditionalFileAction(c => Analyze(c, severity, testProject));
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

            return ConfigurationFiles.IsAppSettingsJson(path);
        }

        private static void Analyze(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity, bool testProject)
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
            // Settings groups whose host is this machine ("Host": "localhost" beside "Password"; DB_HOST=localhost beside
            // DB_PASSWORD): the password of a local development database is a default, not a leak.
            var localGroups = new System.Collections.Generic.HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (isEnv)
            {
                var pairs = new System.Collections.Generic.List<(string Key, string Value, int Start)>();
                foreach (TextLine line in text.Lines)
                {
                    string s = line.ToString();
                    if (TryParseEnvLine(s, out string key, out int valueStart, out int valueLength))
                    {
                        pairs.Add((key, s.Substring(valueStart, valueLength), line.Start + valueStart));
                    }
                }

                foreach ((string key, string value, _) in pairs)
                {
                    NoteLocalHost(localGroups, key, value, '_');
                }

                foreach ((string key, string value, int start) in pairs)
                {
                    Report(context, severity, text, path, fileName, key, value, start, testProject, GroupOf(key, '_') is { } envGroup && localGroups.Contains(envGroup));
                }
            }
            else
            {
                string json = text.ToString();
                JsonPairs(json, (key, value, start) => NoteLocalHost(localGroups, key, value, ':'));
                JsonPairs(json, (key, value, start) => Report(context, severity, text, path, fileName, key, value, start, testProject, GroupOf(key, ':') is { } jsonGroup && localGroups.Contains(jsonGroup)));
            }
        }

        // Keys that name the machine a settings group connects to (not URLs: a group's front-end URL says nothing about its secrets).
        private static readonly string[] HostKeys = { "host", "hostname", "server", "servername", "address", "datasource" };

        private static void NoteLocalHost(System.Collections.Generic.HashSet<string> localGroups, string key, string value, char separator)
        {
            int cut = key.LastIndexOf(separator);
            string leaf = (cut < 0 ? key : key.Substring(cut + 1)).Replace("_", "").Replace(" ", "").ToLowerInvariant();
            if (Array.IndexOf(HostKeys, leaf) >= 0 && SecretDetection.IsLocalDevelopmentTarget(value) && GroupOf(key, separator) is { } group)
            {
                localGroups.Add(group);
            }
        }

        // "Databases:Postgres:Password" -> "Databases:Postgres"; "DB_PASSWORD" -> "DB"; a key without a group has none.
        private static string? GroupOf(string key, char separator)
        {
            int cut = key.LastIndexOf(separator);
            return cut <= 0 ? null : key.Substring(0, cut);
        }

        private static void Report(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity, SourceText text, string path, string fileName, string key, string value, int valueStart, bool testProject, bool localGroup)
        {
            SecretFinding finding = Detect(key, value);
            if (localGroup && (!finding.IsFound || finding.Kind == "credential"))
            {
                return; // a named credential of a settings group on this machine (a provider key is reported wherever it is)
            }

            if (!finding.IsFound)
            {
                if (!testProject && IsReadableSecret(key, value))
                {
                    var valueSpan = new TextSpan(valueStart, value.Length);
                    Diagnostic? audit = severity.Create(
                        REL510ReadableConfigurationSecretRule.Rule,
                        context.AdditionalFile,
                        Location.Create(path, valueSpan, text.Lines.GetLinePositionSpan(valueSpan)),
                        SecretBinding.Properties("credential", key),
                        context.CancellationToken,
                        key,
                        fileName,
                        value.Length);
                    if (audit != null)
                    {
                        context.ReportDiagnostic(audit);
                    }
                }

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

        /// <summary>
        /// REL510's shape (audit level): a value under a signing-key or secret name that does not look
        /// random ("Jwt:IssuerSigningKey": "This is IssuerSigningKey"), or a made-up secret that names itself under any
        /// credential name ("ThisIsMySuperSecretKey2024!"). Whatever its text, a signing key shipped in the file lets
        /// anyone who has the file forge tokens for every install that keeps it; placeholders are not reported.
        /// </summary>
        internal static bool IsReadableSecret(string key, string value)
        {
            string trimmed = value.Trim();
            if (trimmed.Length < 8 || SecretDetection.IsPlaceholder(trimmed) && !SecretDetection.IsSelfDescribedSecret(trimmed)
                || SecretDetection.IsPublishedTestKey(trimmed))
            {
                return false;
            }

            bool named = NamesCredential(key, out string leaf, out string qualified);
            bool signingKey = NamesSigningKey(leaf);
            if (!signingKey && !named)
            {
                return false;
            }

            if (SecretDetection.IsSelfDescribedSecret(trimmed))
            {
                return true;
            }

            if (trimmed.IndexOf("://", StringComparison.Ordinal) >= 0 || trimmed[0] == '/' || trimmed[0] == '~' || trimmed[0] == '.'
                || trimmed.IndexOf('\\') >= 0 || trimmed.IndexOf('{') >= 0 || bool.TryParse(trimmed, out _)
                || double.TryParse(trimmed, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return false; // URLs, paths, templates, flags and numbers are settings, not secrets
            }

            bool secret = signingKey;
            foreach (string word in NameWords.Split(qualified))
            {
                secret |= word == "secret" || (word == "jwt" && qualified.EndsWith("Key", StringComparison.OrdinalIgnoreCase));
            }

            return secret;
        }

        /// <summary>
        /// The leaf of a key path names the value ("Password"); its parent can qualify a bare "Key" / "Secret"
        /// ("Jwt:Key" -> "Jwt_Key").
        /// </summary>
        private static bool NamesCredential(string key, out string leaf, out string qualified)
        {
            string[] parts = key.Split(':');
            leaf = parts[parts.Length - 1];
            qualified = parts.Length > 1 ? parts[parts.Length - 2] + "_" + leaf : leaf;
            return SecretDetection.IsCredentialName(leaf) || (parts.Length > 1 && SecretDetection.IsCredentialName(qualified));
        }

        /// <summary>'IssuerSigningKey', 'SigningKey', 'TokenSigningKey': the key that signs tokens, whatever qualifies it.</summary>
        private static bool NamesSigningKey(string name)
        {
            string[] words = NameWords.Split(name);
            for (int i = 0; i + 1 < words.Length; i++)
            {
                if (words[i] == "signing" && words[i + 1] == "key" && i + 2 == words.Length)
                {
                    return true;
                }
            }

            return words.Length > 0 && words[words.Length - 1] == "signingkey";
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

            bool named = NamesCredential(key, out string leaf, out _);
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
        /// Every non-empty string value of a JSON (or JSON-with-comments) text with its colon-joined key path ("Jwt:Key",
        /// "ConnectionStrings:Orders") and its offset (Infrastructure/ConfigurationFiles reads the file).
        /// </summary>
        internal static void JsonPairs(string json, Action<string, string, int> onPair) =>
            ConfigurationFiles.JsonScalars(json, (key, kind, value, start) =>
            {
                if (kind == JsonScalarKind.String && value.Length > 0)
                {
                    onPair(key, value, start);
                }
            });
    }
}
