using System;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL220: resilience switched off in appsettings*.json: a timeout key set to -1, 0, "Infinite" or an infinite
    /// TimeSpan, or a retry-count key set to int.MaxValue (or another count no outage ever exhausts). Audit level: the
    /// meaning of a key is judged from its name only.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL220ConfigurationResilienceSettingAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindTimeout = "Timeout";
        public const string KindRetry = "Retry";
        public const string KindConnectionString = "ConnectionString";

        /// <summary>A retry count at or above this is unbounded in practice (int.MaxValue, 1000000, ...).</summary>
        internal const long UnboundedRetryCount = 10000;

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ConfigurationResilienceSetting,
            title: "Resilience setting disabled in a configuration file",
            messageFormat: "Configuration key '{0}' in '{1}' sets {2}. " +
                           "Settings override the code's defaults in every environment that loads the file, so the protection is gone wherever it ships. " +
                           "Set a finite value sized for the slowest healthy call, or a small retry count with backoff.",
            description: "Scans appsettings*.json (added as AdditionalFiles by the package) for keys named as timeouts set to -1, 0, \"Infinite\" " +
                         "or an infinite TimeSpan, and keys named as retry counts set to int.MaxValue or another count no outage exhausts.",
            defaultSeverity: DiagnosticSeverity.Info,
            customTags: NonSourceFileSeverity.CustomTag);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                NonSourceFileSeverity severity = NonSourceFileSeverity.Create(start.Compilation, start.Options, start.CancellationToken);
                start.RegisterAdditionalFileAction(c => Analyze(c, severity));
            });
        }

        private static void Analyze(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity) =>
            ConfigurationFiles.ReportAppSettingsScalars(context, severity, Rule, (key, kind, value) =>
            {
                string? finding = Judge(NameOf(key), kind, value, out string findingKind);
                return (finding, finding is null ? null : ImmutableDictionary<string, string?>.Empty.Add(KindProperty, findingKind));
            });

        /// <summary>
        /// The name to judge: the leaf, or the parent and the leaf when the leaf alone names no setting
        /// ("Retry": { "Count": ... } is a retry count, "Timeout": { "Seconds": ... } a timeout).
        /// </summary>
        internal static string NameOf(string keyPath)
        {
            string leaf = ConfigurationFiles.Leaf(keyPath);
            switch (leaf.ToLowerInvariant())
            {
                case "count":
                case "max":
                case "maxcount":
                case "limit":
                case "value":
                case "seconds":
                case "ms":
                case "milliseconds":
                    string parentPath = keyPath.Length > leaf.Length ? keyPath.Substring(0, keyPath.Length - leaf.Length - 1) : "";
                    return parentPath.Length == 0 ? leaf : ConfigurationFiles.Leaf(parentPath) + leaf;
                default:
                    return leaf;
            }
        }

        /// <summary>What the value does to the setting the key names, or null when it is not a finding.</summary>
        internal static string? Judge(string leaf, JsonScalarKind kind, string value, out string findingKind)
        {
            findingKind = "";
            if (kind != JsonScalarKind.Number && kind != JsonScalarKind.String)
            {
                return null;
            }

            string name = leaf.ToLowerInvariant();
            string trimmed = value.Trim();

            // A connection string kept in configuration ("ConnectionStrings": { "Redis": "cache:6379,abortConnect=true" }):
            // the settings REL208 and REL209 find in code literals.
            if (kind == JsonScalarKind.String && trimmed.Length >= 12)
            {
                if (REL208RedisFailsHardAnalyzer.HasAbortConnectTrue(trimmed))
                {
                    findingKind = KindConnectionString;
                    return "'abortConnect=true' in a Redis connection string, which makes the service fail at start-up while Redis is down";
                }

                if (REL209DisabledTimeoutAuditAnalyzer.DisabledTimeoutIn(trimmed) is { } disabled)
                {
                    findingKind = KindConnectionString;
                    return "'" + Shown(disabled) + "' in a connection string, which switches that timeout off";
                }
            }
            if (IsTimeoutKey(name))
            {
                findingKind = KindTimeout;
                if (trimmed == "-1" || trimmed.Equals("Infinite", StringComparison.OrdinalIgnoreCase)
                    || trimmed.StartsWith("-00:00:00.001", StringComparison.Ordinal) || trimmed.StartsWith("10675199.", StringComparison.Ordinal)
                    || IsNumber(trimmed, out double number) && number >= int.MaxValue)
                {
                    return "an infinite timeout (" + Shown(trimmed) + ")";
                }

                if (IsZero(trimmed) && !IsZeroMeaningfulTimeout(name))
                {
                    return "a timeout of " + Shown(trimmed) + ", which many clients and servers read as 'no timeout'";
                }

                return null;
            }

            if (IsRetryCountKey(name) && IsNumber(trimmed, out double count) && count >= UnboundedRetryCount)
            {
                findingKind = KindRetry;
                return "a retry count of " + Shown(trimmed) + ", which no outage ever exhausts";
            }

            return null;
        }

        private static readonly string[] NotTimeoutWords =
        {
            "enabled", "enable", "disable", "count", "retry", "retries", "shutdown", "idle", "grace", "drain", "lock", "session",
            "cache", "expir", "token", "cookie", "lifetime", "handler", "policy", "name", "message", "status", "code",
            "threshold",
        };

        private static readonly string[] NotRetryCountWords =
        {
            "delay", "interval", "backoff", "wait", "timeout", "jitter", "second", "ms", "millisecond", "minute", "period", "ratio",
            "after", "enabled", "duration",
        };

        private static bool IsTimeoutKey(string name)
        {
            if (name.IndexOf("timeout", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            // A count of timeouts ("MaxTimeouts", "RedisTimeoutsThreshold"), not a duration ("TimeoutSeconds").
            int plural = name.IndexOf("timeouts", StringComparison.Ordinal);
            if (plural >= 0 && string.CompareOrdinal(name, plural + 7, "sec", 0, 3) != 0)
            {
                return false;
            }

            // Not a duration of outbound or request work: flags, counts and the timeouts of local lifecycles.
            foreach (string not in NotTimeoutWords)
            {
                if (name.IndexOf(not, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Where 0 means "do not wait" rather than "wait forever".</summary>
        private static bool IsZeroMeaningfulTimeout(string name) =>
            name.IndexOf("wait", StringComparison.Ordinal) >= 0 || name.IndexOf("delay", StringComparison.Ordinal) >= 0;

        private static bool IsRetryCountKey(string name)
        {
            if (name.IndexOf("retry", StringComparison.Ordinal) < 0 && name.IndexOf("retries", StringComparison.Ordinal) < 0
                && name.IndexOf("attempt", StringComparison.Ordinal) < 0)
            {
                return false;
            }

            foreach (string not in NotRetryCountWords)
            {
                if (name.IndexOf(not, StringComparison.Ordinal) >= 0)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsZero(string value) =>
            value == "0" || value == "0.0" || value == "00:00:00" || value == "0:00:00" || value == "00:00:00.0000000";

        private static bool IsNumber(string value, out double number) =>
            double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number);

        /// <summary>The value as written, shortened: configuration values here are numbers and durations, never secrets.</summary>
        private static string Shown(string value) => value.Length <= 32 ? value : value.Substring(0, 32) + "...";
    }
}
