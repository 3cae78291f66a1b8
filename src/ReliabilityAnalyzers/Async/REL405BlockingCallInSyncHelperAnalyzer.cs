using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL405 (audit level): async code calls a sync method written in this compilation that blocks — directly or through
    /// the sync source methods it calls, up to <see cref="BlockingHelperSummaries.MaxDepth"/> methods deep — on sync DNS,
    /// socket, file, HTTP or ADO.NET I/O, Thread.Sleep, SemaphoreSlim.Wait, Process.WaitForExit or a task wait. Reported
    /// at the call in the async code, naming the blocking call reached.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL405BlockingCallInSyncHelperAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingCallInSyncHelper,
            title: "Async code calls a sync helper that blocks",
            messageFormat: "'{0}' runs synchronously inside async code and blocks the thread on '{1}' ({2}). " +
                           "Every blocked call holds a thread-pool thread, so under load the pool starves and the service stops answering. " +
                           "Make the helper async, use the async form of '{1}' there, and await it here.",
            description: "A call from an async method, async lambda or async local function to a sync method of this compilation " +
                         "that reaches a blocking call (sync DNS, socket, file, HTTP or ADO.NET I/O, Thread.Sleep, SemaphoreSlim.Wait, " +
                         "Process.WaitForExit, .Result/.Wait() on an unfinished task) within three calls. Audit level: the helper " +
                         "may also serve sync callers by design.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                TaskTypes? types = TaskTypes.Create(known);
                AsyncTwinMatcher? matcher = AsyncTwinMatcher.For(known);
                if (types is null || matcher is null)
                {
                    return;
                }

                var summaries = new BlockingHelperSummaries(start.Compilation, types, new BlockingApis(known));
                start.RegisterOperationAction(c => Analyze(c, summaries, matcher), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, BlockingHelperSummaries summaries, AsyncTwinMatcher matcher)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;

            // Cheap filters first: a sync method with a body in source, called directly from an async function.
            if (!BlockingHelperSummaries.IsFollowable(target) || target.Name == "Dispose" || target.Name == "Close")
            {
                // Sync disposal is routine (REL404 skips it too); Dispose(false) from DisposeAsync skips the blocking branch.
                return;
            }

            SyntaxNode site = invocation.Syntax;
            if (!AsyncContext.IsInAsyncFunction(site, out SyntaxNode? function) || function is null
                || AsyncContext.IsUnderAsyncFlag(site, function) || AsyncContext.IsInSyncBranchOfAsyncFlag(site))
            {
                return;
            }

            if (SymbolEqualityComparer.Default.Equals(target.OriginalDefinition, context.ContainingSymbol.OriginalDefinition))
            {
                return;
            }

            // A helper with a true async twin is REL404's finding ("call LoadAsync instead"), unless its body only does
            // in-memory work and waits on in-memory primitives: REL404 leaves that one to this audit.
            if (matcher.Find(target) != null && SourceSyncBodies.For(context.Compilation)?.DoesNoIo(target, context.CancellationToken) != true)
            {
                return;
            }

            BlockingHelperSummaries.Chain? chain = summaries.Find(target, context.CancellationToken);
            if (chain is null)
            {
                return;
            }

            if (CalledEarlierInSameFunction(invocation, target, function, context.CancellationToken))
            {
                return; // one finding per helper per async function: the fix (make the helper async) is the same
            }

            Location location = site is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? Location.Create(site.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, site.Span.End))
                : site.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, target.Name, chain.Blocking, chain.Path));
        }

        private static bool CalledEarlierInSameFunction(IInvocationOperation invocation, IMethodSymbol target, SyntaxNode function, System.Threading.CancellationToken cancellationToken)
        {
            SemanticModel? model = invocation.SemanticModel;
            if (model is null)
            {
                return false;
            }

            int start = invocation.Syntax.SpanStart;
            string name = target.Name;
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node.SpanStart >= start)
                {
                    break;
                }

                if (node is InvocationExpressionSyntax call
                    && (call.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == name
                        || call.Expression is MemberAccessExpressionSyntax member && member.Name.Identifier.ValueText == name
                        || call.Expression is GenericNameSyntax generic && generic.Identifier.ValueText == name)
                    && AsyncContext.IsInAsyncFunction(call, out SyntaxNode? enclosing) && enclosing == function
                    && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol earlier
                    && SymbolEqualityComparer.Default.Equals(earlier.OriginalDefinition, target.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
