using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Meta
{
    /// <summary>
    /// Keeps the four files of every rule (analyzer, fixer, test, docs page) and the catalogue around them in step:
    /// help links, ID blocks, release tracking, README rows, presets, option docs, fixer shape, Roslyn floor.
    /// </summary>
    public class RuleCatalogueTests
    {
        private static readonly Assembly AnalyzerAssembly = typeof(REL101EmptyCatchAnalyzer).Assembly;
        private static readonly Assembly CodeFixAssembly = typeof(REL101EmptyCatchCodeFix).Assembly;
        private static string Root => TestReferences.RepositoryRoot;

        public static IEnumerable<object[]> Analyzers() =>
            AnalyzerAssembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
                .Select(t => new object[] { t.Name });

        private static IEnumerable<(Type Type, DiagnosticAnalyzer Analyzer)> AllAnalyzers() =>
            AnalyzerAssembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
                .Select(t => (t, (DiagnosticAnalyzer)Activator.CreateInstance(t)!));

        private static ImmutableArray<DiagnosticDescriptor> AllDescriptors() =>
            AllAnalyzers().SelectMany(a => a.Analyzer.SupportedDiagnostics).ToImmutableArray();

        [Fact]
        public void ThereAreRules() => Assert.NotEmpty(AllDescriptors());

        [Fact]
        public void EveryId_IsInItsFamilyBlock_WithTheRightCategory_AndHelpLink()
        {
            foreach (DiagnosticDescriptor d in AllDescriptors())
            {
                // REL1xx-REL5xx: the families; REL0xx (not zero): the package's own infrastructure (baseline file).
                Assert.Matches("^REL([1-5][0-9][0-9]|0[0-9][1-9]|0[1-9]0)$", d.Id);
                Assert.Equal(RuleCategories.ForId(d.Id), d.Category);
                Assert.Equal(Descriptors.HelpLink(d.Id), d.HelpLinkUri);
                Assert.EndsWith("docs/rules/" + d.Id + ".md", d.HelpLinkUri);
                Assert.True(d.IsEnabledByDefault, d.Id);
                Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString()), d.Id);
                Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString()), d.Id);
            }
        }

        [Fact]
        public void BaselineSuppressor_CoversEveryRule_ButNotTheInfrastructureBlock()
        {
            var suppressor = new ReliabilityAnalyzers.Baseline.BaselineSuppressor();
            var suppressed = suppressor.SupportedSuppressions.Select(s => s.SuppressedDiagnosticId).ToHashSet();
            foreach (DiagnosticDescriptor d in AllDescriptors())
            {
                Assert.Equal(d.Id[3] != '0', suppressed.Contains(d.Id));
            }

            Assert.All(suppressor.SupportedSuppressions, s => Assert.Equal("baseline", s.Justification.ToString()));
            Assert.Equal(suppressor.SupportedSuppressions.Length, suppressor.SupportedSuppressions.Select(s => s.Id).Distinct().Count());
            Assert.Subset(AllDescriptors().Select(d => d.Id).ToHashSet(), suppressed.ToHashSet());
        }

        [Fact]
        public void EveryId_BelongsToOneAnalyzer_WithOneCategoryAndSeverity()
        {
            foreach (IGrouping<string, (Type Type, DiagnosticDescriptor Descriptor)> group in AllAnalyzers()
                .SelectMany(a => a.Analyzer.SupportedDiagnostics.Select(d => (a.Type, d)))
                .GroupBy(x => x.d.Id))
            {
                Assert.Single(group.Select(x => x.Type).Distinct());
                Assert.Single(group.Select(x => x.Descriptor.DefaultSeverity).Distinct());
                Assert.Single(group.Select(x => x.Descriptor.Category).Distinct());
                // The analyzer carries the ID in its name; an analyzer that classifies once for two IDs (REL404 with its
                // audit-level REL407) carries the first ID it supports, and the other ID's descriptor lives in a type named by it.
                Type type = group.First().Type;
                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                Assert.StartsWith(analyzer.SupportedDiagnostics[0].Id, type.Name, StringComparison.Ordinal);
                Assert.True(
                    type.Name.StartsWith(group.Key, StringComparison.Ordinal)
                        || AnalyzerAssembly.GetTypes().Any(t => t.Name.StartsWith(group.Key, StringComparison.Ordinal)),
                    group.Key + " has no type named by it");
            }
        }

        [Fact]
        public void EveryId_HasDocsPage_TestFile_ReleaseEntry_ReadmeRow_AndPresetLines()
        {
            string releases = File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers/AnalyzerReleases.Shipped.md"))
                + File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers/AnalyzerReleases.Unshipped.md"));
            string readme = File.ReadAllText(Path.Combine(Root, "README.md"));
            string[] testFiles = Directory.GetFiles(Path.Combine(Root, "tests/ReliabilityAnalyzers.Tests"), "*.cs", SearchOption.AllDirectories);
            var presets = new[] { "default", "strict", "none" }.ToDictionary(
                p => p,
                p => File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers.Package/config", p + ".globalconfig")));

            foreach (DiagnosticDescriptor d in AllDescriptors().GroupBy(x => x.Id).Select(g => g.First()))
            {
                string page = Path.Combine(Root, "docs/rules", d.Id + ".md");
                Assert.True(File.Exists(page), "missing " + page);
                string pageText = File.ReadAllText(page);
                Assert.StartsWith("# " + d.Id, pageText);
                foreach (string section in new[] { "## What it finds", "## Why it matters", "## How to fix", "## Options", "## Suppress" })
                {
                    Assert.True(pageText.Contains(section), $"{d.Id}.md lacks '{section}'");
                }

                Assert.Contains(testFiles, f => Path.GetFileName(f).StartsWith(d.Id, StringComparison.Ordinal));
                Assert.Matches(new Regex("^" + d.Id + @"\s*\|\s*" + Regex.Escape(d.Category) + @"\s*\|\s*" + d.DefaultSeverity + @"\s*\|", RegexOptions.Multiline), releases);
                Assert.Matches(new Regex(@"^\|\s*\[" + d.Id + @"\]\(docs/rules/" + d.Id + @"\.md\)\s*\|", RegexOptions.Multiline), readme);

                if (d.CustomTags.Contains(NonSourceFileSeverity.CustomTag))
                {
                    // Rules reporting in configuration files read the mode themselves, so an .editorconfig [*.json]
                    // section can still beat the preset (a global ID entry would override whatever they report).
                    Assert.DoesNotContain($"dotnet_diagnostic.{d.Id}.", presets["strict"]);
                    Assert.DoesNotContain($"dotnet_diagnostic.{d.Id}.", presets["none"]);
                }
                else
                {
                    Assert.Contains($"dotnet_diagnostic.{d.Id}.severity = error\n", presets["strict"].Replace("\r\n", "\n"));
                    Assert.Contains($"dotnet_diagnostic.{d.Id}.severity = none\n", presets["none"].Replace("\r\n", "\n"));
                }
            }

            // Default restates nothing: an ID entry would beat the user's category and bulk settings.
            string[] defaultSettings = presets["default"].Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("#", StringComparison.Ordinal)).ToArray();
            Assert.Equal(new[] { "is_global = true", "global_level = -100" }, defaultSettings);

            // And nothing in the presets that is not a rule.
            var ids = AllDescriptors().Select(d => d.Id).ToHashSet();
            foreach (string preset in presets.Values)
            {
                foreach (Match m in Regex.Matches(preset, @"dotnet_diagnostic\.(REL\d+)\.severity"))
                {
                    Assert.Contains(m.Groups[1].Value, ids);
                }
            }
        }

        [Fact]
        public void EveryOption_IsDocumentedOnItsRulePage()
        {
            foreach ((Type type, DiagnosticAnalyzer analyzer) in AllAnalyzers())
            {
                string id = analyzer.SupportedDiagnostics[0].Id;
                foreach (FieldInfo field in type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(f => f.IsLiteral && f.Name.EndsWith("Option", StringComparison.Ordinal)))
                {
                    string key = RuleOptions.Key(id, (string)field.GetRawConstantValue()!);
                    Assert.Contains(key, File.ReadAllText(Path.Combine(Root, "docs/rules", id + ".md")));
                    Assert.Contains(key, File.ReadAllText(Path.Combine(Root, "docs/configuration.md")));
                }
            }
        }

        [Fact]
        public void HelpLinks_AndTheProjectUrl_NameOneHome_WhoseDocsPathExists()
        {
            string csproj = File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers.Package/ReliabilityAnalyzers.Package.csproj"));
            string projectUrl = Regex.Match(csproj, "<PackageProjectUrl>([^<]+)</PackageProjectUrl>").Groups[1].Value;
            Assert.StartsWith("https://", projectUrl);
            Assert.Equal(Descriptors.HelpLinkBase, projectUrl + "/blob/main/docs/rules/");
            Assert.Contains("<RepositoryUrl>" + projectUrl + ".git</RepositoryUrl>", csproj);
            Assert.True(Directory.Exists(Path.Combine(Root, "docs/rules")));
            Assert.All(AllDescriptors(), d => Assert.True(File.Exists(Path.Combine(Root, "docs/rules", d.Id + ".md")), d.HelpLinkUri));
        }

        [Fact]
        public void PackageReadmeTemplate_HasOnlyAbsoluteLinks_AndTheDetectorFindsRelativeOnes()
        {
            string template = File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers.Package/PACKAGE-README.md"));
            Assert.Empty(ReadmeLinks.Relative(template));
            Assert.Contains("{{RULES}}", template);
            Assert.Equal(
                new[] { "docs/rules/REL101.md", "docs/configuration.md", "icon.png" },
                ReadmeLinks.Relative("[REL101](docs/rules/REL101.md) [c](https://x.y/z) see [docs](docs/configuration.md) <img src=\"icon.png\"> `[n](not/a/link)`"));
        }

        [Fact]
        public void Changelog_ListsEveryShippedRule_AndHasAnUnreleasedSection()
        {
            string changelog = File.ReadAllText(Path.Combine(Root, "CHANGELOG.md"));
            Assert.Contains("## [Unreleased]", changelog);
            int released = changelog.IndexOf("## [1.0.0]", StringComparison.Ordinal);
            Assert.True(released > changelog.IndexOf("## [Unreleased]", StringComparison.Ordinal), "1.0.0 comes after Unreleased");
            string shipped = File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers/AnalyzerReleases.Shipped.md"));
            foreach (Match m in Regex.Matches(shipped, @"^(REL\d{3})\s*\|", RegexOptions.Multiline))
            {
                Assert.Contains(m.Groups[1].Value, changelog.Substring(released));
            }
        }

        [Fact]
        public void ReleaseTrackingRules_AreNotSilencedInShippingCode()
        {
            // RS2000-RS2008 keep AnalyzerReleases.*.md honest; nothing under src/ (or shared) may turn them off.
            var files = Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
                .Concat(Directory.GetFiles(Path.Combine(Root, "src"), "*.props", SearchOption.AllDirectories))
                .Append(Path.Combine(Root, "Directory.Build.props"))
                .Append(Path.Combine(Root, ".editorconfig"));
            foreach (string file in files.Where(File.Exists))
            {
                string text = File.ReadAllText(file);
                Assert.DoesNotMatch(@"<NoWarn>[^<]*RS200\d", text);
                Assert.DoesNotMatch(@"<WarningsNotAsErrors>[^<]*RS200\d", text);
                Assert.DoesNotMatch(@"dotnet_diagnostic\.RS200\d\.severity\s*=\s*(none|silent|suggestion)", text);
            }

            Assert.Contains("AnalyzerReleases.Shipped.md", File.ReadAllText(Path.Combine(Root, "src/ReliabilityAnalyzers/ReliabilityAnalyzers.csproj")));
        }

        [Fact]
        public void ConfigurationDoc_OptionRows_FormOneTable_UnderRuleOptions()
        {
            // Every `reliability.RELxxx.*` row sits in the one table of the "Rule options" section, with no gap or
            // other section between rows (a row under another heading renders as stray text).
            string[] lines = File.ReadAllLines(Path.Combine(Root, "docs/configuration.md"));
            int section = Array.FindIndex(lines, l => l.StartsWith("## Rule options", StringComparison.Ordinal));
            Assert.True(section >= 0, "configuration.md has no '## Rule options' section");
            int[] rows = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("| `reliability.REL", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(rows);
            Assert.All(rows, i => Assert.True(i > section, $"line {i + 1} is an option row above the options section"));
            for (int i = rows[0]; i <= rows[rows.Length - 1]; i++)
            {
                Assert.True(lines[i].StartsWith("|", StringComparison.Ordinal), $"configuration.md line {i + 1} breaks the options table: '{lines[i]}'");
            }

            int nextSection = Array.FindIndex(lines, section + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            Assert.True(nextSection < 0 || rows[rows.Length - 1] < nextSection, "an option row sits under a later section");
        }

        [Fact]
        public void EveryFixer_IsExported_Shared_HasFixAll_AndIdPrefixedEquivalenceKeys()
        {
            var ids = AllDescriptors().Select(d => d.Id).ToHashSet();
            Type[] fixers = CodeFixAssembly.GetTypes().Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t)).ToArray();
            Assert.NotEmpty(fixers);
            foreach (Type type in fixers)
            {
                ExportCodeFixProviderAttribute? export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
                Assert.NotNull(export);
                Assert.Equal(type.Name, export!.Name);
                Assert.Contains(LanguageNames.CSharp, export.Languages);
                // No [Shared]: Roslyn creates analyzer-package fixers itself (never through MEF), and the attribute's
                // assembly reference (System.Composition.AttributedModel 8.0.0.0 on this feed) is above what Roslyn 4.8
                // hosts ship, which can keep the whole code-fix assembly from loading there.
                Assert.Null(type.GetCustomAttribute<SharedAttribute>());

                var fixer = (CodeFixProvider)Activator.CreateInstance(type)!;
                Assert.NotNull(fixer.GetFixAllProvider());
                Assert.NotEmpty(fixer.FixableDiagnosticIds);
                foreach (string id in fixer.FixableDiagnosticIds)
                {
                    Assert.Contains(id, ids);
                    Assert.StartsWith(id, type.Name, StringComparison.Ordinal);
                }

                string[] keys = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                    .Where(f => f.IsLiteral && f.Name.EndsWith("Key", StringComparison.Ordinal))
                    .Select(f => (string)f.GetRawConstantValue()!)
                    .ToArray();
                Assert.NotEmpty(keys);
                Assert.All(keys, k => Assert.Contains(fixer.FixableDiagnosticIds, id => k.StartsWith(id + ".", StringComparison.Ordinal)));
                Assert.Equal(keys.Length, keys.Distinct().Count());
            }
        }

        [Theory]
        [InlineData(typeof(REL101EmptyCatchAnalyzer))]
        [InlineData(typeof(REL101EmptyCatchCodeFix))]
        public void BuiltAssemblies_ReferenceNothingAboveWhatRoslyn_4_8_Brings(Type typeInAssembly)
        {
            using FileStream stream = File.OpenRead(typeInAssembly.Assembly.Location);
            List<string> problems = HostReferenceFloor.ReferencesAboveFloor(stream);
            Assert.True(problems.Count == 0, typeInAssembly.Assembly.GetName().Name + ": " + string.Join("; ", problems));
        }

        [Fact]
        public void HostReferenceFloor_KnowsWhatWorkspaces_4_8_Brings()
        {
            // The check above is only as good as this closure: System.Composition 7.0.0 (what Workspaces 4.8.0 asks for,
            // even though the feed resolves 8.0.0), the compiler's own dependencies, and nothing newer.
            Assert.Equal(new Version(7, 0, 0, 0), HostReferenceFloor.Packages["System.Composition.AttributedModel"]);
            Assert.Equal(new Version(7, 0, 0, 0), HostReferenceFloor.Packages["System.Collections.Immutable"]);
            Assert.Equal(new Version(4, 8, 0, 0), HostReferenceFloor.Packages["Microsoft.CodeAnalysis.Common"]);

            // And it catches the reference that kept the code fixes from loading on Roslyn 4.8 hosts: a [Shared] fixer
            // compiled against the System.Composition 8.0.0 the code-fix project restores.
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "SharedFixer",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("[System.Composition.Shared] public sealed class Fixer { }") },
                TestReferences.References.Add(MetadataReference.CreateFromFile(Path.Combine(
                    TestReferences.NuGetPackageRoot, "system.composition.attributedmodel", "8.0.0", "lib", "netstandard2.0", "System.Composition.AttributedModel.dll"))),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(image);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            image.Position = 0;
            Assert.Contains(HostReferenceFloor.ReferencesAboveFloor(image), p => p.StartsWith("System.Composition.AttributedModel", StringComparison.Ordinal));
        }
    }
}
