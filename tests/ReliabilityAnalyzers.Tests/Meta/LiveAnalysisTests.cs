using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ReliabilityAnalyzers.Tests.Meta
{
    /// <summary>
    /// Which rules show as live squiggles while typing. The IDE asks a fresh CompilationWithAnalyzers for one document's
    /// diagnostics (GetAnalysisResultAsync(tree) for syntax, GetAnalysisResultAsync(model, span) for semantics, as the
    /// IDE's document analysis does); compilation-end diagnostics only come from a full analysis (the IDE's "entire
    /// solution" background analysis, or a build). Symbol-end actions run per document for symbols declared in it.
    /// Run over the defect sample (every rule fires there), document by document, against the whole compilation.
    /// </summary>
#pragma warning disable xUnit1031 // CompilationWithAnalyzers is driven synchronously, as in the other meta-tests
    public class LiveAnalysisTests
    {
        /// <summary>Rules that need the whole compilation: documented on their pages ("## In the IDE").</summary>
        public static readonly string[] NotLive = { "REL201", "REL304" };

        private readonly ITestOutputHelper _output;

        public LiveAnalysisTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public void EveryRule_IsLivePerDocument_ExceptTheDocumentedWholeCompilationRules()
        {
            (CSharpCompilation compilation, ImmutableArray<AdditionalText> additionalFiles) = SampleCompilation();
            ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(REL101EmptyCatchAnalyzer).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var options = new AnalyzerOptions(additionalFiles);

            var whole = new CompilationWithAnalyzers(compilation, analyzers, options);
            HashSet<string> all = whole.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult()
                .Where(d => d.Location.IsInSource)
                .Select(d => d.Id)
                .ToHashSet();

            // A fresh driver per document, as the IDE's document analysis asks: syntax, then semantics of the whole tree.
            var live = new HashSet<string>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                var perDocument = new CompilationWithAnalyzers(compilation, analyzers, options);
                SemanticModel model = compilation.GetSemanticModel(tree);
                foreach (Diagnostic d in perDocument.GetAnalysisResultAsync(tree, CancellationToken.None).GetAwaiter().GetResult().GetAllDiagnostics()
                    .Concat(perDocument.GetAnalysisResultAsync(model, filterSpan: null, CancellationToken.None).GetAwaiter().GetResult().GetAllDiagnostics()))
                {
                    if (d.Location.SourceTree == tree)
                    {
                        live.Add(d.Id);
                    }
                }
            }

            _output.WriteLine("whole compilation: " + string.Join(" ", all.OrderBy(x => x)));
            _output.WriteLine("per document:      " + string.Join(" ", live.OrderBy(x => x)));
            foreach (string id in NotLive)
            {
                Assert.Contains(id, all); // the sample exercises it, so "not live" below means what it says
            }

            Assert.Equal(NotLive, all.Except(live).OrderBy(x => x, StringComparer.Ordinal).ToArray());
        }

        [Fact]
        public void WholeCompilationRules_SayOnTheirPage_HowTheyShowInTheIde()
        {
            foreach (string id in NotLive)
            {
                string page = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "docs/rules", id + ".md"));
                Assert.Contains("## In the IDE", page);
            }
        }

        /// <summary>The sample's C# files (with the implicit usings of its SDK) on the pinned reference set.</summary>
        private static (CSharpCompilation, ImmutableArray<AdditionalText>) SampleCompilation()
        {
            string folder = Path.Combine(TestReferences.RepositoryRoot, "samples", "NotificationService");
            const string implicitUsings =
                "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
                "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks; " +
                "global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Hosting; global using Microsoft.AspNetCore.Http; " +
                "global using Microsoft.AspNetCore.Routing; global using Microsoft.Extensions.Configuration; " +
                "global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Hosting; global using Microsoft.Extensions.Logging;";
            var trees = Directory.GetFiles(folder, "*.cs")
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
                .Append(CSharpSyntaxTree.ParseText(implicitUsings, new CSharpParseOptions(LanguageVersion.Latest), path: Path.Combine(folder, "GlobalUsings.g.cs")))
                .ToArray();
            CSharpCompilation compilation = CSharpCompilation.Create(
                "NotificationService",
                trees,
                TestReferences.References,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, "the sample does not compile on the test references:\n" + string.Join("\n", errors.Take(10)));
            return (compilation, ImmutableArray<AdditionalText>.Empty);
        }
    }
}
