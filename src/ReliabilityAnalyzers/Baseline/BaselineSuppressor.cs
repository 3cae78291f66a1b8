using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Baseline
{
    /// <summary>
    /// Suppresses REL findings recorded in reliability.baseline.json (an AdditionalFile the package's props add when the
    /// file exists in the project folder or a parent), justification "baseline". A finding matches an entry on rule, file,
    /// enclosing member and code fingerprint (<see cref="FindingKey"/>), never on line numbers; each entry suppresses at most
    /// its count, so a new finding of the same code in the same member is still reported. No baseline file: nothing runs.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BaselineSuppressor : DiagnosticSuppressor
    {
        public const string Justification = "baseline";

        private static readonly ImmutableDictionary<string, SuppressionDescriptor> ByRule = CreateDescriptors();

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.CreateRange(ByRule.Values);

        /// <summary>Every rule ID declared in <see cref="RuleIds"/> except the infrastructure block REL0xx.</summary>
        internal static ImmutableArray<string> SuppressibleRuleIds()
        {
            var ids = ImmutableArray.CreateBuilder<string>();
            foreach (FieldInfo field in typeof(RuleIds).GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                if (field.IsLiteral && field.GetRawConstantValue() is string id && id.Length == 6 && id[3] != '0')
                {
                    ids.Add(id);
                }
            }

            ids.Sort(StringComparer.Ordinal);
            return ids.ToImmutable();
        }

        private static ImmutableDictionary<string, SuppressionDescriptor> CreateDescriptors()
        {
            var builder = ImmutableDictionary.CreateBuilder<string, SuppressionDescriptor>(StringComparer.Ordinal);
            foreach (string id in SuppressibleRuleIds())
            {
                // Suppression IDs must differ from the rule IDs: RELB + the rule's number (RELB101 suppresses REL101).
                builder[id] = new SuppressionDescriptor("RELB" + id.Substring(3), id, Justification);
            }

            return builder.ToImmutable();
        }

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            List<LoadedBaseline>? baselines = BaselineCache.Load(context.Options.AdditionalFiles, context.CancellationToken);
            if (baselines is null)
            {
                return;
            }

            var candidates = new List<(Diagnostic Diagnostic, string Key, LoadedBaseline Baseline)>();
            Dictionary<string, SourceText?>? externalTexts = null;
            foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
            {
                if (!ByRule.ContainsKey(diagnostic.Id))
                {
                    continue;
                }

                Location location = diagnostic.Location;
                string? filePath = location.IsInSource ? location.SourceTree!.FilePath : location.Kind == LocationKind.ExternalFile ? location.GetLineSpan().Path : null;
                if (string.IsNullOrEmpty(filePath))
                {
                    continue;
                }

                LoadedBaseline? baseline = null;
                string? relative = null;
                foreach (LoadedBaseline b in baselines)
                {
                    if (b.Counts is null)
                    {
                        continue;
                    }

                    string? r = FindingKey.RelativePath(b.Directory, filePath!);
                    if (r != null && (baseline is null || b.Directory.Length > baseline.Directory.Length))
                    {
                        baseline = b;
                        relative = r;
                    }
                }

                if (baseline is null || relative is null || !baseline.RulePaths!.Contains(LoadedBaseline.RulePathKey(diagnostic.Id, relative)))
                {
                    continue;
                }

                string member;
                string fingerprint;
                if (location.IsInSource)
                {
                    SyntaxTree tree = location.SourceTree!;
                    member = FindingKey.MemberId(tree.GetRoot(context.CancellationToken), location.SourceSpan);
                    fingerprint = FindingKey.Fingerprint(diagnostic.Id, tree.GetText(context.CancellationToken), location.SourceSpan);
                }
                else
                {
                    externalTexts ??= new Dictionary<string, SourceText?>(StringComparer.OrdinalIgnoreCase);
                    if (!externalTexts.TryGetValue(filePath!, out SourceText? text))
                    {
                        text = null;
                        foreach (AdditionalText file in context.Options.AdditionalFiles)
                        {
                            if (string.Equals(file.Path, filePath, StringComparison.OrdinalIgnoreCase))
                            {
                                text = file.GetText(context.CancellationToken);
                                break;
                            }
                        }

                        externalTexts[filePath!] = text;
                    }

                    if (text is null)
                    {
                        continue;
                    }

                    member = string.Empty;
                    fingerprint = FindingKey.Fingerprint(diagnostic.Id, text, ExternalSpan(text, location));
                }

                candidates.Add((diagnostic, BaselineDocument.MakeKey(diagnostic.Id, relative, member, fingerprint), baseline));
            }

            if (candidates.Count == 0)
            {
                return;
            }

            // Deterministic consumption of counts: in file order.
            candidates.Sort((a, b) =>
            {
                int c = string.CompareOrdinal(a.Key, b.Key);
                return c != 0 ? c : a.Diagnostic.Location.SourceSpan.Start.CompareTo(b.Diagnostic.Location.SourceSpan.Start);
            });

            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach ((Diagnostic diagnostic, string key, LoadedBaseline baseline) in candidates)
            {
                if (!baseline.Counts!.TryGetValue(key, out int allowed))
                {
                    continue;
                }

                used.TryGetValue(key, out int count);
                if (count >= allowed)
                {
                    continue;
                }

                used[key] = count + 1;
                context.ReportSuppression(Suppression.Create(ByRule[diagnostic.Id], diagnostic));
            }
        }

        /// <summary>The span of a diagnostic in an additional file, rebuilt from its line span when the offsets are absent.</summary>
        internal static TextSpan ExternalSpan(SourceText text, Location location)
        {
            FileLinePositionSpan lines = location.GetLineSpan();
            if (lines.StartLinePosition.Line >= text.Lines.Count || lines.EndLinePosition.Line >= text.Lines.Count)
            {
                return new TextSpan(0, 0);
            }

            try
            {
                return text.Lines.GetTextSpan(lines.Span);
            }
            catch (ArgumentOutOfRangeException)
            {
                return new TextSpan(0, 0);
            }
        }
    }
}
