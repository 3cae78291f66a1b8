using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL130 (audit level): a catch-all whose whole body is a plain fallback (`return false;`, `return null;`,
    /// `return Array.Empty&lt;T&gt;();`, `continue;`) around remote or stored work (an awaited call, framework I/O, a save
    /// or write). Not empty, so REL101/REL120 do not see it; no log, so REL102 does not either; yet the failure is gone:
    /// a database outage reads as "invalid token" (measured on a CTF platform's API-token check, phase 14).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL130SilentFallbackCatchAuditAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SilentFallbackCatch,
            title: "Catch-all turns a failure of remote or stored work into a plain return value (audit)",
            messageFormat: "This {1} turns a failure of {0} into a plain fallback and leaves no trace. " +
                           "A database, network or file failure then reads as an ordinary answer (not found, invalid, empty), and nobody learns that the dependency failed. " +
                           "Log the exception object before falling back, or let the failure reach a caller that reports it.",
            description: "A catch-all (catch, catch (Exception)) or a catch of a dependency's failure type (DbException, HttpRequestException, RedisException, ...) whose only statement returns a constant, default, null or an empty collection, or continues or breaks a loop, " +
                         "around a try that awaits a call, does framework I/O or saves, writes or publishes. Not in Try-style members, best-effort teardown, start-up code, " +
                         "catches nested in another catch, or test projects. Audit level: a silent fallback is sometimes the intended answer.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                EmptyCatchCompilationFacts facts = EmptyCatchCompilationFacts.For(start.Compilation);
                if (!facts.IsTestSupport)
                {
                    var infrastructure = new InfrastructureExceptions(facts.Types, includeParsing: false);
                    start.RegisterSyntaxNodeAction(c => Analyze(c, facts.Types, infrastructure), SyntaxKind.CatchClause);
                }
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, KnownTypes types, InfrastructureExceptions infrastructure)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            BlockSyntax block = catchClause.Block;

            // Cheap syntax first: one plain fallback statement, no filter but one that only leaves some types out.
            if (block.IsMissing || block.Statements.Count != 1 || (catchClause.Filter != null && !SyntaxHelpers.ExcludesOnlyTypes(catchClause.Filter))
                || !(catchClause.Parent is TryStatementSyntax tryStatement)
                || !IsPlainFallback(block.Statements[0], context.SemanticModel, context.CancellationToken))
            {
                return;
            }

            string what = "catch-all";
            if (catchClause.Declaration is { } declaration)
            {
                ITypeSymbol? caught = context.SemanticModel.GetTypeInfo(declaration.Type, context.CancellationToken).Type;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return;
                }

                if (!(SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.Exception))
                    || SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.SystemException))))
                {
                    // A dependency's own failure type ('catch (HttpRequestException) { return Array.Empty<T>(); }'): the
                    // outage is as silent as under a catch-all (phase 25, a recall probe's telematics paging).
                    // A concurrency conflict is an outcome the code expects (an idempotent delete answers 204), not an outage.
                    if (!infrastructure.Contains(caught) || caught.Name == "DbUpdateConcurrencyException")
                    {
                        return;
                    }

                    what = "catch of " + caught.Name;
                }
            }

            // A Try-style member reports failure through its result; a catch inside another catch enriches an error already handled.
            string? memberName = SyntaxHelpers.EnclosingMemberName(catchClause, out _);
            if ((memberName != null && SyntaxHelpers.IsTryPatternName(memberName))
                || SyntaxHelpers.EnclosingCatch(tryStatement, out _) != null
                || EmptyCatches.IsBestEffortTeardown(catchClause, context.SemanticModel, context.Options, context.CancellationToken))
            {
                return;
            }

            // Once per process (the entry point, seeding, migration): a silent fallback there is seen at start-up or not at all.
            if (context.ContainingSymbol is IMethodSymbol member
                && (member.Name == "<Main>$"
                    || (SyntaxHelpers.EnclosingMemberName(catchClause, out SyntaxNode? memberSyntax) != null && memberSyntax is BaseMethodDeclarationSyntax
                        && StartupCode.IsOncePerProcess(memberSyntax, member, context.SemanticModel.Compilation, context.CancellationToken))))
            {
                return;
            }

            if (Evidence(tryStatement, context.SemanticModel, types, context.CancellationToken) is string evidence)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, REL101EmptyCatchAnalyzer.Span(catchClause)), evidence, what));
            }
        }

        /// <summary>
        /// 'return;', 'continue;', 'break;', or a return of a constant (false, null, -1, an enum member), default,
        /// string.Empty, an empty collection (Array.Empty, Enumerable.Empty, [], a new collection with no arguments or
        /// items) or a completed task of one. A computed value or a local is not plain: it may carry what was learned.
        /// </summary>
        private static bool IsPlainFallback(StatementSyntax statement, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            switch (statement)
            {
                case ContinueStatementSyntax _:
                case BreakStatementSyntax _:
                    return true;
                case ReturnStatementSyntax { Expression: null }:
                    return true;
                case ReturnStatementSyntax { Expression: { } value }:
                    return IsPlainValue(value, model, cancellationToken, depth: 0);
                default:
                    return false;
            }
        }

        private static bool IsPlainValue(ExpressionSyntax value, SemanticModel model, System.Threading.CancellationToken cancellationToken, int depth)
        {
            value = AsyncContext.Unparenthesize(value);
            while (value is PostfixUnaryExpressionSyntax bang && bang.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                value = AsyncContext.Unparenthesize(bang.Operand); // 'null!'
            }

            // -1, (int)Status.Failed, a named constant: any compile-time constant.
            if (model.GetConstantValue(value, cancellationToken).HasValue)
            {
                return true;
            }

            switch (value)
            {
                case LiteralExpressionSyntax _:
                case DefaultExpressionSyntax _:
                    return true;
                case CollectionExpressionSyntax collection:
                    return collection.Elements.Count == 0;
                case ObjectCreationExpressionSyntax created:
                    return (created.ArgumentList is null || created.ArgumentList.Arguments.Count == 0) && (created.Initializer is null || created.Initializer.Expressions.Count == 0);
                case ImplicitObjectCreationExpressionSyntax implicitCreated:
                    return implicitCreated.ArgumentList.Arguments.Count == 0 && (implicitCreated.Initializer is null || implicitCreated.Initializer.Expressions.Count == 0);
                case ArrayCreationExpressionSyntax array:
                    if (array.Initializer != null)
                    {
                        return array.Initializer.Expressions.Count == 0;
                    }

                    return array.Type.RankSpecifiers.Count == 1 && array.Type.RankSpecifiers[0].Sizes.Count == 1
                        && model.GetConstantValue(array.Type.RankSpecifiers[0].Sizes[0], cancellationToken) is { HasValue: true, Value: 0 };
                case InvocationExpressionSyntax call when depth == 0 && SyntaxHelpers.CalledName(call) is string name:
                    // Array.Empty<T>(), Enumerable.Empty<T>(), Task.FromResult(false), ValueTask.FromResult<T>(default).
                    // An argument-free success answer of a request handler ('return Accepted();', 'Results.NoContent()'): the
                    // caller is told the work was done (phase 26, a recall probe's cancel endpoint after a failed save).
                    return (name == "Empty" && call.ArgumentList.Arguments.Count == 0)
                        || ((name == "Ok" || name == "Accepted" || name == "NoContent") && call.ArgumentList.Arguments.Count == 0)
                        || (name == "FromResult" && call.ArgumentList.Arguments.Count == 1 && IsPlainValue(call.ArgumentList.Arguments[0].Expression, model, cancellationToken, depth + 1));
                case MemberAccessExpressionSyntax member:
                    // string.Empty, Task.CompletedTask, Guid.Empty, a constant or enum member.
                    string memberName = member.Name.Identifier.ValueText;
                    return memberName == "Empty" || memberName == "CompletedTask" || model.GetConstantValue(member, cancellationToken).HasValue;
                default:
                    return false;
            }
        }

        /// <summary>
        /// The first call in the try whose failure is worth knowing about: an awaited call, a framework network, database or
        /// file call, or a save / write / publish (<see cref="EmptyCatches.IsConsequentialWork"/>). Null when the try only
        /// computes (parsing, conversion): a fallback there is the answer, not a lost failure.
        /// </summary>
        private static string? Evidence(TryStatementSyntax tryStatement, SemanticModel model, KnownTypes types, System.Threading.CancellationToken cancellationToken)
        {
            if (!(model.GetOperation(tryStatement.Block, cancellationToken) is IOperation body))
            {
                return null;
            }

            foreach (IOperation operation in Operations.InSameFunction(body))
            {
                if (operation is IAwaitOperation awaited && Operations.Unwrap(awaited.Operation) is IInvocationOperation awaitedCall)
                {
                    IInvocationOperation work = awaitedCall.TargetMethod.Name == "ConfigureAwait" && awaitedCall.Instance is { } configured
                        && Operations.Unwrap(configured) is IInvocationOperation inner ? inner : awaitedCall;
                    if (!Operations.IsTaskPause(work.TargetMethod))
                    {
                        return "'" + work.TargetMethod.Name + "'";
                    }
                }

                if (operation is IInvocationOperation invocation && !IoApis.IsInMemoryNetworkValue(invocation.TargetMethod)
                    && (IoApis.IsFrameworkIo(invocation.TargetMethod) || EmptyCatches.IsConsequentialWork(invocation.TargetMethod, invocation, types)))
                {
                    return "'" + invocation.TargetMethod.Name + "'";
                }
            }

            return null;
        }
    }
}
