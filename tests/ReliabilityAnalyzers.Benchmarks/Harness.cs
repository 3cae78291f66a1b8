using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace ReliabilityAnalyzers.Benchmarks
{
    /// <summary>Result of one analyzer run over a compilation.</summary>
    public sealed class AnalyzerRun
    {
        public TimeSpan Wall { get; init; }

        /// <summary>Process CPU time over the run (robust when other processes compete for the cores).</summary>
        public TimeSpan Cpu { get; init; }

        public long AllocatedBytes { get; init; }

        /// <summary>Execution time per analyzer, from the driver's telemetry.</summary>
        public IReadOnlyDictionary<DiagnosticAnalyzer, TimeSpan> ExecutionTimes { get; init; } = new Dictionary<DiagnosticAnalyzer, TimeSpan>();

        public ImmutableArray<Diagnostic> Diagnostics { get; init; }

        /// <summary>Exceptions thrown by analyzers (the AD0001 cases).</summary>
        public IReadOnlyList<(DiagnosticAnalyzer Analyzer, Exception Exception)> Exceptions { get; init; } = Array.Empty<(DiagnosticAnalyzer, Exception)>();
    }

    /// <summary>Compilation set-up and measurements shared by the benchmark and the smoke test.</summary>
    public static class Harness
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new Lazy<ImmutableArray<MetadataReference>>(LoadReferences);

        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        public static string Metadata(string key) =>
            typeof(Harness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            string file = Metadata("TestReferencesFile");
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"Missing {file}: build tests/ReliabilityAnalyzers.TestReferences first (building this project does).");
            }

            return File.ReadAllLines(file)
                .Where(line => line.Length > 0)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }

        public static ImmutableArray<SyntaxTree> Parse(Corpus corpus)
        {
            var options = new CSharpParseOptions(LanguageVersion.CSharp12);
            return corpus.Files
                .Select(f => CSharpSyntaxTree.ParseText(f.Text, options, path: "/corpus/" + f.Path, encoding: System.Text.Encoding.UTF8))
                .ToImmutableArray();
        }

        /// <summary>
        /// A fresh compilation over already-parsed trees (no bound state is shared with earlier compilations).
        /// Peer rule IDs that are off by default are switched on, so a peer is measured doing the work that covers
        /// our families.
        /// </summary>
        public static CSharpCompilation Compile(ImmutableArray<SyntaxTree> trees, bool concurrent)
        {
            var specific = Families.PeerIds.Keys.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
            var options = new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable,
                    concurrentBuild: concurrent)
                .WithSpecificDiagnosticOptions(specific);
            return CSharpCompilation.Create("Acme.Services", trees, References, options);
        }

        public static AnalyzerOptions EmptyAnalyzerOptions() => new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);

        public static async Task<AnalyzerRun> RunAnalyzersAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent, CancellationToken cancellationToken = default)
        {
            var exceptions = new ConcurrentQueue<(DiagnosticAnalyzer, Exception)>();
            var options = new CompilationWithAnalyzersOptions(
                EmptyAnalyzerOptions(),
                onAnalyzerException: (ex, analyzer, _) => exceptions.Enqueue((analyzer, ex)),
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false);
            CompilationWithAnalyzers cwa = compilation.WithAnalyzers(analyzers, options);

            long before = GC.GetTotalAllocatedBytes(true);
            TimeSpan cpu = CpuTime();
            Stopwatch sw = Stopwatch.StartNew();
            // Bind the references and merge the declarations first (inside the wall time, outside any analyzer): the
            // compiler does this once per compilation whether analyzers run or not, and otherwise the first analyzer to
            // look up a type waits for it on its own telemetry clock.
            _ = compilation.GetTypeByMetadataName("System.Object");
            _ = compilation.Assembly.GlobalNamespace.GetMembers();
            ImmutableArray<Diagnostic> diagnostics = await cwa.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            sw.Stop();
            cpu = CpuTime() - cpu;
            long allocated = GC.GetTotalAllocatedBytes(true) - before;

            var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
            foreach (DiagnosticAnalyzer analyzer in analyzers)
            {
                AnalyzerTelemetryInfo info = await cwa.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
                times[analyzer] = info.ExecutionTime;
            }

            return new AnalyzerRun
            {
                Wall = sw.Elapsed,
                Cpu = cpu,
                AllocatedBytes = allocated,
                ExecutionTimes = times,
                Diagnostics = diagnostics,
                Exceptions = exceptions.ToArray(),
            };
        }

        /// <summary>Compile time without analyzers: a fresh compilation's GetDiagnostics (declarations and all method bodies).</summary>
        public static TimeSpan CpuTime() => Process.GetCurrentProcess().TotalProcessorTime;

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int ClockGetTime(int clock, out TimeSpec value);

        /// <summary>
        /// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID, nanosecond resolution), or null elsewhere.
        /// Process CPU time on Linux counts in 10 ms ticks, too coarse for a call that takes a few milliseconds, and wall
        /// time on a shared machine includes the time other processes ran.
        /// </summary>
        public static TimeSpan? ThreadCpuTime()
        {
            if (!OperatingSystem.IsLinux())
            {
                return null;
            }

            try
            {
                return ClockGetTime(3, out TimeSpec t) == 0 ? TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100) : null;
            }
            catch (DllNotFoundException)
            {
                return null;
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }

        public static (TimeSpan Wall, TimeSpan Cpu, long Allocated, int Errors) MeasureCompile(ImmutableArray<SyntaxTree> trees, bool concurrent)
        {
            CSharpCompilation compilation = Compile(trees, concurrent);
            long before = GC.GetTotalAllocatedBytes(true);
            TimeSpan cpu = CpuTime();
            Stopwatch sw = Stopwatch.StartNew();
            ImmutableArray<Diagnostic> diagnostics = compilation.GetDiagnostics();
            sw.Stop();
            cpu = CpuTime() - cpu;
            long allocated = GC.GetTotalAllocatedBytes(true) - before;
            Diagnostic[] errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (errors.Length > 0)
            {
                Console.Error.WriteLine("compile error (the corpus must compile): " + errors[0]);
            }

            return (sw.Elapsed, cpu, allocated, errors.Length);
        }

        /// <summary>
        /// IDE-style latency of one document after an edit: a fresh compilation (nothing bound yet), its semantic model,
        /// then our analyzers on that document only (syntax + semantic). Returns per-repetition times, and the same
        /// without analyzers (semantic model diagnostics only) for reference.
        /// </summary>
        /// <summary>
        /// IDE-style latency of one document: semantic model alone; with two do-nothing analyzers (the analyzer driver's
        /// own floor: compilation events, operation trees, generated-code checks); with our analyzers.
        /// </summary>
        public static async Task<(List<double> WithAnalyzersMs, List<double> ModelOnlyMs, List<double> FloorMs, List<double> OwnCodeMs)> MeasureDocumentLatencyAsync(
            ImmutableArray<SyntaxTree> trees, SyntaxTree document, ImmutableArray<DiagnosticAnalyzer> analyzers, int repetitions, bool concurrent)
        {
            var withAnalyzers = new List<double>();
            var modelOnly = new List<double>();
            var floor = new List<double>();
            var ownCode = new List<double>();
            var options = new CompilationWithAnalyzersOptions(EmptyAnalyzerOptions(), null, concurrent, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false);
            var timed = new CompilationWithAnalyzersOptions(EmptyAnalyzerOptions(), null, concurrent, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false);
            ImmutableArray<DiagnosticAnalyzer> floorAnalyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new FloorSyntaxAnalyzer(), new FloorOperationAnalyzer());
            for (int i = 0; i < repetitions; i++)
            {
                CSharpCompilation baseline = Compile(trees, concurrent);
                Stopwatch sw = Stopwatch.StartNew();
                baseline.GetSemanticModel(document).GetDiagnostics();
                sw.Stop();
                modelOnly.Add(sw.Elapsed.TotalMilliseconds);

                floor.Add(await AnalyzeDocumentAsync(Compile(trees, concurrent).WithAnalyzers(floorAnalyzers, options), document).ConfigureAwait(false));
                withAnalyzers.Add(await AnalyzeDocumentAsync(Compile(trees, concurrent).WithAnalyzers(analyzers, options), document).ConfigureAwait(false));

                // A separate run with the driver's telemetry on: how much of that time is the rules' own code.
                CompilationWithAnalyzers telemetry = Compile(trees, concurrent).WithAnalyzers(analyzers, timed);
                await AnalyzeDocumentAsync(telemetry, document).ConfigureAwait(false);
                double own = 0;
                foreach (DiagnosticAnalyzer analyzer in analyzers)
                {
                    own += (await telemetry.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).ConfigureAwait(false)).ExecutionTime.TotalMilliseconds;
                }

                ownCode.Add(own);
            }

            return (withAnalyzers, modelOnly, floor, ownCode);
        }

        private static async Task<double> AnalyzeDocumentAsync(CompilationWithAnalyzers cwa, SyntaxTree document)
        {
            Stopwatch sw = Stopwatch.StartNew();
            SemanticModel model = cwa.Compilation.GetSemanticModel(document);
            model.GetDiagnostics();
            await cwa.GetAnalyzerSyntaxDiagnosticsAsync(document, CancellationToken.None).ConfigureAwait(false);
            await cwa.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).ConfigureAwait(false);
            sw.Stop();
            return sw.Elapsed.TotalMilliseconds;
        }

        public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

        public static double Percentile(IEnumerable<double> values, double p)
        {
            double[] sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0)
            {
                return double.NaN;
            }

            double rank = p * (sorted.Length - 1);
            int lo = (int)Math.Floor(rank);
            int hi = (int)Math.Ceiling(rank);
            return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
        }
    }

    /// <summary>What the smoke mode found (used by the xunit smoke test).</summary>
    public sealed class SmokeResult
    {
        public int Lines { get; init; }

        public int CompileErrors { get; init; }

        public IReadOnlyList<string> CompileErrorSamples { get; init; } = Array.Empty<string>();

        public IReadOnlyDictionary<string, int> SeededDefects { get; init; } = new Dictionary<string, int>();

        /// <summary>Findings per rule ID.</summary>
        public IReadOnlyDictionary<string, int> Findings { get; init; } = new Dictionary<string, int>();

        /// <summary>Families that have at least one of our analyzers.</summary>
        public IReadOnlyList<string> FamiliesWithAnalyzers { get; init; } = Array.Empty<string>();

        public IReadOnlyList<string> AnalyzerFailures { get; init; } = Array.Empty<string>();
    }

    public static class Smoke
    {
        /// <summary>Small corpus with a high defect rate, our analyzers only, no timing.</summary>
        public static async Task<SmokeResult> RunAsync(int lines = 4000, int seed = 42)
        {
            Corpus corpus = CorpusGenerator.Generate(lines, seed, defectRate: 0.35);
            ImmutableArray<SyntaxTree> trees = Harness.Parse(corpus);
            CSharpCompilation compilation = Harness.Compile(trees, concurrent: true);
            Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            AnalyzerSet ours = AnalyzerSets.Ours();
            AnalyzerRun run = await Harness.RunAnalyzersAsync(compilation, ours.Analyzers, concurrent: true).ConfigureAwait(false);

            var failures = run.Exceptions.Select(e => e.Analyzer.GetType().Name + ": " + e.Exception).ToList();
            failures.AddRange(run.Diagnostics.Where(d => d.Id == "AD0001" || d.Id == "AD0002").Select(d => d.ToString()));
            return new SmokeResult
            {
                Lines = corpus.Lines,
                CompileErrors = errors.Length,
                CompileErrorSamples = errors.Take(10).Select(d => d.ToString()).ToArray(),
                SeededDefects = corpus.SeededDefects,
                Findings = run.Diagnostics.Where(d => d.Id.StartsWith("REL", StringComparison.Ordinal))
                    .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count()),
                FamiliesWithAnalyzers = ours.Analyzers.SelectMany(Families.Of).Distinct().ToArray(),
                AnalyzerFailures = failures,
            };
        }
    }
}
