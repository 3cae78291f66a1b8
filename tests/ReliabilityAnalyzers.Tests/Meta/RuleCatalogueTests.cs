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
                // REL1xx-REL5xx: the families; REL0xx (not REL000): the package's own infrastructure (baseline file).
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
                Assert.StartsWith(group.Key, group.First().Type.Name, StringComparison.Ordinal);
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

                Assert.Contains($"dotnet_diagnostic.{d.Id}.severity = {EditorConfigSeverity(d.DefaultSeverity)}\n", presets["default"].Replace("\r\n", "\n"));
                Assert.Contains($"dotnet_diagnostic.{d.Id}.severity = error\n", presets["strict"].Replace("\r\n", "\n"));
                Assert.Contains($"dotnet_diagnostic.{d.Id}.severity = none\n", presets["none"].Replace("\r\n", "\n"));
            }

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
                Assert.NotNull(type.GetCustomAttribute<SharedAttribute>());

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
        public void BuiltAssemblies_ReferenceNoRoslynAbove_4_8(Type typeInAssembly)
        {
            using FileStream stream = File.OpenRead(typeInAssembly.Assembly.Location);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in md.AssemblyReferences)
            {
                AssemblyReference reference = md.GetAssemblyReference(handle);
                string name = md.GetString(reference.Name);
                if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                {
                    Assert.True(reference.Version <= new Version(4, 8, 0, 0), $"{name} {reference.Version}");
                }
            }
        }

        private static string EditorConfigSeverity(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "suggestion",
            _ => "silent",
        };
    }
}
