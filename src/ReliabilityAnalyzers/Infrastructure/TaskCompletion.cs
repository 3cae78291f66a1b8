using System.Collections.Generic;
using System.Threading;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// The completion proof behind <see cref="AsyncContext.IsProvenComplete"/>. Textual order inside the enclosing
    /// function stands in for control flow: a proof written before the blocking call counts. It errs on the side of
    /// "complete" (a missed finding is cheaper than a false one), and only runs once a blocking call was found.
    /// </summary>
    internal static class TaskCompletion
    {
        public static bool IsProvenComplete(ExpressionSyntax taskExpression, SyntaxNode usage, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            ExpressionSyntax task = StripCasts(BlockingWait.StripConfigureAwait(taskExpression));

            if (IsCompletedByConstruction(task, model, types, cancellationToken))
            {
                return true;
            }

            var keys = new List<ISymbol>(2);
            if (!CollectKeys(task, model, types, keys, cancellationToken, out bool provenByKey))
            {
                return false;
            }

            if (provenByKey)
            {
                return true;
            }

            SyntaxNode? scope = Scope(usage);
            return scope != null && ScanForProof(scope, usage, keys, model, types, cancellationToken);
        }

        /// <summary><c>((Task&lt;int&gt;)tasks[0])</c>, <c>(tasks[1] as Task&lt;int&gt;)!</c> → the task expression inside.</summary>
        private static ExpressionSyntax StripCasts(ExpressionSyntax task)
        {
            for (int guard = 0; guard < 8; guard++)
            {
                task = AsyncContext.Unparenthesize(task);
                if (task is PostfixUnaryExpressionSyntax bang && bang.IsKind(SyntaxKind.SuppressNullableWarningExpression))
                {
                    task = bang.Operand;
                }
                else if (task is CastExpressionSyntax cast)
                {
                    task = cast.Expression;
                }
                else if (task is BinaryExpressionSyntax asCast && asCast.IsKind(SyntaxKind.AsExpression))
                {
                    task = asCast.Left;
                }
                else
                {
                    break;
                }
            }

            return task;
        }

        /// <summary>True when every task argument of WaitAll/WaitAny is proven complete.</summary>
        public static bool AllArgumentsProven(InvocationExpressionSyntax invocation, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            bool any = false;
            foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
            {
                ITypeSymbol? type = model.GetTypeInfo(argument.Expression, cancellationToken).Type;
                bool taskish = types.IsTaskLike(type) || (type is IArrayTypeSymbol array && types.IsTaskLike(array.ElementType));
                if (!taskish)
                {
                    continue;
                }

                any = true;
                if (!IsProvenComplete(argument.Expression, invocation, model, types, cancellationToken))
                {
                    return false;
                }
            }

            return any;
        }

        private static bool IsCompletedByConstruction(ExpressionSyntax task, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            switch (task)
            {
                case InvocationExpressionSyntax invocation when invocation.Expression is MemberAccessExpressionSyntax member
                    && (member.Name.Identifier.ValueText == "FromResult" || member.Name.Identifier.ValueText == "FromException" || member.Name.Identifier.ValueText == "FromCanceled"):
                    return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && types.IsTaskLike(method.ReturnType);
                case MemberAccessExpressionSyntax completed when completed.Name.Identifier.ValueText == "CompletedTask":
                    return true;
                case InvocationExpressionSyntax read when ReadsBufferedContent(read, model, cancellationToken):
                    return true;
                case ObjectCreationExpressionSyntax creation when creation.ArgumentList?.Arguments.Count == 1:
                    // new ValueTask<T>(value) wraps a value, not a task.
                    ITypeSymbol? created = model.GetTypeInfo(creation, cancellationToken).Type;
                    ITypeSymbol? argument = model.GetTypeInfo(creation.ArgumentList.Arguments[0].Expression, cancellationToken).Type;
                    return created != null && TaskTypes.Same(created.OriginalDefinition, types.ValueTaskOfT) && !types.IsTaskLike(argument);
            }

            return false;
        }

        /// <summary>
        /// The symbols whose proofs cover this task: the variable itself and, for an element of a collection, the
        /// collection. Returns false when the task has no name to follow (a call result, for instance).
        /// </summary>
        private static bool CollectKeys(ExpressionSyntax task, SemanticModel model, TaskTypes types, List<ISymbol> keys, CancellationToken cancellationToken, out bool proven)
        {
            proven = false;
            if (IsElementPick(task, model, types, cancellationToken) is ExpressionSyntax source)
            {
                // tasks.First(t => !t.Result.Success).Result: an element of tasks, covered by a batch await over them.
                AddCollectionRoot(source, model, types, keys, cancellationToken);
                return true;
            }

            if (task is ElementAccessExpressionSyntax element)
            {
                ISymbol? collection = Bind(element.Expression, model, cancellationToken);
                if (collection is null)
                {
                    return false;
                }

                keys.Add(collection);
                return true;
            }

            ISymbol? symbol = Bind(task, model, cancellationToken);
            switch (symbol)
            {
                case IParameterSymbol parameter:
                    keys.Add(parameter);
                    if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda
                        && lambda.DeclaringSyntaxReferences.Length == 1
                        && lambda.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is AnonymousFunctionExpressionSyntax lambdaSyntax
                        && lambdaSyntax.Parent is ArgumentSyntax argument
                        && argument.Parent?.Parent is InvocationExpressionSyntax call
                        && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called)
                    {
                        // t.ContinueWith(prev => prev.Result): the antecedent is complete when the callback runs.
                        if (called.Name.StartsWith("ContinueWh", System.StringComparison.Ordinal) || called.Name == "ContinueWith")
                        {
                            proven = lambda.Parameters.Length > 0 && SymbolEqualityComparer.Default.Equals(lambda.Parameters[0], parameter);
                            return true;
                        }

                        // tasks.Select(t => t.Result): t is an element of tasks.
                        if (TaskTypes.Same(called.ContainingType, types.Enumerable) && call.Expression is MemberAccessExpressionSyntax linq)
                        {
                            AddCollectionRoot(linq.Expression, model, types, keys, cancellationToken);
                        }
                    }
                    else if (IsOnlyRunAsContinuation(parameter, model, cancellationToken))
                    {
                        // 'task.ContinueWith(HandleTransaction)' and 'void HandleTransaction(Task<T> t) { ... t.Result ... }'.
                        proven = true;
                    }

                    return true;

                case ILocalSymbol local:
                    keys.Add(local);
                    if (local.DeclaringSyntaxReferences.Length == 1)
                    {
                        SyntaxNode declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                        if (declaration is SingleVariableDesignationSyntax designation && designation.Parent is RecursivePatternSyntax declaredBy
                            && ChecksCompletion(declaredBy))
                        {
                            // if (x.Task is { IsCompleted: true } done) ... done.Result
                            proven = true;
                        }
                        else if (declaration is SingleVariableDesignationSyntax typed && PatternSubject(typed) is ExpressionSyntax subject)
                        {
                            // if (task is Task<string> done) ... done.Result: the same object as the matched task, so a
                            // proof for that task (await task before) covers it.
                            if (CollectKeys(StripCasts(BlockingWait.StripConfigureAwait(subject)), model, types, keys, cancellationToken, out bool subjectProven) && subjectProven)
                            {
                                proven = true;
                            }
                        }
                        else if (declaration is VariableDeclaratorSyntax { Initializer: { } picked }
                            && IsElementPick(AsyncContext.Unparenthesize(picked.Value), model, types, cancellationToken) is ExpressionSyntax pickedFrom
                            && AsyncContext.EnclosingFunction(declaration) is SyntaxNode pickFunction
                            && !SyntaxHelpers.IsVariableWrittenIn(pickFunction, local, model, cancellationToken))
                        {
                            // var failed = tasks.First(t => !t.Result.Success): an element of tasks.
                            AddCollectionRoot(pickedFrom, model, types, keys, cancellationToken);
                        }
                        else if (declaration is ForEachStatementSyntax loop)
                        {
                            AddCollectionRoot(loop.Expression, model, types, keys, cancellationToken);
                        }
                        else if (declaration is SingleVariableDesignationSyntax deconstructed
                            && deconstructed.FirstAncestorOrSelf<ForEachVariableStatementSyntax>() is { } deconstructingLoop
                            && deconstructingLoop.Variable.Span.Contains(deconstructed.Span))
                        {
                            // foreach (var (key, task) in keyed): task is an element of keyed.
                            AddCollectionRoot(deconstructingLoop.Expression, model, types, keys, cancellationToken);
                        }
                        else if (declaration is VariableDeclaratorSyntax declarator && declarator.Initializer != null
                            && AsyncContext.Unparenthesize(declarator.Initializer.Value) is AwaitExpressionSyntax awaited
                            && IsWhenCall(BlockingWait.StripConfigureAwait(awaited.Expression), model, types, cancellationToken, "WhenAny"))
                        {
                            // var done = await Task.WhenAny(...): the returned task is complete.
                            proven = true;
                        }
                    }

                    return true;

                case IFieldSymbol _:
                case IPropertySymbol { IsIndexer: false }:
                    keys.Add(symbol);
                    if (task is MemberAccessExpressionSyntax member)
                    {
                        // kv.Value / job.Work where kv is an element of a collection (foreach variable, LINQ lambda
                        // parameter): a batch await over that collection covers it.
                        AddElementOrigin(Bind(member.Expression, model, cancellationToken), model, types, keys, cancellationToken);
                    }

                    return true;

                case IPropertySymbol { IsIndexer: true } when task is ElementAccessExpressionSyntax:
                    return true;
            }

            return false;
        }

        /// <summary>The collection an element variable comes from: a foreach variable's source, a LINQ lambda's receiver.</summary>
        private static void AddElementOrigin(ISymbol? element, SemanticModel model, TaskTypes types, List<ISymbol> keys, CancellationToken cancellationToken)
        {
            if (element is ILocalSymbol local && local.ForEachLoopOf(cancellationToken) is ForEachStatementSyntax loop)
            {
                AddCollectionRoot(loop.Expression, model, types, keys, cancellationToken);
            }
            else if (element is IParameterSymbol parameter
                && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambda
                && lambda.DeclaringSyntaxReferences.Length == 1
                && lambda.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is AnonymousFunctionExpressionSyntax lambdaSyntax
                && lambdaSyntax.Parent is ArgumentSyntax argument
                && argument.Parent?.Parent is InvocationExpressionSyntax call
                && call.Expression is MemberAccessExpressionSyntax linq
                && model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called
                && TaskTypes.Same(called.ContainingType, types.Enumerable))
            {
                AddCollectionRoot(linq.Expression, model, types, keys, cancellationToken);
            }
        }

        /// <summary>
        /// 'response.Content.ReadAsStringAsync()' where 'var response = await http.GetAsync(url)' (also SendAsync, PostAsync, ...,
        /// or a blocking '.Result' on the send) without HttpCompletionOption.ResponseHeadersRead: HttpClient has already
        /// buffered the body, so the read completes at once and nothing blocks.
        /// </summary>
        private static bool ReadsBufferedContent(InvocationExpressionSyntax read, SemanticModel model, CancellationToken cancellationToken)
        {
            // 'response.Content.ReadAsStringAsync()', or 'request.Content?.ReadAsStringAsync()' (the read bound to the
            // conditional access's receiver).
            ExpressionSyntax? owner = read.Expression switch
            {
                MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ReadAsStringAsync" or "ReadAsByteArrayAsync" or "ReadAsStreamAsync" } member
                    => AsyncContext.Unparenthesize(member.Expression),
                MemberBindingExpressionSyntax { Name.Identifier.ValueText: "ReadAsStringAsync" or "ReadAsByteArrayAsync" or "ReadAsStreamAsync" }
                    => read.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>() is { } conditional && conditional.WhenNotNull.Span.Contains(read.Span)
                        ? AsyncContext.Unparenthesize(conditional.Expression) : null,
                _ => null,
            };
            if (!(owner is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Content" } content)
                || !(model.GetSymbolInfo(content.Expression, cancellationToken).Symbol is ILocalSymbol message)
                || message.DeclaringSyntaxReferences.Length != 1
                || !(message.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator)
                || !(AsyncContext.EnclosingFunction(declarator) is SyntaxNode function))
            {
                return false;
            }

            return message.Type?.Name switch
            {
                "HttpResponseMessage" => ResponseIsBuffered(message, declarator, function, model, cancellationToken),
                "HttpRequestMessage" => RequestContentInMemory(message, declarator, function, model, cancellationToken),
                _ => false,
            };
        }

        /// <summary>
        /// The response comes from a completed HttpClient send that buffers the body: the local's initializer, or its only
        /// assignment in the function ('HttpResponseMessage? response; try { response = await client.SendAsync(r); }
        /// catch ...', phase 21).
        /// </summary>
        private static bool ResponseIsBuffered(ILocalSymbol response, VariableDeclaratorSyntax declarator, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            // Every write of the local ('x = ', 'out x', '(x, y) = ', ...): an initializer and no write, or no initializer
            // and one plain assignment. A local written twice may hold another response.
            ExpressionSyntax? value = declarator.Initializer?.Value;
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node is IdentifierNameSyntax target && target.Identifier.ValueText == response.Name && SyntaxHelpers.IsWritten(target)
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, response))
                {
                    if (value != null || !(target.Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment))
                    {
                        return false;
                    }

                    value = assignment.Right;
                }
            }

            return value != null
                && CompletedSend(AsyncContext.Unparenthesize(value)) is InvocationExpressionSyntax send
                && model.GetOperation(send, cancellationToken) is Microsoft.CodeAnalysis.Operations.IInvocationOperation sender
                && IoApis.IsHttpClientSend(sender.TargetMethod)
                // ResponseHeadersRead streams the body: reading it then waits on the network.
                && IoApis.BuffersResponseContent(sender);
        }

        private static readonly string[] InMemoryContents = { "StringContent", "ByteArrayContent", "FormUrlEncodedContent", "ReadOnlyMemoryContent" };

        /// <summary>
        /// 'request.Content?.ReadAsStringAsync()' on a request built in this function whose content is never set (null) or
        /// only set to in-memory content ('Content = new StringContent(json)'): the read copies memory and completes at
        /// once (phase 21: a request logged for debugging).
        /// </summary>
        private static bool RequestContentInMemory(ILocalSymbol request, VariableDeclaratorSyntax declarator, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!(declarator.Initializer?.Value is BaseObjectCreationExpressionSyntax creation)
                || SyntaxHelpers.IsVariableWrittenIn(function, request, model, cancellationToken))
            {
                return false;
            }

            var values = new System.Collections.Generic.List<ExpressionSyntax>();
            if (creation.Initializer != null)
            {
                foreach (ExpressionSyntax member in creation.Initializer.Expressions)
                {
                    if (member is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "Content" } } set)
                    {
                        values.Add(set.Right);
                    }
                }
            }

            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (!(node is IdentifierNameSyntax use) || use.Identifier.ValueText != request.Name)
                {
                    continue;
                }

                if (use.Parent is MemberAccessExpressionSyntax access && access.Expression == use)
                {
                    if (access.Name.Identifier.ValueText == "Content" && access.Parent is AssignmentExpressionSyntax set && set.Left == access)
                    {
                        values.Add(set.Right);
                    }

                    continue; // 'request.Headers...', 'request.Content?.ReadAs...'
                }

                // Handed to an HttpClient send only: anything else ('Attach(request, body)') may set a stream as its content.
                if (!(use.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax send } }
                    && model.GetSymbolInfo(send, cancellationToken).Symbol is IMethodSymbol sender && IoApis.IsHttpClientSend(sender)))
                {
                    return false;
                }
            }

            foreach (ExpressionSyntax value in values)
            {
                if (!(model.GetTypeInfo(value, cancellationToken).Type is INamedTypeSymbol type) || System.Array.IndexOf(InMemoryContents, type.Name) < 0
                    || type.ContainingNamespace?.ToDisplayString() != "System.Net.Http"
                    || !(AsyncContext.Unparenthesize(value) is BaseObjectCreationExpressionSyntax))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>'await send', 'send.Result', 'send.GetAwaiter().GetResult()': the send, which has completed here.</summary>
        private static ExpressionSyntax? CompletedSend(ExpressionSyntax value) => value switch
        {
            AwaitExpressionSyntax awaited => BlockingWait.StripConfigureAwait(awaited.Expression),
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => BlockingWait.StripConfigureAwait(result.Expression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter } } }
                => BlockingWait.StripConfigureAwait(getAwaiter.Expression),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Send" } } send => send,
            _ => null,
        };

        private static readonly string[] ElementPicks =
        {
            "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault", "ElementAt", "ElementAtOrDefault",
        };

        /// <summary>
        /// The first parameter of a private method whose every use in its (non-partial) type is as the method group handed
        /// to 'ContinueWith': the method runs only as the continuation of that task, so the task is complete (phase 20: a
        /// broker's transaction timeout handler, reported before as a blocking '.Result'). The parameter is not assigned.
        /// </summary>
        private static bool IsOnlyRunAsContinuation(IParameterSymbol parameter, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            if (!(parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, DeclaredAccessibility: Accessibility.Private } method)
                || parameter.Ordinal != 0 || method.ContainingType.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences.Length != 1)
            {
                return false;
            }

            if (!(SyntaxHelpers.UsesOfPrivateMethod(method, model, cancellationToken) is { } uses)
                || SyntaxHelpers.IsVariableWrittenIn(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), parameter, model, cancellationToken))
            {
                return false;
            }

            foreach (IdentifierNameSyntax name in uses)
            {
                // The framework's Task.ContinueWith (not a project's look-alike that may run the callback at once).
                if (!(name.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ContinueWith" } } continuation } })
                    || !(model.GetSymbolInfo(continuation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } task } && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"))
                {
                    return false; // called directly (also from itself), or handed somewhere else
                }
            }

            return uses.Count > 0;
        }

        /// <summary>
        /// 'tasks.First(...)', 'tasks.Last()', 'tasks.ElementAt(i)' (System.Linq.Enumerable): the collection the element is
        /// picked from, or null.
        /// </summary>
        private static ExpressionSyntax? IsElementPick(ExpressionSyntax expression, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            if (!(expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation)
                || System.Array.IndexOf(ElementPicks, member.Name.Identifier.ValueText) < 0)
            {
                return null;
            }

            // Picked straight from the collection ('tasks.First()'), not from a query over it ('tasks.Concat(retries).Last()',
            // 'tasks.Select(t => RetryAsync(t)).First()' hold other tasks).
            ExpressionSyntax source = AsyncContext.Unparenthesize(member.Expression);
            if (!(source is IdentifierNameSyntax || source is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax }))
            {
                return null;
            }

            // A lazy query ('var downloads = files.Select(f => DownloadAsync(f))') starts new tasks each time it is
            // enumerated: 'downloads.ElementAt(i)' after 'await Task.WhenAll(downloads)' is a new, unfinished download.
            // Only a materialized collection (an array, a list) holds the awaited tasks.
            ITypeSymbol? collection = model.GetTypeInfo(source, cancellationToken).Type;
            bool materialized = collection is IArrayTypeSymbol
                || (collection is INamedTypeSymbol named && (IsCollectionInterface(named) || named.AllInterfaces.Any(IsCollectionInterface)));
            return materialized && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && TaskTypes.Same((method.ReducedFrom ?? method).ContainingType, types.Enumerable)
                ? source
                : null;
        }

        private static bool IsCollectionInterface(INamedTypeSymbol type) =>
            (type.Name == "ICollection" || type.Name == "IReadOnlyCollection") && type.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic";

        private static void AddCollectionRoot(ExpressionSyntax expression, SemanticModel model, TaskTypes types, List<ISymbol> keys, CancellationToken cancellationToken)
        {
            // tasks.Where(...).Select(...) → tasks
            for (int guard = 0; guard < 16; guard++)
            {
                expression = AsyncContext.Unparenthesize(expression);
                if (expression is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax member)
                {
                    expression = member.Expression;
                    continue;
                }

                break;
            }

            ISymbol? root = Bind(expression, model, cancellationToken);
            if (root is ILocalSymbol || root is IParameterSymbol || root is IFieldSymbol || root is IPropertySymbol)
            {
                keys.Add(root);
            }
        }

        private static SyntaxNode? Scope(SyntaxNode usage)
        {
            for (SyntaxNode? current = usage.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case AnonymousFunctionExpressionSyntax lambda when lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword):
                    case LocalFunctionStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                    case AccessorDeclarationSyntax _:
                    case BasePropertyDeclarationSyntax _:
                    case FieldDeclarationSyntax _:
                    case CompilationUnitSyntax _:
                        return current;
                }
            }

            return null;
        }

        private static bool ScanForProof(SyntaxNode scope, SyntaxNode usage, List<ISymbol> keys, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            int limit = usage.SpanStart;
            // Proofs are written before the usage (a guard's condition precedes its branches).
            foreach (SyntaxNode node in scope.DescendantNodes(n => n.SpanStart < limit))
            {
                if (node.SpanStart >= limit)
                {
                    continue;
                }

                switch (node)
                {
                    case AwaitExpressionSyntax awaitExpression:
                        if (AwaitCovers(awaitExpression, keys, model, types, cancellationToken)
                            || AwaitsBatchOfKeys(awaitExpression, keys, model, cancellationToken))
                        {
                            return true;
                        }

                        break;

                    case InvocationExpressionSyntax invocation when invocation.Expression is MemberAccessExpressionSyntax member:
                        string name = member.Name.Identifier.ValueText;
                        if ((name == "WaitAll" || name == "WaitAny") 
                            && invocation.Parent is ExpressionStatementSyntax
                            && Mentions(invocation.ArgumentList, keys, model, cancellationToken))
                        {
                            return true;
                        }

                        if (name == "Wait" && MentionsKey(member.Expression, keys, model, cancellationToken))
                        {
                            // t.Wait(); or t.Wait(token); before: already waited (a cancelled token throws out). if (t.Wait(timeout)) ...: a guard.
                            if (invocation.Parent is ExpressionStatementSyntax && (invocation.ArgumentList.Arguments.Count == 0
                                || (invocation.ArgumentList.Arguments.Count == 1
                                    && model.GetTypeInfo(invocation.ArgumentList.Arguments[0].Expression, cancellationToken).Type is { Name: "CancellationToken" })))
                            {
                                return true;
                            }

                            if (invocation.ArgumentList.Arguments.Count > 0 && !(invocation.Parent is ExpressionStatementSyntax) && GuardProves(invocation, usage))
                            {
                                return true;
                            }
                        }

                        if (name == "GetResult" && invocation.Parent is ExpressionStatementSyntax
                            && member.Expression is InvocationExpressionSyntax awaiter && awaiter.Expression is MemberAccessExpressionSyntax awaiterMember
                            && MentionsKey(BlockingWait.StripConfigureAwait(awaiterMember.Expression), keys, model, cancellationToken))
                        {
                            return true;
                        }

                        break;

                    case MemberAccessExpressionSyntax access:
                        string property = access.Name.Identifier.ValueText;
                        if (IsCompletionProperty(property))
                        {
                            if (MentionsKey(access.Expression, keys, model, cancellationToken) && GuardProves(access, usage))
                            {
                                return true;
                            }
                        }
                        else if (property == "Result" && MentionsKey(access.Expression, keys, model, cancellationToken))
                        {
                            // Already blocked on (and reported) earlier: a second read does not wait.
                            return true;
                        }

                        break;

                    case IsPatternExpressionSyntax isPattern when isPattern.Pattern is RecursivePatternSyntax recursive && ChecksCompletion(recursive):
                        // t is { IsCompleted: true }
                        if (MentionsKey(isPattern.Expression, keys, model, cancellationToken) && GuardProves(isPattern, usage))
                        {
                            return true;
                        }

                        break;

                    case MemberBindingExpressionSyntax binding when IsCompletionProperty(binding.Name.Identifier.ValueText):
                        // t?.IsCompleted == true
                        ConditionalAccessExpressionSyntax? conditional = binding.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>();
                        if (conditional != null && MentionsKey(conditional.Expression, keys, model, cancellationToken) && GuardProves(conditional, usage))
                        {
                            return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// The expression a declaration pattern matches (<c>x is Task&lt;T&gt; y</c>, <c>case Task&lt;T&gt; y:</c>, a switch
        /// expression arm), through <c>and</c>/<c>or</c>/parenthesised patterns; null inside a property subpattern.
        /// </summary>
        private static ExpressionSyntax? PatternSubject(SingleVariableDesignationSyntax designation)
        {
            SyntaxNode? current = designation.Parent;
            if (!(current is DeclarationPatternSyntax || current is RecursivePatternSyntax))
            {
                return null;
            }

            for (int guard = 0; current != null && guard < 16; guard++)
            {
                switch (current.Parent)
                {
                    case BinaryPatternSyntax _:
                    case ParenthesizedPatternSyntax _:
                        current = current.Parent;
                        continue;
                    case IsPatternExpressionSyntax isPattern:
                        return isPattern.Expression;
                    case CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax statement } }:
                        return statement.Expression;
                    case SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax expression }:
                        return expression.GoverningExpression;
                    default:
                        return null;
                }
            }

            return null;
        }

        private static bool ChecksCompletion(RecursivePatternSyntax pattern)
        {
            if (pattern.PropertyPatternClause is null)
            {
                return false;
            }

            foreach (SubpatternSyntax subpattern in pattern.PropertyPatternClause.Subpatterns)
            {
                string? name = subpattern.NameColon?.Name.Identifier.ValueText
                    ?? (subpattern.ExpressionColon?.Expression as IdentifierNameSyntax)?.Identifier.ValueText;
                if (name != null && (name == "IsCompleted" || name == "IsCompletedSuccessfully")
                    && subpattern.Pattern is ConstantPatternSyntax constant && constant.Expression.IsKind(SyntaxKind.TrueLiteralExpression))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCompletionProperty(string name) =>
            name == "IsCompleted" || name == "IsCompletedSuccessfully" || name == "IsFaulted" || name == "IsCanceled" || name == "Status";

        /// <summary>
        /// 'var results = requests.Select(r => batch.SendCommandAsync(r)).ToList(); await batch.SendBatchAsync(); ... results[0].Result':
        /// the tasks were queued on a batch or transaction (a call on the same local, field or parameter) and the await
        /// sent it (a method named for the batch, or Execute... / Commit...: StackExchange.Redis batches and transactions,
        /// RPC batches). When that await returns, every queued command has its answer.
        /// </summary>
        private static bool AwaitsBatchOfKeys(AwaitExpressionSyntax awaitExpression, List<ISymbol> keys, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in awaitExpression.Expression.DescendantNodesAndSelf())
            {
                if (!(node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } send }))
                {
                    continue;
                }

                string name = send.Name.Identifier.ValueText;
                bool batchSend = name.IndexOf("Batch", System.StringComparison.Ordinal) >= 0;
                if (!batchSend && !name.StartsWith("Execute", System.StringComparison.Ordinal))
                {
                    continue;
                }

                ISymbol? batch = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
                ITypeSymbol? batchType = batch switch
                {
                    ILocalSymbol l => l.Type,
                    IFieldSymbol f => f.Type,
                    IParameterSymbol p => p.Type,
                    _ => null,
                };

                // Execute() sends a batch only on a batch type (StackExchange.Redis IBatch / ITransaction); on a
                // connection it is another command (Dapper's ExecuteAsync, RestSharp's ExecuteAsync).
                if (batchType is null || (!batchSend && !IsRedisBatch(batchType)))
                {
                    continue;
                }

                foreach (ISymbol key in keys)
                {
                    if (key is ILocalSymbol local && QueuedOn(local, batch!, name, awaitExpression.SpanStart, model, cancellationToken))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsRedisBatch(ITypeSymbol type)
        {
            if (IsRedisBatchInterface(type))
            {
                return true;
            }

            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (IsRedisBatchInterface(candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsRedisBatchInterface(ITypeSymbol type) =>
            (type.Name == "IBatch" || type.Name == "ITransaction") && type.ContainingNamespace?.ToDisplayString() == "StackExchange.Redis";

        /// <summary>
        /// The local's initializer, written before the send, makes its task(s) by calling another method on
        /// <paramref name="batch"/>: the commands were queued, then the batch was sent.
        /// </summary>
        private static bool QueuedOn(ILocalSymbol local, ISymbol batch, string sendName, int sentAt, SemanticModel model, CancellationToken cancellationToken)
        {
            if (local.DeclaringSyntaxReferences.Length != 1
                || !(local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer })
                || initializer.Span.End > sentAt)
            {
                return false;
            }

            foreach (SyntaxNode node in initializer.Value.DescendantNodesAndSelf())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } queued }
                    && receiver.Identifier.ValueText == batch.Name && queued.Name.Identifier.ValueText != sendName
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(receiver, cancellationToken).Symbol, batch))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'task.SuppressThrowing()' and other project extensions that return the framework's configured awaitable
        /// (ConfiguredTaskAwaitable): awaiting them waits for the receiver like ConfigureAwait does.
        /// </summary>
        private static ExpressionSyntax StripConfiguredAwaitable(ExpressionSyntax awaited, SemanticModel model, CancellationToken cancellationToken)
        {
            if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } call
                && model.GetTypeInfo(call, cancellationToken).Type is INamedTypeSymbol { Name: "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable", IsGenericType: false } configured
                && configured.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
            {
                return BlockingWait.StripConfigureAwait(member.Expression);
            }

            return awaited;
        }

        private static bool AwaitCovers(AwaitExpressionSyntax awaitExpression, List<ISymbol> keys, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            ExpressionSyntax configured = BlockingWait.StripConfigureAwait(awaitExpression.Expression);
            ExpressionSyntax awaited = StripConfiguredAwaitable(configured, model, cancellationToken);
            // An extension that configures the await may suppress throwing (SuppressThrowing()): the await then returns
            // after a timeout too, so a bounded wait (WaitAsync) under it proves nothing.
            if (awaited != configured)
            {
                // Only the task itself, or Task.WhenAll over it, awaited this way proves completion.
                return (awaited is InvocationExpressionSyntax whenAll && IsWhenCall(whenAll, model, types, cancellationToken, "WhenAll")
                        && Mentions(whenAll.ArgumentList, keys, model, cancellationToken))
                    || (!(awaited is InvocationExpressionSyntax) && MentionsKey(awaited, keys, model, cancellationToken));
            }

            // done = await Task.WhenAny(...): the returned task is complete.
            if (awaitExpression.Parent is AssignmentExpressionSyntax assignment && assignment.Right == awaitExpression
                && MentionsKey(assignment.Left, keys, model, cancellationToken) && IsWhenCall(awaited, model, types, cancellationToken, "WhenAny"))
            {
                return true;
            }

            // await tasks.WhenAllWithTimeout(...): a project's own batch await over the same tasks.
            if (awaited is InvocationExpressionSyntax batch && IsOwnBatchAwait(batch, model, cancellationToken))
            {
                return Mentions(batch, keys, model, cancellationToken);
            }

            // await Task.WhenAll(...).WaitAsync(token) / .WaitToCompleteAsync(timeout) (a project's extension that awaits
            // its receiver or throws) / Helper.Bounded(Task.WhenAll(...), timeout): when the await returns, the same tasks
            // are complete.
            if (awaited is InvocationExpressionSyntax bounded)
            {
                if (bounded.Expression is MemberAccessExpressionSyntax boundedMember
                    && (boundedMember.Name.Identifier.ValueText == "WaitAsync"
                        || IsWhenCall(BlockingWait.StripConfigureAwait(boundedMember.Expression), model, types, cancellationToken, "WhenAll")))
                {
                    awaited = BlockingWait.StripConfigureAwait(boundedMember.Expression);
                }
                else
                {
                    foreach (ArgumentSyntax argument in bounded.ArgumentList.Arguments)
                    {
                        ExpressionSyntax value = AsyncContext.Unparenthesize(argument.Expression);
                        if (value is InvocationExpressionSyntax inner && IsWhenCall(inner, model, types, cancellationToken, "WhenAll")
                            && Mentions(inner.ArgumentList, keys, model, cancellationToken))
                        {
                            return true;
                        }
                    }
                }
            }

            if (MentionsKey(awaited, keys, model, cancellationToken))
            {
                return true;
            }

            // await connection.UsingAsync(c => task = c.QueryAsync(...)): the lambda hands the task back to the awaited call
            // (a Func<..., Task> helper, a pipeline's ExecuteAsync), which awaits it before its own task completes.
            if (awaited is InvocationExpressionSyntax handedTo && HandsTaskBack(handedTo, keys, model, types, cancellationToken))
            {
                return true;
            }

            if (awaited is InvocationExpressionSyntax when && IsWhenCall(when, model, types, cancellationToken, null))
            {
                return Mentions(when.ArgumentList, keys, model, cancellationToken);
            }

            // var all = Task.WhenAll(a, b); await all;
            if (Bind(awaited, model, cancellationToken) is ILocalSymbol local && local.DeclaringSyntaxReferences.Length == 1
                && local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator
                && declarator.Initializer?.Value is InvocationExpressionSyntax initializer
                && IsWhenCall(initializer, model, types, cancellationToken, null))
            {
                return Mentions(initializer.ArgumentList, keys, model, cancellationToken);
            }

            return false;
        }

        /// <summary>
        /// An argument of the awaited call is a lambda whose returned value is the task assigned to the key
        /// (<c>c =&gt; task = c.QueryAsync(...)</c>, <c>c =&gt; { task = Load(c); return task; }</c>), converted to a
        /// task-returning delegate: the call receives that very task.
        /// </summary>
        private static bool HandsTaskBack(InvocationExpressionSyntax call, List<ISymbol> keys, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            foreach (ArgumentSyntax argument in call.ArgumentList.Arguments)
            {
                if (!(AsyncContext.Unparenthesize(argument.Expression) is LambdaExpressionSyntax lambda) || lambda.AsyncKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.AsyncKeyword))
                {
                    continue;
                }

                ExpressionSyntax? returned = lambda.ExpressionBody;
                if (lambda.Block is { Statements: { Count: 2 } statements } && statements[1] is ReturnStatementSyntax { Expression: { } last }
                    && statements[0] is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax first } && MentionsKey(last, keys, model, cancellationToken))
                {
                    returned = first;
                }
                else if (lambda.Block is { Statements: { Count: 1 } single } && single[0] is ReturnStatementSyntax { Expression: { } only })
                {
                    returned = only;
                }

                if (returned is null || !(AsyncContext.Unparenthesize(returned) is AssignmentExpressionSyntax assignment)
                    || !assignment.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression)
                    || !MentionsKey(assignment.Left, keys, model, cancellationToken))
                {
                    continue;
                }

                if (model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { DelegateInvokeMethod: { } invoke }
                    && types.IsTaskLike(invoke.ReturnType))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A method named WhenAll... that is not Task's own (an extension or helper that awaits a batch).</summary>
        private static bool IsOwnBatchAwait(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            string? name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };

            return name != null && name.StartsWith("WhenAll", System.StringComparison.Ordinal)
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && method.ContainingType?.Name != "Task";
        }

        private static bool IsWhenCall(ExpressionSyntax expression, SemanticModel model, TaskTypes types, CancellationToken cancellationToken, string? only)
        {
            if (!(expression is InvocationExpressionSyntax invocation) || !(invocation.Expression is MemberAccessExpressionSyntax member))
            {
                return false;
            }

            string name = member.Name.Identifier.ValueText;
            if (only != null ? name != only : name != "WhenAll" && name != "WhenAny")
            {
                return false;
            }

            return model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method && TaskTypes.Same(method.ContainingType, types.Task);
        }

        /// <summary>
        /// True when a completion check (<c>t.IsCompleted</c>, <c>t.Status</c>, <c>t.Wait(timeout)</c>) guards
        /// <paramref name="usage"/>: positive checks guard their then-branch (and the rest of an &amp;&amp; chain),
        /// negative checks guard the else-branch and everything after the if / while (the early-return shape).
        /// </summary>
        private static bool GuardProves(SyntaxNode mention, SyntaxNode usage)
        {
            bool negated = false;
            SyntaxNode node = mention;
            for (SyntaxNode? parent = mention.Parent; parent != null; node = parent, parent = parent.Parent)
            {
                switch (parent)
                {
                    case ParenthesizedExpressionSyntax _:
                        continue;
                    case PrefixUnaryExpressionSyntax unary when unary.IsKind(SyntaxKind.LogicalNotExpression):
                        negated = !negated;
                        continue;
                    case BinaryExpressionSyntax binary:
                        if (binary.IsKind(SyntaxKind.LogicalAndExpression))
                        {
                            if (node == binary.Left && !negated && binary.Right.Span.Contains(usage.Span))
                            {
                                return true;
                            }

                            continue;
                        }

                        if (binary.IsKind(SyntaxKind.LogicalOrExpression))
                        {
                            if (node == binary.Left && negated && binary.Right.Span.Contains(usage.Span))
                            {
                                return true;
                            }

                            continue;
                        }

                        if (binary.IsKind(SyntaxKind.NotEqualsExpression))
                        {
                            negated = !negated;
                        }

                        ExpressionSyntax other = node == binary.Left ? binary.Right : binary.Left;
                        if (other.IsKind(SyntaxKind.FalseLiteralExpression))
                        {
                            negated = !negated;
                        }

                        continue;
                    case IsPatternExpressionSyntax pattern:
                        if (pattern.Pattern is UnaryPatternSyntax || pattern.Pattern is ConstantPatternSyntax { Expression: LiteralExpressionSyntax { RawKind: (int)SyntaxKind.FalseLiteralExpression } })
                        {
                            negated = !negated;
                        }

                        continue;
                    case IfStatementSyntax ifStatement when node == ifStatement.Condition:
                        return negated
                            ? (ifStatement.Else != null && ifStatement.Else.Span.Contains(usage.Span)) || usage.SpanStart >= ifStatement.Span.End
                            : ifStatement.Statement.Span.Contains(usage.Span);
                    case ConditionalExpressionSyntax conditional when node == conditional.Condition:
                        return negated ? conditional.WhenFalse.Span.Contains(usage.Span) : conditional.WhenTrue.Span.Contains(usage.Span);
                    case WhileStatementSyntax loop when node == loop.Condition:
                        return negated ? usage.SpanStart >= loop.Span.End : loop.Statement.Span.Contains(usage.Span);
                    case DoStatementSyntax doLoop when node == doLoop.Condition:
                        return negated && usage.SpanStart >= doLoop.Span.End;
                    case SwitchStatementSyntax _:
                    case SwitchExpressionSyntax _:
                        return true;
                    case ArgumentSyntax _:
                    case ArgumentListSyntax _:
                        // Debug.Assert(t.IsCompleted); Trace.Assert(...): holds afterwards.
                        continue;
                    case StatementSyntax _:
                        // bool done = t.IsCompleted; ... or an assertion: lenient, later code counts as proven.
                        return usage.SpanStart >= parent.Span.End;
                    case AnonymousFunctionExpressionSyntax _:
                        return false;
                    default:
                        continue;
                }
            }

            return false;
        }

        private static bool Mentions(SyntaxNode container, List<ISymbol> keys, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode node in container.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax identifier && NameMatches(identifier.Identifier.ValueText, keys)
                    && ContainsKey(keys, model.GetSymbolInfo(identifier, cancellationToken).Symbol))
                {
                    return true;
                }
            }

            return container is ArgumentListSyntax arguments && FillsBatchWithKey(arguments, keys, model, cancellationToken);
        }

        /// <summary>
        /// The node's statement sits in <paramref name="home"/>, directly or inside the block of a 'try' there (whose
        /// catches leave or rethrow): it runs on every path through that block, not under an 'if' or in a loop.
        /// </summary>
        private static bool RunsOnThePathOf(SyntaxNode node, BlockSyntax home)
        {
            for (StatementSyntax? statement = node.FirstAncestorOrSelf<StatementSyntax>(); statement?.Parent is BlockSyntax block;)
            {
                if (block == home)
                {
                    return true;
                }

                statement = block.Parent is TryStatementSyntax tryStatement && tryStatement.Block == block ? tryStatement : null;
            }

            return false; // under an 'if', in a loop, or in a nested block
        }

        /// <summary>
        /// 'Task.WhenAll(tasks)' where 'tasks' is a local list the same function fills with the key
        /// ('tasks.Add(metricTask); tasks.AddRange(queueTasks);'): the batch holds the key's tasks (phase 24, a workflow
        /// framework's monitor reading '.Result' after awaiting such a list).
        /// </summary>
        private static bool FillsBatchWithKey(ArgumentListSyntax arguments, List<ISymbol> keys, SemanticModel model, CancellationToken cancellationToken)
        {
            foreach (ArgumentSyntax argument in arguments.Arguments)
            {
                if (!(AsyncContext.Unparenthesize(argument.Expression) is IdentifierNameSyntax batchName)
                    || !(model.GetSymbolInfo(batchName, cancellationToken).Symbol is ILocalSymbol batch)
                    || !(batchName.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is LocalFunctionStatementSyntax || n is AnonymousFunctionExpressionSyntax) is { } function))
                {
                    continue;
                }

                // The wait runs on the path of the list's own block, not under an 'if' or in a loop of it (a batch awaited
                // every eighth item leaves the others unfinished), and nothing empties or replaces the list.
                if (!(batch.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax declared)
                    || !(declared.FirstAncestorOrSelf<StatementSyntax>()?.Parent is BlockSyntax home)
                    || !RunsOnThePathOf(batchName, home))
                {
                    continue;
                }

                bool filled = false;
                foreach (SyntaxNode node in function.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: var verb } } call
                        && receiver.Identifier.ValueText == batch.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(receiver, cancellationToken).Symbol, batch))
                    {
                        if (verb == "Clear" || verb.StartsWith("Remove", System.StringComparison.Ordinal))
                        {
                            filled = false;
                            break;
                        }

                        // 'batch.Add(task)' / 'batch.AddRange(tasks)': the key itself, not a call over it ('Task.WhenAny(task, ...)').
                        filled |= (verb == "Add" || verb == "AddRange") && call.SpanStart < batchName.SpanStart && call.ArgumentList.Arguments.Count == 1
                            && MentionsKey(call.ArgumentList.Arguments[0].Expression, keys, model, cancellationToken);
                    }
                    else if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax assigned } && assigned.Identifier.ValueText == batch.Name)
                    {
                        filled = false;
                        break;
                    }
                }

                if (filled)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsKey(ExpressionSyntax expression, List<ISymbol> keys, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = AsyncContext.Unparenthesize(expression);
            if (expression is PostfixUnaryExpressionSyntax bang && bang.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                expression = AsyncContext.Unparenthesize(bang.Operand);
            }

            if (expression is ElementAccessExpressionSyntax element)
            {
                expression = element.Expression;
            }

            string? name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                _ => null,
            };

            return name != null && NameMatches(name, keys) && ContainsKey(keys, Bind(expression, model, cancellationToken));
        }

        private static bool NameMatches(string name, List<ISymbol> keys)
        {
            foreach (ISymbol key in keys)
            {
                if (key.Name == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ContainsKey(List<ISymbol> keys, ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            foreach (ISymbol key in keys)
            {
                if (SymbolEqualityComparer.Default.Equals(key, symbol) || SymbolEqualityComparer.Default.Equals(key.OriginalDefinition, symbol.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        private static ISymbol? Bind(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            expression = AsyncContext.Unparenthesize(expression);
            if (expression is PostfixUnaryExpressionSyntax bang && bang.IsKind(SyntaxKind.SuppressNullableWarningExpression))
            {
                expression = bang.Operand;
            }

            return model.GetSymbolInfo(expression, cancellationToken).Symbol;
        }
    }
}
