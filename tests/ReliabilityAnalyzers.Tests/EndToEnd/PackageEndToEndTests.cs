using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tests.EndToEnd
{
    /// <summary>What a user does with the nupkg: add it from a folder, build, tune severities, fail CI, write SARIF.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class PackageEndToEndTests : IClassFixture<PackageFixture>
    {
        private readonly PackageFixture _fixture;

        public PackageEndToEndTests(PackageFixture fixture)
        {
            _fixture = fixture;
            Assert.True(fixture.PackResult.ExitCode == 0, "dotnet pack failed: " + fixture.PackResult);
            Assert.True(fixture.AddPackageResult.ExitCode == 0, "dotnet add package failed: " + fixture.AddPackageResult);
        }

        [Fact]
        public void Nupkg_HoldsExactlyTheExpectedFiles_AndNoDependencies()
        {
            using ZipArchive zip = ZipFile.OpenRead(_fixture.PackagePath!);
            string[] files = zip.Entries
                .Select(e => e.FullName)
                .Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal)
                            && n != "[Content_Types].xml" && !n.EndsWith(".nuspec", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();

            Assert.Equal(
                new[]
                {
                    "LICENSE",
                    "README.md",
                    "analyzers/dotnet/cs/ReliabilityAnalyzers.CodeFixes.dll",
                    "analyzers/dotnet/cs/ReliabilityAnalyzers.dll",
                    "buildTransitive/ReliabilityAnalyzers.props",
                    "buildTransitive/config/default.globalconfig",
                    "buildTransitive/config/none.globalconfig",
                    "buildTransitive/config/strict.globalconfig",
                    "icon.png",
                },
                files);

            ZipArchiveEntry nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using Stream nuspecStream = nuspecEntry.Open();
            XDocument nuspec = XDocument.Load(nuspecStream);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            XElement metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("true", metadata.Element(ns + "developmentDependency")?.Value);
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Empty(metadata.Descendants(ns + "dependency"));

            // What a feed shows: one project home (the rules' help links live under it), the repository, an icon, a
            // copyright, and release notes that point at the changelog.
            string projectUrl = metadata.Element(ns + "projectUrl")!.Value;
            Assert.Equal(ReliabilityAnalyzers.Infrastructure.Descriptors.HelpLinkBase, projectUrl + "/blob/main/docs/rules/");
            XElement repository = metadata.Element(ns + "repository")!;
            Assert.Equal("git", repository.Attribute("type")?.Value);
            Assert.Equal(projectUrl + ".git", repository.Attribute("url")?.Value);
            Assert.Equal("icon.png", metadata.Element(ns + "icon")?.Value);
            Assert.StartsWith("Copyright", metadata.Element(ns + "copyright")?.Value);
            Assert.Contains(projectUrl + "/blob/main/CHANGELOG.md", metadata.Element(ns + "releaseNotes")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            using (Stream icon = zip.GetEntry("icon.png")!.Open())
            {
                var header = new byte[8];
                Assert.Equal(8, icon.Read(header, 0, 8));
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
            }

            foreach (string preset in new[] { "default", "strict", "none" })
            {
                using var reader = new StreamReader(zip.GetEntry($"buildTransitive/config/{preset}.globalconfig")!.Open());
                string text = reader.ReadToEnd();
                Assert.Contains("is_global = true", text);
                Assert.Contains("global_level = -100", text);
            }
        }

        [Fact]
        public void PackedReadme_IsShort_HasTheRulesTable_AndOnlyAbsoluteLinks()
        {
            using ZipArchive zip = ZipFile.OpenRead(_fixture.PackagePath!);
            using var reader = new StreamReader(zip.GetEntry("README.md")!.Open());
            string readme = reader.ReadToEnd();
            Assert.Empty(ReadmeLinks.Relative(readme));
            Assert.DoesNotContain("{{RULES}}", readme);
            Assert.DoesNotContain("## Performance", readme);
            Assert.True(readme.Length < 20000, "the package README should be short: " + readme.Length + " chars");
            foreach (string id in typeof(ReliabilityAnalyzers.Exceptions.REL101EmptyCatchAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer).IsAssignableFrom(t)
                            && !typeof(Microsoft.CodeAnalysis.Diagnostics.DiagnosticSuppressor).IsAssignableFrom(t))
                .SelectMany(t => ((Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
                .Select(d => d.Id)
                .Distinct())
            {
                Assert.Contains($"| [{id}]({ReliabilityAnalyzers.Infrastructure.Descriptors.HelpLink(id)}) |", readme);
            }
        }

        [Fact]
        public void PackedAssemblies_ReferenceNothingAboveWhatRoslyn_4_8_Brings()
        {
            using ZipArchive zip = ZipFile.OpenRead(_fixture.PackagePath!);
            foreach (ZipArchiveEntry entry in zip.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)))
            {
                using var memory = new MemoryStream();
                using (Stream stream = entry.Open())
                {
                    stream.CopyTo(memory);
                }

                memory.Position = 0;
                List<string> problems = HostReferenceFloor.ReferencesAboveFloor(memory);
                Assert.True(problems.Count == 0, entry.FullName + ": " + string.Join("; ", problems));
            }
        }

        [Fact]
        public void AddPackage_MarksItPrivate()
        {
            string project = File.ReadAllText(Path.Combine(_fixture.Consumer, "Consumer.csproj"));
            Assert.Contains("ReliabilityAnalyzers", project);
            Assert.Contains("PrivateAssets", project);
        }

        [Fact]
        public void Build_ShowsWarnings_AndNoLoadFailures()
        {
            var result = _fixture.Build();
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("warning REL101", result.Output);
            Assert.Contains("warning REL104", result.Output);
            Assert.DoesNotContain("CA2200", result.Output); // 'throw ex;' is reported once, as REL104
            AssertNoLoadFailures(result.Output);
        }

        [Fact]
        public void ConfigurationFiles_AreScanned_ByDefault_WithAnOptOut()
        {
            string env = System.IO.Path.Combine(_fixture.Consumer, ".env");
            System.IO.File.WriteAllText(env, "# FAKE value\nDB_PASSWORD=FAKE-e2e-pw-0042\n");
            try
            {
                var scanned = _fixture.Build();
                Assert.True(scanned.ExitCode == 0, scanned.ToString());
                Assert.Contains(".env(2,13): warning REL504", scanned.Output);
                Assert.DoesNotContain("FAKE-e2e-pw-0042", scanned.Output);

                var optedOut = _fixture.Build(null, "-p:ReliabilityScanConfigurationFiles=false");
                Assert.True(optedOut.ExitCode == 0, optedOut.ToString());
                Assert.DoesNotContain("REL504", optedOut.Output);
            }
            finally
            {
                System.IO.File.Delete(env);
            }
        }

        [Fact]
        public void EditorConfig_Error_FailsTheBuild()
        {
            var result = _fixture.Build("dotnet_diagnostic.REL101.severity = error");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("error REL101", result.Output);
            AssertNoLoadFailures(result.Output);
        }

        [Fact]
        public void EditorConfig_None_SilencesTheRule()
        {
            var result = _fixture.Build("dotnet_diagnostic.REL101.severity = none");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("REL101", result.Output);
            Assert.Contains("warning REL104", result.Output);
        }

        [Fact]
        public void TreatWarningsAsErrors_FailsTheBuild()
        {
            var result = _fixture.Build(null, "-p:TreatWarningsAsErrors=true");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("error REL101", result.Output);
            Assert.Contains("error REL104", result.Output);
        }

        [Fact]
        public void ErrorLog_WritesSarifWithTheFindings()
        {
            string sarif = Path.Combine(_fixture.Root, "findings.sarif");
            var result = _fixture.Build(null, "-p:ErrorLog=" + sarif + "%2Cversion=2.1");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(File.Exists(sarif), "no SARIF written:\n" + result);
            string text = File.ReadAllText(sarif);
            Assert.Contains("\"version\": \"2.1.0\"", text);
            Assert.Contains("\"ruleId\": \"REL101\"", text);
            Assert.Contains("\"ruleId\": \"REL104\"", text);
        }

        [Fact]
        public void StrictPreset_MakesEveryRuleAnError_ButEditorConfigStillWins()
        {
            var strict = _fixture.Build(null, "-p:ReliabilityAnalysisMode=Strict");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Contains("error REL101", strict.Output);
            Assert.Contains("error REL104", strict.Output);

            var overridden = _fixture.Build("dotnet_diagnostic.REL101.severity = suggestion", "-p:ReliabilityAnalysisMode=Strict");
            Assert.DoesNotContain("error REL101", overridden.Output);
            Assert.Contains("error REL104", overridden.Output);
        }

        [Fact]
        public void NonePreset_TurnsEveryRuleOff()
        {
            var result = _fixture.Build(null, "-p:ReliabilityAnalysisMode=None");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("REL1", result.Output);
        }

        [Fact]
        public void ConfigurationFileFindings_FollowEditorConfigSections_AndBeatTheStrictPreset()
        {
            // One build, one folder per documented way: the compiler applies none of these to a JSON file, REL504 does.
            var folders = new Dictionary<string, string?>
            {
                ["sevA"] = "[*]\ndotnet_diagnostic.REL504.severity = none",
                ["sevB"] = "[*.json]\ndotnet_diagnostic.REL504.severity = error",
                ["sevC"] = "[appsettings.json]\ndotnet_diagnostic.REL504.severity = suggestion",
                ["sevD"] = "[*.cs]\ndotnet_diagnostic.REL504.severity = none",
                ["sevE"] = null,
            };
            string sarif = Path.Combine(_fixture.Root, "severity.sarif");
            try
            {
                WriteConfigurationFolders(folders);
                var result = _fixture.Build(null, "-p:ReliabilityAnalysisMode=Strict", "-p:ErrorLog=" + sarif + "%2Cversion=2.1");
                AssertNoLoadFailures(result.Output);
                Dictionary<string, string> levels = Rel504LevelsByFolder(sarif);
                Assert.False(levels.ContainsKey("sevA"), result.ToString());       // [*] none
                Assert.Equal("error", levels["sevB"]);                              // [*.json] error
                Assert.Equal("note", levels["sevC"]);                               // [appsettings.json] suggestion beats Strict
                Assert.False(levels.ContainsKey("sevD"), result.ToString());       // [*.cs] none, the project's source files' setting
                Assert.Equal("error", levels["sevE"]);                              // nothing set: the Strict preset
                Assert.Matches(@"sevB[/\\]appsettings\.json\(2,\d+\): error REL504", result.Output);
                Assert.DoesNotContain("FAKE-e2e", result.Output);
            }
            finally
            {
                DeleteConfigurationFolders(folders.Keys);
                File.Delete(sarif);
            }
        }

        [Fact]
        public void GlobalConfig_CategorySettings_Apply_UnderTheDefaultPreset()
        {
            string globalConfig = Path.Combine(_fixture.Consumer, ".globalconfig");
            var folders = new Dictionary<string, string?> { ["sevE"] = null };
            try
            {
                WriteConfigurationFolders(folders);
                File.WriteAllText(globalConfig,
                    "is_global = true\n" +
                    "dotnet_diagnostic.REL504.severity = none\n" +
                    "dotnet_analyzer_diagnostic.category-Reliability.Exceptions.severity = error\n");
                var result = _fixture.Build();
                Assert.NotEqual(0, result.ExitCode);
                Assert.Contains("error REL101", result.Output);
                Assert.Contains("error REL104", result.Output);
                Assert.DoesNotContain("REL504", result.Output);
                AssertNoLoadFailures(result.Output);
            }
            finally
            {
                File.Delete(globalConfig);
                DeleteConfigurationFolders(folders.Keys);
            }
        }

        [Fact]
        public void BulkSetting_SilencesEverything_AndAMistypedModeWarnsWithTheValidValues()
        {
            var folders = new Dictionary<string, string?> { ["sevE"] = null };
            try
            {
                WriteConfigurationFolders(folders);
                var result = _fixture.Build("dotnet_analyzer_diagnostic.severity = none", "-p:ReliabilityAnalysisMode=Stirct");
                Assert.True(result.ExitCode == 0, result.ToString());
                Assert.Matches(@"warning REL002: ReliabilityAnalysisMode 'Stirct' is not a known mode.*Valid values: Default, Strict, None", result.Output);
                Assert.DoesNotContain("REL1", result.Output);
                Assert.DoesNotContain("REL504", result.Output);
            }
            finally
            {
                DeleteConfigurationFolders(folders.Keys);
            }

            var known = _fixture.Build(null, "-p:ReliabilityAnalysisMode=strict");
            Assert.DoesNotContain("REL002", known.Output);
        }

        private void WriteConfigurationFolders(Dictionary<string, string?> folders)
        {
            string secret = "FAKE-e2e" + "-smtp-" + "7731";
            foreach (KeyValuePair<string, string?> folder in folders)
            {
                string dir = Path.Combine(_fixture.Consumer, folder.Key);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "appsettings.json"), "{\n  \"Smtp\": { \"Password\": \"" + secret + "\" }\n}\n");
                File.WriteAllText(Path.Combine(dir, "Extra.cs"), "namespace " + folder.Key + " { internal static class Extra { } }\n");
                if (folder.Value != null)
                {
                    File.WriteAllText(Path.Combine(dir, ".editorconfig"), folder.Value + "\n");
                }
            }
        }

        private void DeleteConfigurationFolders(IEnumerable<string> folders)
        {
            foreach (string folder in folders)
            {
                string dir = Path.Combine(_fixture.Consumer, folder);
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        /// <summary>The SARIF level of the REL504 result in each folder's appsettings.json.</summary>
        private static Dictionary<string, string> Rel504LevelsByFolder(string sarifPath)
        {
            Assert.True(File.Exists(sarifPath), "no SARIF written");
            using System.Text.Json.JsonDocument doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sarifPath));
            var levels = new Dictionary<string, string>();
            foreach (System.Text.Json.JsonElement run in doc.RootElement.GetProperty("runs").EnumerateArray())
            {
                foreach (System.Text.Json.JsonElement result in run.GetProperty("results").EnumerateArray())
                {
                    if (result.GetProperty("ruleId").GetString() != "REL504")
                    {
                        continue;
                    }

                    string uri = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
                    string folder = Path.GetFileName(Path.GetDirectoryName(new Uri(uri).LocalPath))!;
                    levels[folder] = result.TryGetProperty("level", out System.Text.Json.JsonElement level) ? level.GetString()! : "warning";
                }
            }

            return levels;
        }

        private static void AssertNoLoadFailures(string output)
        {
            foreach (string code in new[] { "CS9057", "CS8032", "AD0001" })
            {
                Assert.DoesNotContain(code, output);
            }
        }
    }
}
