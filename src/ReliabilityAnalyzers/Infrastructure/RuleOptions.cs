using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Reads rule options from .editorconfig / .globalconfig. Keys are named
    /// <c>reliability.RELxxx.option_name</c> and are documented on the rule's page.
    /// </summary>
    internal static class RuleOptions
    {
        public static string Key(string ruleId, string option) => "reliability." + ruleId + "." + option;

        public static string? GetString(AnalyzerOptions options, SyntaxTree tree, string ruleId, string option)
        {
            AnalyzerConfigOptions config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (config.TryGetValue(Key(ruleId, option), out string? value))
            {
                value = value.Trim();
                return value.Length == 0 ? null : value;
            }

            return null;
        }

        public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, string ruleId, string option, bool defaultValue)
        {
            string? value = GetString(options, tree, ruleId, option);
            if (value is null)
            {
                return defaultValue;
            }

            return bool.TryParse(value, out bool parsed) ? parsed : defaultValue;
        }

        /// <summary>A comma-separated list; empty entries dropped. Returns an empty array when unset.</summary>
        public static ImmutableArray<string> GetList(AnalyzerOptions options, SyntaxTree tree, string ruleId, string option)
        {
            string? value = GetString(options, tree, ruleId, option);
            if (value is null)
            {
                return ImmutableArray<string>.Empty;
            }

            ImmutableArray<string>.Builder builder = ImmutableArray.CreateBuilder<string>();
            foreach (string part in value.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                string trimmed = part.Trim();
                if (trimmed.Length > 0)
                {
                    builder.Add(trimmed);
                }
            }

            return builder.ToImmutable();
        }
    }
}
