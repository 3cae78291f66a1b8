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

            var candidates = new List<(Diagnostic Diagnostic, BaselineFileEntries File, (string Rule, string Member, ulong Fingerprint) Key)>();
            Dictionary<string, SourceText?>? externalTexts = null;
            var files = new Dictionary<string, BaselineFileEntries?>(StringComparer.Ordinal);
            var members = new Dictionary<SyntaxNode, string>();
            Dictionary<SyntaxNode, string>? containers = null;
            char[] buffer = new char[256];
            foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
            {
                if (!ByRule.TryGetValue(diagnostic.Id, out SuppressionDescriptor? descriptor))
                {
                    continue;
                }

                Location location = diagnostic.Location;
                string? filePath = location.IsInSource ? location.SourceTree!.FilePath : location.Kind == LocationKind.ExternalFile ? location.GetLineSpan().Path : null;
                if (string.IsNullOrEmpty(filePath))
                {
                    continue;
                }

                if (!files.TryGetValue(filePath!, out BaselineFileEntries? entries))
                {
                    entries = FileEntries(baselines, filePath!);
                    files[filePath!] = entries;
                }

                if (entries is null || !entries.Rules.Contains(diagnostic.Id))
                {
                    continue;
                }

                // Cheap keys first: rule and file (above), then the fingerprint; the member ID only when an entry of the
                // file has that fingerprint.
                string member;
                ulong fingerprint;
                if (location.IsInSource)
                {
                    SyntaxTree tree = location.SourceTree!;
                    fingerprint = FindingKey.FingerprintValue(diagnostic.Id, tree.GetText(context.CancellationToken), location.SourceSpan, buffer);
                    if (!entries.Fingerprints.Contains(fingerprint))
                    {
                        continue;
                    }

                    SyntaxNode? memberNode = FindingKey.MemberNode(tree.GetRoot(context.CancellationToken), location.SourceSpan);
                    if (memberNode is null)
                    {
                        member = string.Empty;
                    }
                    else if (!FindingKey.IsPositionIndependent(memberNode))
                    {
                        member = FindingKey.MemberId(memberNode, location.SourceSpan.Start, containers ??= new Dictionary<SyntaxNode, string>());
                    }
                    else if (!members.TryGetValue(memberNode, out member!))
                    {
                        member = FindingKey.MemberId(memberNode, location.SourceSpan.Start, containers ??= new Dictionary<SyntaxNode, string>());
                        members[memberNode] = member;
                    }
                }
                else
                {
                    externalTexts ??= new Dictionary<string, SourceText?>(StringComparer.OrdinalIgnoreCase);
                    if (!externalTexts.TryGetValue(filePath!, out SourceText? text))
                    {
                        text = null;
                        foreach (AdditionalText additional in context.Options.AdditionalFiles)
                        {
                            if (string.Equals(additional.Path, filePath, StringComparison.OrdinalIgnoreCase))
                            {
                                text = additional.GetText(context.CancellationToken);
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
                    fingerprint = FindingKey.FingerprintValue(diagnostic.Id, text, ExternalSpan(text, location), buffer);
                }

                candidates.Add((diagnostic, entries, (diagnostic.Id, member, fingerprint)));
            }

            if (candidates.Count == 0)
            {
                return;
            }

            // Counts are consumed in a fixed order (file, then position), so which of several identical findings stays
            // reported does not depend on the order the driver reported them in.
            candidates.Sort((a, b) =>
            {
                int c = string.CompareOrdinal(a.Diagnostic.Location.SourceTree?.FilePath ?? a.Diagnostic.Location.GetLineSpan().Path, b.Diagnostic.Location.SourceTree?.FilePath ?? b.Diagnostic.Location.GetLineSpan().Path);
                return c != 0 ? c : a.Diagnostic.Location.SourceSpan.Start.CompareTo(b.Diagnostic.Location.SourceSpan.Start);
            });

            var used = new Dictionary<(BaselineFileEntries, (string, string, ulong)), int>();
            foreach ((Diagnostic diagnostic, BaselineFileEntries entries, (string Rule, string Member, ulong Fingerprint) key) in candidates)
            {
                if (!entries.Counts.TryGetValue(key, out int allowed))
                {
                    continue;
                }

                used.TryGetValue((entries, key), out int count);
                if (count >= allowed)
                {
                    continue;
                }

                used[(entries, key)] = count + 1;
                context.ReportSuppression(Suppression.Create(ByRule[diagnostic.Id], diagnostic));
            }
        }

        /// <summary>The entries for a file from the nearest baseline whose folder holds it, or null.</summary>
        private static BaselineFileEntries? FileEntries(List<LoadedBaseline> baselines, string filePath)
        {
            LoadedBaseline? best = null;
            BaselineFileEntries? result = null;
            foreach (LoadedBaseline b in baselines)
            {
                if (b.Files is null || (best != null && b.Directory.Length <= best.Directory.Length))
                {
                    continue;
                }

                string? relative = FindingKey.RelativePath(b.Directory, filePath);
                if (relative != null)
                {
                    best = b;
                    b.Files.TryGetValue(relative, out result);
                }
            }

            return result;
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
