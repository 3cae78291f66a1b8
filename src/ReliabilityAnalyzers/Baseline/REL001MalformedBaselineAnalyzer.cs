using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;
using ReliabilityAnalyzers.Infrastructure.Baseline;

namespace ReliabilityAnalyzers.Baseline
{
    /// <summary>
    /// REL001: reliability.baseline.json could not be read. Without this the baseline would be a silent no-op and every
    /// baselined finding would come back at once; one diagnostic per file names the file, the place and the problem.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL001MalformedBaselineAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.MalformedBaseline,
            title: "Baseline file cannot be read",
            messageFormat: "Baseline file '{0}' cannot be read: {1} (line {2}, column {3}). " +
                           "Until it is fixed no finding is suppressed by it. " +
                           "Fix the file or regenerate it with 'reliability baseline'.",
            description: "The suppressor reads reliability.baseline.json (added as an AdditionalFile by the package's props) to " +
                         "suppress known findings. When the file is not valid JSON or does not follow the baseline schema, nothing " +
                         "is suppressed and this diagnostic says why.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterAdditionalFileAction(Analyze);
        }

        private static void Analyze(AdditionalFileAnalysisContext context)
        {
            AdditionalText file = context.AdditionalFile;
            if (!BaselineDocument.IsBaselineFile(file.Path))
            {
                return;
            }

            System.Collections.Generic.List<LoadedBaseline>? loaded = BaselineCache.Load(new[] { file }, context.CancellationToken);
            BaselineFormatException? error = loaded?[0].Error;
            if (error is null)
            {
                return;
            }

            var position = new LinePosition(error.Line - 1, error.Column - 1);
            SourceText? text = file.GetText(context.CancellationToken);
            TextSpan span = new TextSpan(0, 0);
            if (text != null && position.Line < text.Lines.Count)
            {
                TextLine line = text.Lines[position.Line];
                span = new TextSpan(System.Math.Min(line.Start + position.Character, line.End), 0);
            }

            Location location = Location.Create(file.Path, span, new LinePositionSpan(position, position));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, file.Path, error.Message, error.Line, error.Column));
        }
    }
}
