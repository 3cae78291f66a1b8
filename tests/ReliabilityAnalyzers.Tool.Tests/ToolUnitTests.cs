using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using ReliabilityAnalyzers.Infrastructure.Baseline;
using Xunit;

namespace ReliabilityAnalyzers.Tool.Tests
{
    /// <summary>Fast tests of the tool's pieces: arguments, targets, SARIF reading, keys, reports, masking.</summary>
    public sealed class ToolUnitTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "rel-tool-unit-" + Guid.NewGuid().ToString("N").Substring(0, 8));

        public ToolUnitTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static (int Code, string Out, string Err) Run(params string[] args)
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code;
            try
            {
                code = Program.Run(args, stdout, stderr);
            }
            catch (UsageException ex)
            {
                return (Program.UsageError, stdout.ToString(), ex.Message);
            }

            return (code, stdout.ToString(), stderr.ToString());
        }

        [Theory]
        [InlineData("audit", "--fail-on", "sometimes")]
        [InlineData("audit", "--format", "pdf")]
        [InlineData("baseline", "--prune", "--check")]
        [InlineData("frobnicate")]
        [InlineData("audit", "a.sln", "b.sln")]
        [InlineData("audit", "--output")]
        public void BadArguments_AreUsageErrors(params string[] args) => Assert.Equal(Program.UsageError, Run(args).Code);

        [Fact]
        public void Audit_WhenGlobalJsonPinsAMissingSdk_SaysSo()
        {
            // The failure happens in the dotnet host before MSBuild runs, so there is no "error XX" line to show.
            string repo = Path.Combine(_dir, "pinned");
            Directory.CreateDirectory(repo);
            File.WriteAllText(Path.Combine(repo, "global.json"), "{ \"sdk\": { \"version\": \"1.0.100\", \"rollForward\": \"disable\" } }");
            File.WriteAllText(Path.Combine(repo, "Pinned.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>");

            (int code, _, string err) = Run("audit", Path.Combine(repo, "Pinned.csproj"), "--output", Path.Combine(_dir, "out"));

            Assert.Equal(2, code);
            Assert.Contains("global.json", err);
            Assert.Contains("1.0.100", err);
        }

        [Fact]
        public void Help_ListsBothCommands()
        {
            (int code, string output, _) = Run("--help");
            Assert.Equal(0, code);
            Assert.Contains("reliability audit", output);
            Assert.Contains("reliability baseline", output);
        }

        [Fact]
        public void Resolve_FindsTheSolution_ListsProjects_AndSkipsSolutionFolders()
        {
            File.WriteAllText(Path.Combine(_dir, "App.sln"), """
                Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{827E0CD3-B72D-47B6-A68D-7590B98EB39B}"
                EndProject
                Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "A", "src\A\A.csproj", "{DC86B90C-BF5B-48AE-B275-5CFE4B127EDE}"
                EndProject
                """);
            BuildTarget target = BuildTarget.Resolve(_dir);
            Assert.Equal(Path.Combine(_dir, "App.sln"), target.BuildFile);
            Assert.Equal(_dir, target.Root);
            Assert.Equal(new[] { Path.Combine(_dir, "src", "A", "A.csproj") }, target.Projects);

            File.WriteAllText(Path.Combine(_dir, "App.slnx"), """
                <Solution>
                  <Folder Name="/src/">
                    <Project Path="src/A/A.csproj" />
                    <Project Path="src/B/B.csproj" />
                  </Folder>
                </Solution>
                """);
            Assert.Throws<UsageException>(() => BuildTarget.Resolve(_dir));
            Assert.Equal(2, BuildTarget.Resolve(Path.Combine(_dir, "App.slnx")).Projects.Count);
            Assert.Throws<UsageException>(() => BuildTarget.Resolve(Path.Combine(_dir, "missing.sln")));
        }

        [Fact]
        public void InjectedTargets_ReplaceThePackageCopy_RouteSarifPerCompilation_AndForceTheCompile()
        {
            string targets = BuildRunner.TargetsFile("/tool/analyzers", "/work/a.globalconfig", "/work/stamp", "/work/sarif", "/repo/");
            Assert.Contains("<_ReliabilityAuditRoot>/repo/</_ReliabilityAuditRoot>", targets);
            System.Xml.Linq.XDocument.Parse(targets);
            Assert.Contains("<Analyzer Remove=\"@(Analyzer)\" Condition=\"'%(Filename)' == 'ReliabilityAnalyzers'", targets);
            Assert.Contains("$(MSBuildProjectName)-$(TargetFramework)-", targets);
            Assert.Contains(",version=2.1", targets);
            Assert.Contains("<CustomAdditionalCompileInputs Include=\"/work/stamp\" />", targets);
            Assert.Contains("reliability.baseline.json", targets);

            string config = BuildRunner.GlobalConfig();
            Assert.Contains("is_global = true", config);
            foreach (RuleInfo rule in RuleCatalog.All)
            {
                Assert.Contains($"dotnet_diagnostic.{rule.Id}.severity = {rule.EditorConfigSeverity}\n", config);
            }

            Assert.Contains(RuleCatalog.All, r => r.Id == "REL101");
            Assert.Contains(RuleCatalog.All, r => r.Id == "REL001");
        }

        [Fact]
        public void Findings_AreDeduplicatedAcrossTargetFrameworks_KeyedLikeTheSuppressor_AndInSourceSuppressionsSetApart()
        {
            string source = Path.Combine(_dir, "src", "Store.cs");
            Directory.CreateDirectory(Path.GetDirectoryName(source)!);
            File.WriteAllText(source, "namespace Shop\n{\n    class Store\n    {\n        void Load() { try { } catch { } }\n    }\n}\n");
            string Sarif(string suppressions) => $$"""
                { "version": "2.1.0", "runs": [ { "results": [
                  { "ruleId": "REL101", "level": "warning", "message": { "text": "empty catch" },
                    "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "{{new Uri(source).AbsoluteUri}}" },
                      "region": { "startLine": 5, "startColumn": 31, "endLine": 5, "endColumn": 36 } } } ]{{suppressions}} },
                  { "ruleId": "CA1000", "level": "warning", "message": { "text": "other" } }
                ] } ] }
                """;
            File.WriteAllText(Path.Combine(_dir, "Shop-net8.0-1.sarif"), Sarif(""));
            File.WriteAllText(Path.Combine(_dir, "Shop-net10.0-1.sarif"), Sarif(""));
            File.WriteAllText(Path.Combine(_dir, "Other-net10.0-2.sarif"), Sarif(", \"suppressions\": [ { \"kind\": \"inSource\" } ]").Replace("empty catch", "x"));

            List<Finding> findings = FindingCollector.Read(Directory.GetFiles(_dir, "*.sarif"), _dir, TextWriter.Null);
            Assert.Equal(2, findings.Count);
            Finding f = Assert.Single(findings, x => !x.SuppressedInSource);
            Assert.Equal(new[] { "net10.0", "net8.0" }, f.TargetFrameworks);
            Assert.Equal("src/Store.cs", f.RelativePath);
            Assert.Equal("M:Shop.Store.Load()", f.Member);
            Assert.Equal(FindingKey.Fingerprint("REL101", "catch"), f.Fingerprint);
            Assert.Equal("void Load() { try { } catch { } }", f.Excerpt);
        }

        [Theory]
        [InlineData("private const string ApiKey = \"sk-FAKE\";", "private const string ApiKey = \"***\";")]
        [InlineData("var c = \"Server=x;Password=FAKE\" + p;", "var c = \"***\" + p;")]
        [InlineData("API_KEY=FAKE123", "API_KEY=***")]
        [InlineData("\"Password\": \"FAKE\\\"x\"", "\"***\": \"***\"")]
        public void SecretExcerpts_AreMasked(string line, string expected) => Assert.Equal(expected, Excerpts.MaskSecrets(line));

        [Fact]
        public void Reports_FollowTheDocumentedSchema_AndFailOnCountsOnlyNewFindings()
        {
            string source = Path.Combine(_dir, "A.cs");
            File.WriteAllText(source, "class A { void M() { try { } catch { } } }\n");
            var target = BuildTarget.Resolve(WriteProject());
            var findings = new List<Finding>
            {
                new Finding { RuleId = "REL101", Severity = "warning", Message = "m <b>", FilePath = source, RelativePath = "A.cs", StartLine = 1, StartColumn = 31, EndLine = 1, EndColumn = 36, Baselined = true },
                new Finding { RuleId = "REL206", Severity = "note", Message = "n", FilePath = source, RelativePath = "A.cs", StartLine = 1, StartColumn = 1, EndLine = 1, EndColumn = 2 },
            };
            findings[0].Projects.Add("A");
            var report = new AuditReport(target, new BuildResult { ExitCode = 0, SarifFiles = new[] { "x" } }, findings, baselineExists: true);

            using JsonDocument json = JsonDocument.Parse(report.ToJson());
            JsonElement root = json.RootElement;
            foreach (string property in new[] { "schemaVersion", "tool", "generatedAt", "target", "root", "build", "summary", "findings" })
            {
                Assert.True(root.TryGetProperty(property, out _), property);
            }

            JsonElement summary = root.GetProperty("summary");
            Assert.Equal(2, summary.GetProperty("total").GetInt32());
            Assert.Equal(1, summary.GetProperty("new").GetInt32());
            Assert.Equal(1, summary.GetProperty("byFamily").GetProperty("Resilience").GetInt32());
            foreach (string property in new[] { "ruleId", "title", "family", "severity", "message", "path", "startLine", "startColumn", "endLine", "endColumn", "member", "fingerprint", "baselined", "projects", "targetFrameworks", "excerpt", "helpUri" })
            {
                Assert.True(root.GetProperty("findings")[0].TryGetProperty(property, out _), property);
            }

            string html = report.ToHtml();
            Assert.Contains("m &lt;b&gt;", html);
            Assert.DoesNotContain("m <b>", html);
            Assert.Contains("REL206", report.ToMarkdown());
            using JsonDocument sarif = JsonDocument.Parse(report.ToSarif());
            JsonElement result = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0];
            Assert.Equal("%SRCROOT%", result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.Equal("baseline", result.GetProperty("suppressions")[0].GetProperty("justification").GetString());
        }

        [Fact]
        public void JsonSchemaDocument_ListsEveryFindingProperty()
        {
            string doc = File.ReadAllText(Path.Combine(ToolTestEnvironment.RepositoryRoot, "docs", "audit-report-schema.md"));
            foreach (string property in new[] { "schemaVersion", "summary", "bySeverity", "byFamily", "byRule", "byProject", "suppressedInSource", "ruleId", "fingerprint", "member", "baselined", "excerpt", "targetFrameworks" })
            {
                Assert.Contains(property, doc);
            }
        }

        private string WriteProject()
        {
            string project = Path.Combine(_dir, "A.csproj");
            File.WriteAllText(project, "<Project Sdk=\"Microsoft.NET.Sdk\" />");
            return project;
        }
    }
}
