using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure.Baseline;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Baseline
{
    /// <summary>
    /// The suppressor reads the written form of a baseline with a fast reader and everything else with the strict one: both
    /// must give the same index, and the fast reader must refuse (not misread) every other form.
    /// </summary>
    public class BaselineFastReaderTests
    {
        private static readonly BaselineEntry[] Entries =
        {
            new BaselineEntry("REL101", "src/A.cs", "M:A.M(string)", "00000000000000aa", 1),
            new BaselineEntry("REL101", "src/A.cs", "M:A.M(string)", "00000000000000AB", 1),
            new BaselineEntry("REL104", "src/A.cs", "", "0123456789abcdef", 12),
            new BaselineEntry("REL206", "src/B.cs", "M:B.#ctor()", "fedcba9876543210", 2),
            new BaselineEntry("REL502", "Src/b.cs", "F:B.key", "1111111111111111", 1),
        };

        private static string Canonical => BaselineDocument.Write(Entries);

        public static IEnumerable<object[]> Documents() => new[]
        {
            new object[] { Canonical, true },
            new object[] { BaselineDocument.Write(new BaselineEntry[0]), true },
            new object[] { Canonical.Replace("\n", "\r\n"), true },
            new object[] { Canonical.Replace("\n", "").Replace(" ", ""), true },
            new object[] { Canonical.Replace("\n", "\n\t "), true },
            // Forms only the strict reader reads: the fast reader must refuse them.
            new object[] { "\uFEFF" + Canonical, false },
            new object[] { Canonical.Replace("\"version\": 1", "\"version\": 1.0"), false },
            new object[] { Canonical.Replace("\"path\": \"src/B.cs\"", "\"path\": \"src\\\\B.cs\""), false },
            new object[] { Canonical.Replace(", \"count\": 1 }", " }"), false },
            new object[] { Canonical.Replace("{ \"rule\": \"REL206\", \"path\": \"src/B.cs\"", "{ \"path\": \"src/B.cs\", \"rule\": \"REL206\""), false },
            new object[] { "{ \"entries\": [], \"version\": 1 }", false },
            new object[] { Canonical.Replace("\"count\": 12", "\"count\": 1.2e1"), false },
            // Malformed: refused by the fast reader, an error from the strict one.
            new object[] { Canonical.Replace("\"count\": 12", "\"count\": 0"), false },
            new object[] { Canonical.Replace("\"count\": 12", "\"count\": 012"), false },
            new object[] { Canonical.Replace("\"count\": 12", "\"count\": -12"), false },
            new object[] { Canonical.Replace("0123456789abcdef", "0123456789abcdeg"), false },
            new object[] { Canonical.Replace("0123456789abcdef", "0123456789abcde"), false },
            new object[] { Canonical.Replace("\"rule\": \"REL104\"", "\"rule\": \"\""), false },
            new object[] { Canonical.Replace("\"version\": 1", "\"version\": 2"), false },
            new object[] { Canonical.Replace("\"version\": 1", "\"version\": 12"), false },
            new object[] { Canonical + "x", false },
            new object[] { Canonical.TrimEnd().TrimEnd('}'), false },
            new object[] { Canonical.Replace(" }\n  ]", " },\n  ]"), false },
        };

        [Theory]
        [MemberData(nameof(Documents))]
        public void FastReader_AgreesWithStrictReader(string text, bool fast)
        {
            char[] chars = text.ToCharArray();
            Dictionary<string, BaselineFileEntries>? read = BaselineFastReader.TryRead(chars, chars.Length);
            Assert.Equal(fast, read != null);

            LoadedBaseline loaded = LoadedBaseline.FromText("/repo/" + BaselineDocument.FileName, SourceText.From(text));
            BaselineDocument? strict = null;
            try
            {
                strict = BaselineDocument.Parse(text);
            }
            catch (BaselineFormatException ex)
            {
                Assert.Null(loaded.Files);
                Assert.Equal(ex.Message, loaded.Error!.Message);
                return;
            }

            var expected = new Dictionary<string, BaselineFileEntries>(System.StringComparer.OrdinalIgnoreCase);
            foreach (BaselineEntry e in strict.Entries)
            {
                if (!expected.TryGetValue(e.Path, out BaselineFileEntries? file))
                {
                    expected[e.Path] = file = new BaselineFileEntries();
                }

                file.Add(e.Rule, e.Member, e.FingerprintValue, e.Count);
            }

            AssertSame(expected, loaded.Files!);
            if (read != null)
            {
                AssertSame(expected, read);
            }
        }

        private static void AssertSame(Dictionary<string, BaselineFileEntries> expected, Dictionary<string, BaselineFileEntries> actual)
        {
            Assert.Equal(expected.Keys.OrderBy(k => k, System.StringComparer.Ordinal), actual.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
            foreach (KeyValuePair<string, BaselineFileEntries> pair in expected)
            {
                BaselineFileEntries a = actual[pair.Key];
                Assert.Equal(pair.Value.Rules.OrderBy(r => r, System.StringComparer.Ordinal), a.Rules.OrderBy(r => r, System.StringComparer.Ordinal));
                Assert.Equal(pair.Value.Fingerprints.OrderBy(f => f), a.Fingerprints.OrderBy(f => f));
                Assert.Equal(pair.Value.Counts.OrderBy(c => c.Key.ToString(), System.StringComparer.Ordinal), a.Counts.OrderBy(c => c.Key.ToString(), System.StringComparer.Ordinal));
            }
        }
    }
}
