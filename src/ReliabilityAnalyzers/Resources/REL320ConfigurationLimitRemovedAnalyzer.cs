using System;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL320: a Kestrel limit set to null in appsettings*.json (Kestrel:Limits:MaxRequestBodySize, MaxConcurrentConnections,
    /// MinRequestBodyDataRate, ...): the configuration twin of REL306. Audit level.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL320ConfigurationLimitRemovedAnalyzer : DiagnosticAnalyzer
    {
        public const string LimitProperty = "Limit";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ConfigurationLimitRemoved,
            title: "Kestrel limit removed in a configuration file",
            messageFormat: "Configuration key '{0}' in '{1}' is null, which {2}. " +
                           "One client, or a flood of them, can then hold unbounded memory, connections or sockets and starve everyone else. " +
                           "Set an explicit finite limit sized for the largest legitimate load.",
            description: "Scans appsettings*.json (added as AdditionalFiles by the package) for Kestrel:Limits entries set to null: " +
                         "MaxRequestBodySize, MaxRequestBufferSize, MaxResponseBufferSize, MaxConcurrentConnections, " +
                         "MaxConcurrentUpgradedConnections, MinRequestBodyDataRate and MinResponseDataRate.",
            defaultSeverity: DiagnosticSeverity.Info,
            customTags: NonSourceFileSeverity.CustomTag);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                // Only where Kestrel is in use: elsewhere a Kestrel:Limits section configures nothing.
                if (new KnownTypes(start.Compilation).Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits") is null)
                {
                    return;
                }

                NonSourceFileSeverity severity = NonSourceFileSeverity.Create(start.Compilation, start.Options, start.CancellationToken);
                start.RegisterAdditionalFileAction(c => Analyze(c, severity));
            });
        }

        private static void Analyze(AdditionalFileAnalysisContext context, NonSourceFileSeverity severity) =>
            ConfigurationFiles.ReportAppSettingsScalars(context, severity, Rule, (key, kind, value) =>
            {
                string? effect = kind == JsonScalarKind.Null ? Effect(key) : null;
                return (effect, effect is null ? null : ImmutableDictionary<string, string?>.Empty.Add(LimitProperty, ConfigurationFiles.Leaf(key)));
            });

        /// <summary>What null does to the Kestrel limit the key names, or null when the key is not one.</summary>
        internal static string? Effect(string keyPath)
        {
            // IConfiguration keys are case-insensitive; Kestrel binds "Kestrel:Limits" of the host's configuration.
            const string prefix = "Kestrel:Limits:";
            if (!keyPath.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || keyPath.IndexOf(':', prefix.Length) >= 0)
            {
                return null;
            }

            switch (keyPath.Substring(prefix.Length).ToLowerInvariant())
            {
                case "maxrequestbodysize":
                    return "removes the request body size limit (30 MB by default)";
                case "maxrequestbuffersize":
                    return "removes the request buffer limit (1 MB by default)";
                case "maxresponsebuffersize":
                    return "removes the response buffer limit (64 KB by default)";
                case "maxconcurrentconnections":
                    return "leaves the number of open connections unlimited";
                case "maxconcurrentupgradedconnections":
                    return "leaves the number of WebSocket and other upgraded connections unlimited";
                case "minrequestbodydatarate":
                    return "turns off the minimum request data rate that closes connections of clients sending too slowly";
                case "minresponsedatarate":
                    return "turns off the minimum response data rate that closes connections of clients reading too slowly";
                default:
                    return null;
            }
        }
    }
}
