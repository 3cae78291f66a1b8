using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Baseline.REL001MalformedBaselineAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Baseline
{
    public class REL001MalformedBaselineTests
    {
        private const string Code = "class C { }";

        private static Task Run(string fileName, string json, params DiagnosticResult[] expected)
        {
            Verify.Test test = Verify.Create(Code, expected);
            test.TestState.AdditionalFiles.Add((fileName, json));
            return test.RunAsync();
        }

        [Fact]
        public Task InvalidJson_IsReported_WithFileLineAndColumn() =>
            Run("reliability.baseline.json", "{\n  \"version\": 1,\n  \"entries\": [,]\n}\n",
                Verify.Diagnostic("REL001").WithSpan("reliability.baseline.json", 3, 15, 3, 15)
                    .WithArguments("reliability.baseline.json", "unexpected ','", 3, 15));

        [Fact]
        public Task TrailingComma_AndComments_AreRejected() =>
            Run("reliability.baseline.json", "{ \"version\": 1, \"entries\": [], }",
                Verify.Diagnostic("REL001").WithSpan("reliability.baseline.json", 1, 32, 1, 32)
                    .WithArguments("reliability.baseline.json", "expected a property name in double quotes", 1, 32));

        [Fact]
        public Task SchemaError_IsReported() =>
            Run("reliability.baseline.json", "{ \"version\": 1, \"entries\": [ { \"rule\": \"REL101\", \"path\": \"a.cs\", \"member\": \"\" } ] }",
                Verify.Diagnostic("REL001").WithSpan("reliability.baseline.json", 1, 1, 1, 1)
                    .WithArguments("reliability.baseline.json", "entry 1: missing or empty \"fingerprint\"", 1, 1));

        [Fact]
        public Task WrongVersion_AndEmptyFile_AreReported() =>
            Run("reliability.baseline.json", "",
                Verify.Diagnostic("REL001").WithSpan("reliability.baseline.json", 1, 1, 1, 1)
                    .WithArguments("reliability.baseline.json", "the file is empty (expected { \"version\": 1, \"entries\": [ ... ] })", 1, 1));

        [Fact]
        public Task ValidBaseline_AndOtherJsonFiles_AreNotReported() =>
            Run("reliability.baseline.json", "{ \"version\": 1, \"entries\": [ { \"rule\": \"REL101\", \"path\": \"a.cs\", \"member\": \"M:C.M()\", \"fingerprint\": \"0011223344556677\", \"count\": 2 } ] }");

        [Fact]
        public Task OtherFileNames_AreIgnored() =>
            Run("my.reliability.baseline.json.bak", "not json");
    }
}
