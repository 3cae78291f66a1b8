using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

        /// <summary>Every fingerprint of the file, any rule: a finding whose fingerprint is not here matches nothing, and its member is never computed.</summary>
        public HashSet<ulong> Fingerprints { get; } = new HashSet<ulong>();

        public void Add(string rule, string member, ulong fingerprint, int count)
        {
            Rules.Add(rule);
            Fingerprints.Add(fingerprint);
            var key = (rule, member, fingerprint);
            Counts[key] = Counts.TryGetValue(key, out int existing) ? existing + count : count;
        }
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
            char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
            try
            {
                text.CopyTo(0, chars, 0, text.Length);
                return FromText(path, text, chars);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        /// <summary><paramref name="chars"/> holds the text's characters: the written form is indexed from them directly.</summary>
        internal static LoadedBaseline FromText(string path, SourceText text, char[] chars)
        {
            Dictionary<string, BaselineFileEntries>? fast = BaselineFastReader.TryRead(chars, text.Length);
            if (fast != null)
            {
                return new LoadedBaseline(path, fast, null);
            }

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

                    file.Add(e.Rule, e.Member, e.FingerprintValue, e.Count);
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

            // One copy of the characters serves the content hash and the reader (a baseline of 2,000 entries is ~0.4 M
            // characters). The buffer is pooled: a new large-object-heap array per compilation can start a full collection.
            char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, text.Length));
            try
            {
                text.CopyTo(0, chars, 0, text.Length);
                return LoadByContent(path, text, chars);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }

        private static LoadedBaseline LoadByContent(string path, SourceText text, char[] chars)
        {
            ulong hash = ContentHash(chars, text.Length);

            ContentEntry? last = _last;
            if (last != null && last.Length == text.Length && last.Hash == hash && string.Equals(last.Path, path, StringComparison.Ordinal))
            {
                return last.Loaded;
            }

            LoadedBaseline loaded = LoadedBaseline.FromText(path, text, chars);
            _last = new ContentEntry(path, text.Length, hash, loaded);
            return loaded;
        }

        /// <summary>A 64-bit hash of the characters, four at a time (only compared with the last file's, never stored).</summary>
        private static ulong ContentHash(char[] chars, int length)
        {
            ulong hash = 14695981039346656037UL;
            ReadOnlySpan<ulong> blocks = MemoryMarshal.Cast<char, ulong>(new ReadOnlySpan<char>(chars, 0, length));
            for (int i = 0; i < blocks.Length; i++)
            {
                hash = (hash ^ blocks[i]) * 1099511628211UL;
                hash ^= hash >> 29;
            }

            for (int i = blocks.Length * 4; i < length; i++)
            {
                hash = (hash ^ chars[i]) * 1099511628211UL;
            }

            return hash;
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
