using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Baseline;
using ReliabilityAnalyzers.Infrastructure.Baseline;
using ReliabilityAnalyzers.Tests.Infrastructure;

namespace ReliabilityAnalyzers.Tests.Baseline
{
    internal sealed class InMemoryAdditionalText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryAdditionalText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    /// <summary>Runs analyzers plus the baseline suppressor over in-memory files, and builds baselines the way the tool does.</summary>
    internal static class BaselineTestKit
    {
        public const string Root = "/repo";
        public const string BaselinePath = Root + "/reliability.baseline.json";

        public static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, string? baselineJson, params DiagnosticAnalyzer[] analyzers)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(source, path: Root + "/src/Store.cs");
            CSharpCompilation compilation = CSharpCompilation.Create(
                "BaselineTest", new[] { tree }, TestReferences.References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            ImmutableArray<AdditionalText> additional = baselineJson is null
                ? ImmutableArray<AdditionalText>.Empty
                : ImmutableArray.Create<AdditionalText>(new InMemoryAdditionalText(BaselinePath, baselineJson));
            var all = analyzers.Append(new BaselineSuppressor()).Append(new REL001MalformedBaselineAnalyzer()).ToImmutableArray();
            var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(additional), onAnalyzerException: null, concurrentAnalysis: false,
                logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true);
            ImmutableArray<Diagnostic> diagnostics = await compilation.WithAnalyzers(all, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            return diagnostics.Where(d => d.Id.StartsWith("REL", System.StringComparison.Ordinal)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
        }

        /// <summary>The entries the tool writes for these (unsuppressed) diagnostics.</summary>
        public static string BaselineFor(IEnumerable<Diagnostic> diagnostics)
        {
            var entries = new List<BaselineEntry>();
            foreach (Diagnostic d in diagnostics.Where(d => !d.IsSuppressed))
            {
                SyntaxTree tree = d.Location.SourceTree!;
                string path = FindingKey.RelativePath(Root, tree.FilePath)!;
                entries.Add(new BaselineEntry(
                    d.Id, path, FindingKey.MemberId(tree.GetRoot(), d.Location.SourceSpan), FindingKey.Fingerprint(d.Id, tree.GetText(), d.Location.SourceSpan), 1));
            }

            return BaselineDocument.Write(entries);
        }
    }
}
