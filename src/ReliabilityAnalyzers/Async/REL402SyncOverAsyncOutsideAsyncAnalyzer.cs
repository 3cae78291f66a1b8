using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL402: sync-over-async where it deadlocks or starves in practice outside async code: constructors,
    /// dependency-injection factories and property getters. Not Main, not top-level statements.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL402SyncOverAsyncOutsideAsyncAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SyncOverAsyncOutsideAsync,
            title: "Blocking wait on a task in a constructor, DI factory or property getter",
            messageFormat: "'{0}' blocks on a task in {1}. " +
                           "These run on request threads and during container resolution, so one slow dependency stalls or deadlocks every caller. " +
                           "Make the work async (an async factory method, IHostedService start-up, or lazy async initialisation).",
            description: "Sync-over-async in constructors, dependency-injection registration factories and property getters is a common source of " +
                         "start-up deadlocks and thread-pool starvation. Main and top-level statements are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                TaskBlocking? blocking = TaskBlocking.Create(types);
                if (blocking is null)
                {
                    return;
                }

                INamedTypeSymbol? serviceCollection = types.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");
                start.RegisterOperationAction(
                    c => Analyze(c, blocking, serviceCollection),
                    OperationKind.PropertyReference,
                    OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskBlocking blocking, INamedTypeSymbol? serviceCollection)
        {
            BlockingKind kind = blocking.Classify(context.Operation, out IOperation? task);
            if (kind == BlockingKind.None)
            {
                return;
            }

            SyntaxNode site = context.Operation.Syntax;
            SyntaxNode? function = AsyncContext.EnclosingFunction(site);
            string? where = function switch
            {
                ConstructorDeclarationSyntax _ => "a constructor",
                AccessorDeclarationSyntax accessor when accessor.Keyword.ValueText == "get" => "a property getter",
                ArrowExpressionClauseSyntax _ => "a property getter",
                AnonymousFunctionExpressionSyntax lambda when !AsyncContext.IsAsync(lambda) && IsDiFactory(lambda, context, serviceCollection) => "a dependency-injection factory",
                _ => null,
            };

            if (where is null)
            {
                return;
            }

            SemanticModel? model = context.Operation.SemanticModel;
            if (model is null || (task != null && blocking.IsProvenComplete(task, site, function, model, context.CancellationToken)))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, site.GetLocation(), REL401SyncOverAsyncAnalyzer.Display(kind), where));
        }

        private static bool IsDiFactory(AnonymousFunctionExpressionSyntax lambda, OperationAnalysisContext context, INamedTypeSymbol? serviceCollection)
        {
            // services.AddSingleton(sp => ...): the lambda is an argument of an extension method on IServiceCollection.
            if (serviceCollection is null || !(lambda.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation))
            {
                return false;
            }

            SemanticModel? model = context.Operation.SemanticModel;
            if (model?.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation call)
            {
                return false;
            }

            IMethodSymbol method = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
            return method.Parameters.Length > 0 && method.IsExtensionMethod
                && method.Parameters[0].Type.IsOrImplements(serviceCollection);
        }
    }
}
