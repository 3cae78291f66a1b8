using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Async;

namespace ReliabilityAnalyzers.Tests.Async
{
    /// <summary>
    /// REL404 and REL407 ship as one analyzer (<see cref="REL404BlockingCallWithAsyncTwinAnalyzer"/>, both IDs, each call
    /// classified once). Tests that expect the findings of one ID only verify it through these views: the same registration
    /// with the other ID's descriptor left out, so a finding that moved from one ID to the other still fails a test.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL404OnlyView : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(REL404BlockingCallWithAsyncTwinAnalyzer.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            REL404BlockingCallWithAsyncTwinAnalyzer.Register(context, REL404BlockingCallWithAsyncTwinAnalyzer.Rule, localFileRule: null, startupRule: null, unknownApiRule: null);
        }
    }

    /// <summary>REL407's findings of <see cref="REL404BlockingCallWithAsyncTwinAnalyzer"/> only (see <see cref="REL404OnlyView"/>).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL407OnlyView : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(REL407BlockingLocalFileIoRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            REL404BlockingCallWithAsyncTwinAnalyzer.Register(context, twinRule: null, REL407BlockingLocalFileIoRule.Rule, startupRule: null, unknownApiRule: null);
        }
    }

    /// <summary>REL408's findings of <see cref="REL404BlockingCallWithAsyncTwinAnalyzer"/> only (see <see cref="REL404OnlyView"/>).</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL408OnlyView : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(REL408BlockingCallInStartupCodeRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            REL404BlockingCallWithAsyncTwinAnalyzer.Register(context, twinRule: null, localFileRule: null, REL408BlockingCallInStartupCodeRule.Rule, unknownApiRule: null);
        }
    }
}
