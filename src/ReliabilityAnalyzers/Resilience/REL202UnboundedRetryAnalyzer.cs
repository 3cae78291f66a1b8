using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL202: retries with no bound — Polly v7 RetryForever/WaitAndRetryForever(Async), retry counts of int.MaxValue,
    /// Polly v8 MaxRetryAttempts = int.MaxValue, and hand-written while(true)/for(;;)/do-while(true) retry loops whose
    /// catch goes round again with no attempt counter or deadline that ends the loop.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL202UnboundedRetryAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindForever = "Forever";
        public const string KindMaxValue = "MaxValue";
        public const string KindLoop = "Loop";

        internal static readonly DiagnosticDescriptor PolicyRule = Descriptors.Create(
            RuleIds.UnboundedRetry,
            title: "Unbounded retry",
            messageFormat: "'{0}' retries without limit. " +
                           "While the dependency is down every caller is held in the retry and the load on the failing service never lets up. " +
                           "Bound the attempts (for example 3 with exponential backoff) and let the failure surface.",
            description: "A retry with no attempt limit turns a dependency outage into hung callers and a retry storm. Retries need a small bound and backoff; longer outages belong to a circuit breaker.",
            defaultSeverity: DiagnosticSeverity.Warning);

        internal static readonly DiagnosticDescriptor LoopRule = Descriptors.Create(
            RuleIds.UnboundedRetry,
            title: "Unbounded retry",
            messageFormat: "This '{0}' loop retries after every failure and has no attempt counter or deadline that ends it. " +
                           "While the dependency is down the caller never gets an answer and the failing service keeps receiving calls. " +
                           "Count the attempts (or check a deadline) and rethrow when the limit is reached.",
            description: "A retry with no attempt limit turns a dependency outage into hung callers and a retry storm. Retries need a small bound and backoff; longer outages belong to a circuit breaker.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(PolicyRule, LoopRule, REL214RetryWithoutPauseRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                // The hand-written loop form needs no library.
                start.RegisterSyntaxNodeAction(
                    AnalyzeLoop,
                    SyntaxKind.WhileStatement,
                    SyntaxKind.ForStatement,
                    SyntaxKind.DoStatement);

                var apis = ResilienceApis.For(start.Compilation);
                if (apis.HasPollyV7)
                {
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, apis), OperationKind.Invocation);
                }

                if (apis.RetryOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeAssignment(c, apis), OperationKind.SimpleAssignment);
                }
            });
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, ResilienceApis apis)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            if (!ResilienceApis.IsRetryName(method.Name) || !apis.IsV7Retry(method))
            {
                return;
            }

            string kind;
            if (ResilienceApis.IsForeverName(method.Name))
            {
                kind = KindForever;
            }
            else if (RetryCountIsMaxValue(invocation))
            {
                kind = KindMaxValue;
            }
            else
            {
                return;
            }

            if (IsWrapped(invocation, apis))
            {
                return; // a breaker or timeout in the same wrap bounds it (Polly wraps are checked only as far as they are visible)
            }

            if (IsApiForwarding(invocation, method))
            {
                return; // the library that defines the retry, or an overload that forwards: its callers' uses are judged
            }

            context.ReportDiagnostic(Diagnostic.Create(
                PolicyRule,
                NameLocation(invocation.Syntax),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
                method.Name));
        }

        /// <summary>
        /// The call defines rather than uses an unbounded retry: the retry method is compiled in this very project
        /// (Polly's own source forwarding one overload to another). An application's own helper that returns a forever
        /// policy (GetRetryForeverPolicy) is still a use, and is reported.
        /// </summary>
        private static bool IsApiForwarding(IInvocationOperation invocation, IMethodSymbol method) =>
            invocation.SemanticModel != null
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, invocation.SemanticModel.Compilation.Assembly);

        private static bool RetryCountIsMaxValue(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == "retryCount" && IsIntMaxValue(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsIntMaxValue(IOperation value) =>
            value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == int.MaxValue;

        /// <summary>
        /// The policy reaches Policy.Wrap / .Wrap(...) directly, or through a field, property or local that does:
        /// the other policies in the wrap (a breaker, a timeout) may bound it, so the rule stays quiet.
        /// </summary>
        private static bool IsWrapped(IInvocationOperation retry, ResilienceApis apis)
        {
            IOperation current = retry;
            while (current.Parent is IConversionOperation || current.Parent is IArgumentOperation || current.Parent is IArrayInitializerOperation || current.Parent is IArrayCreationOperation)
            {
                current = current.Parent;
                if (current.Parent is IInvocationOperation call && IsWrapCall(call.TargetMethod))
                {
                    return true;
                }
            }

            if (ResilienceApis.NextInChain(retry) is { } next && IsWrapCall(next.TargetMethod))
            {
                return true;
            }

            ISymbol? holder = HolderOf(retry);
            if (holder is null || retry.SemanticModel is null)
            {
                return false;
            }

            // Look for the holder inside any Wrap call of the containing type (fields) or method (locals).
            SyntaxNode? scope = holder is ILocalSymbol
                ? retry.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : retry.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (scope is null)
            {
                return false;
            }

            foreach (InvocationExpressionSyntax call in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (!(call.Expression is MemberAccessExpressionSyntax member) || !member.Name.Identifier.ValueText.StartsWith("Wrap", System.StringComparison.Ordinal))
                {
                    continue; // cheap syntactic pre-filter; confirmed by symbol below
                }

                if (!(retry.SemanticModel.GetSymbolInfo(call).Symbol is IMethodSymbol wrap) || !IsWrapCall(wrap))
                {
                    continue;
                }

                foreach (IdentifierNameSyntax name in call.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    if (name.Identifier.ValueText == holder.Name
                        && SymbolEqualityComparer.Default.Equals(retry.SemanticModel.GetSymbolInfo(name).Symbol, holder))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsWrapCall(IMethodSymbol method) =>
            ResilienceApis.IsFrom(method, ResilienceApis.PollyAssembly) && (method.Name == "Wrap" || method.Name == "WrapAsync");

        /// <summary>The field, property or local the policy is stored in, if it is stored directly.</summary>
        internal static ISymbol? HolderOf(IOperation created)
        {
            IOperation current = created;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            switch (current.Parent)
            {
                case IFieldInitializerOperation field when field.InitializedFields.Length == 1:
                    return field.InitializedFields[0];
                case IPropertyInitializerOperation property when property.InitializedProperties.Length == 1:
                    return property.InitializedProperties[0];
                case IVariableInitializerOperation initializer when initializer.Parent is IVariableDeclaratorOperation declarator:
                    return declarator.Symbol;
                case ISimpleAssignmentOperation assignment:
                    switch (assignment.Target)
                    {
                        case IFieldReferenceOperation f: return f.Field;
                        case IPropertyReferenceOperation p: return p.Property;
                        case ILocalReferenceOperation l: return l.Local;
                    }

                    break;
            }

            return null;
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, ResilienceApis apis)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property.Name: "Delay" } delay && IsZeroTimeSpan(assignment.Value)
                && delay.Property.ContainingType.InheritsFromOrEquals(apis.RetryOptions) && SiblingValue(assignment, "DelayGenerator") is null)
            {
                // REL214: 'Delay = TimeSpan.Zero' on a retry option: every attempt follows the failure at once.
                context.ReportDiagnostic(Diagnostic.Create(REL214RetryWithoutPauseRule.Rule, assignment.Syntax.GetLocation(), "This retry (Delay = zero)"));
                return;
            }

            if (!(assignment.Target is IPropertyReferenceOperation property) || property.Property.Name != "MaxRetryAttempts"
                || !IsIntMaxValue(assignment.Value)
                || !property.Property.ContainingType.InheritsFromOrEquals(apis.RetryOptions))
            {
                return;
            }

            if (HasV8Bound(assignment, apis) || SetsShouldHandle(assignment))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                PolicyRule,
                assignment.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindMaxValue),
                "MaxRetryAttempts = int.MaxValue"));
        }

        /// <summary>
        /// The same options initializer picks what to retry (ShouldHandle): a deliberate "until this condition" loop —
        /// polling for a state, re-opening a long poll the server closes — rather than retrying every failure forever.
        /// </summary>
        internal static bool SetsShouldHandle(ISimpleAssignmentOperation assignment) =>
            SiblingValue(assignment, "ShouldHandle") != null
            && !(SiblingValue(assignment, "Delay") is { } delay && IsZeroTimeSpan(delay) && SiblingValue(assignment, "DelayGenerator") is null); // no pause: a retry storm, not a poll (phase 24)

        /// <summary>The value the same object initializer assigns to the named property ('DelayGenerator = ...'), or null.</summary>
        private static IOperation? SiblingValue(ISimpleAssignmentOperation assignment, string name)
        {
            if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
            {
                foreach (IOperation sibling in initializer.Initializers)
                {
                    if (sibling is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation other } set && other.Property.Name == name)
                    {
                        return set.Value;
                    }
                }
            }

            return null;
        }

        /// <summary>'TimeSpan.Zero', 'default', 'TimeSpan.FromSeconds(0)', 'new TimeSpan(0)'.</summary>
        private static bool IsZeroTimeSpan(IOperation value)
        {
            IOperation unwrapped = Operations.Unwrap(value);
            switch (unwrapped)
            {
                case IFieldReferenceOperation { Field.Name: "Zero" }:
                case IDefaultValueOperation _:
                    return true;
                case IInvocationOperation { Arguments.Length: 1 } call when call.TargetMethod.Name.StartsWith("From", System.StringComparison.Ordinal):
                    return call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var amount } && System.Convert.ToDouble(amount, System.Globalization.CultureInfo.InvariantCulture) == 0;
                case IObjectCreationOperation { Arguments.Length: 1 } created:
                    return created.Arguments[0].Value.ConstantValue is { HasValue: true, Value: var ticks } && System.Convert.ToDouble(ticks, System.Globalization.CultureInfo.InvariantCulture) == 0;
                default:
                    return false;
            }
        }

        /// <summary>A circuit breaker or timeout strategy, or a standard handler (which has a total timeout), in the same member.</summary>
        private static bool HasV8Bound(IOperation operation, ResilienceApis apis) => V8BoundOf(operation, apis) != V8Bound.None;

        internal enum V8Bound
        {
            None,
            BreakerOnly,
            Timeout,
        }

        /// <summary>
        /// What bounds a v8 int.MaxValue retry in its member: a timeout strategy or a standard handler's total timeout
        /// does; a circuit breaker alone does not (a v8 retry's default ShouldHandle retries BrokenCircuitException too),
        /// which REL207 reports at audit level.
        /// </summary>
        internal static V8Bound V8BoundOf(IOperation operation, ResilienceApis apis)
        {
            // Inside a registration lambda ('AddResiliencePipeline("sms", b => b.AddRetry(...))') the pipeline is that
            // lambda and the statement that registers it; other statements register other clients and pipelines
            // (phase 22: a top-level Program.cs, or a ConfigureServices lambda, where every registration shares one body,
            // read the standard handler of another client as this retry's bound). The innermost lambda is the
            // registration's. Outside a lambda, the member builds the pipeline.
            IOperation root = operation;
            IOperation? innermostLambda = null;
            while (root.Parent != null)
            {
                root = root.Parent;
                if (innermostLambda is null && root is IAnonymousFunctionOperation)
                {
                    innermostLambda = root;
                }
            }

            if (innermostLambda != null)
            {
                root = StatementOf(innermostLambda);
            }

            bool breaker = false;
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation call)
                {
                    IMethodSymbol m = call.TargetMethod;
                    if (apis.IsV8Timeout(m)
                        || (ResilienceApis.IsFrom(m, ResilienceApis.HttpResilienceAssembly) && (m.Name == "AddStandardResilienceHandler" || m.Name == "AddStandardHedgingHandler")))
                    {
                        return V8Bound.Timeout;
                    }

                    breaker |= apis.IsV8Breaker(m);
                }
            }

            return breaker ? V8Bound.BreakerOnly : V8Bound.None;
        }

        /// <summary>The statement (a direct child of a block) that holds the operation, or the outermost operation.</summary>
        private static IOperation StatementOf(IOperation operation)
        {
            IOperation current = operation;
            while (current.Parent != null && !(current.Parent is IBlockOperation))
            {
                current = current.Parent;
            }

            return current;
        }

        private static Location NameLocation(SyntaxNode syntax)
        {
            if (syntax is InvocationExpressionSyntax call && call.Expression is MemberAccessExpressionSyntax member)
            {
                return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(member.Name.SpanStart, call.Span.End));
            }

            return syntax.GetLocation();
        }

        // ---- hand-written loops (syntax only) ----

        private static void AnalyzeLoop(SyntaxNodeAnalysisContext context)
        {
            AnalyzePause(context);
            StatementSyntax loop = (StatementSyntax)context.Node;
            StatementSyntax? body;
            SyntaxToken keyword;
            switch (loop)
            {
                case WhileStatementSyntax w when w.Condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    body = w.Statement;
                    keyword = w.WhileKeyword;
                    break;
                case ForStatementSyntax f when f.Condition is null || f.Condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    if (f.Declaration != null || f.Initializers.Count > 0 || f.Incrementors.Count > 0)
                    {
                        return; // for (var attempt = 0; ; attempt++) keeps a counter
                    }

                    body = f.Statement;
                    keyword = f.ForKeyword;
                    break;
                case DoStatementSyntax d when d.Condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    body = d.Statement;
                    keyword = d.DoKeyword;
                    break;
                case WhileStatementSyntax flagged when FlagOf(flagged.Condition) != null:
                    body = flagged.Statement;
                    keyword = flagged.WhileKeyword;
                    break;
                case DoStatementSyntax flaggedDo when FlagOf(flaggedDo.Condition) != null:
                    body = flaggedDo.Statement;
                    keyword = flaggedDo.DoKeyword;
                    break;
                default:
                    return;
            }

            string? flag = loop switch
            {
                WhileStatementSyntax w => FlagOf(w.Condition),
                DoStatementSyntax d => FlagOf(d.Condition),
                _ => null,
            };
            if (body is null || !((flag is null ? FindUnboundedRetry(loop, body) : FindFlagRetry(loop, body, flag)) is { } retry))
            {
                return;
            }

            // A retry repeats the same operation after it failed. Loops that take the next connection, message or item
            // on each round (accept loops, message pumps) go on to new work after a failure: they are not retries.
            // And the loop must show it is retrying: a delay or backoff, an attempt counter, or an explicit 'continue'.
            if (!HasRetryEvidence(loop, body, retry.Try, retry.Catch) || ObtainsNewItem(body, context.SemanticModel, context.CancellationToken)
                || ProbesNewInput(body, retry.Try, retry.Catch))
            {
                return;
            }

            // 'catch (Exception e) { Throw.JobPersistenceException(..., e); }': a [DoesNotReturn] or throw-only helper is a way out like 'throw;'.
            if (NeverReturningCalls.ContainsCall(retry.Catch.Block, context.SemanticModel, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                LoopRule,
                keyword.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindLoop),
                keyword.ValueText));
        }

        /// <summary>
        /// REL214: a bounded retry loop (REL202's notion: <see cref="IsInBoundedRetryLoop"/>) whose try awaits remote work
        /// and whose continuing catch goes round with no pause: no delay, sleep or backoff call and no await in that catch,
        /// none in the rest of the loop body, and no new item taken each round (not an accept loop or message pump).
        /// </summary>
        private static void AnalyzePause(SyntaxNodeAnalysisContext context)
        {
            var loop = (StatementSyntax)context.Node;
            StatementSyntax? body = loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                _ => null,
            };
            if (!(body is BlockSyntax block))
            {
                return;
            }

            foreach (StatementSyntax statement in block.Statements)
            {
                if (!(statement is TryStatementSyntax retryTry) || retryTry.Block.Statements.Count == 0
                    || !retryTry.Block.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n)).Any(n => n is AwaitExpressionSyntax)
                    || !IsInBoundedRetryLoop(retryTry.Block.Statements[0]))
                {
                    continue;
                }

                CatchClauseSyntax? goesRound = null;
                foreach (CatchClauseSyntax catchClause in retryTry.Catches)
                {
                    if (!AlwaysLeaves(catchClause, loop) && !IsCancellationCatch(catchClause))
                    {
                        goesRound = catchClause;
                    }
                }

                if (goesRound is null || PausesOutsideTheTry(loop, retryTry) || TriesAnotherInputEachRound(loop, retryTry) || WaitsInside(retryTry)
                    || ObtainsNewItem(body, context.SemanticModel, context.CancellationToken) || ProbesNewInput(body, retryTry, goesRound)
                    || NeverReturningCalls.ContainsCall(goesRound.Block, context.SemanticModel, context.CancellationToken))
                {
                    return;
                }

                SyntaxToken keyword = loop switch
                {
                    WhileStatementSyntax w => w.WhileKeyword,
                    DoStatementSyntax d => d.DoKeyword,
                    ForStatementSyntax f => f.ForKeyword,
                    _ => default,
                };
                context.ReportDiagnostic(Diagnostic.Create(REL214RetryWithoutPauseRule.Rule, keyword.GetLocation(), "This '" + keyword.ValueText + "' retry loop"));
                return;
            }
        }

        /// <summary>
        /// 'for (int i = 0; i &lt; servers.Length; i++) { try { return await Query(servers[i]); } catch { } }': the retried
        /// block reads the for loop's counter, so each round calls with another input (a fallback chain, not a retry).
        /// </summary>
        private static bool TriesAnotherInputEachRound(StatementSyntax loop, TryStatementSyntax retryTry)
        {
            if (!(loop is ForStatementSyntax forLoop) || forLoop.Incrementors.Count == 0)
            {
                return false;
            }

            var counters = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            foreach (ExpressionSyntax incrementor in forLoop.Incrementors)
            {
                foreach (IdentifierNameSyntax name in incrementor.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
                {
                    counters.Add(name.Identifier.ValueText);
                }
            }

            return retryTry.Block.DescendantNodes().OfType<IdentifierNameSyntax>().Any(name => counters.Contains(name.Identifier.ValueText));
        }

        /// <summary>
        /// 'try { if (!await timer.WaitForNextTickAsync(ct)) break; await SweepAsync(ct); } catch (Exception e) { log(e); }':
        /// the round waits for its tick inside the try, so a failure is followed by the next tick — a polling loop.
        /// </summary>
        private static bool WaitsInside(TryStatementSyntax retryTry) =>
            DescendantsInLoop(retryTry.Block).OfType<InvocationExpressionSyntax>().Any(call =>
                InvokedName(call) is string name && (IsDelayName(name) || name == "WaitForNextTickAsync"));

        /// <summary>A delay, sleep or backoff call, or any await (a pause of the project's own), in the loop outside the retried block.</summary>
        private static bool PausesOutsideTheTry(StatementSyntax loop, TryStatementSyntax retryTry)
        {
            foreach (SyntaxNode node in DescendantsInLoop(loop))
            {
                if (retryTry.Block.Span.Contains(node.Span))
                {
                    continue;
                }

                if (node is AwaitExpressionSyntax || (node is InvocationExpressionSyntax invocation && IsDelayName(InvokedName(invocation))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A retry loop: a try (directly in the loop) whose success path leaves the loop (return / break) and a catch
        /// that goes round again. Unbounded: nothing else leaves the loop — no throw, return or break outside that try,
        /// no throw inside it, no exception filter and no exit in the continuing catch.
        /// </summary>
        private static (TryStatementSyntax Try, CatchClauseSyntax Catch)? FindUnboundedRetry(StatementSyntax loop, StatementSyntax body)
        {
            TryStatementSyntax? retryTry = null;
            CatchClauseSyntax? retryCatch = null;
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                if (!(node is TryStatementSyntax tryStatement))
                {
                    continue;
                }

                if (!LeavesLoop(tryStatement.Block, loop, countThrow: false))
                {
                    continue;
                }

                foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
                {
                    if (catchClause.Filter is null && !LeavesLoop(catchClause.Block, loop, countThrow: true) && !IsCancellationCatch(catchClause))
                    {
                        retryTry = tryStatement;
                        retryCatch = catchClause;
                        break;
                    }
                }

                if (retryTry != null)
                {
                    break;
                }
            }

            if (retryTry is null || retryCatch is null)
            {
                return null;
            }

            // Any other exit is a bound: an attempt counter ('if (++attempt > 3) throw;'), a deadline check, a
            // cancellation check that breaks out, a throw inside the try.
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                bool insideRetryTry = retryTry.Block.Span.Contains(node.Span);
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        if (!InOtherCatchOf(node, retryTry))
                        {
                            return null;
                        }

                        break;
                    case ReturnStatementSyntax _:
                    case YieldStatementSyntax y when y.IsKind(SyntaxKind.YieldBreakStatement):
                    case GotoStatementSyntax _:
                        if (!insideRetryTry && !InOtherCatchOf(node, retryTry))
                        {
                            return null;
                        }

                        break;
                    case BreakStatementSyntax br:
                        if (!insideRetryTry && !InOtherCatchOf(node, retryTry) && BreakTarget(br) == loop)
                        {
                            return null;
                        }

                        break;
                    case InvocationExpressionSyntax invocation
                        when invocation.Expression is MemberAccessExpressionSyntax member
                             && member.Name.Identifier.ValueText == "ThrowIfCancellationRequested":
                        // Cancellation ends the loop only when someone cancels: it is not a bound, but it is the
                        // caller's deadline when the token carries one. Treated as a bound to stay quiet.
                        return null;
                }
            }

            return (retryTry, retryCatch);
        }

        /// <summary>'!done' / 'done == false' / '!_connected': the name of the success flag a loop waits on, or null.</summary>
        private static string? FlagOf(ExpressionSyntax condition)
        {
            ExpressionSyntax? operand = condition switch
            {
                PrefixUnaryExpressionSyntax not when not.IsKind(SyntaxKind.LogicalNotExpression) => not.Operand,
                BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression) && equals.Right.IsKind(SyntaxKind.FalseLiteralExpression) => equals.Left,
                _ => null,
            };

            return operand switch
            {
                IdentifierNameSyntax id => id.Identifier.ValueText,
                MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax field } => field.Identifier.ValueText,
                _ => null,
            };
        }

        /// <summary>
        /// 'while (!done) { try { Work(); done = true; } catch { Delay(); } }': the success path sets the flag the loop waits
        /// on, a catch goes round again, and nothing else ends the loop or touches the flag.
        /// </summary>
        private static (TryStatementSyntax Try, CatchClauseSyntax Catch)? FindFlagRetry(StatementSyntax loop, StatementSyntax body, string flag)
        {
            TryStatementSyntax? retryTry = null;
            CatchClauseSyntax? retryCatch = null;
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                if (node is TryStatementSyntax tryStatement && SetsFlag(tryStatement.Block, flag, value: true))
                {
                    foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
                    {
                        if (catchClause.Filter is null && !LeavesLoop(catchClause.Block, loop, countThrow: true) && !IsCancellationCatch(catchClause)
                            && !SetsFlag(catchClause.Block, flag, value: null))
                        {
                            retryTry = tryStatement;
                            retryCatch = catchClause;
                            break;
                        }
                    }

                    break;
                }
            }

            if (retryTry is null || retryCatch is null)
            {
                return null;
            }

            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                bool insideRetryTry = retryTry.Block.Span.Contains(node.Span);
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                    case ReturnStatementSyntax _:
                    case GotoStatementSyntax _:
                        if (!InOtherCatchOf(node, retryTry) && !insideRetryTry)
                        {
                            return null;
                        }

                        break;
                    case BreakStatementSyntax br when BreakTarget(br) == loop:
                        return null;
                    case AssignmentExpressionSyntax assignment when !insideRetryTry && IsFlag(assignment.Left, flag):
                        return null; // the flag is also set elsewhere: an attempt bound or a give-up path
                    case InvocationExpressionSyntax invocation
                        when invocation.Expression is MemberAccessExpressionSyntax member
                             && member.Name.Identifier.ValueText == "ThrowIfCancellationRequested":
                        return null;
                }
            }

            return (retryTry, retryCatch);
        }

        private static bool SetsFlag(BlockSyntax block, string flag, bool? value)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && IsFlag(assignment.Left, flag)
                    && (value is null || assignment.Right.IsKind(SyntaxKind.TrueLiteralExpression)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsFlag(ExpressionSyntax expression, string flag) => expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == flag,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax field } => field.Identifier.ValueText == flag,
            _ => false,
        };

        /// <summary>
        /// The loop shows it is retrying: a delay or backoff call, or an attempt counter or backoff variable changed, in
        /// the continuing catch or in the loop outside the retried block; or a 'continue' in the continuing catch.
        /// </summary>
        private static bool HasRetryEvidence(StatementSyntax loop, StatementSyntax body, TryStatementSyntax retryTry, CatchClauseSyntax retryCatch)
        {
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                bool inCatch = retryCatch.Span.Contains(node.Span);
                if (!inCatch && (retryTry.Span.Contains(node.Span)))
                {
                    continue; // the retried block itself, and the other catches
                }

                switch (node)
                {
                    case InvocationExpressionSyntax invocation when IsDelayName(InvokedName(invocation)):
                        return true;
                    case PostfixUnaryExpressionSyntax post when post.IsKind(SyntaxKind.PostIncrementExpression) || post.IsKind(SyntaxKind.PostDecrementExpression):
                    case PrefixUnaryExpressionSyntax pre when pre.IsKind(SyntaxKind.PreIncrementExpression) || pre.IsKind(SyntaxKind.PreDecrementExpression):
                    case AssignmentExpressionSyntax compound when !compound.IsKind(SyntaxKind.SimpleAssignmentExpression) && !compound.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                        return true;
                    case ContinueStatementSyntax cont when inCatch && ContinueTarget(cont) == loop:
                        return true;
                }
            }

            return false;
        }

        private static bool IsDelayName(string? name) =>
            name != null && (name.IndexOf("Delay", System.StringComparison.Ordinal) >= 0 || name.IndexOf("Sleep", System.StringComparison.Ordinal) >= 0
                || name.IndexOf("Backoff", System.StringComparison.OrdinalIgnoreCase) >= 0 || name == "WaitOne");

        private static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax m => m.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax b => b.Name.Identifier.ValueText,
            SimpleNameSyntax n => n.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The loop takes a new item each round: an 'await foreach', or an Accept / Receive / Read / Dequeue / Take /
        /// WaitToRead / MoveNext / Consume / GetContext call on a source that outlives the round (a field, parameter,
        /// this, or a local declared before the loop). A Read on something made inside the round (the response of the
        /// retried call) is part of the operation, not a new item; static helpers (File.ReadAllText) are the operation too.
        /// </summary>
        private static bool ObtainsNewItem(StatementSyntax body, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                if (node is ForEachStatementSyntax forEach && forEach.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                {
                    return true;
                }

                if (node is ForEachVariableStatementSyntax forEachVariable && forEachVariable.AwaitKeyword.IsKind(SyntaxKind.AwaitKeyword))
                {
                    return true;
                }

                if (!(node is InvocationExpressionSyntax invocation) || !IsNewItemName(InvokedName(invocation)))
                {
                    continue;
                }

                if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method))
                {
                    continue;
                }

                if (method.IsStatic && !method.IsExtensionMethod)
                {
                    if (method.ContainingType?.Name == "Console")
                    {
                        return true;
                    }

                    continue;
                }

                ExpressionSyntax? receiver = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax m => m.Expression,
                    _ => null, // this.Read(), or ?.Read() on a conditional access: the source is this / outside
                };
                if (receiver is null || !IsMadeInside(receiver, body, model, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsNewItemName(string? name)
        {
            if (name is null)
            {
                return false;
            }

            return name.StartsWith("Accept", System.StringComparison.Ordinal)
                || name.StartsWith("Receive", System.StringComparison.Ordinal)
                || name.StartsWith("Read", System.StringComparison.Ordinal)
                || name.StartsWith("Dequeue", System.StringComparison.Ordinal)
                || name.StartsWith("TryDequeue", System.StringComparison.Ordinal)
                || name.StartsWith("Take", System.StringComparison.Ordinal)
                || name.StartsWith("TryTake", System.StringComparison.Ordinal)
                || name.StartsWith("WaitToRead", System.StringComparison.Ordinal)
                || name.StartsWith("TryRead", System.StringComparison.Ordinal)
                || name.StartsWith("Consume", System.StringComparison.Ordinal)
                || name.StartsWith("GetContext", System.StringComparison.Ordinal)
                || name.StartsWith("GetNext", System.StringComparison.Ordinal)
                || name.StartsWith("Poll", System.StringComparison.Ordinal)
                || name.StartsWith("TryPop", System.StringComparison.Ordinal)
                || name == "Next" || name == "NextAsync" || name == "Pop"
                || name == "MoveNext" || name == "MoveNextAsync" || name == "GetEnumerator" || name == "GetAsyncEnumerator";
        }

        /// <summary>The leftmost name of the receiver is a local (or pattern/out variable) declared inside the loop body.</summary>
        private static bool IsMadeInside(ExpressionSyntax receiver, StatementSyntax body, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            ExpressionSyntax current = receiver;
            while (true)
            {
                switch (current)
                {
                    case MemberAccessExpressionSyntax m: current = m.Expression; continue;
                    case InvocationExpressionSyntax _: return true; // reads the result of a call made this round (a response body)
                    case ElementAccessExpressionSyntax e: current = e.Expression; continue;
                    case ParenthesizedExpressionSyntax p: current = p.Expression; continue;
                    case AwaitExpressionSyntax a: current = a.Expression; continue;
                    case PostfixUnaryExpressionSyntax bang when bang.IsKind(SyntaxKind.SuppressNullableWarningExpression): current = bang.Operand; continue;
                }

                break;
            }

            if (!(current is IdentifierNameSyntax identifier))
            {
                return current is ObjectCreationExpressionSyntax || current is ImplicitObjectCreationExpressionSyntax;
            }

            ISymbol? symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
            if (!(symbol is ILocalSymbol local))
            {
                return false;
            }

            foreach (SyntaxReference reference in local.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == body.SyntaxTree && body.Span.Contains(reference.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static SyntaxNode? ContinueTarget(ContinueStatementSyntax cont)
        {
            for (SyntaxNode? current = cont.Parent; current != null; current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current))
                {
                    return current;
                }

                if (SyntaxHelpers.IsFunctionBoundary(current))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// The node runs in the retried block of a hand-written retry loop that is bounded: the try's success path leaves
        /// the loop and a catch goes round again, and the loop has a condition (for / while / do with a counter, deadline
        /// or other test), a counter in its for header, an exception filter, or another exit (REL202's notion of a bound).
        /// Used by REL206: such a loop is the caller's own resilience.
        /// </summary>
        internal static bool IsInBoundedRetryLoop(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                if (SyntaxHelpers.IsFunctionBoundary(current) || current is CommonForEachStatementSyntax)
                {
                    return false;
                }

                if (current is TryStatementSyntax t && t.Block.Span.Contains(node.Span))
                {
                    return BoundedRetryTries.GetValue(t, JudgeTry) == Bounded;
                }
            }

            return false;
        }

        // Syntax only, so cached per try statement: REL206, REL214 and REL215 ask it of every candidate call in the try.
        private static readonly ConditionalWeakTable<TryStatementSyntax, object> BoundedRetryTries =
            new ConditionalWeakTable<TryStatementSyntax, object>();

        private static readonly ConditionalWeakTable<TryStatementSyntax, object>.CreateValueCallback JudgeTry = IsBoundedRetryTry;
        private static readonly object Bounded = new object();
        private static readonly object NotBounded = new object();

        private static object IsBoundedRetryTry(TryStatementSyntax retryTry)
        {
            StatementSyntax? loop = null;
            for (SyntaxNode? current = retryTry.Parent; current != null; current = current.Parent)
            {
                if (SyntaxHelpers.IsFunctionBoundary(current) || current is CommonForEachStatementSyntax)
                {
                    return NotBounded;
                }

                if (current is WhileStatementSyntax || current is ForStatementSyntax || current is DoStatementSyntax)
                {
                    loop = (StatementSyntax)current;
                    break;
                }
            }

            if (loop is null || !LeavesLoop(retryTry.Block, loop, countThrow: false))
            {
                return NotBounded;
            }

            bool goesRound = false;
            bool filtered = false;
            foreach (CatchClauseSyntax catchClause in retryTry.Catches)
            {
                if (!AlwaysLeaves(catchClause, loop))
                {
                    goesRound = true;
                    filtered |= catchClause.Filter != null;
                }
            }

            if (!goesRound)
            {
                return NotBounded;
            }

            switch (loop)
            {
                case WhileStatementSyntax w when !w.Condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    return Bounded;
                case DoStatementSyntax d when !d.Condition.IsKind(SyntaxKind.TrueLiteralExpression):
                    return Bounded;
                case ForStatementSyntax f when (f.Condition != null && !f.Condition.IsKind(SyntaxKind.TrueLiteralExpression)) || f.Incrementors.Count > 0 || f.Declaration != null:
                    return Bounded;
            }

            StatementSyntax? body = loop switch
            {
                WhileStatementSyntax w => w.Statement,
                DoStatementSyntax d => d.Statement,
                ForStatementSyntax f => f.Statement,
                _ => null,
            };
            return filtered || (body != null && FindUnboundedRetry(loop, body) is null) ? Bounded : NotBounded;
        }

        /// <summary>The catch goes round again unless it always leaves: its last statement throws, returns or breaks out of the loop.</summary>
        private static bool AlwaysLeaves(CatchClauseSyntax catchClause, StatementSyntax loop)
        {
            StatementSyntax? last = catchClause.Block.Statements.Count > 0 ? catchClause.Block.Statements[catchClause.Block.Statements.Count - 1] : null;
            return last is ThrowStatementSyntax || last is ReturnStatementSyntax || (last is BreakStatementSyntax br && BreakTarget(br) == loop);
        }

        private static bool IsCancellationCatch(CatchClauseSyntax catchClause)
        {
            string? name = catchClause.Declaration?.Type is { } type ? SyntaxHelpers.LastName(type) : null;
            return name == "OperationCanceledException" || name == "TaskCanceledException" || name == "ObjectDisposedException";
        }

        /// <summary>Inside a catch of the retry try: exits there belong to other catches (classification of non-transient errors), not bounds; the continuing catch has none.</summary>
        private static bool InOtherCatchOf(SyntaxNode node, TryStatementSyntax retryTry)
        {
            foreach (CatchClauseSyntax c in retryTry.Catches)
            {
                if (c.Span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool LeavesLoop(BlockSyntax block, StatementSyntax loop, bool countThrow)
        {
            foreach (SyntaxNode node in DescendantsInLoop(block))
            {
                switch (node)
                {
                    case ReturnStatementSyntax _:
                    case GotoStatementSyntax _:
                    case YieldStatementSyntax y when y.IsKind(SyntaxKind.YieldBreakStatement):
                        return true;
                    case ThrowStatementSyntax _ when countThrow:
                    case ThrowExpressionSyntax _ when countThrow:
                        return true;
                    case BreakStatementSyntax br when BreakTarget(br) == loop:
                        return true;
                }
            }

            return false;
        }

        private static SyntaxNode? BreakTarget(BreakStatementSyntax br)
        {
            for (SyntaxNode? current = br.Parent; current != null; current = current.Parent)
            {
                if (current is WhileStatementSyntax || current is ForStatementSyntax || current is DoStatementSyntax
                    || current is ForEachStatementSyntax || current is SwitchStatementSyntax || current is CommonForEachStatementSyntax)
                {
                    return current;
                }

                if (SyntaxHelpers.IsFunctionBoundary(current))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// 'return new Delivery(true, $"attempt-{attempt}")', 'return DeliveryResult.Ok($"attempt-{attempt}")': the success
        /// result built on the way out, not an input of the retried operation (phase 25, a recall probe's webhook retry
        /// reported the counter in its result). A returned call counts only when the try awaited its operation before
        /// ('try { return File.ReadAllText(paths[i]); }' returns the operation itself).
        /// </summary>
        private static bool IsReturnedResult(ExpressionSyntax built, TryStatementSyntax retryTry)
        {
            if (built is InvocationExpressionSyntax
                && !retryTry.Block.DescendantNodes(n => !(n is ReturnStatementSyntax) && !(n is AnonymousFunctionExpressionSyntax)).OfType<AwaitExpressionSyntax>().Any())
            {
                return false;
            }

            for (SyntaxNode? current = built.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case ReturnStatementSyntax _:
                        return true;
                    case InvocationExpressionSyntax _:
                    case AwaitExpressionSyntax _:
                    case StatementSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// 'while (true) { var file = $"runner{n}.zip"; try { Delete(file); break; } catch { n++; } }': the variable the
        /// loop advances feeds the input of the operation in the try (a file name, a port), so each round tries a new
        /// candidate until one is free. That is a search, not a retry of the same operation. A counter used only in a log
        /// line, or wrapped with '%' (round-robin over the same hosts), still retries.
        /// </summary>
        private static bool ProbesNewInput(StatementSyntax body, TryStatementSyntax retryTry, CatchClauseSyntax retryCatch)
        {
            var advanced = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                if (retryTry.Block.Span.Contains(node.Span))
                {
                    continue; // advancing inside the operation is part of it
                }

                ExpressionSyntax? operand = node switch
                {
                    PostfixUnaryExpressionSyntax post when post.IsKind(SyntaxKind.PostIncrementExpression) => post.Operand,
                    PrefixUnaryExpressionSyntax pre when pre.IsKind(SyntaxKind.PreIncrementExpression) => pre.Operand,
                    AssignmentExpressionSyntax add when add.IsKind(SyntaxKind.AddAssignmentExpression) => add.Left,
                    _ => null,
                };
                if (operand is IdentifierNameSyntax name)
                {
                    advanced.Add(name.Identifier.ValueText);
                }
            }

            if (advanced.Count == 0)
            {
                return false;
            }

            // Locals of the round computed from an advanced variable ('var file = Path.Combine(dir, $"runner{n}.zip")').
            var derived = new System.Collections.Generic.HashSet<string>(advanced, System.StringComparer.Ordinal);
            foreach (SyntaxNode node in DescendantsInLoop(body))
            {
                if (retryCatch.Span.Contains(node.Span))
                {
                    continue;
                }

                if (node is VariableDeclaratorSyntax declarator && declarator.Initializer != null && ReadsAdvanced(declarator.Initializer.Value, advanced))
                {
                    derived.Add(declarator.Identifier.ValueText);
                }
                else if (node is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && assignment.Left is IdentifierNameSyntax assigned && ReadsAdvanced(assignment.Right, advanced))
                {
                    derived.Add(assigned.Identifier.ValueText);
                }
            }

            foreach (SyntaxNode node in DescendantsInLoop(retryTry.Block))
            {
                ArgumentListSyntax? arguments = node switch
                {
                    InvocationExpressionSyntax invocation when !IsLogName(InvokedName(invocation)) && !IsReturnedResult(invocation, retryTry) => invocation.ArgumentList,
                    BaseObjectCreationExpressionSyntax creation when !IsReturnedResult(creation, retryTry) => creation.ArgumentList,
                    _ => null,
                };
                if (arguments != null && arguments.Arguments.Any(a => ReadsAdvanced(a.Expression, derived)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The expression reads one of the names, not under a '%' (a modulo cycles through the same inputs).</summary>
        private static bool ReadsAdvanced(ExpressionSyntax expression, System.Collections.Generic.HashSet<string> names)
        {
            foreach (IdentifierNameSyntax identifier in expression.DescendantNodesAndSelf(n => !SyntaxHelpers.IsFunctionBoundary(n)).OfType<IdentifierNameSyntax>())
            {
                if (!names.Contains(identifier.Identifier.ValueText) || identifier.Parent is MemberAccessExpressionSyntax member && member.Name == identifier)
                {
                    continue;
                }

                bool cycled = identifier.Ancestors().TakeWhile(a => a != expression.Parent).Any(a => a.IsKind(SyntaxKind.ModuloExpression));
                if (!cycled)
                {
                    return true;
                }
            }

            return false;
        }

        // LogInformation / LogWarning ..., a logger's level methods, Console / Trace WriteLine.
        private static bool IsLogName(string? name) =>
            name != null && (name.StartsWith("Log", System.StringComparison.Ordinal) || name == "WriteLine" || name == "TraceInformation"
                || LoggingApis.IsLevelMethod(name));

        /// <summary>Descendants in the same function body (lambdas and local functions excluded).</summary>
        private static System.Collections.Generic.IEnumerable<SyntaxNode> DescendantsInLoop(SyntaxNode root) =>
            root.DescendantNodes(n => n == root || !SyntaxHelpers.IsFunctionBoundary(n));
    }
}
