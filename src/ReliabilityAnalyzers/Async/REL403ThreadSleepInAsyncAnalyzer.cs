using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>REL403: <c>Thread.Sleep</c> inside async methods, async lambdas and async local functions.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL403ThreadSleepInAsyncAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "true" when <c>await Task.Delay(...)</c> can replace the call.</summary>
        public const string FixableProperty = "Fixable";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ThreadSleepInAsync,
            title: "Thread.Sleep inside async code",
            messageFormat: "'Thread.Sleep' blocks the thread inside async code. " +
                           "The thread-pool thread is held for the whole delay, so a few concurrent sleeps stall every request. " +
                           "Use 'await Task.Delay(...)' with the cancellation token in scope.",
            description: "Thread.Sleep in an async method, async lambda or async local function holds a thread-pool thread for the whole delay; Task.Delay frees it and can be cancelled.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                TaskTypes? types = TaskTypes.Create(known);
                if (types?.Thread is null)
                {
                    return;
                }

                INamedTypeSymbol thread = types.Thread;
                start.RegisterOperationAction(c => Analyze(c, types, thread), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, TaskTypes types, INamedTypeSymbol thread)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (method.Name != "Sleep" || !method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, thread)
                || invocation.Arguments.Length != 1)
            {
                return;
            }

            // Thread.Sleep(0) yields the time slice; it does not hold the thread for a delay.
            IOperation argument = invocation.Arguments[0].Value;
            if (argument.ConstantValue.HasValue && argument.ConstantValue.Value is int milliseconds && milliseconds == 0)
            {
                return;
            }

            SemanticModel? model = invocation.SemanticModel;
            if (model is null
                || AsyncContext.Classify(invocation.Syntax, model, types, out _, context.CancellationToken) != ExecutionContextKind.Async
                || AsyncContext.IsInSyncBranchOfAsyncFlag(invocation.Syntax))
            {
                return;
            }

            // 'Thread.Sleep(_injectedDelay)': a private field that is zero and never written in its type is a test hook
            // (tests set it by reflection); in the shipped code the sleep never waits. (Last: it reads the type's syntax.)
            if (Operations.UnwrapOrNull(argument) is IFieldReferenceOperation { Field: var field } && IsNeverSetPrivateZero(field, context.CancellationToken))
            {
                return;
            }

            // 'Thread.Sleep(3000); Environment.Exit(1);': a pause before the process ends (a last message to read); nothing
            // else runs on any thread afterwards, so the held thread costs nothing (phase 22, a command-line tool's error exit).
            if (IsFollowedByProcessExit(invocation.Syntax))
            {
                return;
            }

            // An async method the code only ever blocks on runs on its caller's thread: awaiting a delay there frees nothing.
            if (AsyncContext.EnclosingFunction(invocation.Syntax) is { } function
                && BlockedOnlyMethods.For(context.Compilation).IsOnlyRunSynchronously(function, model, context.CancellationToken))
            {
                return;
            }

            bool fixable = invocation.Syntax.Parent is ExpressionStatementSyntax && AsyncContext.CanAwaitAt(invocation.Syntax);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                invocation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixableProperty, fixable ? "true" : "false")));
        }

        /// <summary>The sleep is a statement whose next statement in its block is Environment.Exit / FailFast.</summary>
        private static bool IsFollowedByProcessExit(SyntaxNode sleep)
        {
            if (!(sleep.Parent is ExpressionStatementSyntax statement) || !(statement.Parent is BlockSyntax block))
            {
                return false;
            }

            int index = block.Statements.IndexOf(statement);
            return index >= 0 && index + 1 < block.Statements.Count
                && block.Statements[index + 1] is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax next } }
                && next.Name.Identifier.ValueText is "Exit" or "FailFast"
                && next.Expression is IdentifierNameSyntax { Identifier.ValueText: "Environment" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Environment" };
        }

        private static bool IsNeverSetPrivateZero(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
        {
            // A field with attributes may be set by a serializer or a framework ('[SerializeField]'), not only by this type.
            if (field.DeclaredAccessibility != Accessibility.Private || field.IsConst || !field.GetAttributes().IsEmpty || field.DeclaringSyntaxReferences.Length != 1
                || !(field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator))
            {
                return false;
            }

            if (declarator.Initializer != null
                && !(declarator.Initializer.Value is LiteralExpressionSyntax literal && literal.Token.Value is int value && value == 0))
            {
                return false;
            }

            foreach (SyntaxReference type in field.ContainingType.DeclaringSyntaxReferences)
            {
                foreach (SyntaxNode node in type.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == field.Name && SyntaxHelpers.IsWritten(identifier))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
