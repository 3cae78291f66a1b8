using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Tool
{
    internal sealed record RuleInfo(string Id, string Title, string Family, string DefaultSeverity, string HelpUri)
    {
        /// <summary>The .editorconfig spelling of the default severity.</summary>
        public string EditorConfigSeverity => DefaultSeverity switch
        {
            "error" => "error",
            "warning" => "warning",
            _ => "suggestion",
        };
    }

    /// <summary>The rules of the analyzer assembly this tool carries, read from its descriptors.</summary>
    internal static class RuleCatalog
    {
        private static readonly Lazy<IReadOnlyDictionary<string, RuleInfo>> Rules = new Lazy<IReadOnlyDictionary<string, RuleInfo>>(Load);

        public static IEnumerable<RuleInfo> All => Rules.Value.Values.OrderBy(r => r.Id, StringComparer.Ordinal);

        public static RuleInfo Get(string id) =>
            Rules.Value.TryGetValue(id, out RuleInfo? rule)
                ? rule
                : new RuleInfo(id, id, Family(id), "warning", Descriptors.HelpLink(id));

        /// <summary>The family name of a rule ID: the hundreds digit (REL1xx Exceptions ... REL5xx Secrets, REL0xx Configuration).</summary>
        public static string Family(string id)
        {
            string? category = RuleCategories.ForId(id);
            if (category is null)
            {
                return "Other";
            }

            int dot = category.LastIndexOf('.');
            return dot >= 0 ? category.Substring(dot + 1) : category;
        }

        private static IReadOnlyDictionary<string, RuleInfo> Load()
        {
            var result = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
            foreach (Type type in typeof(RuleIds).Assembly.GetTypes())
            {
                if (type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || typeof(DiagnosticSuppressor).IsAssignableFrom(type)
                    || type.GetConstructor(Type.EmptyTypes) is null)
                {
                    continue;
                }

                var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                foreach (DiagnosticDescriptor d in analyzer.SupportedDiagnostics)
                {
                    if (!result.ContainsKey(d.Id))
                    {
                        result[d.Id] = new RuleInfo(d.Id, d.Title.ToString(), Family(d.Id), Severity(d.DefaultSeverity), d.HelpLinkUri);
                    }
                }
            }

            return result;
        }

        public static string Severity(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            DiagnosticSeverity.Info => "note",
            _ => "none",
        };
    }
}
