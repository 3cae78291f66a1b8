using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>REL403: Thread.Sleep inside an async method, lambda or local function.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL403ThreadSleepInAsyncAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ThreadSleepInAsync,
            title: "Thread.Sleep in async code",
            messageFormat: "Thread.Sleep blocks a thread-pool thread inside async code. " +
                           "Every sleeping call holds a thread the service needs to answer requests, and it ignores cancellation. " +
                           "Use 'await Task.Delay(...)' with the cancellation token in scope.",
            description: "Thread.Sleep in an async method, async lambda or async local function blocks the thread that runs the continuation. " +
                         "Thread.Sleep(0) (a yield) is not reported.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? thread = new KnownTypes(start.Compilation).Get("System.Threading.Thread");
                if (thread is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, thread), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol thread)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "Sleep" || !method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, thread))
            {
                return;
            }

            if (invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: 0 })
            {
                return; // Thread.Sleep(0) yields the rest of the time slice
            }

            if (!AsyncContext.IsInAsyncFunction(invocation.Syntax, out SyntaxNode? function) || function is null
                || AsyncContext.IsUnderAsyncFlag(invocation.Syntax, function))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation()));
        }
    }
}
