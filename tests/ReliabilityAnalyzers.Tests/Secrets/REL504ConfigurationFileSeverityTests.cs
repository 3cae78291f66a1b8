using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Secrets;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    /// <summary>
    /// REL504 reports in configuration files, where the compiler applies no per-file .editorconfig severity: the rule
    /// resolves it itself (NonSourceFileSeverity). The end-to-end tests run the same settings through a real build.
    /// </summary>
    public class REL504ConfigurationFileSeverityTests
    {
        private const string Json = "{\n  \"Smtp\": { \"Password\": \"FAKE-smtp-pw-93x1\" }\n}\n";
        private const string AppSettings = "/repo/src/app/appsettings.json";

        [Fact]
        public void NoConfiguration_ReportsAtTheDefaultSeverity() =>
            Assert.Equal(new[] { DiagnosticSeverity.Warning }, Severities());

        [Theory]
        [InlineData("[*]", "none", null)]
        [InlineData("[*.json]", "none", null)]
        [InlineData("[appsettings.json]", "error", DiagnosticSeverity.Error)]
        [InlineData("[appsettings*.json]", "suggestion", DiagnosticSeverity.Info)]
        [InlineData("[*.{json,env}]", "silent", DiagnosticSeverity.Hidden)]
        [InlineData("[**/app/*.json]", "error", DiagnosticSeverity.Error)]
        [InlineData("[src/app/appsettings.json]", "error", DiagnosticSeverity.Error)]
        [InlineData("[*.cs]", "warning", DiagnosticSeverity.Warning)]
        [InlineData("[appsettings.Development.json]", "none", DiagnosticSeverity.Warning)]
        [InlineData("[other/*.json]", "none", DiagnosticSeverity.Warning)]
        public void EditorConfigSection_ThatMatchesTheFile_SetsItsSeverity(string section, string value, DiagnosticSeverity? expected)
        {
            DiagnosticSeverity[] severities = Severities(editorConfigs: ("/repo/.editorconfig", $"root = true\n\n{section}\ndotnet_diagnostic.REL504.severity = {value}\n"));
            Assert.Equal(expected is null ? new DiagnosticSeverity[0] : new[] { expected.Value }, severities);
        }

        [Fact]
        public void NearerEditorConfig_Wins_AndRootStopsTheSearch()
        {
            Assert.Equal(
                new[] { DiagnosticSeverity.Error },
                Severities(editorConfigs: new[]
                {
                    ("/repo/.editorconfig", "root = true\n[*.json]\ndotnet_diagnostic.REL504.severity = none\n"),
                    ("/repo/src/.editorconfig", "[*.json]\ndotnet_diagnostic.rel504.severity = error # for the service\n"),
                }));

            Assert.Equal(
                new[] { DiagnosticSeverity.Warning },
                Severities(editorConfigs: new[]
                {
                    ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.REL504.severity = none\n"),
                    ("/repo/src/.editorconfig", "root = true\n[*.md]\nindent_size = 2\n"),
                }));

            // A file in a sibling folder does not apply.
            Assert.Equal(
                new[] { DiagnosticSeverity.Warning },
                Severities(editorConfigs: ("/repo/other/.editorconfig", "[*]\ndotnet_diagnostic.REL504.severity = none\n")));
        }

        [Theory]
        [InlineData("Strict", DiagnosticSeverity.Error)]
        [InlineData("strict", DiagnosticSeverity.Error)]
        [InlineData("Default", DiagnosticSeverity.Warning)]
        [InlineData("None", null)]
        public void Preset_AppliesWhenNothingMoreSpecificIsSet(string mode, DiagnosticSeverity? expected)
        {
            var global = new Dictionary<string, string> { [NonSourceFileSeverity.ModeProperty] = mode };
            Assert.Equal(expected is null ? new DiagnosticSeverity[0] : new[] { expected.Value }, Severities(global));
        }

        [Fact]
        public void EditorConfig_BeatsThePreset()
        {
            var strict = new Dictionary<string, string> { [NonSourceFileSeverity.ModeProperty] = "Strict" };
            Assert.Equal(
                new[] { DiagnosticSeverity.Info },
                Severities(strict, ("/repo/.editorconfig", "[appsettings.json]\ndotnet_diagnostic.REL504.severity = suggestion\n")));
            Assert.Empty(Severities(strict, ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.REL504.severity = none\n")));
        }

        [Fact]
        public void CategoryAndBulkSettings_Apply_AfterIdSettings()
        {
            Assert.Equal(
                new[] { DiagnosticSeverity.Error },
                Severities(new Dictionary<string, string> { ["dotnet_analyzer_diagnostic.category-Security.Secrets.severity"] = "error" }));
            Assert.Empty(Severities(new Dictionary<string, string> { ["dotnet_analyzer_diagnostic.severity"] = "none" }));
            Assert.Equal(
                new[] { DiagnosticSeverity.Info },
                Severities(
                    new Dictionary<string, string> { ["dotnet_analyzer_diagnostic.category-Security.Secrets.severity"] = "error" },
                    ("/repo/.editorconfig", "[*.json]\ndotnet_diagnostic.REL504.severity = suggestion\n")));
            // A category entry for another family changes nothing.
            Assert.Equal(
                new[] { DiagnosticSeverity.Warning },
                Severities(new Dictionary<string, string> { ["dotnet_analyzer_diagnostic.category-Reliability.Exceptions.severity"] = "none" }));
        }

        [Theory]
        [InlineData("*.json", "appsettings.json", true)]
        [InlineData("*.json", "config/appsettings.json", true)]
        [InlineData("/*.json", "config/appsettings.json", false)]
        [InlineData("config/*.json", "config/appsettings.json", true)]
        [InlineData("*.{cs,json}", "a.json", true)]
        [InlineData("*.{cs,json}", "a.jsonc", false)]
        [InlineData("appsettings.[DP]*.json", "appsettings.Production.json", true)]
        [InlineData("appsettings.[!DP]*.json", "appsettings.Production.json", false)]
        [InlineData("file{1..3}.json", "file2.json", true)]
        [InlineData("file{1..3}.json", "file4.json", false)]
        [InlineData("**.json", "a/b/c.json", true)]
        [InlineData("a?.json", "ab.json", true)]
        [InlineData("a?.json", "a/.json", false)]
        public void Globs_FollowTheEditorConfigRules(string glob, string relativePath, bool matches) =>
            Assert.Equal(matches, EditorConfigSections.SectionMatcher(glob)!.IsMatch(relativePath));

        private static DiagnosticSeverity[] Severities(params (string Path, string Text)[] editorConfigs) =>
            Severities(new Dictionary<string, string>(), editorConfigs);

        private static DiagnosticSeverity[] Severities(Dictionary<string, string> globalOptions, params (string Path, string Text)[] editorConfigs)
        {
            CSharpCompilation compilation = CSharpCompilation.Create(
                "SeverityTest",
                new[] { CSharpSyntaxTree.ParseText("class C { }", path: "/repo/src/app/Program.cs") },
                TestReferences.References,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<AdditionalText> files = editorConfigs
                .Select(f => (AdditionalText)new Text(f.Path, f.Text))
                .Prepend(new Text(AppSettings, Json))
                .ToImmutableArray();
            var options = new AnalyzerOptions(files, new OptionsProvider(globalOptions));
            return compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new REL504ConfigurationFileSecretAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult()
                .Select(d => d.Severity)
                .ToArray();
        }

        private sealed class Text : AdditionalText
        {
            private readonly SourceText _text;

            public Text(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        /// <summary>The same (global) options for every file, as a .globalconfig or the generated MSBuild config gives them.</summary>
        private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly Options _options;

            public OptionsProvider(Dictionary<string, string> values) => _options = new Options(values);

            public override AnalyzerConfigOptions GlobalOptions => _options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

            private sealed class Options : AnalyzerConfigOptions
            {
                private readonly Dictionary<string, string> _values;

                public Options(Dictionary<string, string> values) => _values = new Dictionary<string, string>(values, KeyComparer);

                public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
            }
        }
    }
}
