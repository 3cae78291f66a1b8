using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL410 (audit level): the rest of the sync-over-async inventory. A blocking wait on an unfinished task in
    /// synchronous code that neither REL401 (async code) nor REL402 (constructors, getters, factories, request handlers,
    /// Task-returning methods) reports: a plain sync method, a setter, a sync lambda run later (timer, Task.Run, event).
    /// Whether such a method runs on a request thread depends on its callers, so it is not a warning; on real services
    /// these were log sinks, logger factories and SignalR notifiers blocking every request that reached them.
    /// Not in code that runs once per process (entry point, seeding, service registration), Dispose, or test projects.
    /// Reported by <see cref="REL402SyncOverAsyncInSyncCodeAnalyzer"/>, which matches and classifies each wait once for both IDs.
    /// </summary>
    internal static class REL410BlockingWaitInSyncCodeRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingWaitInSyncCode,
            title: "Blocking wait on a task in other synchronous code (audit)",
            messageFormat: "'{0}' blocks on an unfinished task in {1}. " +
                           "The wait holds the calling thread for the whole asynchronous call, so callers on request or thread-pool threads can starve the pool, or deadlock under a synchronization context. " +
                           "Make it and its callers async and await the task, or use the dependency's synchronous API.",
            description: "Sync-over-async in a plain synchronous method, setter or delegate (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll, Task.WaitAny on a task not proven complete). " +
                         "Audit level: whether the thread matters depends on who calls the method. Not reported where REL401 or REL402 report, " +
                         "in code that runs once per process (entry point, seeding, migration, service registration), in Dispose or a finalizer, or in test projects.",
            defaultSeverity: DiagnosticSeverity.Info);

        /// <summary>
        /// Names the synchronous code for the message, or null where this rule does not report: REL402's places, code
        /// that runs once per process, disposal.
        /// </summary>
        internal static string? Describe(SyntaxNode function, SemanticModel model, KnownTypes known, TaskTypes types,
            INamedTypeSymbol? services, CancellationToken cancellationToken)
        {
            // The member whose body holds the wait (through any lambdas and local functions).
            SyntaxNode? memberSyntax = function;
            while (memberSyntax is AnonymousFunctionExpressionSyntax || memberSyntax is LocalFunctionStatementSyntax)
            {
                memberSyntax = memberSyntax.Parent?.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax || n is AccessorDeclarationSyntax
                    || n is LocalFunctionStatementSyntax || n is AnonymousFunctionExpressionSyntax);
            }

            if (memberSyntax is null || memberSyntax is DestructorDeclarationSyntax)
            {
                return null;
            }

            // A delegate created in a constructor, an initializer or the top-level statements runs later (a timer, a
            // minimal-API handler); the wait in the constructor or initializer itself is REL402's.
            if (memberSyntax is ConstructorDeclarationSyntax || memberSyntax is BaseFieldDeclarationSyntax || memberSyntax is GlobalStatementSyntax)
            {
                return function == memberSyntax ? null
                    : memberSyntax is GlobalStatementSyntax ? "a delegate created in the top-level statements"
                    : memberSyntax is ConstructorDeclarationSyntax ? "a delegate created in a constructor"
                    : "a delegate created in a field initializer";
            }

            ISymbol? member = model.GetDeclaredSymbol(memberSyntax is AccessorDeclarationSyntax accessor ? accessor : memberSyntax, cancellationToken);
            if (member is IMethodSymbol method)
            {
                if (method.Name == "Dispose" || method.Name == "DisposeCore" || method.MethodKind == MethodKind.Destructor)
                {
                    return null;
                }

                // REL402 reports the wait itself in a request handler or a Task-returning method.
                if (function == memberSyntax && REL402SyncOverAsyncInSyncCodeAnalyzer.SyncHandlerOrTaskMethod(method, known, types) != null)
                {
                    return null;
                }

                if (StartupCode.IsOncePerProcess(memberSyntax, method, model.Compilation, cancellationToken)
                    || (services != null && TakesServiceCollection(method, services)))
                {
                    return function == memberSyntax ? null : $"a delegate created in '{method.Name}'";
                }
            }

            string name = member is IMethodSymbol { AssociatedSymbol: { } property } ? property.Name : member?.Name ?? "this member";
            if (function is AnonymousFunctionExpressionSyntax)
            {
                return $"a delegate created in '{name}'";
            }

            if (member is IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator or MethodKind.Conversion })
            {
                return "an operator";
            }

            return function is LocalFunctionStatementSyntax local ? $"the local function '{local.Identifier.ValueText}'"
                : function is AccessorDeclarationSyntax ? $"an accessor of '{name}'"
                : $"the synchronous method '{name}'";
        }

        /// <summary>'public static IServiceCollection AddStore(this IServiceCollection services)': registration runs once, at start-up.</summary>
        private static bool TakesServiceCollection(IMethodSymbol method, INamedTypeSymbol services)
        {
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type.IsOrImplements(services))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
