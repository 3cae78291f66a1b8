using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ReliabilityAnalyzers.Infrastructure.Baseline
{
    /// <summary>The entries of one file of a baseline: the rules present, and counts by (rule, member, fingerprint).</summary>
    internal sealed class BaselineFileEntries
    {
        public HashSet<string> Rules { get; } = new HashSet<string>(StringComparer.Ordinal);

        public Dictionary<(string Rule, string Member, ulong Fingerprint), int> Counts { get; } =
            new Dictionary<(string Rule, string Member, ulong Fingerprint), int>();
    }

    /// <summary>A baseline file as the suppressor and REL001 see it: entries by file, or the reason it could not be read.</summary>
    internal sealed class LoadedBaseline
    {
        private LoadedBaseline(string path, Dictionary<string, BaselineFileEntries>? files, BaselineFormatException? error)
        {
            Path = path;
            Directory = (System.IO.Path.GetDirectoryName(path) ?? string.Empty).Replace('\\', '/');
            Files = files;
            Error = error;
        }

        public string Path { get; }

        /// <summary>The folder of the baseline, forward slashes: entry paths are relative to it.</summary>
        public string Directory { get; }

        /// <summary>Entries by relative path (compared case-insensitively); null when the file is malformed.</summary>
        public Dictionary<string, BaselineFileEntries>? Files { get; }

        public BaselineFormatException? Error { get; }

        public static LoadedBaseline FromText(string path, string text) => FromText(path, SourceText.From(text));

        public static LoadedBaseline FromText(string path, SourceText text)
        {
            try
            {
                BaselineDocument document = BaselineDocument.Parse(text);
                var files = new Dictionary<string, BaselineFileEntries>(StringComparer.OrdinalIgnoreCase);
                foreach (BaselineEntry e in document.Entries)
                {
                    if (!files.TryGetValue(e.Path, out BaselineFileEntries? file))
                    {
                        files[e.Path] = file = new BaselineFileEntries();
                    }

                    file.Rules.Add(e.Rule);
                    var key = (e.Rule, e.Member, e.FingerprintValue);
                    file.Counts[key] = file.Counts.TryGetValue(key, out int existing) ? existing + e.Count : e.Count;
                }

                return new LoadedBaseline(path, files, null);
            }
            catch (BaselineFormatException ex)
            {
                return new LoadedBaseline(path, null, ex);
            }
        }
    }

    /// <summary>
    /// Parses each baseline AdditionalText once (per text instance: the IDE creates a new one when the file changes), and
    /// remembers the last file by path and content, so the compiler server building many projects of one solution reads
    /// the shared baseline once.
    /// </summary>
    internal static class BaselineCache
    {
        private sealed class ContentEntry
        {
            public ContentEntry(string path, int length, ulong hash, LoadedBaseline loaded)
            {
                Path = path;
                Length = length;
                Hash = hash;
                Loaded = loaded;
            }

            public string Path { get; }

            public int Length { get; }

            public ulong Hash { get; }

            public LoadedBaseline Loaded { get; }
        }

        private static ContentEntry? _last;

        /// <summary>Forgets the last file (benchmarks measure the first compilation's cost).</summary>
        internal static void ClearContentCache() => _last = null;

        private static LoadedBaseline LoadByContent(string path, SourceText? text)
        {
            text ??= SourceText.From(string.Empty);
            ulong hash = 14695981039346656037UL;
            char[] buffer = new char[4096];
            for (int position = 0; position < text.Length; position += buffer.Length)
            {
                int count = Math.Min(buffer.Length, text.Length - position);
                text.CopyTo(position, buffer, 0, count);
                for (int i = 0; i < count; i++)
                {
                    hash = (hash ^ buffer[i]) * 1099511628211UL;
                }
            }

            ContentEntry? last = _last;
            if (last != null && last.Length == text.Length && last.Hash == hash && string.Equals(last.Path, path, StringComparison.Ordinal))
            {
                return last.Loaded;
            }

            LoadedBaseline loaded = LoadedBaseline.FromText(path, text);
            _last = new ContentEntry(path, text.Length, hash, loaded);
            return loaded;
        }

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

                LoadedBaseline loaded = Cache.GetValue(file, f => LoadByContent(f.Path, f.GetText(cancellationToken)));
                (result ??= new List<LoadedBaseline>()).Add(loaded);
            }

            return result;
        }
    }
}
