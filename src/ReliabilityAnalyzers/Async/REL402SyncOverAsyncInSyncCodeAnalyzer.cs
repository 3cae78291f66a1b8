using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL402: the same blocking waits as REL401 in the synchronous places where they deadlock or starve in
    /// practice: constructors, property getters, Microsoft.Extensions.DependencyInjection factory lambdas, field and
    /// auto-property initializers, Lazy&lt;T&gt; value factories, and synchronous request handlers (controller actions, Razor
    /// Pages handlers, SignalR hub methods).
    /// Not in Main / top-level statements, not in test projects.
    /// Also reports REL410 (audit) for the waits in other synchronous code, so each wait is matched, placed and proven once.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL402SyncOverAsyncInSyncCodeAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SyncOverAsyncInSyncCode,
            title: "Blocking wait on a task in a constructor, getter, DI factory or synchronous request handler",
            messageFormat: "'{0}' blocks on a task inside a {1}. " +
                           "This code does not await, so the wait holds the calling thread (often a request thread) for the whole call and can deadlock or starve the thread pool. " +
                           "Make the method async and await the task, or move the async work to an async method or a hosted service and inject its result.",
            description: "Constructors, property getters, dependency-injection factories, field initializers, Lazy<T> value factories, synchronous controller actions, Razor Pages handlers and SignalR hub methods, and Task-returning methods that are not async do not await; blocking there on an unfinished task (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll, Task.WaitAny) ties up the calling threads and can deadlock.",
            defaultSeverity: DiagnosticSeverity.Info);

        private static readonly string[] TestFrameworkMarkers =
        {
            "Xunit.FactAttribute",
            "NUnit.Framework.TestAttribute",
            "Microsoft.VisualStudio.TestTools.UnitTesting.TestMethodAttribute",
            "TUnit.Core.TestAttribute",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL410BlockingWaitInSyncCodeRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                TaskTypes? types = TaskTypes.Create(known);
                if (types is null)
                {
                    return;
                }

                if (IsTestProject(known))
                {
                    return;
                }

                INamedTypeSymbol? services = known.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");
                start.RegisterOperationAction(c => Analyze(c, types, known, services), OperationKind.PropertyReference, OperationKind.Invocation);
            });
        }

        /// <summary>Test projects block in fixtures and helpers on purpose; there is no request thread to starve.</summary>
        internal static bool IsTestProject(KnownTypes known)
        {
            foreach (string marker in TestFrameworkMarkers)
            {
                if (known.Get(marker) != null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A synchronous request handler, or a method that returns a task without being async
        /// ('Task&lt;Lease&gt; LeaseAsync(...) { lock (_gate) { var next = _inner.LeaseAsync(ctx).GetAwaiter().GetResult(); ... } }'):
        /// its callers await it, believing it asynchronous, while it holds their thread for the whole inner call.
        /// </summary>
        internal static string? SyncHandlerOrTaskMethod(IMethodSymbol? method, KnownTypes known, TaskTypes types)
        {
            if (RequestHandlers.KindOf(method, known) is string handler)
            {
                return handler;
            }

            return method != null && method.MethodKind == MethodKind.Ordinary && types.IsTaskLike(method.ReturnType) ? "Task-returning method" : null;
        }

        /// <summary>
        /// A lambda without 'async' converted to a delegate that returns a task ('consumer.Received += (_, e) => { ...
        /// .GetAwaiter().GetResult(); return Task.CompletedTask; }'): whoever raises it awaits the task, believing the work
        /// asynchronous, while the wait holds its thread (phase 26, a recall probe's message consumer). Not one handed to
        /// 'Task.Run' / 'StartNew', which runs it on a pool thread of its own on purpose.
        /// </summary>
        private static bool IsTaskReturningLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, TaskTypes types, System.Threading.CancellationToken cancellationToken)
        {
            if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword)
                || !(model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke })
                || !types.IsTaskLike(invoke.ReturnType))
            {
                return false;
            }

            return !(lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax offload } }
                && SyntaxHelpers.CalledName(offload) is "Run" or "StartNew");
        }

        private static void Analyze(OperationAnalysisContext context, TaskTypes types, KnownTypes known, INamedTypeSymbol? services)
        {
            if (!BlockingWait.TryMatch(context.Operation, types, out BlockingWait wait) || context.Operation.SemanticModel is not SemanticModel model)
            {
                return;
            }

            ExecutionContextKind kind = AsyncContext.Classify(wait.Syntax, model, types, out SyntaxNode? function, context.CancellationToken);
            DiagnosticDescriptor rule = Rule;
            string? where = kind switch
            {
                ExecutionContextKind.Constructor => "constructor",
                ExecutionContextKind.PropertyGetter => "property getter",
                ExecutionContextKind.ServiceFactory => "dependency-injection factory",
                ExecutionContextKind.LazyFactory => "Lazy<T> value factory",
                ExecutionContextKind.FieldInitializer => "field initializer",
                // A synchronous action the framework calls per request: the wait holds the request thread for the whole call.
                ExecutionContextKind.Other when function is MethodDeclarationSyntax method && !method.Modifiers.Any(SyntaxKind.AsyncKeyword) =>
                    SyncHandlerOrTaskMethod(model.GetDeclaredSymbol(method, context.CancellationToken), known, types),
                ExecutionContextKind.Other when function is AnonymousFunctionExpressionSyntax lambda && IsTaskReturningLambda(lambda, model, types, context.CancellationToken) =>
                    "Task-returning lambda",
                _ => null,
            };

            // The rest of the synchronous code is REL410's inventory.
            if (where is null && kind == ExecutionContextKind.Other
                && function != null && function is not GlobalStatementSyntax && function is not TypeDeclarationSyntax)
            {
                rule = REL410BlockingWaitInSyncCodeRule.Rule;
                where = REL410BlockingWaitInSyncCodeRule.Describe(function, model, known, types, services, context.CancellationToken);
            }

            if (where is null || AsyncContext.IsInSyncBranchOfAsyncFlag(wait.Syntax))
            {
                return;
            }

            bool proven = wait.Task != null
                ? AsyncContext.IsProvenComplete(wait.Task, wait.Syntax, model, types, context.CancellationToken)
                : TaskCompletion.AllArgumentsProven((InvocationExpressionSyntax)wait.Syntax, model, types, context.CancellationToken);
            if (!proven)
            {
                context.ReportDiagnostic(Diagnostic.Create(rule, wait.Syntax.GetLocation(), wait.Display, where));
            }
        }
    }
}
