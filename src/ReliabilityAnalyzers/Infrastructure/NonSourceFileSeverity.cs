using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// The severity of a finding in a non-source file (appsettings*.json, .env, passed as AdditionalFiles). The compiler
    /// applies per-file .editorconfig severities only to source trees, so a rule that reports in configuration files
    /// resolves the configured severity itself, once per compilation, in the order the compiler uses for source files:
    /// <list type="number">
    /// <item><c>dotnet_diagnostic.ID.severity</c> in an .editorconfig section that matches the file itself ([*], [*.json],
    /// [appsettings.json], ...). The package passes the .editorconfig files above the configuration files as
    /// AdditionalFiles so they can be read here.</item>
    /// <item>The same key as the compiler sees it for the project's nearest source file ([*.cs] sections).</item>
    /// <item>The key in a .globalconfig, or /nowarn, /warnaserror+:ID, a ruleset.</item>
    /// <item>The <c>&lt;ReliabilityAnalysisMode&gt;</c> preset (Strict: error, None: none): the presets name no
    /// configuration-file rule, so that an .editorconfig section can still override them.</item>
    /// <item><c>dotnet_analyzer_diagnostic.category-CATEGORY.severity</c>, then <c>dotnet_analyzer_diagnostic.severity</c>.</item>
    /// <item>The rule's default severity.</item>
    /// </list>
    /// </summary>
    internal sealed class NonSourceFileSeverity
    {
        /// <summary>The custom tag of descriptors that report in configuration files (their severity is resolved here).</summary>
        public const string CustomTag = "ConfigurationFile";

        /// <summary>The MSBuild property the package makes visible to analyzers (build_property.ReliabilityAnalysisMode).</summary>
        public const string ModeProperty = "build_property.ReliabilityAnalysisMode";

        private readonly Compilation _compilation;
        private readonly AnalyzerOptions _options;
        private readonly ImmutableArray<EditorConfigSections> _editorConfigs;
        private readonly string? _mode;

        private NonSourceFileSeverity(Compilation compilation, AnalyzerOptions options, ImmutableArray<EditorConfigSections> editorConfigs, string? mode)
        {
            _compilation = compilation;
            _options = options;
            _editorConfigs = editorConfigs;
            _mode = mode;
        }

        public static NonSourceFileSeverity Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            ImmutableArray<EditorConfigSections>.Builder configs = ImmutableArray.CreateBuilder<EditorConfigSections>();
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                if (string.Equals(Path.GetFileName(file.Path), ".editorconfig", StringComparison.OrdinalIgnoreCase))
                {
                    SourceText? text = file.GetText(cancellationToken);
                    if (text != null)
                    {
                        configs.Add(EditorConfigSections.Parse(file.Path, text));
                    }
                }
            }

            // Outermost first, so nearer files override; nothing above the nearest root = true counts.
            configs.Sort((a, b) => a.Directory.Length.CompareTo(b.Directory.Length));
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(ModeProperty, out string? mode);
            return new NonSourceFileSeverity(compilation, options, configs.ToImmutable(), mode?.Trim());
        }

        /// <summary>
        /// The severity to report <paramref name="rule"/> with in <paramref name="file"/>, or false when it is configured
        /// off (none) there.
        /// </summary>
        public bool TryGetSeverity(DiagnosticDescriptor rule, AdditionalText file, CancellationToken cancellationToken, out DiagnosticSeverity severity)
        {
            severity = rule.DefaultSeverity;
            ReportDiagnostic report = Resolve(rule, file, cancellationToken);
            switch (report)
            {
                case ReportDiagnostic.Suppress:
                    return false;
                case ReportDiagnostic.Error:
                    severity = DiagnosticSeverity.Error;
                    return true;
                case ReportDiagnostic.Warn:
                    severity = DiagnosticSeverity.Warning;
                    return true;
                case ReportDiagnostic.Info:
                    severity = DiagnosticSeverity.Info;
                    return true;
                case ReportDiagnostic.Hidden:
                    severity = DiagnosticSeverity.Hidden;
                    return true;
                default:
                    return rule.IsEnabledByDefault;
            }
        }

        private ReportDiagnostic Resolve(DiagnosticDescriptor rule, AdditionalText file, CancellationToken cancellationToken)
        {
            string id = rule.Id;
            string key = "dotnet_diagnostic." + id.ToLowerInvariant() + ".severity";
            string path = EditorConfigSections.Normalize(file.Path);

            // 1. Sections of the .editorconfig files above the file that match the file itself.
            ReportDiagnostic fromFile = ReportDiagnostic.Default;
            int start = 0;
            for (int i = _editorConfigs.Length - 1; i >= 0; i--)
            {
                if (path.StartsWith(_editorConfigs[i].Directory, StringComparison.Ordinal) && _editorConfigs[i].IsRoot)
                {
                    start = i;
                    break;
                }
            }

            for (int i = start; i < _editorConfigs.Length; i++)
            {
                if (_editorConfigs[i].TryGetValue(path, key, out string value) && TryParse(value, out ReportDiagnostic parsed))
                {
                    fromFile = parsed;
                }
            }

            if (fromFile != ReportDiagnostic.Default)
            {
                return fromFile;
            }

            // 2. What the compiler applies to the nearest source file ([*.cs] sections).
            SyntaxTree? nearest = NearestTree(path);
            SyntaxTreeOptionsProvider? trees = _compilation.Options.SyntaxTreeOptionsProvider;
            if (nearest != null && trees != null && trees.TryGetDiagnosticValue(nearest, id, cancellationToken, out ReportDiagnostic fromTree)
                && fromTree != ReportDiagnostic.Default)
            {
                return fromTree;
            }

            // 3. .globalconfig, then command-line / ruleset options.
            if (trees != null && trees.TryGetGlobalDiagnosticValue(id, cancellationToken, out ReportDiagnostic fromGlobal) && fromGlobal != ReportDiagnostic.Default)
            {
                return fromGlobal;
            }

            if (_compilation.Options.SpecificDiagnosticOptions.TryGetValue(id, out ReportDiagnostic fromCommandLine) && fromCommandLine != ReportDiagnostic.Default)
            {
                return fromCommandLine;
            }

            // 4. The preset.
            if (string.Equals(_mode, "Strict", StringComparison.OrdinalIgnoreCase))
            {
                return ReportDiagnostic.Error;
            }

            if (string.Equals(_mode, "None", StringComparison.OrdinalIgnoreCase))
            {
                return ReportDiagnostic.Suppress;
            }

            // 5. Category, then bulk settings: for the file, else for the nearest source file.
            AnalyzerConfigOptions fileOptions = _options.AnalyzerConfigOptionsProvider.GetOptions(file);
            AnalyzerConfigOptions? treeOptions = nearest is null ? null : _options.AnalyzerConfigOptionsProvider.GetOptions(nearest);
            foreach (string bulkKey in new[] { "dotnet_analyzer_diagnostic.category-" + rule.Category + ".severity", "dotnet_analyzer_diagnostic.severity" })
            {
                if ((fileOptions.TryGetValue(bulkKey, out string? bulk) || (treeOptions != null && treeOptions.TryGetValue(bulkKey, out bulk)))
                    && TryParse(bulk, out ReportDiagnostic fromBulk) && fromBulk != ReportDiagnostic.Default)
                {
                    return fromBulk;
                }
            }

            return ReportDiagnostic.Default;
        }

        /// <summary>The source file whose folder shares the longest prefix with the configuration file's.</summary>
        private SyntaxTree? NearestTree(string path)
        {
            SyntaxTree? best = null;
            int bestLength = -1;
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                string treePath = EditorConfigSections.Normalize(tree.FilePath ?? "");
                int common = 0;
                int max = Math.Min(treePath.Length, path.Length);
                int lastSlash = 0;
                while (common < max && treePath[common] == path[common])
                {
                    if (path[common] == '/')
                    {
                        lastSlash = common + 1;
                    }

                    common++;
                }

                if (lastSlash > bestLength)
                {
                    best = tree;
                    bestLength = lastSlash;
                }
            }

            return best;
        }

        internal static bool TryParse(string? value, out ReportDiagnostic report)
        {
            switch (value?.Trim().ToLowerInvariant())
            {
                case "none":
                    report = ReportDiagnostic.Suppress;
                    return true;
                case "silent":
                case "hidden":
                    report = ReportDiagnostic.Hidden;
                    return true;
                case "suggestion":
                case "info":
                    report = ReportDiagnostic.Info;
                    return true;
                case "warning":
                case "warn":
                    report = ReportDiagnostic.Warn;
                    return true;
                case "error":
                    report = ReportDiagnostic.Error;
                    return true;
                case "default":
                    report = ReportDiagnostic.Default;
                    return true;
                default:
                    report = ReportDiagnostic.Default;
                    return false;
            }
        }

        /// <summary>
        /// Creates the diagnostic with the configured severity, or returns null when the rule is off for the file.
        /// </summary>
        public Diagnostic? Create(
            DiagnosticDescriptor rule,
            AdditionalText file,
            Location location,
            ImmutableDictionary<string, string?>? properties,
            CancellationToken cancellationToken,
            params object?[] messageArgs)
        {
            if (!TryGetSeverity(rule, file, cancellationToken, out DiagnosticSeverity severity))
            {
                return null;
            }

            return Diagnostic.Create(rule, location, severity, additionalLocations: null, properties, messageArgs);
        }
    }
}
