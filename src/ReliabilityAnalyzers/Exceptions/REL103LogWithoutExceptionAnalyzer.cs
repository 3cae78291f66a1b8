using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL103: a log call in a catch that does not pass the caught exception to the logger's exception parameter.
    /// Reported when the message uses the exception (ex.Message, ex.ToString(), {ex}) or the level is Warning or above;
    /// not reported when the catch rethrows (the exception travels on with its stack) or catches cancellation.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL103LogWithoutExceptionAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LogWithoutException,
            title: "Log call in a catch drops the exception",
            messageFormat: "This '{0}' call in a catch logs without the exception object. " +
                           "The stack trace, inner exceptions and exception type are lost, so the log cannot say where the failure came from. " +
                           "Pass the caught exception as the logger's exception argument.",
            description: "A log call inside a catch that does not pass the caught exception (message only, or ex.Message / ex.ToString() " +
                         "in the text) loses the stack trace and the structured exception. Not reported when the catch rethrows, " +
                         "when it catches cancellation, or for low-level messages that do not use the exception at all.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                var logging = new LoggingApis(types);
                if (!logging.HasStructuredLogger)
                {
                    return; // Console/Debug/Trace have no exception parameter: nothing to say.
                }

                start.RegisterOperationAction(c => AnalyzeInvocation(c, types, logging), OperationKind.Invocation);
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, LoggingApis logging)
        {
            var invocation = (IInvocationOperation)context.Operation;
            LogApi api = logging.Classify(invocation);
            if (api == LogApi.None || api == LogApi.Console)
            {
                return;
            }

            CatchClauseSyntax? catchClause = SyntaxHelpers.EnclosingCatch(invocation.Syntax, out _);
            // A filtered catch selects an expected case ('when (ex is UnauthorizedAccessException or ...)').
            if (catchClause is null || catchClause.Filter != null || logging.PassesException(invocation))
            {
                return;
            }

            // A generated method without an exception parameter cannot take it: that is a definition to change, not this call.
            if (api == LogApi.MicrosoftExtensionsGenerated && !logging.HasExceptionParameter(invocation.TargetMethod))
            {
                return;
            }

            ILocalSymbol? caughtLocal = null;
            if (catchClause.Declaration != null)
            {
                ICatchClauseOperation? catchOperation = Operations.CatchOf(invocation, catchClause);
                ITypeSymbol? caught = catchOperation?.ExceptionType;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return;
                }

                // A specific exception type is an expected case whose message usually says it all (measured: see docs);
                // cancellation is control flow. Only catch-alls and broad infrastructure exceptions are reported.
                if (!REL102LogAndContinueAnalyzer.IsCatchAll(caught, types) && !REL102LogAndContinueAnalyzer.IsBroad(caught, types))
                {
                    return;
                }

                caughtLocal = Operations.CaughtLocal(catchOperation!);
            }

            if (Rethrows(catchClause.Block))
            {
                return; // the exception travels on with its stack; whoever catches it logs it
            }

            bool usesException = caughtLocal != null && References(invocation, caughtLocal);
            if (!usesException && logging.Level(invocation) < LogLevelKind.Warning)
            {
                return; // a low-level note that does not mention the exception ("cache miss, loading")
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }

        private static bool Rethrows(BlockSyntax block)
        {
            foreach (Microsoft.CodeAnalysis.SyntaxNode node in block.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n)))
            {
                if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool References(IOperation operation, ILocalSymbol local)
        {
            foreach (IOperation descendant in operation.Descendants())
            {
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
