using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>Markdown and HTML link targets that are not absolute (they break wherever the text is shown off-repo).</summary>
    internal static class ReadmeLinks
    {
        public static List<string> Relative(string markdown)
        {
            // Code spans and fenced blocks hold no links.
            string text = Regex.Replace(markdown, "```.*?```", "", RegexOptions.Singleline);
            text = Regex.Replace(text, "`[^`\n]*`", "");
            IEnumerable<string> targets = Regex.Matches(text, @"\]\(\s*<?([^)\s>]+)")
                .Select(m => m.Groups[1].Value)
                .Concat(Regex.Matches(text, @"(?:href|src)\s*=\s*[""']([^""']+)[""']", RegexOptions.IgnoreCase).Select(m => m.Groups[1].Value))
                .Concat(Regex.Matches(text, @"^\s*\[[^\]]+\]:\s*(\S+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value));
            return targets.Where(t => !t.StartsWith("https://", StringComparison.Ordinal) && !t.StartsWith("http://", StringComparison.Ordinal)
                                      && !t.StartsWith("mailto:", StringComparison.Ordinal)).ToList();
        }
    }
}
