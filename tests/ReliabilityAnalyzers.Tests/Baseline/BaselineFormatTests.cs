using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure.Baseline;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Baseline
{
    /// <summary>The shared pieces the tool and the suppressor both use: JSON reader, file format, member IDs, fingerprints.</summary>
    public class BaselineFormatTests
    {
        [Theory]
        [InlineData("{\"a\": [1, -2.5e3, true, false, null, \"x\\u0041\\n\"]}")]
        [InlineData("  [ ]  ")]
        [InlineData("\uFEFF{}")]
        public void Json_ValidDocuments_Parse(string json) => BaselineJson.Parse(json);

        [Theory]
        [InlineData("{\"a\": 1,}", 1, 9)]
        [InlineData("// c\n{}", 1, 1)]
        [InlineData("{'a': 1}", 1, 2)]
        [InlineData("{\"a\": 01}", 1, 8)]
        [InlineData("{\"a\": 1} x", 1, 10)]
        [InlineData("{\"a\": 1, \"a\": 2}", 1, 13)]
        [InlineData("{\"a\": \"b", 1, 9)]
        [InlineData("[1 2]", 1, 4)]
        public void Json_InvalidDocuments_ThrowWithPosition(string json, int line, int column)
        {
            BaselineFormatException ex = Assert.Throws<BaselineFormatException>(() => BaselineJson.Parse(json));
            Assert.Equal((line, column), (ex.Line, ex.Column));
        }

        [Fact]
        public void Write_IsSorted_MergesRepeats_AndRoundTrips()
        {
            var entries = new[]
            {
                new BaselineEntry("REL104", "src/B.cs", "M:B.M()", "00000000000000bb", 1),
                new BaselineEntry("REL101", "src/A.cs", "M:A.M(string)", "00000000000000aa", 1),
                new BaselineEntry("REL101", "src/A.cs", "M:A.M(string)", "00000000000000aa", 1),
                new BaselineEntry("REL101", "src/A \"q\".cs", "", "00000000000000cc", 3),
            };
            string text = BaselineDocument.Write(entries);
            Assert.Equal(text, BaselineDocument.Write(entries.Reverse()));
            BaselineDocument parsed = BaselineDocument.Parse(text);
            Assert.Equal(new[] { "src/A \"q\".cs", "src/A.cs", "src/B.cs" }, parsed.Entries.Select(e => e.Path));
            Assert.Equal(new[] { 3, 2, 1 }, parsed.Entries.Select(e => e.Count));
            Assert.Equal(text, BaselineDocument.Write(parsed.Entries));
            Assert.Equal("{\n  \"version\": 1,\n  \"entries\": []\n}\n", BaselineDocument.Write(new BaselineEntry[0]));
        }

        [Theory]
        [InlineData("reliability.baseline.json", true)]
        [InlineData("/a/b/Reliability.Baseline.json", true)]
        [InlineData(@"C:\a\reliability.baseline.json", true)]
        [InlineData("/a/myreliability.baseline.json", false)]
        [InlineData("/a/reliability.baseline.json.bak", false)]
        public void BaselineFileName(string path, bool expected) => Assert.Equal(expected, BaselineDocument.IsBaselineFile(path));

        [Fact]
        public void Fingerprint_IgnoresWhitespace_AndMasksLiteralsOnlyForSecretRules()
        {
            Assert.Equal(FindingKey.Fingerprint("REL101", "catch (Exception)"), FindingKey.Fingerprint("REL101", "catch(\n  Exception )"));
            Assert.NotEqual(FindingKey.Fingerprint("REL101", "catch (Exception)"), FindingKey.Fingerprint("REL101", "catch (IOException)"));
            Assert.NotEqual(FindingKey.Fingerprint("REL101", "F(\"a\")"), FindingKey.Fingerprint("REL101", "F(\"b\")"));
            Assert.Equal(FindingKey.Fingerprint("REL502", "\"FAKE-aaaa\""), FindingKey.Fingerprint("REL502", "\"FAKE-bbbb\""));
            Assert.NotEqual(FindingKey.Fingerprint("REL502", "\"FAKE-aaaa\""), FindingKey.Fingerprint("REL502", "\"FAKE-aaaaa\""));
            Assert.Equal(FindingKey.Fingerprint("REL504", "API_KEY=FAKE1"), FindingKey.Fingerprint("REL504", "API_KEY=FAKE2"));
            Assert.Matches("^[0-9a-f]{16}$", FindingKey.Fingerprint("REL101", "catch"));
        }

        public static IEnumerable<object[]> MemberCases() => new[]
        {
            new object[] { "M:Ns.Outer.Inner`1.Run``1(List<int>,string@)", "namespace Ns { class Outer { class Inner<T> { void Run<U>(List< int > a, ref string b) { /*X*/ } } } }" },
            new object[] { "M:Ns.A.#ctor(int)", "namespace Ns; class A { A(int x) { /*X*/ } }" },
            new object[] { "M:A.#cctor()", "class A { static A() { /*X*/ } }" },
            new object[] { "P:A.Name", "class A { int Name { get { /*X*/ return 1; } } }" },
            new object[] { "P:A.Item(int)", "class A { int this[int i] => /*X*/ 1; }" },
            new object[] { "F:A.b", "class A { int a = 1, b = /*X*/ 2; }" },
            new object[] { "E:A.Changed", "class A { event System.Action Changed = /*X*/ null; }" },
            new object[] { "M:A.System#IDisposable#Dispose()", "class A : System.IDisposable { void System.IDisposable.Dispose() { /*X*/ } }" },
            new object[] { "M:A.op_+(A,A)", "class A { public static A operator +(A a, A b) { /*X*/ return a; } }" },
            new object[] { "M:A.Outer()", "class A { void Outer() { void Local() { /*X*/ } System.Action f = () => { }; } }" },
            new object[] { "T:A", "[System.Obsolete(/*X*/ \"x\")] class A { }" },
            new object[] { FindingKey.TopLevelStatements, "System.Console.WriteLine(/*X*/ 1);" },
            new object[] { "", "/*X*/ using System;" },
        };

        [Theory]
        [MemberData(nameof(MemberCases))]
        public void MemberId_FromSyntaxOnly(string expected, string code)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(code);
            int position = code.IndexOf("/*X*/", System.StringComparison.Ordinal) + 5;
            // The span of the token after the marker, as a diagnostic would have.
            SyntaxToken token = tree.GetRoot().FindToken(position);
            Assert.Equal(expected, FindingKey.MemberId(tree.GetRoot(), token.Span));
        }

        /// <summary>
        /// Fingerprint values are stored in committed baseline files and computed by both the tool and the suppressor: pinned,
        /// so an optimisation of either path cannot change them silently.
        /// </summary>
        [Theory]
        [InlineData("REL101", "catch (Exception)", "0407c60b7fda9cfc")]
        [InlineData("REL206", "new HttpClient()", "fa83ab0cea30251d")]
        [InlineData("REL104", "throw new InvalidOperationException(\"failed\");", "6fede0011b1091bf")]
        [InlineData("REL502", "var password = \"FAKE-abc\\\"def\";", "7cbb20a28f63b40f")]
        [InlineData("REL504", "API_KEY=FAKE1", "de13b85946a18075")]
        [InlineData("REL502", "\"unterminated", "07cc9807b494d7eb")]
        public void Fingerprint_PinnedValues(string rule, string code, string expected)
        {
            Assert.Equal(expected, FindingKey.Fingerprint(rule, code));

            // From a SourceText span (the suppressor's path), with whitespace, in a text larger than the reused buffer.
            string padded = new string(' ', 300) + code.Replace(" ", " \n\t ") + new string('x', 10);
            SourceText text = SourceText.From(padded);
            var span = new TextSpan(300, padded.Length - 310);
            Assert.Equal(expected, FindingKey.Fingerprint(rule, text, span));
            Assert.Equal(expected, FindingKey.FormatFingerprint(FindingKey.FingerprintValue(rule, text, span, new char[7])));
        }

        [Fact]
        public void RelativePath_UsesForwardSlashes_AndRejectsOutsideFiles()
        {
            Assert.Equal("src/A.cs", FindingKey.RelativePath("/repo", "/repo/src/A.cs"));
            Assert.Equal("src/A.cs", FindingKey.RelativePath(@"C:\repo\", @"C:\repo\src\A.cs"));
            Assert.Null(FindingKey.RelativePath("/repo", "/repository/A.cs"));
        }
    }
}
