using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL105: a catch-all around code that passes a CancellationToken also catches OperationCanceledException,
    /// so a cancelled operation looks like a failure (or like success) and the caller keeps going.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL105CatchAllSwallowsCancellationAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>"true" when the catch already has a filter (the fix combines with it).</summary>
        public const string HasFilterProperty = "HasFilter";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CatchAllSwallowsCancellation,
            title: "Catch-all swallows cancellation",
            messageFormat: "This catch-all also catches the OperationCanceledException raised when '{0}' is cancelled. " +
                           "Cancellation is turned into an ordinary failure or into success, so shutdown and request aborts do not stop the work. " +
                           "Let cancellation through with 'when (ex is not OperationCanceledException)' or catch OperationCanceledException first.",
            description: "A catch (Exception) or bare catch around code that passes a CancellationToken also catches the OperationCanceledException " +
                         "that cancellation raises. Unless an earlier catch, a filter or a rethrow lets it through, the caller never learns that the " +
                         "operation was cancelled.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? token = types.Get("System.Threading.CancellationToken");
                INamedTypeSymbol? canceled = types.Get(KnownTypes.OperationCanceledException);
                if (token is null || canceled is null)
                {
                    return;
                }

                // An operation action: the caught types and the token arguments come from the operation tree the driver
                // builds anyway; semantic-model queries from a syntax action bound catch blocks on this rule's time.
                var logging = LoggingApis.For(types);
                start.RegisterOperationAction(c => AnalyzeCatch(c, token, canceled, logging), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(OperationAnalysisContext context, INamedTypeSymbol tokenType, INamedTypeSymbol canceled, LoggingApis logging)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;
            if (!(catchOperation.Syntax is CatchClauseSyntax catchClause) || catchClause.Block.IsMissing
                || !(catchOperation.Parent is ITryOperation tryOperation))
            {
                return;
            }

            // Cheap syntax first: a filter that mentions cancellation or tests the exception's type lets cancellation through.
            if (catchClause.Filter != null && FilterMayExcludeCancellation(catchClause.Filter))
            {
                return;
            }

            // The body rethrows, translates or looks at cancellation itself: not swallowed. A rethrow only under a
            // condition (the last attempt of a retry loop) still retries cancellation: judged below for retry loops.
            bool conditionallyRethrows = false;
            if (BodyHandlesCancellation(catchClause.Block, ignoreConditionalThrows: false))
            {
                if (BodyHandlesCancellation(catchClause.Block, ignoreConditionalThrows: true))
                {
                    return;
                }

                conditionallyRethrows = true;
            }

            if (catchClause.Declaration != null)
            {
                ITypeSymbol? caught = catchOperation.ExceptionType;
                // Only a base of OperationCanceledException (Exception, SystemException) catches it as a side effect;
                // 'catch (OperationCanceledException)' itself is a deliberate decision about cancellation (MQTTnet has 14).
                if (caught is null || caught.TypeKind == TypeKind.Error || SymbolEqualityComparer.Default.Equals(caught, canceled)
                    || !canceled.InheritsFromOrEquals(caught as INamedTypeSymbol))
                {
                    return; // not a catch-all that also catches OperationCanceledException
                }
            }

            // The caught exception is handed on (Task.FromException(ex), tcs.SetException(ex), awaitable.Fail(ex),
            // 'return ex'): cancellation travels with it. Logging it is not handing it on.
            if (Operations.CaughtLocal(catchOperation) is { } caughtLocal && HandsOn(catchOperation.Handler, caughtLocal, logging))
            {
                return;
            }

            // Try-pattern methods report failure through their result, and teardown paths must not throw: both by design.
            if (context.ContainingSymbol is IMethodSymbol member && IsTryPatternOrTeardown(member))
            {
                return;
            }

            // An earlier catch of the same try handles cancellation.
            foreach (ICatchClauseOperation earlier in tryOperation.Catches)
            {
                if (earlier == catchOperation)
                {
                    break;
                }

                if (((CatchClauseSyntax)earlier.Syntax).Declaration != null && earlier.ExceptionType.InheritsFromOrEquals(canceled))
                {
                    return;
                }

                // 'catch (Exception) when (token.IsCancellationRequested)' (or a filter on the exception's type) before
                // this one already takes cancellation out.
                if (((CatchClauseSyntax)earlier.Syntax).Filter is { } earlierFilter && FilterMayExcludeCancellation(earlierFilter))
                {
                    return;
                }
            }

            // The guarded code must be cancellable: it passes a token (or checks one) somewhere outside nested functions.
            // With no token in scope, a bounded retry loop (for + catch-all + Task.Delay) still retries the
            // OperationCanceledException its callee throws (shutdown, an aborted request), with back-off each time.
            string? tokenText = conditionallyRethrows ? null : FindTokenUse(tryOperation.Body, tokenType);
            if (tokenText is null)
            {
                tokenText = RetriedCallWithoutToken(tryOperation, catchClause, tokenType, context.ContainingSymbol);
                if (tokenText is null)
                {
                    return;
                }
            }

            TextSpan span = TextSpan.FromBounds(
                catchClause.CatchKeyword.SpanStart,
                catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(HasFilterProperty, catchClause.Filter != null ? "true" : "false");
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), properties, tokenText));
        }

        private static bool FilterMayExcludeCancellation(CatchFilterClauseSyntax filter)
        {
            foreach (SyntaxNode node in filter.FilterExpression.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case IsPatternExpressionSyntax _:
                    case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.IsExpression) || b.IsKind(SyntaxKind.AsExpression):
                        return true; // a type test: may well exclude cancellation; do not guess
                    case IdentifierNameSyntax id when MentionsCancellation(id.Identifier.ValueText):
                        return true;
                }
            }

            return false;
        }

        // Names that show the code already separates cancellation from failure.
        private static bool MentionsCancellation(string name) =>
            name == "IsCancellationRequested" || name == "OperationCanceledException" || name == "TaskCanceledException";

        private static bool BodyHandlesCancellation(BlockSyntax block, bool ignoreConditionalThrows)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n) && !(n is AnonymousFunctionExpressionSyntax)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        if (!ignoreConditionalThrows || !InsideIf(node, block))
                        {
                            return true;
                        }

                        break;
                    case IdentifierNameSyntax id when MentionsCancellation(id.Identifier.ValueText):
                        return true;
                }
            }

            return false;
        }

        private static bool InsideIf(SyntaxNode node, BlockSyntax block)
        {
            for (SyntaxNode? current = node.Parent; current != null && current != block; current = current.Parent)
            {
                if (current is IfStatementSyntax || current is ConditionalExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A CancellationToken value a caller can cancel: not 'default', not CancellationToken.None, and not the token of a
        /// local 'new CancellationTokenSource(timeout)' (its OperationCanceledException is a timeout, a failure to catch).
        /// </summary>
        private static bool IsCancellableToken(IOperation value, INamedTypeSymbol tokenType)
        {
            while (value is IConversionOperation { IsImplicit: true } conversion)
            {
                value = conversion.Operand;
            }

            return SymbolEqualityComparer.Default.Equals(value.Type, tokenType)
                && !(value is IDefaultValueOperation)
                && !(value is IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true })
                && !IsLocalTimeoutToken(value);
        }

        private static bool IsLocalTimeoutToken(IOperation value)
        {
            if (!(value is IPropertyReferenceOperation { Property.Name: "Token", Instance: ILocalReferenceOperation source })
                || source.Local.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            return source.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax
            {
                Initializer.Value: BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation,
            } && source.Local.Type?.Name == "CancellationTokenSource" && !(creation.ArgumentList!.Arguments[0].Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression });
        }

        /// <summary>The handler passes the caught exception to a call that is not a log call, or returns it.</summary>
        private static bool HandsOn(IOperation handler, ILocalSymbol caught, LoggingApis logging)
        {
            foreach (IOperation descendant in handler.Descendants())
            {
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, caught))
                {
                    IOperation? parent = reference.Parent;
                    while (parent is IConversionOperation)
                    {
                        parent = parent.Parent;
                    }

                    if (parent is IReturnOperation
                        || (parent is IArgumentOperation { Parent: IInvocationOperation call } && logging.Classify(call) == LogApi.None)
                        || parent is IArgumentOperation { Parent: IObjectCreationOperation })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsTryPatternOrTeardown(IMethodSymbol member)
        {
            return SyntaxHelpers.IsTryPatternName(member.Name)
                || member.Name.StartsWith("Dispose", System.StringComparison.Ordinal) || member.MethodKind == MethodKind.Destructor;
        }

        /// <summary>
        /// The retry-loop shape with no token in scope: the try is the body of a 'for' loop (bounded by attempts) whose body
        /// also waits with Task.Delay, the guarded code awaits a call, and neither the method nor an enclosing lambda has a
        /// CancellationToken parameter. Returns the awaited call's name, or null.
        /// </summary>
        private static string? RetriedCallWithoutToken(ITryOperation tryOperation, CatchClauseSyntax catchClause, INamedTypeSymbol tokenType, ISymbol containing)
        {
            if (!(catchClause.Parent is TryStatementSyntax tryStatement))
            {
                return null;
            }

            ForStatementSyntax? loop = null;
            for (SyntaxNode? current = tryStatement.Parent; current != null; current = current.Parent)
            {
                if (current is ForStatementSyntax f && f.Condition != null)
                {
                    loop = f;
                    break;
                }

                if (!(current is BlockSyntax))
                {
                    return null; // the try must be a direct statement of the loop body
                }
            }

            if (loop is null || !DelaysInLoop(loop.Statement))
            {
                return null;
            }

            // No token in scope: none among the parameters of the method and of the functions around the try.
            for (ISymbol? symbol = containing; symbol is IMethodSymbol method; symbol = method.ContainingSymbol)
            {
                foreach (IParameterSymbol parameter in method.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, tokenType))
                    {
                        return null;
                    }
                }
            }

            foreach (IOperation current in Operations.InSameFunction(tryOperation.Body))
            {
                if (current is IAwaitOperation { Operation: var awaited }
                    && Operations.Unwrap(awaited) is IInvocationOperation call)
                {
                    IInvocationOperation target = call.TargetMethod.Name == "ConfigureAwait" && call.Instance is IInvocationOperation inner ? inner : call;
                    if (target.TargetMethod.Name != "Delay")
                    {
                        return target.TargetMethod.Name;
                    }
                }
            }

            return null;
        }

        private static bool DelaysInLoop(StatementSyntax body)
        {
            foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Delay", Expression: IdentifierNameSyntax { Identifier.ValueText: "Task" } } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The first token the guarded block passes or checks, outside lambdas and local functions.</summary>
        private static string? FindTokenUse(IOperation tryBlock, INamedTypeSymbol tokenType)
        {
            foreach (IOperation current in Operations.InSameFunction(tryBlock))
            {
                switch (current)
                {
                    case IArgumentOperation { ArgumentKind: ArgumentKind.ParamArray, Value: IArrayCreationOperation { Initializer: { } elements } }:
                        foreach (IOperation element in elements.ElementValues)
                        {
                            if (IsCancellableToken(element, tokenType))
                            {
                                return element.Syntax.ToString();
                            }
                        }

                        break;
                    case IArgumentOperation argument when argument.ArgumentKind == ArgumentKind.Explicit && !argument.IsImplicit:
                        if (IsCancellableToken(argument.Value, tokenType))
                        {
                            return argument.Value.Syntax.ToString();
                        }

                        break;
                    case IDynamicInvocationOperation dynamicCall:
                        foreach (IOperation value in dynamicCall.Arguments)
                        {
                            if (IsCancellableToken(value, tokenType))
                            {
                                return value.Syntax.ToString();
                            }
                        }

                        break;
                    case IInvocationOperation { TargetMethod.Name: "ThrowIfCancellationRequested", Instance: { } instance }
                        when SymbolEqualityComparer.Default.Equals(instance.Type, tokenType):
                        return instance.Syntax.ToString();
                }
            }

            return null;
        }
    }
}
