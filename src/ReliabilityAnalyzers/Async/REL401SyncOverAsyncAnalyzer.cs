using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL401: .Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll/WaitAny inside async code on a task that is
    /// not proven complete.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL401SyncOverAsyncAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SyncOverAsync,
            title: "Blocking wait on a task inside async code",
            messageFormat: "'{0}' blocks a thread-pool thread until the task finishes, inside async code. " +
                           "Under load the pool runs out of threads and the whole service stops answering. " +
                           "Await the task instead.",
            description: "Task.Result, Wait(), GetAwaiter().GetResult(), Task.WaitAll and Task.WaitAny block the calling thread. " +
                         "Inside an async method, lambda or local function they waste a pool thread and can deadlock. " +
                         "Not reported when the task is proven complete: awaited before (also via Task.WhenAll/WhenAny), " +
                         "guarded by IsCompleted/Status/Wait(timeout), Wait(0), Task.FromResult/CompletedTask, or in the sync branch of an 'async' flag.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                TaskBlocking? blocking = TaskBlocking.Create(new KnownTypes(start.Compilation));
                if (blocking is null)
                {
                    return;
                }

                start.RegisterOperationAction(
                    c => Analyze(c, blocking),
                    OperationKind.PropertyReference,
                    OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskBlocking blocking)
        {
            BlockingKind kind = blocking.Classify(context.Operation, out IOperation? task);
            if (kind == BlockingKind.None)
            {
                return;
            }

            SyntaxNode site = context.Operation.Syntax;
            if (!AsyncContext.IsInAsyncFunction(site, out SyntaxNode? function) || function is null
                || AsyncContext.IsUnderAsyncFlag(site, function))
            {
                return;
            }

            SemanticModel? model = context.Operation.SemanticModel;
            if (model is null || (task != null && blocking.IsProvenComplete(task, site, function, model, context.CancellationToken)))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                site.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind.ToString()),
                Display(kind)));
        }

        internal static string Display(BlockingKind kind) => kind switch
        {
            BlockingKind.Result => ".Result",
            BlockingKind.Wait => ".Wait()",
            BlockingKind.GetResult => ".GetAwaiter().GetResult()",
            BlockingKind.WaitAll => "Task.WaitAll",
            BlockingKind.WaitAny => "Task.WaitAny",
            _ => kind.ToString(),
        };
    }
}
