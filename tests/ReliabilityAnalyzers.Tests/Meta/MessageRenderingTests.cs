using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Exceptions;
using Xunit;

namespace ReliabilityAnalyzers.Tests.Meta
{
    /// <summary>
    /// Every rule's message, rendered for every argument set it can be filled with, reads as English: no placeholder
    /// left, no doubled or stray words, whole sentences. A phrase argument (a kind such as "the database" or "an HTTP
    /// endpoint through a hand-made HttpClient") may appear once: reused as the subject of a second sentence it stops
    /// reading as English for some kinds. Quoted arguments ('{0}') are names and may repeat.
    /// </summary>
    public class MessageRenderingTests
    {
        /// <summary>The phrases each rule fills its unquoted placeholders with (what the analyzers pass).</summary>
        private static readonly Dictionary<string, object[][]> PhraseArguments = new Dictionary<string, object[][]>
        {
            ["REL101"] = new[] { new object[] { "every exception" }, new object[] { "every Exception" }, new object[] { "IOException" } },
            ["REL206"] = new[]
            {
                new object[] { "StringSetAsync", "Redis" },
                new object[] { "ExecuteReaderAsync", "the database" },
                new object[] { "SayHelloAsync", "a gRPC service" },
                new object[] { "SendAsync", "an HTTP endpoint" },
                new object[] { "GetAsync", "an HTTP endpoint through a hand-made HttpClient" },
            },
        };

        public static IEnumerable<object[]> Descriptors() =>
            typeof(REL101EmptyCatchAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
                .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)
                .Select((d, i) => new object[] { d.Id + "#" + i.ToString(CultureInfo.InvariantCulture), d });

        [Theory]
        [MemberData(nameof(Descriptors))]
        public void Message_ReadsAsEnglish_ForEveryArgumentSet(string name, DiagnosticDescriptor descriptor)
        {
            string format = descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            int[] indexes = Regex.Matches(format, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToArray();
            int count = indexes.Length == 0 ? 0 : indexes.Max() + 1;

            // A phrase placeholder (not inside quotes) is used once.
            foreach (IGrouping<string, Match> placeholder in Regex.Matches(format, @"(?<!')\{(\d+)\}(?!')").GroupBy(m => m.Value))
            {
                Assert.True(placeholder.Count() == 1, $"{name}: phrase placeholder {placeholder.Key} appears {placeholder.Count()} times in \"{format}\"");
            }

            IEnumerable<object[]> argumentSets = PhraseArguments.TryGetValue(descriptor.Id, out object[][]? sets)
                ? sets.Where(s => s.Length == count)
                : Array.Empty<object[]>();
            argumentSets = argumentSets.Append(Enumerable.Range(0, count).Select(i => (object)("Name" + i.ToString(CultureInfo.InvariantCulture))).ToArray());
            foreach (object[] arguments in argumentSets)
            {
                string message = string.Format(CultureInfo.InvariantCulture, format, arguments);
                Assert.DoesNotMatch(@"\{\d+\}", message);
                Assert.DoesNotContain("  ", message);
                Assert.DoesNotContain("''", message);
                Assert.DoesNotMatch(@"\b(\w+) \1\b", message.Replace("'", " ' "));
                Assert.DoesNotMatch(@"\b[Aa] an?\b|\b[Tt]he the\b", message);
                Assert.True(message.EndsWith(".", StringComparison.Ordinal), $"{name}: \"{message}\" does not end a sentence");
                foreach (string sentence in Regex.Split(message, @"(?<=[a-z0-9)'])\. (?=[A-Z'])"))
                {
                    Assert.Matches(@"^['A-Z.{]", sentence);
                }
            }
        }

        [Fact]
        public void Rel206_NamesTheKindOnce_AndReadsForEveryKind()
        {
            DiagnosticDescriptor rule = Descriptors().Select(d => (DiagnosticDescriptor)d[1]).First(d => d.Id == "REL206");
            foreach (object[] arguments in PhraseArguments["REL206"])
            {
                string message = string.Format(CultureInfo.InvariantCulture, rule.MessageFormat.ToString(CultureInfo.InvariantCulture), arguments);
                Assert.Single(Regex.Matches(message, Regex.Escape((string)arguments[1])));
                Assert.DoesNotContain("When " + arguments[1], message);
            }
        }
    }
}
