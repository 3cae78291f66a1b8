using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using ReliabilityAnalyzers.Infrastructure.Baseline;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;

namespace ReliabilityAnalyzers.Tool.Tests
{
    /// <summary>What a user does with the tool on a legacy codebase: audit, baseline, CI on new findings only, prune.</summary>
    [Trait("Category", "EndToEnd")]
    public sealed class ToolEndToEndTests : IClassFixture<ToolFixture>
    {
        private readonly ToolFixture _fixture;

        public ToolEndToEndTests(ToolFixture fixture)
        {
            _fixture = fixture;
            Assert.True(fixture.Pack.ExitCode == 0, "pack failed: " + fixture.Log);
            Assert.True(fixture.Setup.ExitCode == 0, "setup failed: " + fixture.Log);
            Assert.True(fixture.PlainBuild.ExitCode == 0, "plain build failed: " + fixture.PlainBuild);
        }

        private JsonElement AuditJson() =>
            JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.json"))).RootElement;

        private string[] PlainRelResults()
        {
            using JsonDocument plain = JsonDocument.Parse(File.ReadAllText(_fixture.PlainSarif!));
            return plain.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Where(r => r.GetProperty("ruleId").GetString()!.StartsWith("REL", StringComparison.Ordinal) && !r.TryGetProperty("suppressions", out _))
                .Select(r => r.GetProperty("ruleId").GetString()!)
                .ToArray();
        }

        [Fact]
        public void Audit_JsonTotal_EqualsTheRelResultsOfAPlainBuild()
        {
            Assert.True(_fixture.Audit.ExitCode == 0, _fixture.Audit.ToString());
            Assert.Contains("[project 1 of 1] NotificationService (net10.0)", _fixture.Audit.Output);
            JsonElement json = AuditJson();
            string[] plain = PlainRelResults();
            Assert.True(plain.Length > 40, "the sample should have its ~50 findings: " + plain.Length);
            Assert.Equal(plain.Length, json.GetProperty("summary").GetProperty("total").GetInt32());
            Assert.Equal(plain.Length, json.GetProperty("findings").GetArrayLength());
            Assert.Equal(
                plain.GroupBy(r => r).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + "=" + g.Count()),
                json.GetProperty("summary").GetProperty("byRule").EnumerateObject().Select(p => p.Name + "=" + p.Value.GetInt32()));
            Assert.True(json.GetProperty("build").GetProperty("succeeded").GetBoolean());
            Assert.Equal(1, json.GetProperty("schemaVersion").GetInt32());
        }

