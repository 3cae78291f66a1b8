using System;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// The only place that creates <see cref="DiagnosticDescriptor"/>s: category from the ID block,
    /// help link to docs/rules/{id}.md, enabled by default.
    /// </summary>
    internal static class Descriptors
    {
        public const string HelpLinkBase = "https://github.com/reliability-analyzers/ReliabilityAnalyzers/blob/main/docs/rules/";

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        public static DiagnosticDescriptor Create(
            string id,
            string title,
            string messageFormat,
            string description,
            DiagnosticSeverity defaultSeverity,
            params string[] customTags)
        {
            string category = RuleCategories.ForId(id)
                ?? throw new ArgumentException("Rule ID outside REL001-REL599: " + id, nameof(id));

            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                defaultSeverity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: customTags);
        }
    }
}
