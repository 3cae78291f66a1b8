using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Baseline.BaselineTestKit;

namespace ReliabilityAnalyzers.Tests.Baseline
{
    /// <summary>The suppressor: matching by rule, file, member and fingerprint, counts, and zero effect without a baseline.</summary>
    public class BaselineSuppressorTests
    {
        private const string Original = """
            using System;
            using System.IO;
            namespace Shop
            {
                class Store
                {
                    void Load() { try { File.AppendAllText("a", "z"); } catch { } }
                    void Save() { try { File.WriteAllText("a", "b"); } catch (Exception) { } }
                }
            }
            """;

        [Fact]
        public async Task WithoutBaseline_EverythingIsReported()
        {
            ImmutableArray<Diagnostic> d = await RunAsync(Original, null, new REL101EmptyCatchAnalyzer());
            Assert.Equal(2, d.Length);
            Assert.All(d, x => Assert.False(x.IsSuppressed));
        }

        [Fact]
        public async Task Baselined_AreSuppressed_AfterLinesInserted_MembersMoved_AndReformatting()
        {
            string baseline = BaselineFor(await RunAsync(Original, null, new REL101EmptyCatchAnalyzer()));
            Assert.Contains("\"member\": \"M:Shop.Store.Load()\"", baseline);

            Assert.All(await RunAsync(Original, baseline, new REL101EmptyCatchAnalyzer()), x => Assert.True(x.IsSuppressed));

            string edited = """
                using System;
                using System.IO;
                namespace Shop
                {
                    class Store
                    {
                        // one
                        // two
                        int Added() => 1;
                        void Save()
                        {
                            try
                            {
                                File.WriteAllText("a", "b");
                            }
                            catch (Exception)
                            {
                            }
                        }
                        // three


                        void Load() { try { File.AppendAllText("a", "z"); }    catch    { } }
                    }
                }
                """;
            ImmutableArray<Diagnostic> after = await RunAsync(edited, baseline, new REL101EmptyCatchAnalyzer());
            Assert.Equal(2, after.Length);
            Assert.All(after, x => Assert.True(x.IsSuppressed));
        }

        [Fact]
        public async Task SecondIdenticalFinding_InTheSameMember_IsReported_AndOneInANewMember()
        {
            string baseline = BaselineFor(await RunAsync(Original, null, new REL101EmptyCatchAnalyzer()));
            string edited = Original
                .Replace("""void Load() { try { File.AppendAllText("a", "z"); } catch { } }""",
                         """void Load() { try { File.AppendAllText("a", "z"); } catch { } try { File.AppendAllText("c", "z"); } catch { } }""")
                .Replace("void Save()", """void Other() { try { File.AppendAllText("d", "z"); } catch { } } void Save()""");
            ImmutableArray<Diagnostic> after = await RunAsync(edited, baseline, new REL101EmptyCatchAnalyzer());
            Assert.Equal(4, after.Length);
            Assert.Equal(2, after.Count(x => !x.IsSuppressed));
            int otherStart = edited.IndexOf("void Other()", System.StringComparison.Ordinal);
            Assert.Contains(after, x => !x.IsSuppressed && x.Location.SourceSpan.Start > otherStart && x.Location.SourceSpan.Start < otherStart + 60);
        }

        [Fact]
        public async Task ChangedCode_OrRenamedMember_IsReported()
        {
            string baseline = BaselineFor(await RunAsync(Original, null, new REL101EmptyCatchAnalyzer()));
            string edited = Original.Replace("void Load()", "void LoadAll()").Replace("catch (Exception)", "catch (SystemException)");
            ImmutableArray<Diagnostic> after = await RunAsync(edited, baseline, new REL101EmptyCatchAnalyzer());
            Assert.Equal(2, after.Length);
            Assert.All(after, x => Assert.False(x.IsSuppressed));
        }

        [Fact]
        public async Task OtherRule_SameLocation_IsNotSuppressed()
        {
            string json = BaselineFor(await RunAsync(Original, null, new REL101EmptyCatchAnalyzer())).Replace("REL101", "REL102");
            Assert.All(await RunAsync(Original, json, new REL101EmptyCatchAnalyzer()), x => Assert.False(x.IsSuppressed));
        }

        [Fact]
        public async Task SecretFindings_AreBaselined_WithoutTheSecretInTheFile()
        {
            string source = """
                class Settings
                {
                    public string Password = "FAKE-hunter2-not-real";
                }
                """;
            ImmutableArray<Diagnostic> before = await RunAsync(source, null, new REL502CredentialNamedSymbolAnalyzer());
            Assert.Single(before);
            string baseline = BaselineFor(before);
            Assert.DoesNotContain("hunter2", baseline);
            Assert.All(await RunAsync(source, baseline, new REL502CredentialNamedSymbolAnalyzer()), x => Assert.True(x.IsSuppressed));
        }

        [Fact]
        public async Task MalformedBaseline_SuppressesNothing_AndReportsREL001Once()
        {
            ImmutableArray<Diagnostic> d = await RunAsync(Original, "{ \"version\": 1, \"entries\": [ }", new REL101EmptyCatchAnalyzer());
            Assert.Equal(2, d.Count(x => x.Id == "REL101" && !x.IsSuppressed));
            Diagnostic rel001 = Assert.Single(d, x => x.Id == "REL001");
            Assert.Contains(BaselinePath, rel001.GetMessage());
            Assert.Contains("line 1, column 30", rel001.GetMessage());
        }
    }
}
