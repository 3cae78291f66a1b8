using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>A baseline file as the suppressor and REL001 see it: parsed entries, or the reason it could not be read.</summary>
    internal sealed class LoadedBaseline
    {
        private LoadedBaseline(string path, Dictionary<string, int>? counts, HashSet<string>? rulePaths, BaselineFormatException? error)
        {
            Path = path;
            Directory = System.IO.Path.GetDirectoryName(path) ?? string.Empty;
            Counts = counts;
            RulePaths = rulePaths;
            Error = error;
        }

        public string Path { get; }

        public string Directory { get; }

        /// <summary>Key → recorded count; null when the file is malformed.</summary>
        public Dictionary<string, int>? Counts { get; }

        /// <summary>rule + lower-case path pairs present, a cheap pre-check before a key is computed.</summary>
        public HashSet<string>? RulePaths { get; }

        public BaselineFormatException? Error { get; }

        public static string RulePathKey(string rule, string relativePath) => rule + "\u0001" + relativePath.ToLowerInvariant();

        public static LoadedBaseline FromText(string path, string text)
        {
            try
            {
                BaselineDocument document = BaselineDocument.Parse(text);
                var counts = new Dictionary<string, int>(document.Entries.Count, StringComparer.Ordinal);
                var rulePaths = new HashSet<string>(StringComparer.Ordinal);
                foreach (BaselineEntry e in document.Entries)
                {
                    string key = e.Key;
                    counts[key] = counts.TryGetValue(key, out int existing) ? existing + e.Count : e.Count;
                    rulePaths.Add(RulePathKey(e.Rule, e.Path));
                }

                return new LoadedBaseline(path, counts, rulePaths, null);
            }
            catch (BaselineFormatException ex)
            {
                return new LoadedBaseline(path, null, null, ex);
            }
        }
    }

    /// <summary>Parses each baseline AdditionalText once (per text instance: the IDE creates a new one when the file changes).</summary>
    internal static class BaselineCache
    {
        private static readonly ConditionalWeakTable<AdditionalText, LoadedBaseline> Cache = new ConditionalWeakTable<AdditionalText, LoadedBaseline>();

        /// <summary>The baseline files among the additional files; empty (and allocation-free) when there are none.</summary>
        public static List<LoadedBaseline>? Load(IEnumerable<AdditionalText> additionalFiles, CancellationToken cancellationToken)
        {
            List<LoadedBaseline>? result = null;
            foreach (AdditionalText file in additionalFiles)
            {
                if (!BaselineDocument.IsBaselineFile(file.Path))
                {
                    continue;
                }

                LoadedBaseline loaded = Cache.GetValue(file, f =>
                {
                    SourceText? text = f.GetText(cancellationToken);
                    return LoadedBaseline.FromText(f.Path, text?.ToString() ?? string.Empty);
                });
                (result ??= new List<LoadedBaseline>()).Add(loaded);
            }

            return result;
        }
    }
}
