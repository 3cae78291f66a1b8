using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL114 (audit level): a <c>TaskScheduler.UnobservedTaskException</c> handler that never reads the exception (typically
    /// one that only calls <c>e.SetObserved()</c>): the process-wide last chance to see lost task failures is turned off.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL114UnobservedTaskExceptionSilencedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnobservedTaskExceptionSilenced,
            title: "UnobservedTaskException handler silences lost task failures",
            messageFormat: "This TaskScheduler.UnobservedTaskException handler never reads the exception{0}. " +
                           "It is the process-wide last chance to see a fire-and-forget task that failed, and now every such failure vanishes. " +
                           "Log e.Exception (with the logger) before calling SetObserved().",
            description: "TaskScheduler.UnobservedTaskException is raised for every faulted task whose exception nobody observed. A handler " +
                         "that only calls SetObserved() (or does nothing with e.Exception) hides all of them. Log the exception in the handler.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? scheduler = new KnownTypes(start.Compilation).Get("System.Threading.Tasks.TaskScheduler");
                if (scheduler is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => Analyze(c, scheduler), OperationKind.EventAssignment);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol scheduler)
        {
            var assignment = (IEventAssignmentOperation)context.Operation;
            if (!assignment.Adds || !(assignment.EventReference is IEventReferenceOperation { Event: { Name: "UnobservedTaskException" } @event })
                || !SymbolEqualityComparer.Default.Equals(@event.ContainingType, scheduler))
            {
                return;
            }

            SyntaxNode? body;
            string? argsName;
            switch (Operations.Unwrap(assignment.HandlerValue))
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    body = lambda.Syntax switch
                    {
                        ParenthesizedLambdaExpressionSyntax p => p.Body,
                        SimpleLambdaExpressionSyntax s => s.Body,
                        AnonymousMethodExpressionSyntax a => a.Block,
                        _ => null,
                    };
                    argsName = lambda.Symbol.Parameters.Length == 2 ? lambda.Symbol.Parameters[1].Name : null;
                    break;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }
                    when reference.Method.Parameters.Length == 2 && reference.Method.DeclaringSyntaxReferences.Length == 1:
                    SyntaxNode declaration = reference.Method.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken);
                    body = declaration switch
                    {
                        MethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
                        LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
                        _ => null,
                    };
                    argsName = reference.Method.Parameters[1].Name;
                    break;
                default:
                    return; // a delegate from elsewhere: cannot tell
            }

            if (body is null || argsName is null)
            {
                return;
            }

            bool setsObserved = false;
            foreach (SyntaxNode node in body.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax id && id.Identifier.ValueText == argsName)
                {
                    if (id.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SetObserved" } member && member.Expression == id)
                    {
                        setsObserved = true;
                        continue;
                    }

                    return; // reads e.Exception, or hands the arguments on: observed
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), setsObserved ? " and only marks it observed" : ""));
        }
    }
}
