using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Baseline;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Benchmarks
{
    /// <summary>
    /// `--baseline-cost [--baseline-entries 2000]`: the cost of the baseline suppressor with a generated baseline, against
    /// the package's analyzer time on the same compilation. The baseline holds an entry for every finding of the corpus
    /// (so every finding is looked up and suppressed) and is padded with synthetic entries on the corpus's files up to the
    /// requested size. Each repetition gets a fresh AdditionalText and the content cache is cleared, so the file is
    /// parsed every time, as in the first compilation of a command-line build.
    /// </summary>
    public static class BaselineCost
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
        private const string Root = "/corpus";

        private sealed class Text : AdditionalText
        {
            private readonly SourceText _text;

            public Text(string path, string text)
            {
                Path = path;
                _text = SourceText.From(text);
            }

            public override string Path { get; }

            public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
        }

        /// <summary>
        /// The driver keeps no telemetry for suppressors: this wrapper times the package's suppressor around its one call
        /// per compilation, reporting through the same suppression descriptors.
        /// </summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute",
            Justification = "Benchmark-only suppressor handed to CompilationWithAnalyzers directly; no compiler ever discovers it.")]
        private sealed class TimedSuppressor : DiagnosticSuppressor
        {
            private readonly BaselineSuppressor _inner = new BaselineSuppressor();

            public TimeSpan Elapsed { get; private set; }

            /// <summary>Garbage-collection pauses that fell inside the call (collecting the whole analysis's garbage).</summary>
            public TimeSpan GcPauses { get; private set; }

            public int Diagnostics { get; private set; }

            /// <summary>
            /// CPU time of the thread that ran the call (the driver calls a suppressor once, on one thread); process CPU time
            /// where thread CPU time is unavailable (10 ms resolution on Linux, so only a rough figure).
            /// </summary>
            public TimeSpan Cpu { get; private set; }

            public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions => _inner.SupportedSuppressions;

            public override void ReportSuppressions(SuppressionAnalysisContext context)
            {
                TimeSpan pauses = GC.GetTotalPauseDuration();
                TimeSpan? threadCpu = Harness.ThreadCpuTime();
                TimeSpan cpu = Harness.CpuTime();
                Stopwatch sw = Stopwatch.StartNew();
                _inner.ReportSuppressions(context);
                Elapsed += sw.Elapsed;
                TimeSpan? threadCpuAfter = Harness.ThreadCpuTime();
                Cpu += threadCpu is { } t0 && threadCpuAfter is { } t1 ? t1 - t0 : Harness.CpuTime() - cpu;
                GcPauses += GC.GetTotalPauseDuration() - pauses;
                Diagnostics += context.ReportedDiagnostics.Length;
            }
        }

        /// <summary>
        /// The floor: suppresses every REL finding with no lookup at all, so its time is what the driver's
        /// <c>ReportSuppression</c> costs for that many suppressions (it checks each against the reported diagnostics), which
        /// any suppressor that suppresses them pays.
        /// </summary>
        [System.Diagnostics.CodeAnalysis.SuppressMessage("MicrosoftCodeAnalysisCorrectness", "RS1001:Missing diagnostic analyzer attribute",
            Justification = "Benchmark-only suppressor handed to CompilationWithAnalyzers directly; no compiler ever discovers it.")]
        private sealed class FloorSuppressor : DiagnosticSuppressor
        {
            private static readonly ImmutableDictionary<string, SuppressionDescriptor> ById =
                new BaselineSuppressor().SupportedSuppressions.ToImmutableDictionary(d => d.SuppressedDiagnosticId);

            public TimeSpan Cpu { get; private set; }

            public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions => ById.Values.ToImmutableArray();

            public override void ReportSuppressions(SuppressionAnalysisContext context)
            {
                TimeSpan t0 = Harness.ThreadCpuTime() ?? Harness.CpuTime();
                foreach (Diagnostic d in context.ReportedDiagnostics)
                {
                    if (ById.TryGetValue(d.Id, out SuppressionDescriptor? descriptor))
                    {
                        context.ReportSuppression(Suppression.Create(descriptor, d));
                    }
                }

                Cpu += (Harness.ThreadCpuTime() ?? Harness.CpuTime()) - t0;
            }
        }

        public static async Task<string> RunAsync(int[] sizes, int seed, int warmup, int reps, int entries)
        {
            ImmutableArray<DiagnosticAnalyzer> analyzersOnly = AnalyzerSets.Ours().Analyzers.Where(a => a is not DiagnosticSuppressor).ToImmutableArray();

            var sb = new StringBuilder();
            sb.Append("### Baseline suppressor cost (").Append(entries).Append("-entry baseline, ").Append(reps).Append(" repetitions, medians)\n\n")
              .Append("| lines | findings | entries | analyzers (ms, telemetry: fastest / median) | suppressor CPU (ms: median, min-max) | suppressor CPU / fastest analyzers | suppressor wall (ms, median) | nothing matching, CPU (ms) | no baseline file (ms) | wall without file (ms) | wall with file (ms) | suppressed | floor: ReportSuppression alone, CPU (ms) | REL001 (ms, telemetry) |\n")
              .Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Console.WriteLine("baseline cost: warm-up...");
            {
                ImmutableArray<SyntaxTree> warm = Harness.Parse(CorpusGenerator.Generate(5000, seed + 1));
                ImmutableArray<Diagnostic> found = (await RunAsync(warm, analyzersOnly, null).ConfigureAwait(false)).Diagnostics;
                await RunAsync(warm, analyzersOnly.Add(new TimedSuppressor()), BaselineFor(found, warm, entries, seed)).ConfigureAwait(false);
            }

            foreach (int size in sizes)
            {
                Corpus corpus = CorpusGenerator.Generate(size, seed);
                ImmutableArray<SyntaxTree> trees = Harness.Parse(corpus);
                ImmutableArray<Diagnostic> findings = (await RunAsync(trees, analyzersOnly, null).ConfigureAwait(false)).Diagnostics;
                string baseline = BaselineFor(findings, trees, entries, seed);
                int entryCount = BaselineDocument.Parse(baseline).Entries.Count;

                var analyzerMs = new List<double>();
                var suppressorMs = new List<double>();
                var wallWithout = new List<double>();
                var wallWith = new List<double>();
                var noFileMs = new List<double>();
                var unmatchedMs = new List<double>();
                var suppressorCpuMs = new List<double>();
                var unmatchedCpuMs = new List<double>();
                var rel001Ms = new List<double>();
                var floorCpuMs = new List<double>();
                int suppressed = 0;
                for (int i = 0; i < warmup + reps; i++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var withoutFile = new TimedSuppressor();
                    (TimeSpan wall0, _, _) = await RunAsync(trees, analyzersOnly.Add(withoutFile), null).ConfigureAwait(false);
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var suppressor = new TimedSuppressor();
                    BaselineCache.ClearContentCache(); // the first compilation's cost: the file is parsed

                    (TimeSpan wall1, ImmutableArray<Diagnostic> diagnostics, IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> times) =
                        await RunAsync(trees, analyzersOnly.Add(suppressor), baseline).ConfigureAwait(false);
                    if (i < warmup)
                    {
                        continue;
                    }

                    wallWithout.Add(wall0.TotalMilliseconds);
                    wallWith.Add(wall1.TotalMilliseconds);
                    suppressorMs.Add(suppressor.Elapsed.TotalMilliseconds);

                    // The same baseline with every fingerprint changed: the suppressor computes every key, reports nothing.
                    var unmatched = new TimedSuppressor();
                    BaselineCache.ClearContentCache();
                    await RunAsync(trees, analyzersOnly.Add(unmatched), System.Text.RegularExpressions.Regex.Replace(baseline, "\"fingerprint\": \"(.)", m => "\"fingerprint\": \"" + (m.Groups[1].Value == "0" ? "1" : "0"))).ConfigureAwait(false);
                    unmatchedMs.Add(unmatched.Elapsed.TotalMilliseconds);
                    unmatchedCpuMs.Add(unmatched.Cpu.TotalMilliseconds);
                    var floor = new FloorSuppressor();
                    await RunAsync(trees, analyzersOnly.Add(floor), null).ConfigureAwait(false);
                    floorCpuMs.Add(floor.Cpu.TotalMilliseconds);
                    Console.WriteLine($"  rep {i}: suppressor {suppressor.Elapsed.TotalMilliseconds:F2} ms (CPU {suppressor.Cpu.TotalMilliseconds:F2} ms, GC pauses inside {suppressor.GcPauses.TotalMilliseconds:F2} ms, {suppressor.Diagnostics} diagnostics seen); " +
                        $"nothing matching {unmatched.Elapsed.TotalMilliseconds:F2} ms (CPU {unmatched.Cpu.TotalMilliseconds:F2} ms, GC {unmatched.GcPauses.TotalMilliseconds:F2} ms)");
                    suppressorCpuMs.Add(suppressor.Cpu.TotalMilliseconds);
                    noFileMs.Add(withoutFile.Elapsed.TotalMilliseconds);
                    analyzerMs.Add(times.Where(t => t.Key is not DiagnosticSuppressor && t.Key is not REL001MalformedBaselineAnalyzer).Sum(t => t.Value.TotalMilliseconds));
                    rel001Ms.Add(times.Where(t => t.Key is REL001MalformedBaselineAnalyzer).Sum(t => t.Value.TotalMilliseconds));
                    suppressed = diagnostics.Count(d => d.IsSuppressed);
                }

                // The two parts of the suppressor's work, timed alone: reading the file, and computing the keys of the findings.
                var parseMs = new List<double>();
                var keysMs = new List<double>();
                var jsonMs = new List<double>();
                var fpMs = new List<double>();
                var nodeMs = new List<double>();
                var idMs = new List<double>();
                char[] buffer = new char[256];
                for (int i = 0; i < 20; i++)
                {
                    // The suppressor's per-finding steps, each alone (thread CPU time): fingerprint, enclosing declaration, its ID.
                    double t0 = Harness.ThreadCpuTime()?.TotalMilliseconds ?? 0;
                    foreach (Diagnostic d in findings)
                    {
                        FindingKey.FingerprintValue(d.Id, d.Location.SourceTree!.GetText(), d.Location.SourceSpan, buffer);
                    }

                    double t1 = Harness.ThreadCpuTime()?.TotalMilliseconds ?? 0;
                    var nodes = new List<(SyntaxNode?, int)>();
                    foreach (Diagnostic d in findings)
                    {
                        nodes.Add((FindingKey.MemberNode(d.Location.SourceTree!.GetRoot(), d.Location.SourceSpan), d.Location.SourceSpan.Start));
                    }

                    double t2 = Harness.ThreadCpuTime()?.TotalMilliseconds ?? 0;
                    foreach ((SyntaxNode? node, int start) in nodes)
                    {
                        if (node != null)
                        {
                            FindingKey.MemberId(node, start);
                        }
                    }

                    double t3 = Harness.ThreadCpuTime()?.TotalMilliseconds ?? 0;
                    fpMs.Add(t1 - t0);
                    nodeMs.Add(t2 - t1);
                    idMs.Add(t3 - t2);

                    Stopwatch p = Stopwatch.StartNew();
                    LoadedBaseline.FromText(Root + "/" + BaselineDocument.FileName, baseline);
                    parseMs.Add(p.Elapsed.TotalMilliseconds);
                    Stopwatch j = Stopwatch.StartNew();
                    BaselineJson.Parse(baseline);
                    jsonMs.Add(j.Elapsed.TotalMilliseconds);
                    Stopwatch k = Stopwatch.StartNew();
                    foreach (Diagnostic d in findings)
                    {
                        SyntaxTree tree = d.Location.SourceTree!;
                        FindingKey.MemberId(tree.GetRoot(), d.Location.SourceSpan);
                        FindingKey.Fingerprint(d.Id, tree.GetText(), d.Location.SourceSpan);
                    }

                    keysMs.Add(k.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine($"  suppressor when nothing matches: {Harness.Median(unmatchedMs):F2} ms");
                Console.WriteLine($"  floor: ReportSuppression for every REL finding, no lookup: {Harness.Median(floorCpuMs):F2} ms CPU median ({floorCpuMs.Min():F2}-{floorCpuMs.Max():F2})");
                Console.WriteLine($"  per-finding steps over {findings.Length} findings (thread CPU, fastest of 20): fingerprints {fpMs.Min():F2} ms, enclosing declarations {nodeMs.Min():F2} ms, member IDs (uncached) {idMs.Min():F2} ms; REL001 (reads the file when it runs first) {Harness.Median(rel001Ms):F2} ms median telemetry");
                Console.WriteLine($"  baseline {baseline.Length} chars: read {parseMs.Min():F2} ms (JSON alone {jsonMs.Min():F2} ms); keys of {findings.Length} findings {keysMs.Min():F2} ms (fastest of 20)");
                // The analyzers' telemetry is wall time inside their callbacks: on a loaded machine it includes time other
                // processes ran. Its fastest repetition is the closest to its CPU cost, so the ratio divides by that
                // (the larger, conservative ratio), while the suppressor is measured in its thread's CPU time.
                double aMin = analyzerMs.Min();
                double cpuMedian = Harness.Median(suppressorCpuMs);
                string line = string.Format(Inv, "| {0} | {1} | {2} | {3:F0} / {4:F0} | {5:F2} ({6:F2}-{7:F2}) | {8:P2} | {9:F2} | {10:F2} | {11:F3} | {12:F0} | {13:F0} | {14} | {15:F2} | {16:F2} |",
                    corpus.Lines, findings.Length, entryCount, aMin, Harness.Median(analyzerMs), cpuMedian, suppressorCpuMs.Min(), suppressorCpuMs.Max(),
                    aMin > 0 ? cpuMedian / aMin : 0, Harness.Median(suppressorMs), Harness.Median(unmatchedCpuMs), Harness.Median(noFileMs),
                    Harness.Median(wallWithout), Harness.Median(wallWith), suppressed, Harness.Median(floorCpuMs), Harness.Median(rel001Ms));
                Console.WriteLine(line);
                sb.Append(line).Append('\n');
            }

            return sb.ToString();
        }

        private static async Task<(TimeSpan Wall, ImmutableArray<Diagnostic> Diagnostics, IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> Times)> RunAsync(
            ImmutableArray<SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> analyzers, string? baseline)
        {
            Compilation compilation = Harness.Compile(trees, concurrent: false);
            ImmutableArray<AdditionalText> additional = baseline is null
                ? ImmutableArray<AdditionalText>.Empty
                : ImmutableArray.Create<AdditionalText>(new Text(Root + "/" + BaselineDocument.FileName, baseline));
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), null, concurrentAnalysis: false,
                logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: true);
            CompilationWithAnalyzers cwa = compilation.WithAnalyzers(analyzers, options);
            _ = compilation.GetTypeByMetadataName("System.Object");
            _ = compilation.Assembly.GlobalNamespace.GetMembers();
            Stopwatch sw = Stopwatch.StartNew();
            ImmutableArray<Diagnostic> diagnostics = await cwa.GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            sw.Stop();
            var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
            foreach (DiagnosticAnalyzer analyzer in analyzers)
            {
                times[analyzer] = (await cwa.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime;
            }

            return (sw.Elapsed, diagnostics, times);
        }

        /// <summary>An entry per finding, keyed as the tool keys it, padded with synthetic entries to <paramref name="size"/>.</summary>
        private static string BaselineFor(ImmutableArray<Diagnostic> findings, ImmutableArray<SyntaxTree> trees, int size, int seed)
        {
            var entries = new List<BaselineEntry>();
            foreach (Diagnostic d in findings.Where(d => d.Id.StartsWith("REL", StringComparison.Ordinal) && d.Location.IsInSource))
            {
                SyntaxTree tree = d.Location.SourceTree!;
                entries.Add(new BaselineEntry(d.Id, FindingKey.RelativePath(Root, tree.FilePath)!,
                    FindingKey.MemberId(tree.GetRoot(), d.Location.SourceSpan), FindingKey.Fingerprint(d.Id, tree.GetText(), d.Location.SourceSpan), 1));
            }

            var random = new Random(seed);
            string[] rules = { "REL101", "REL104", "REL203", "REL206", "REL401", "REL502" };
            while (entries.Count < size)
            {
                SyntaxTree tree = trees[random.Next(trees.Length)];
                entries.Add(new BaselineEntry(rules[random.Next(rules.Length)], FindingKey.RelativePath(Root, tree.FilePath)!,
                    "M:Acme.Services.Synthetic" + random.Next(1000).ToString(Inv) + ".Run(string,int)",
                    ((ulong)random.NextInt64()).ToString("x16", Inv), 1 + random.Next(2)));
            }

            return BaselineDocument.Write(entries);
        }
    }
}