        [Fact]
        public void Audit_HtmlAndMarkdown_NameEveryRuleFound_AndShowNoSecret()
        {
            string html = File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.html"));
            string md = File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.md"));
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("<svg", html);
            Assert.DoesNotMatch("(src|href)=\"https?://[^\"]*\\.(js|css)", html);
            foreach (string rule in PlainRelResults().Distinct())
            {
                Assert.Contains(rule, html);
                Assert.Contains("#### " + rule + ":", md);
            }

            // The sample's fake credentials carry FAKE; no report may print them.
            string sarif = File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.sarif"));
            foreach (string text in new[] { html, md, sarif, File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.json")) })
            {
                Assert.DoesNotContain("FAKE", text);
            }
        }

        [Fact]
        public void Audit_Sarif_IsOneMergedRun_WithPartialFingerprints()
        {
            using JsonDocument sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fixture.Report, "reliability-report.sarif")));
            Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
            JsonElement results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results");
            Assert.Equal(PlainRelResults().Length, results.GetArrayLength());
            var fingerprints = results.EnumerateArray().Select(r => r.GetProperty("partialFingerprints").GetProperty("reliabilityFinding/v1").GetString()).ToList();
            Assert.Equal(fingerprints.Count, fingerprints.Distinct().Count());
        }

        [Fact]
        public void Baseline_CiFailsOnlyOnNewFindings_SurvivesInsertedLines_Prunes_AndReportsACorruptFile()
        {
            string exporter = Path.Combine(_fixture.Service, "TranscriptExporter.cs");
            string original = File.ReadAllText(exporter);
            try
            {
                // 1. baseline: every finding recorded beside the solution.
                ProcessResult baseline = _fixture.Reliability("baseline", "Svc.slnx");
                Assert.True(baseline.ExitCode == 0, baseline.ToString());
                BaselineDocument document = BaselineDocument.Parse(File.ReadAllText(_fixture.BaselinePath));
                Assert.Equal(PlainRelResults().Length, document.Entries.Sum(e => e.Count));
                Assert.All(document.Entries, e => Assert.StartsWith("svc/", e.Path));

                // 2. CI with warnings as errors passes.
                ProcessResult clean = _fixture.BuildWarningsAsErrors();
                Assert.True(clean.ExitCode == 0, clean.ToString());
                Assert.DoesNotContain(" REL", clean.Output);

                // 3. Ten lines above baselined findings and a new defect in an existing method: exactly that finding fails the build.
                string edited = original
                    .Replace("namespace NotificationService;\n", "namespace NotificationService;\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"// inserted line {i}\n")))
                    .Replace("            Directory.CreateDirectory(_root);\n", "            Directory.CreateDirectory(_root);\n            Thread.Sleep(10);\n");
                Assert.NotEqual(original, edited);
                File.WriteAllText(exporter, edited);
                ProcessResult failing = _fixture.BuildWarningsAsErrors();
                Assert.NotEqual(0, failing.ExitCode);
                string[] relErrors = Regex.Matches(failing.Output, @"[^\s]+\(\d+,\d+\): error (REL\d+)").Select(m => m.Value).Distinct().ToArray();
                string only = Assert.Single(relErrors);
                Assert.Contains("TranscriptExporter.cs(" + (edited.Split('\n').ToList().FindIndex(l => l.Contains("Thread.Sleep(10)")) + 1) + ",", only);
                Assert.EndsWith("error REL403", only);

                // 4. Fix one baselined finding (the blocking Wait); --check sees a stale entry, --prune removes exactly it.
                File.WriteAllText(exporter, edited
                    .Replace("            Thread.Sleep(10);\n", string.Empty)
                    .Replace("_exportGate.Wait(cancellationToken);", "await _exportGate.WaitAsync(cancellationToken);"));
                ProcessResult check = _fixture.Reliability("baseline", "Svc.slnx", "--check");
                Assert.True(check.ExitCode == 1, check.ToString());
                ProcessResult prune = _fixture.Reliability("baseline", "Svc.slnx", "--prune");
                Assert.True(prune.ExitCode == 0, prune.ToString());
                BaselineDocument pruned = BaselineDocument.Parse(File.ReadAllText(_fixture.BaselinePath));
                BaselineEntry removed = Assert.Single(document.Entries, e => !pruned.Entries.Any(p => p.Key == e.Key));
                Assert.Equal("REL404", removed.Rule);
                Assert.Equal("svc/TranscriptExporter.cs", removed.Path);
                Assert.Equal(document.Entries.Count - 1, pruned.Entries.Count);

                // 5. A corrupt baseline: one clear REL001 naming the file and the problem.
                File.WriteAllText(_fixture.BaselinePath, "{ \"version\": 1, \"entries\": [ ");
                ProcessResult corrupt = _fixture.BuildWarningsAsErrors();
                Assert.NotEqual(0, corrupt.ExitCode);
                string[] rel001 = Regex.Matches(corrupt.Output, @"error REL001: [^\r\n]*").Select(m => m.Value).Distinct().ToArray();
                string message = Assert.Single(rel001);
                Assert.Contains(_fixture.BaselinePath, message);
                Assert.Contains("unexpected end of file", message);
            }
            finally
            {
                File.WriteAllText(exporter, original);
            }
        }
    }
}
