using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>What kind of code runs at a position, as far as blocking on tasks is concerned.</summary>
    internal enum ExecutionContextKind
    {
        /// <summary>Synchronous code with no special meaning (a plain method, a lambda run later, Main, ...).</summary>
        Other,

        /// <summary>The body of an async method, async lambda or async local function (LINQ lambdas run inline count too).</summary>
        Async,

        /// <summary>An instance or static constructor body.</summary>
        Constructor,

        /// <summary>A property or indexer getter.</summary>
        PropertyGetter,

        /// <summary>A lambda passed as a factory to a Microsoft.Extensions.DependencyInjection registration.</summary>
        ServiceFactory,

        /// <summary>The value factory lambda of a <c>System.Lazy&lt;T&gt;</c>: runs synchronously wherever <c>Value</c> is first read.</summary>
        LazyFactory,

        /// <summary>A field or auto-property initializer (runs in the constructor or the type initializer).</summary>
        FieldInitializer,
    }

    /// <summary>
    /// Shared answers for the REL4xx rules: is a position inside async code, can an <c>await</c> be written there,
    /// is a task proven complete before it is blocked on, which CancellationToken is in scope.
    /// All helpers are syntax-first and only bind what they need; they never throw on incomplete code.
    /// </summary>
    internal static partial class AsyncContext
    {
        /// <summary>
        /// Classifies the function that runs <paramref name="node"/>. Sync lambdas handed to a System.Linq.Enumerable
        /// method run inline, so the search looks through them to the function that calls LINQ.
        /// <paramref name="function"/> is the syntax of that function (method, local function, lambda, accessor, ...).
        /// </summary>
        public static ExecutionContextKind Classify(SyntaxNode node, SemanticModel model, TaskTypes types, out SyntaxNode? function, CancellationToken cancellationToken)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda:
                        function = lambda;
                        if (lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword))
                        {
                            return ExecutionContextKind.Async;
                        }

                        if (IsInlineLinqLambda(lambda, model, types, cancellationToken))
                        {
                            continue;
                        }

                        return IsServiceFactoryLambda(lambda, model, cancellationToken) ? ExecutionContextKind.ServiceFactory
                            : IsLazyFactoryLambda(lambda, model, cancellationToken) ? ExecutionContextKind.LazyFactory
                            : ExecutionContextKind.Other;

                    case LocalFunctionStatementSyntax local:
                        function = local;
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword) ? ExecutionContextKind.Async : ExecutionContextKind.Other;

                    case MethodDeclarationSyntax method:
                        function = method;
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword) ? ExecutionContextKind.Async : ExecutionContextKind.Other;

                    case ConstructorDeclarationSyntax ctor:
                        function = ctor;
                        return ExecutionContextKind.Constructor;

                    case AccessorDeclarationSyntax accessor:
                        function = accessor;
                        return accessor.IsKind(SyntaxKind.GetAccessorDeclaration) ? ExecutionContextKind.PropertyGetter : ExecutionContextKind.Other;

                    case ArrowExpressionClauseSyntax arrow when arrow.Parent is PropertyDeclarationSyntax || arrow.Parent is IndexerDeclarationSyntax:
                        function = arrow;
                        return ExecutionContextKind.PropertyGetter;

                    case FieldDeclarationSyntax _:
                        function = current;
                        return ExecutionContextKind.FieldInitializer;

                    case PropertyDeclarationSyntax property when property.Initializer != null && property.Initializer.Span.Contains(node.Span):
                        function = current;
                        return ExecutionContextKind.FieldInitializer;

                    case BaseMethodDeclarationSyntax _:
                    case BasePropertyDeclarationSyntax _:
                    case GlobalStatementSyntax _:
                    case TypeDeclarationSyntax _:
                        function = current;
                        return ExecutionContextKind.Other;
                }
            }

            function = null;
            return ExecutionContextKind.Other;
        }

        /// <summary>True when the node runs in an async method, async lambda or async local function.</summary>
        public static bool IsInAsyncContext(SyntaxNode node, SemanticModel model, TaskTypes types, CancellationToken cancellationToken) =>
            Classify(node, model, types, out _, cancellationToken) == ExecutionContextKind.Async;

        /// <summary>
        /// True when an <c>await</c> can replace <paramref name="node"/>: its nearest enclosing function is async
        /// (no lambda in between), and it is not inside a lock, an unsafe block, a query clause or a catch filter.
        /// </summary>
        public static bool CanAwaitAt(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax _:
                    case UnsafeStatementSyntax _:
                    case QueryExpressionSyntax _:
                    case CatchFilterClauseSyntax _:
                        return false;
                    case AnonymousFunctionExpressionSyntax lambda:
                        return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax local:
                        return local.Modifiers.Any(SyntaxKind.AsyncKeyword) && !local.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword) && !method.Modifiers.Any(SyntaxKind.UnsafeKeyword);
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                    case BasePropertyDeclarationSyntax _:
                    case TypeDeclarationSyntax _:
                    case GlobalStatementSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// True inside the synchronous branch of the "async flag" dual path used by high-performance libraries:
        /// the else-branch of <c>if (async)</c>, the then-branch of <c>if (!async)</c>, or the matching arms of a
        /// conditional expression, where the flag is a bool named async / isAsync / useAsync / runAsync; or the then-branch
        /// of <c>if (isSynchronous)</c> for a flag named for the synchronous path.
        /// </summary>
        public static bool IsInSyncBranchOfAsyncFlag(SyntaxNode node)
        {
            SyntaxNode child = node;
            for (SyntaxNode? current = node.Parent; current != null; child = current, current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax || current is BaseMethodDeclarationSyntax)
                {
                    return false;
                }

                ExpressionSyntax? condition = null;
                bool inThen = false;
                bool inElse = false;
                if (current is IfStatementSyntax ifStatement)
                {
                    condition = ifStatement.Condition;
                    inThen = child == ifStatement.Statement;
                    inElse = child == ifStatement.Else;
                }
                else if (current is ConditionalExpressionSyntax conditional)
                {
                    condition = conditional.Condition;
                    inThen = child == conditional.WhenTrue;
                    inElse = child == conditional.WhenFalse;
                }

                if (condition is null || !(inThen || inElse))
                {
                    continue;
                }

                bool negated = false;
                ExpressionSyntax test = Unparenthesize(condition);
                if (test is PrefixUnaryExpressionSyntax not && not.IsKind(SyntaxKind.LogicalNotExpression))
                {
                    negated = true;
                    test = Unparenthesize(not.Operand);
                }

                string? flag = test switch
                {
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    _ => null,
                };
                if (flag != null && ((IsAsyncFlagName(flag) && (negated ? inThen : inElse)) || (IsSyncFlagName(flag) && (negated ? inElse : inThen))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the task that <paramref name="usage"/> blocks on is proven complete at that point, so blocking
        /// cannot wait. <paramref name="taskExpression"/> is the task (after <c>ConfigureAwait</c> and
        /// <c>GetAwaiter</c> are looked through). Proofs: a prior <c>await</c> of it, a prior awaited
        /// <c>Task.WhenAll/WhenAny</c> (or <c>WaitAll/WaitAny</c>) that mentions it or its collection, an
        /// <c>IsCompleted</c> / <c>IsCompletedSuccessfully</c> / <c>IsFaulted</c> / <c>IsCanceled</c> / <c>Status</c>
        /// or <c>Wait(timeout)</c> check guarding the usage, a prior blocking call on it, a ContinueWith antecedent,
        /// a task from <c>Task.FromResult</c> / <c>Task.CompletedTask</c>, or the result of <c>await Task.WhenAny</c>.
        /// </summary>
        public static bool IsProvenComplete(ExpressionSyntax taskExpression, SyntaxNode usage, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            return TaskCompletion.IsProvenComplete(taskExpression, usage, model, types, cancellationToken);
        }

        /// <summary>
        /// The one obvious CancellationToken at <paramref name="node"/>: the single CancellationToken parameter of
        /// the enclosing functions (innermost first), or a parameter named stoppingToken; null when none or ambiguous.
        /// </summary>
        public static string? FindCancellationToken(SyntaxNode node, SemanticModel model, INamedTypeSymbol? cancellationTokenType, CancellationToken cancellationToken)
        {
            if (cancellationTokenType is null)
            {
                return null;
            }

            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                ParameterListSyntax? list = null;
                switch (current)
                {
                    case BaseMethodDeclarationSyntax method:
                        list = method.ParameterList;
                        break;
                    case LocalFunctionStatementSyntax local:
                        list = local.ParameterList;
                        break;
                    case ParenthesizedLambdaExpressionSyntax lambda:
                        list = lambda.ParameterList;
                        break;
                    case AnonymousMethodExpressionSyntax anonymous:
                        list = anonymous.ParameterList;
                        break;
                    case SimpleLambdaExpressionSyntax simple:
                        if (model.GetDeclaredSymbol(simple.Parameter, cancellationToken) is IParameterSymbol single
                            && SymbolEqualityComparer.Default.Equals(single.Type, cancellationTokenType))
                        {
                            return single.Name;
                        }

                        continue;
                }

                if (list is null)
                {
                    if (current is TypeDeclarationSyntax)
                    {
                        return null;
                    }

                    continue;
                }

                string? found = null;
                int count = 0;
                string? stopping = null;
                foreach (ParameterSyntax parameter in list.Parameters)
                {
                    if (model.GetDeclaredSymbol(parameter, cancellationToken) is IParameterSymbol symbol
                        && SymbolEqualityComparer.Default.Equals(symbol.Type, cancellationTokenType))
                    {
                        count++;
                        found = symbol.Name;
                        if (symbol.Name == "stoppingToken")
                        {
                            stopping = symbol.Name;
                        }
                    }
                }

                if (count == 1)
                {
                    return found;
                }

                if (count > 1)
                {
                    return stopping;
                }

                if (current is BaseMethodDeclarationSyntax)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>True when the file calls <c>ConfigureAwait(false)</c> somewhere (so a fix should keep that style).</summary>
        public static bool FileUsesConfigureAwaitFalse(SyntaxNode root)
        {
            foreach (SyntaxNode node in root.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation
                    && invocation.Expression is MemberAccessExpressionSyntax member
                    && member.Name.Identifier.ValueText == "ConfigureAwait"
                    && invocation.ArgumentList.Arguments.Count == 1
                    && invocation.ArgumentList.Arguments[0].Expression.IsKind(SyntaxKind.FalseLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        internal static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        /// <summary>'async', 'isAsync', 'useAsync', 'execAsync', '_async', 'isAsynchronous': a flag that is true on the asynchronous path.</summary>
        internal static bool IsAsyncFlagName(string name)
        {
            string rest = FlagRest(name, out string prefix);
            return rest == "async" || rest == "asynchronous" || (prefix.Length > 0 && rest == "asynchronously");
        }

        /// <summary>
        /// 'asyncWrite', 'isAsyncCall', 'useAsyncIo': a flag that turns on the asynchronous mode of one operation (a
        /// database driver's 'WritePacket(..., asyncWrite: false)', phase 20). Only for arguments passed to a bool
        /// parameter: as a name in a condition it is too loose ('asyncResult').
        /// </summary>
        internal static bool IsAsyncModeFlagName(string name)
        {
            // The same prefixes as the other flags; the word after "async" must start with a capital ('asyncWrite').
            string rest = FlagRest(name, out string prefix);
            string trimmed = name.TrimStart('_', '@');
            return rest.Length > 5 && rest.StartsWith("async", System.StringComparison.Ordinal) && char.IsUpper(trimmed[prefix.Length + 5]);
        }

        /// <summary>
        /// 'isSynchronous', 'synchronous', 'isSync', 'useSync', 'runSynchronously': a flag that is true on the synchronous path
        /// of the same dual code path. A bare 'sync' / '_sync' is usually a lock object, and 'doSync' / 'shouldSync' /
        /// 'runSync' usually mean "synchronise data": not flags.
        /// </summary>
        internal static bool IsSyncFlagName(string name)
        {
            string rest = FlagRest(name, out string prefix);
            return rest == "synchronous" || rest == "synchronously" || (rest == "sync" && (prefix == "is" || prefix == "use"));
        }

        // '_isSynchronous' -> "synchronous" with prefix "is"; '@async' -> "async" with no prefix.
        private static string FlagRest(string name, out string prefix)
        {
            string lower = name.TrimStart('_', '@').ToLowerInvariant();
            foreach (string candidate in FlagPrefixes)
            {
                if (lower.Length > candidate.Length && lower.StartsWith(candidate, System.StringComparison.Ordinal))
                {
                    prefix = candidate;
                    return lower.Substring(candidate.Length);
                }
            }

            prefix = string.Empty;
            return lower;
        }

        /// <summary>
        /// A method with a bool parameter named for the async or the sync side of a dual path ('bool async', 'useAsync',
        /// 'isSynchronous'): the method as a whole is that dual path (REL404, REL405). A branch-only flag does not count.
        /// </summary>
        internal static bool HasAsyncFlagParameter(IMethodSymbol? method)
        {
            if (method is null)
            {
                return false;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Boolean
                    && ((IsAsyncFlagName(parameter.Name) && !IsBranchOnlyFlagName(parameter.Name)) || IsSyncFlagName(parameter.Name)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'execAsync' / 'executeAsync': the async flag of a connector that threads it through every dual method. Read
        /// where the code branches on it (or passes it), never as a whole-method exemption: such methods also block
        /// outside their branches, on the async path (phase 21: three real blocking calls in methods taking the flag).
        /// </summary>
        internal static bool IsBranchOnlyFlagName(string name)
        {
            FlagRest(name, out string prefix);
            return prefix == "exec" || prefix == "execute";
        }

        // "exec" / "execute": a database connector's 'execAsync' threaded through every dual method (phase 21).
        private static readonly string[] FlagPrefixes = { "is", "use", "run", "do", "should", "execute", "exec" };

        private static bool IsInlineLinqLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            if (types.Enumerable is null || !(lambda.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation))
            {
                return false;
            }

            return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Enumerable);
        }

        /// <summary>
        /// The value factory of <c>new Lazy&lt;T&gt;(() => ...)</c> (also target-typed <c>new(...)</c>) or of
        /// <c>LazyInitializer.EnsureInitialized(ref field, () => ...)</c>: checked by the
        /// written type name first, bound only when the name is <c>Lazy</c> or the creation is target-typed.
        /// </summary>
        private static bool IsLazyFactoryLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(lambda.Parent is ArgumentSyntax argument))
            {
                return false;
            }

            // LazyInitializer.EnsureInitialized(ref _value, () => ...): the same deferred, synchronous factory.
            if (argument.Parent?.Parent is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "EnsureInitialized" } } ensure)
            {
                return model.GetSymbolInfo(ensure, cancellationToken).Symbol is IMethodSymbol { ContainingType: { Name: "LazyInitializer" } initializer }
                    && initializer.ContainingNamespace is { Name: "Threading" } threading && threading.ContainingNamespace is { Name: "System" };
            }

            if (!(argument.Parent?.Parent is BaseObjectCreationExpressionSyntax creation))
            {
                return false;
            }

            if (creation is ObjectCreationExpressionSyntax named)
            {
                TypeSyntax type = named.Type is QualifiedNameSyntax qualified ? qualified.Right : named.Type;
                if (!(type is GenericNameSyntax generic) || generic.Identifier.ValueText != "Lazy")
                {
                    return false;
                }
            }

            return model.GetTypeInfo(creation, cancellationToken).Type is INamedTypeSymbol { Name: "Lazy", Arity: 1 } lazy
                && lazy.ContainingNamespace is { Name: "System" } system && system.ContainingNamespace?.IsGlobalNamespace == true;
        }

        private static bool IsServiceFactoryLambda(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(lambda.Parent is ArgumentSyntax argument) || !(argument.Parent?.Parent is InvocationExpressionSyntax invocation))
            {
                return false;
            }

            if (!(model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method))
            {
                return false;
            }

            INamespaceSymbol? ns = method.ContainingType?.ContainingNamespace;
            string nsName = ns?.ToDisplayString() ?? string.Empty;
            if (nsName != "Microsoft.Extensions.DependencyInjection" && nsName != "Microsoft.Extensions.DependencyInjection.Extensions")
            {
                return false;
            }

            // The factory parameter is a Func<IServiceProvider, ...> (keyed registrations: Func<IServiceProvider, object?, ...>).
            if (!(model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol delegateType)
                || delegateType.DelegateInvokeMethod is null
                || delegateType.DelegateInvokeMethod.Parameters.Length == 0)
            {
                return false;
            }

            ITypeSymbol first = delegateType.DelegateInvokeMethod.Parameters[0].Type;
            return first.Name == "IServiceProvider" && first.ContainingNamespace?.ToDisplayString() == "System";
        }
    }
}
