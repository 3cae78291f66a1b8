using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ReliabilityAnalyzers.Benchmarks
{
    /// <summary>
    /// Usage: dotnet run -c Release --project tests/ReliabilityAnalyzers.Benchmarks -- [--sizes 50000,100000,200000]
    ///   [--seed N] [--warmup 1] [--reps 5] [--peer-reps 1] [--latency-reps 7] [--no-peers] [--isolate] [--concurrent]
    ///   [--out artifacts/benchmark.md] [--smoke]
    ///   [--baseline-cost [--baseline-entries 2000]]  (only the baseline suppressor's cost; see BaselineCost)
    /// </summary>
    public static class Program
    {
        private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        public static async Task<int> Main(string[] args)
        {
            var o = Options.Parse(args);
            if (o.BaselineCost)
            {
                Console.WriteLine(await BaselineCost.RunAsync(o.Sizes, o.Seed, o.Warmup, o.Reps, o.BaselineEntries).ConfigureAwait(false));
                return 0;
            }

            if (o.Smoke)
            {
                SmokeResult smoke = await Smoke.RunAsync().ConfigureAwait(false);
                Console.WriteLine($"smoke: {smoke.Lines} lines, {smoke.CompileErrors} compile errors, findings: " +
                    string.Join(", ", smoke.Findings.OrderBy(k => k.Key).Select(k => k.Key + "=" + k.Value)) +
                    $"; analyzer failures: {smoke.AnalyzerFailures.Count}");
                foreach (string e in smoke.CompileErrorSamples.Concat(smoke.AnalyzerFailures))
                {
                    Console.WriteLine("  " + e);
                }

                return smoke.CompileErrors == 0 && smoke.AnalyzerFailures.Count == 0 && smoke.Findings.Count > 0 ? 0 : 1;
            }

            string markdown = await RunAsync(o).ConfigureAwait(false);
            string output = Path.IsPathRooted(o.Out) ? o.Out : Path.Combine(Harness.Metadata("RepositoryRoot"), o.Out);
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            File.WriteAllText(output, markdown);
            Console.WriteLine(markdown);
            Console.WriteLine("Written to " + output);
            return 0;
        }

        private sealed class SizeResult
        {
            public int Target;
            public Corpus Corpus = null!;
            public double ParseMs;
            public double CompileMs;
            public double CompileCpuMs;
            public double OursCpuMs;
            public double CompileAllocMb;
            public int CompileErrors;
            public double OursWallMs;
            public double OursAllocMb;
            public double OursTotalMs;
            public double OursBestRunMs;
            public Dictionary<DiagnosticAnalyzer, double> OursPerAnalyzerMs = new();
            public Dictionary<string, int> Findings = new();
            public AnalyzerRun? Combined;
            public List<string> Failures = new();
            public (List<double> With, List<double> ModelOnly, List<double> Floor, List<double> OwnCode)? Latency;
            public int LatencyDocLines;
            public List<(string Name, double WallMs, double TelemetryMs)> Isolated = new();
        }

        private static async Task<string> RunAsync(Options o)
        {
            AnalyzerSet ours = AnalyzerSets.Ours();
            var peers = new List<AnalyzerSet>();
            if (!o.NoPeers)
            {
                string root = Harness.Metadata("NuGetPackageRoot");
                foreach (var (id, version, folder) in AnalyzerSets.Peers)
                {
                    AnalyzerSet set = AnalyzerSets.LoadPeer(root, id, version, folder, familyRulesOnly: true);
                    Console.WriteLine($"peer {id} {version}: {set.LoadNote}");
                    peers.Add(set);
                }
            }

            ImmutableArray<DiagnosticAnalyzer> combined = ours.Analyzers.AddRange(peers.SelectMany(p => p.Analyzers));

            // Warm-up: JIT the compiler, our analyzers and the peers on a small corpus.
            Console.WriteLine("warm-up...");
            {
                ImmutableArray<SyntaxTree> warmTrees = Harness.Parse(CorpusGenerator.Generate(5000, o.Seed + 1));
                Harness.MeasureCompile(warmTrees, o.Concurrent);
                AnalyzerRun warm = await Harness.RunAnalyzersAsync(Harness.Compile(warmTrees, o.Concurrent), combined, o.Concurrent).ConfigureAwait(false);
                foreach (var group in warm.Exceptions.GroupBy(e => e.Analyzer.GetType().FullName))
                {
                    Console.WriteLine($"  warm-up: {group.Key} threw {group.First().Exception.GetType().Name}: {group.First().Exception.Message}");
                }
            }

            var results = new List<SizeResult>();
            foreach (int size in o.Sizes)
            {
                var r = new SizeResult { Target = size };
                r.Corpus = CorpusGenerator.Generate(size, o.Seed);
                Stopwatch sw = Stopwatch.StartNew();
                ImmutableArray<SyntaxTree> trees = Harness.Parse(r.Corpus);
                r.ParseMs = sw.Elapsed.TotalMilliseconds;
                Console.WriteLine($"size {size}: {r.Corpus.Lines} lines in {r.Corpus.Files.Count} files (parse {r.ParseMs:F0} ms)");

                var compileMs = new List<double>();
                var compileCpu = new List<double>();
                var compileAlloc = new List<double>();
                for (int i = 0; i < o.Warmup + o.Reps; i++)
                {
                    Collect();
                    var (wall, cpu, alloc, errors) = Harness.MeasureCompile(trees, o.Concurrent);
                    r.CompileErrors = errors;
                    if (i >= o.Warmup)
                    {
                        compileMs.Add(wall.TotalMilliseconds);
                        compileCpu.Add(cpu.TotalMilliseconds);
                        compileAlloc.Add(alloc / 1048576.0);
                    }
                }

                r.CompileMs = compileMs.Min();
                r.CompileCpuMs = Harness.Median(compileCpu);
                r.CompileAllocMb = Harness.Median(compileAlloc);
                Console.WriteLine($"  compile: {r.CompileMs:F0} ms (cpu {r.CompileCpuMs:F0}), {r.CompileAllocMb:F0} MB, {r.CompileErrors} errors");

                var wallMs = new List<double>();
                var cpuMs = new List<double>();
                var allocMb = new List<double>();
                var totals = new List<double>();
                var per = ours.Analyzers.ToDictionary(a => a, _ => new List<double>());
                for (int i = 0; i < o.Warmup + o.Reps; i++)
                {
                    Collect();
                    AnalyzerRun run = await Harness.RunAnalyzersAsync(Harness.Compile(trees, o.Concurrent), ours.Analyzers, o.Concurrent).ConfigureAwait(false);
                    r.Failures.AddRange(run.Exceptions.Select(e => e.Analyzer.GetType().Name + ": " + e.Exception.GetType().Name + " " + e.Exception.Message));
                    if (i < o.Warmup)
                    {
                        continue;
                    }

                    wallMs.Add(run.Wall.TotalMilliseconds);
                    cpuMs.Add(run.Cpu.TotalMilliseconds);
                    allocMb.Add(run.AllocatedBytes / 1048576.0);
                    totals.Add(run.ExecutionTimes.Values.Sum(t => t.TotalMilliseconds));
                    foreach (var kv in run.ExecutionTimes)
                    {
                        per[kv.Key].Add(kv.Value.TotalMilliseconds);
                    }

                    r.Findings = run.Diagnostics.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count());
                }

                r.OursWallMs = wallMs.Min();
                r.OursCpuMs = Harness.Median(cpuMs);
                r.OursAllocMb = Harness.Median(allocMb);
                // The package total is the sum of each analyzer's best repetition, like the per-analyzer table it sums:
                // a GC pause that lands in one rule's callback in one run does not count against the package. The best
                // single run's total is reported beside it.
                r.OursBestRunMs = totals.Min();
                r.OursTotalMs = per.Values.Sum(v => v.Min());
                r.OursPerAnalyzerMs = per.ToDictionary(kv => kv.Key, kv => kv.Value.Min());
                Console.WriteLine($"  ours: analyzers {r.OursTotalMs:F0} ms (best single run {r.OursBestRunMs:F0} ms), wall {r.OursWallMs:F0} ms (cpu {r.OursCpuMs:F0}), alloc {r.OursAllocMb:F0} MB");

                if (size == o.Sizes.Max() && o.Isolate)
                {
                    // Each of our analyzers alone, and two do-nothing analyzers: what the driver itself costs.
                    var alone = new List<DiagnosticAnalyzer> { new FloorSyntaxAnalyzer(), new FloorOperationAnalyzer() };
                    alone.AddRange(ours.Analyzers);
                    foreach (DiagnosticAnalyzer a in alone)
                    {
                        var walls = new List<double>();
                        var tel = new List<double>();
                        for (int i = 0; i < Math.Max(1, o.Reps); i++)
                        {
                            Collect();
                            AnalyzerRun run = await Harness.RunAnalyzersAsync(Harness.Compile(trees, o.Concurrent), ImmutableArray.Create(a), o.Concurrent).ConfigureAwait(false);
                            walls.Add(run.Wall.TotalMilliseconds);
                            tel.Add(run.ExecutionTimes[a].TotalMilliseconds);
                        }

                        r.Isolated.Add((a.GetType().Name, walls.Min(), tel.Min()));
                        Console.WriteLine($"  alone {a.GetType().Name}: wall {Harness.Median(walls):F0} ms, telemetry {Harness.Median(tel):F1} ms");
                    }
                }

                if (size == o.Sizes.Max())
                {
                    SyntaxTree doc = trees.First(t => t.FilePath.EndsWith(r.Corpus.LargestFile, StringComparison.Ordinal));
                    r.LatencyDocLines = doc.GetText().Lines.Count;
                    await Harness.MeasureDocumentLatencyAsync(trees, doc, ours.Analyzers, 2, o.Concurrent).ConfigureAwait(false); // warm-up
                    r.Latency = await Harness.MeasureDocumentLatencyAsync(trees, doc, ours.Analyzers, o.LatencyReps, o.Concurrent).ConfigureAwait(false);
                    Console.WriteLine($"  IDE latency ({r.LatencyDocLines} lines): median {Harness.Median(r.Latency.Value.With):F0} ms");
                }

                results.Add(r);
            }

            // The peers run once every size of ours is measured, so that our times do not depend on what the peers left in
            // the process. With the peers run between sizes, the same build measured 12.8% of compile at 200k lines and
            // scaled 4.7x; without peers in the process 8.9% and 3.3x (2026-12-02).
            if (peers.Count > 0)
            {
                foreach (SizeResult r in results)
                {
                    ImmutableArray<SyntaxTree> trees = Harness.Parse(r.Corpus);
                    // Same compilation shape, all analyzers in one driver: per-analyzer telemetry is comparable.
                    AnalyzerRun? best = null;
                    for (int i = 0; i < o.PeerReps; i++)
                    {
                        Collect();
                        AnalyzerRun run = await Harness.RunAnalyzersAsync(Harness.Compile(trees, o.Concurrent), combined, o.Concurrent).ConfigureAwait(false);
                        if (best is null || run.Wall < best.Wall)
                        {
                            best = run;
                        }
                    }

                    r.Combined = best;
                    Console.WriteLine($"  combined (ours + peers): wall {best!.Wall.TotalMilliseconds:F0} ms");
                }
            }

            return Report(o, ours, peers, results);
        }

        private static void Collect()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        private static string Ids(DiagnosticAnalyzer a) =>
            string.Join(", ", Families.SafeSupported(a).Select(d => d.Id).Distinct().OrderBy(x => x, StringComparer.Ordinal));

        private static string F(double v, string format = "F1") => double.IsNaN(v) || double.IsInfinity(v) ? "n/a" : v.ToString(format, Inv);

        private static string Report(Options o, AnalyzerSet ours, List<AnalyzerSet> peers, List<SizeResult> results)
        {
            var sb = new StringBuilder();
            SizeResult big = results[^1];
            SizeResult small = results[0];
            double Per1k(double ms, SizeResult r) => ms * 1000.0 / (r.Corpus.Lines / 1000.0); // µs per 1k lines

            sb.AppendLine("## Benchmark results");
            sb.AppendLine();
            sb.AppendLine($"Machine: {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
                          $"Roslyn {typeof(Compilation).Assembly.GetName().Version}; {(o.Concurrent ? "concurrent" : "single-threaded")} analysis; " +
                          $"seed {o.Seed}; {o.Warmup} warm-up + {o.Reps} measured repetitions per size; " +
                          "wall and telemetry times are the minimum over repetitions (other load on the machine only ever adds time), CPU times and allocations the median; " +
                          $"peers and ours together {o.PeerReps} run(s) per size (the fastest kept).");
            sb.AppendLine();
            sb.AppendLine("### Corpus and compile time (no analyzers)");
            sb.AppendLine();
            sb.AppendLine("| target | lines | files | parse ms | compile ms | compile CPU ms | compile alloc MB | compile errors | seeded defects |");
            sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (SizeResult r in results)
            {
                sb.AppendLine($"| {r.Target} | {r.Corpus.Lines} | {r.Corpus.Files.Count} | {F(r.ParseMs, "F0")} | {F(r.CompileMs, "F0")} | {F(r.CompileCpuMs, "F0")} | {F(r.CompileAllocMb, "F0")} | {r.CompileErrors} | {r.Corpus.SeededDefects.Values.Sum()} |");
            }

            sb.AppendLine();
            sb.AppendLine("### Our package, whole (telemetry: each analyzer's best repetition, summed; the best single run's sum beside it)");
            sb.AppendLine();
            sb.AppendLine("| lines | analyzers ms | best single run ms | µs / 1k lines | % of compile | wall with analyzers ms | wall overhead vs compile | CPU overhead vs compile | extra alloc MB | findings |");
            sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
            foreach (SizeResult r in results)
            {
                string findings = string.Join(", ", r.Findings.Where(k => k.Key.StartsWith("REL", StringComparison.Ordinal)).OrderBy(k => k.Key).Select(k => k.Key + " " + k.Value));
                sb.AppendLine($"| {r.Corpus.Lines} | {F(r.OursTotalMs)} | {F(r.OursBestRunMs)} | {F(Per1k(r.OursTotalMs, r), "F0")} | {F(100 * r.OursTotalMs / r.CompileMs, "F2")}% | {F(r.OursWallMs, "F0")} | {F(100 * (r.OursWallMs - r.CompileMs) / r.CompileMs, "F1")}% | {F(100 * (r.OursCpuMs - r.CompileCpuMs) / r.CompileCpuMs, "F1")}% | {F(r.OursAllocMb - r.CompileAllocMb, "F0")} | {findings} |");
            }

            string Scale(Func<SizeResult, double> f)
            {
                if (results.Count < 2)
                {
                    return "n/a";
                }

                double b = f(small);
                return string.Join(" → ", results.Select(r => F(f(r) / b, "F2") + "x"));
            }

            string sizesRatio = string.Join(" → ", results.Select(r => F((double)r.Corpus.Lines / small.Corpus.Lines, "F2") + "x"));
            sb.AppendLine();
            sb.AppendLine($"Scaling (code {sizesRatio}): compile {Scale(r => r.CompileMs)}; our analyzers {Scale(r => r.OursTotalMs)}.");
            sb.AppendLine();

            sb.AppendLine($"### Per analyzer ({big.Corpus.Lines} lines)");
            sb.AppendLine();
            sb.AppendLine("| analyzer | IDs | family | ms | µs / 1k lines | % of compile | scaling " + string.Join("→", results.Select(r => (r.Corpus.Lines / 1000) + "k")) + " |");
            sb.AppendLine("|---|---|---|---:|---:|---:|---|");
            foreach (DiagnosticAnalyzer a in ours.Analyzers)
            {
                double ms = big.OursPerAnalyzerMs[a];
                sb.AppendLine($"| {a.GetType().Name} | {Ids(a)} | {string.Join("/", Families.Of(a))} | {F(ms)} | {F(Per1k(ms, big), "F0")} | {F(100 * ms / big.CompileMs, "F2")}% | {Scale(r => r.OursPerAnalyzerMs[a])} |");
            }

            if (big.Isolated.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine($"### Each analyzer alone, and the driver floor ({big.Corpus.Lines} lines; compile {F(big.CompileMs, "F0")} ms)");
                sb.AppendLine();
                sb.AppendLine("Floor* analyzers register one action (a CatchClause syntax action / a Throw operation action) and do nothing: their overhead is the analyzer driver's, paid by any analyzer of that shape.");
                sb.AppendLine();
                sb.AppendLine("| analyzer alone | wall ms | wall overhead vs compile | telemetry ms |");
                sb.AppendLine("|---|---:|---:|---:|");
                foreach (var (name, wall, tel) in big.Isolated)
                {
                    sb.AppendLine($"| {name} | {F(wall, "F0")} | {F(100 * (wall - big.CompileMs) / big.CompileMs, "F1")}% | {F(tel)} |");
                }
            }

            if (peers.Count > 0)
            {
                sb.AppendLine();
                sb.AppendLine($"### Per family against peers ({big.Corpus.Lines} lines, same run, same compilation)");
                sb.AppendLine();
                sb.AppendLine("Each cell: execution time (ms) of the analyzer types whose supported IDs cover the family; ratio = ours / peer (below 1 means we are cheaper).");
                sb.AppendLine();
                sb.AppendLine("| family | ours ms | ours µs/1k lines | " + string.Join(" | ", peers.Select(p => p.Name + " ms (ratio)")) + " |");
                sb.AppendLine("|---|---:|---:|" + string.Concat(peers.Select(_ => "---:|")));
                AnalyzerRun combined = big.Combined!;
                double FamilyTime(IEnumerable<DiagnosticAnalyzer> analyzers, string family) =>
                    analyzers.Where(a => Families.Of(a).Contains(family)).Sum(a => combined.ExecutionTimes.TryGetValue(a, out TimeSpan t) ? t.TotalMilliseconds : 0);
                foreach (string family in Families.Names)
                {
                    bool oursHas = ours.Analyzers.Any(a => Families.Of(a).Contains(family));
                    double mine = FamilyTime(ours.Analyzers, family);
                    var cells = new List<string>();
                    foreach (AnalyzerSet p in peers)
                    {
                        bool peerHas = p.Analyzers.Any(a => Families.Of(a).Contains(family));
                        double theirs = FamilyTime(p.Analyzers, family);
                        cells.Add(!peerHas ? "—" : !oursHas ? F(theirs) : $"{F(theirs)} ({F(mine / theirs, "F2")})");
                    }

                    sb.AppendLine($"| {family} | {(oursHas ? F(mine) : "(no rules yet)")} | {(oursHas ? F(Per1k(mine, big), "F0") : "")} | {string.Join(" | ", cells)} |");
                }

                sb.AppendLine();
                sb.AppendLine("Peer analyzer types measured per family (" + big.Corpus.Lines + " lines):");
                sb.AppendLine();
                foreach (AnalyzerSet p in peers)
                {
                    sb.AppendLine($"- **{p.Name}**: {p.LoadNote}.");
                    foreach (string family in Families.Names)
                    {
                        var members = p.Analyzers.Where(a => Families.Of(a).Contains(family)).ToList();
                        if (members.Count == 0)
                        {
                            continue;
                        }

                        string ids = string.Join(", ", members.SelectMany(a => Families.SafeSupported(a).Select(d => d.Id))
                            .Where(id => Families.PeerIds.TryGetValue(id, out string? f) && f == family).Distinct().OrderBy(x => x, StringComparer.Ordinal));
                        int findings = combined.Diagnostics.Count(d => Families.PeerIds.TryGetValue(d.Id, out string? f) && f == family && members.Any(m => Families.SafeSupported(m).Any(s => s.Id == d.Id)));
                        sb.AppendLine($"  - {family}: {members.Count} analyzer type(s) for {ids}; {findings} findings on the corpus.");
                    }
                }

                var peerFailures = combined.Exceptions.GroupBy(e => e.Analyzer.GetType().FullName).ToList();
                if (peerFailures.Count > 0)
                {
                    sb.AppendLine();
                    sb.AppendLine("Analyzers that threw on this host (excluded from nothing, their time still counts):");
                    foreach (var g in peerFailures)
                    {
                        sb.AppendLine($"- {g.Key}: {g.Count()}× {g.First().Exception.GetType().Name}: {g.First().Exception.Message.Split('\n')[0]}");
                    }
                }
            }

            if (big.Latency is { } latency)
            {
                sb.AppendLine();
                sb.AppendLine($"### IDE-style latency: one document ({big.LatencyDocLines} lines) in the {big.Corpus.Lines}-line compilation, fresh compilation per repetition ({o.LatencyReps} repetitions)");
                sb.AppendLine();
                sb.AppendLine("| measurement | median ms | p95 ms |");
                sb.AppendLine("|---|---:|---:|");
                sb.AppendLine($"| semantic model diagnostics only | {F(Harness.Median(latency.ModelOnly))} | {F(Harness.Percentile(latency.ModelOnly, 0.95))} |");
                sb.AppendLine($"| semantic model + two do-nothing analyzers (the analyzer driver's floor) | {F(Harness.Median(latency.Floor))} | {F(Harness.Percentile(latency.Floor, 0.95))} |");
                sb.AppendLine($"| semantic model + our analyzers (syntax + semantic) | {F(Harness.Median(latency.With))} | {F(Harness.Percentile(latency.With, 0.95))} |");
                sb.AppendLine($"| of which our rules' own code (driver telemetry, separate run) | {F(Harness.Median(latency.OwnCode))} | {F(Harness.Percentile(latency.OwnCode, 0.95))} |");
                sb.AppendLine();
                sb.AppendLine("The rest of the difference to the semantic model is the analyzer driver's own work per document (compilation and symbol events, operation trees, per-analyzer bookkeeping); the do-nothing row shows the part any package pays.");
            }

            sb.AppendLine();
            sb.AppendLine("### Budgets (largest corpus)");
            sb.AppendLine();
            double pkg = 100 * big.OursTotalMs / big.CompileMs;
            DiagnosticAnalyzer worst = ours.Analyzers.OrderByDescending(a => big.OursPerAnalyzerMs[a]).First();
            double worstPct = 100 * big.OursPerAnalyzerMs[worst] / big.CompileMs;
            double scaling = big.OursTotalMs / small.OursTotalMs;
            double codeScaling = (double)big.Corpus.Lines / small.Corpus.Lines;
            double pkgBestRun = 100 * big.OursBestRunMs / big.CompileMs;
            sb.AppendLine($"- Whole package ≤ 10% of compile: {F(pkg, "F2")}% (best single run {F(pkgBestRun, "F2")}%) — {(pkg <= 10 ? "holds" : "FAILS")}.");
            sb.AppendLine($"- No single analyzer > 2% of compile: worst {worst.GetType().Name} {F(worstPct, "F2")}% — {(worstPct <= 2 ? "holds" : "FAILS")}.");
            if (results.Count > 1)
            {
                double allowed = 1.1 * codeScaling;
                double scalingBestRun = big.OursBestRunMs / small.OursBestRunMs;
                sb.AppendLine($"- {F(codeScaling, "F2")}x code → ≤ {F(allowed, "F2")}x analyzer time: {F(scaling, "F2")}x (best single runs {F(scalingBestRun, "F2")}x) — {(scaling <= allowed ? "holds" : "FAILS")}.");
            }

            if (peers.Count > 0)
            {
                // Budget: our family costs less than the peer rules that cover the same family (all peers together: what a
                // team would run to get that coverage). Each peer alone is reported too, so no cheaper single peer is hidden.
                AnalyzerRun combined = big.Combined!;
                var together = new List<string>();
                var alone = new List<string>();
                int comparisons = 0, lower = 0;
                foreach (string family in Families.Names)
                {
                    if (!ours.Analyzers.Any(a => Families.Of(a).Contains(family)))
                    {
                        continue;
                    }

                    double mine = ours.Analyzers.Where(a => Families.Of(a).Contains(family)).Sum(a => combined.ExecutionTimes[a].TotalMilliseconds);
                    var covering = peers.Where(p => p.Analyzers.Any(a => Families.Of(a).Contains(family)))
                        .Select(p => (p.Name, Ms: p.Analyzers.Where(a => Families.Of(a).Contains(family)).Sum(a => combined.ExecutionTimes[a].TotalMilliseconds)))
                        .ToList();
                    double theirs = covering.Sum(c => c.Ms);
                    together.Add($"{family} {F(mine)} ms vs {F(theirs)} ms — {(mine < theirs ? "holds" : "FAILS")}");
                    foreach (var c in covering)
                    {
                        comparisons++;
                        if (mine < c.Ms)
                        {
                            lower++;
                        }
                        else
                        {
                            alone.Add($"{family} vs {c.Name} ({F(mine)} vs {F(c.Ms)} ms)");
                        }
                    }
                }

                sb.AppendLine($"- Per family lower than the peer rules covering it (all peers together): {string.Join("; ", together)}.");
                sb.AppendLine($"- Per family against each peer alone (not a budget; a single peer covers a part of the family): lower in {lower} of {comparisons}"
                    + (alone.Count == 0 ? "." : $"; not lower: {string.Join(", ", alone)}."));
            }

            var failures = results.SelectMany(r => r.Failures).Distinct().ToList();
            sb.AppendLine($"- Our analyzers threw: {(failures.Count == 0 ? "never" : string.Join("; ", failures.Take(5)))}.");
            return sb.ToString();
        }

        private sealed class Options
        {
            public int[] Sizes = { 50000, 100000, 200000 };
            public int Seed = 20261123;
            public int Warmup = 1;
            public int Reps = 5;
            public int PeerReps = 1;
            public int LatencyReps = 7;
            public bool NoPeers;
            public bool Concurrent;
            public bool Smoke;
            public bool Isolate;
            public bool BaselineCost;
            public int BaselineEntries = 2000;
            public string Out = "artifacts/benchmark.md";

            public static Options Parse(string[] args)
            {
                var o = new Options();
                for (int i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
                    switch (args[i])
                    {
                        case "--sizes": o.Sizes = Next().Split(',').Select(s => int.Parse(s, Inv)).OrderBy(x => x).ToArray(); break;
                        case "--seed": o.Seed = int.Parse(Next(), Inv); break;
                        case "--warmup": o.Warmup = int.Parse(Next(), Inv); break;
                        case "--reps": o.Reps = int.Parse(Next(), Inv); break;
                        case "--peer-reps": o.PeerReps = int.Parse(Next(), Inv); break;
                        case "--latency-reps": o.LatencyReps = int.Parse(Next(), Inv); break;
                        case "--no-peers": o.NoPeers = true; break;
                        case "--concurrent": o.Concurrent = true; break;
                        case "--smoke": o.Smoke = true; break;
                        case "--isolate": o.Isolate = true; break;
                        case "--baseline-cost": o.BaselineCost = true; break;
                        case "--baseline-entries": o.BaselineEntries = int.Parse(Next(), Inv); break;
                        case "--out": o.Out = Next(); break;
                        default: throw new ArgumentException("unknown argument " + args[i]);
                    }
                }

                return o;
            }
        }
    }
}
