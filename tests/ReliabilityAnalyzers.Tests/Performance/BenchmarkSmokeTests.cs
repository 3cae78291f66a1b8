using System.Linq;
using System.Threading.Tasks;
using ReliabilityAnalyzers.Benchmarks;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Performance
{
    /// <summary>
    /// The benchmark's smoke mode, in-process: a small generated service corpus (defects seeded densely) compiled
    /// against the real reference set, and every analyzer of ours run over it. Not a timing test: it fails when the
    /// corpus stops compiling, when any of our analyzers throws (AD0001), or when a family reports nothing on the
    /// seeded defects. The full benchmark (tests/ReliabilityAnalyzers.Benchmarks) never runs under dotnet test.
    /// </summary>
    [Trait("Category", "Performance")]
    public sealed class BenchmarkSmokeTests
    {
        [Fact]
        public async Task GeneratedCorpus_Compiles_AndOurAnalyzers_NeverThrow_AndFindTheSeededDefects()
        {
            SmokeResult result = await Smoke.RunAsync(lines: 4000, seed: 42);

            Assert.True(result.CompileErrors == 0, "the generated corpus must compile: " + string.Join("\n", result.CompileErrorSamples));
            Assert.True(result.AnalyzerFailures.Count == 0, "analyzers threw:\n" + string.Join("\n", result.AnalyzerFailures));
            Assert.NotEmpty(result.SeededDefects);
            Assert.NotEmpty(result.Findings);
            foreach (string family in result.FamiliesWithAnalyzers)
            {
                Assert.True(
                    result.Findings.Keys.Any(id => Families.OfOurId(id) == family),
                    $"no finding from the {family} family on the seeded defects; findings: " + string.Join(", ", result.Findings.Select(k => k.Key + "=" + k.Value)));
            }
        }

        [Fact]
        public void Corpus_IsDeterministic_AndNearTheRequestedSize()
        {
            Corpus a = CorpusGenerator.Generate(3000, seed: 7);
            Corpus b = CorpusGenerator.Generate(3000, seed: 7);
            Corpus c = CorpusGenerator.Generate(3000, seed: 8);

            Assert.Equal(a.Files.Select(f => f.Text), b.Files.Select(f => f.Text));
            Assert.NotEqual(a.Files.Select(f => f.Text), c.Files.Select(f => f.Text));
            Assert.InRange(a.Lines, 3000, 4500);
        }
    }
}
