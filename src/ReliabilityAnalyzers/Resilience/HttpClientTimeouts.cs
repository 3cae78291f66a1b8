using System;
using System.Collections.Generic;
using System.Linq;
using ReliabilityAnalyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// When an infinite HttpClient.Timeout is a deliberate design rather than a missing limit: the client serves long
    /// polling or streaming (said by its name, the named / typed client it configures, the type or method that owns it,
    /// a comment, or requests sent with HttpCompletionOption.ResponseHeadersRead), or every request sent through it
    /// carries a cancellation token and the same scope builds a timeout token (CancelAfter, new CancellationTokenSource(delay)).
    /// Only runs for the rare infinite-timeout assignments, so the bounded syntax walks here cost nothing on most code.
    /// </summary>
    internal static class HttpClientTimeouts
    {
        /// <summary>
        /// An infinite HttpClient.Timeout that REL205 leaves to the audit level (REL209): the registration adds a resilience
        /// handler whose timeouts bound the call or is a gRPC client's (gRPC deadlines bound each call), the client serves streaming or long polling or every request carries its
        /// own timeout token (<see cref="IsDeliberatelyUnbounded"/>), or this code base sends its HTTP requests under
        /// timeout tokens it builds itself (<see cref="CallTimeouts"/>).
        /// </summary>
        public static bool IsDeliberateInfiniteClientTimeout(
            ISimpleAssignmentOperation assignment,
            IPropertyReferenceOperation target,
            ResilienceApis apis,
            INamedTypeSymbol? cancellationTokenType,
            INamedTypeSymbol? cancellationTokenSourceType,
            System.Threading.CancellationToken cancellationToken) =>
            REL205InfiniteTimeoutAnalyzer.IsInResilientClientRegistration(assignment, apis)
            || REL205InfiniteTimeoutAnalyzer.IsInGrpcClientRegistration(assignment, apis)
            || IsDeliberatelyUnbounded(assignment, target, cancellationTokenType, cancellationTokenSourceType, cancellationToken)
            || (assignment.SemanticModel?.Compilation is { } compilation
                && PerCompilation<CallTimeouts>.Get(compilation, c => new CallTimeouts(c))!.AreEnforced(cancellationToken));

        /// <summary>
        /// Per compilation of a library: some type both builds a timeout token ('new CancellationTokenSource(timeout)',
        /// 'CancelAfter') and sends HTTP requests with a cancellation token (HttpClient / HttpMessageInvoker / a handler's
        /// base.SendAsync / System.Net.Http.Json), and no HTTP request of the compilation goes without a token.
        /// HTTP client libraries (REST wrappers, SDK transports) turn HttpClient.Timeout off on purpose and time each request
        /// themselves: on real code all eight infinite client timeouts of that kind were deliberate. Computed only when an
        /// infinite timeout is found (rare), once per compilation.
        /// </summary>
        internal sealed class CallTimeouts
        {
            private readonly Compilation _compilation;
            private readonly object _gate = new object();
            private int _state; // 0 not computed, 1 no, 2 yes

            public CallTimeouts(Compilation compilation) => _compilation = compilation;

            public bool AreEnforced(System.Threading.CancellationToken cancellationToken)
            {
                if (_state == 0)
                {
                    // REL205 and REL209 ask for the same assignment at once: scan once (a cancelled scan throws and caches nothing).
                    lock (_gate)
                    {
                        if (_state == 0)
                        {
                            _state = Find(cancellationToken) ? 2 : 1;
                        }
                    }
                }

                return _state == 2;
            }

            private bool Find(System.Threading.CancellationToken cancellationToken)
            {
                INamedTypeSymbol? invoker = _compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageInvoker");
                INamedTypeSymbol? handler = _compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageHandler");
                INamedTypeSymbol? token = _compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
                // A client library (REST wrapper, SDK transport) that times its requests itself. In an application the
                // tokens its sends pass are usually the request's or the host's, which carry no timeout: not evidence there.
                if (token is null || (invoker is null && handler is null) || _compilation.Options.OutputKind != OutputKind.DynamicallyLinkedLibrary)
                {
                    return false;
                }

                bool timedSends = false;
                foreach (SyntaxTree tree in _compilation.SyntaxTrees)
                {
                    SyntaxNode root = tree.GetRoot(cancellationToken);
                    SemanticModel? model = null;
                    foreach (TypeDeclarationSyntax type in root.DescendantNodes(n => !(n is BaseMethodDeclarationSyntax) && !(n is AccessorListSyntax)).OfType<TypeDeclarationSyntax>())
                    {
                        bool timeoutToken = false;
                        bool sendsWithToken = false;
                        foreach (SyntaxNode node in type.Members.SelectMany(m => m is BaseTypeDeclarationSyntax ? Enumerable.Empty<SyntaxNode>() : m.DescendantNodes()))
                        {
                            if (BuildsTimeoutToken(node))
                            {
                                timeoutToken = true;
                            }
                            else if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                                && IsSendName(access.Name.Identifier.ValueText)
                                && (model ??= _compilation.GetSemanticModel(tree)).GetOperation(call, cancellationToken) is IInvocationOperation send
                                && (send.TargetMethod.ContainingType.InheritsFromOrEquals(invoker) || send.TargetMethod.ContainingType.InheritsFromOrEquals(handler)
                                    || send.TargetMethod.ContainingNamespace?.ToDisplayString() == "System.Net.Http.Json"))
                            {
                                if (!send.Arguments.Any(a => PassesRealToken(a, token)))
                                {
                                    return false; // a request with no token at all: nothing else can time it
                                }

                                sendsWithToken = true;
                            }
                        }

                        timedSends |= timeoutToken && sendsWithToken;
                    }
                }

                return timedSends;
            }

            private static bool IsSendName(string name) => name switch
            {
                "SendAsync" or "Send" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync"
                    or "GetStreamAsync" or "GetStringAsync" or "GetByteArrayAsync" => true,
                _ => name.EndsWith("JsonAsync", StringComparison.Ordinal) || name.EndsWith("JsonAsAsyncEnumerable", StringComparison.Ordinal), // System.Net.Http.Json
            };
        }

        public static bool IsDeliberatelyUnbounded(
            ISimpleAssignmentOperation assignment,
            IPropertyReferenceOperation target,
            INamedTypeSymbol? cancellationTokenType,
            INamedTypeSymbol? cancellationTokenSourceType,
            System.Threading.CancellationToken cancellationToken)
        {
            SemanticModel? model = assignment.SemanticModel;
            if (model is null)
            {
                return false;
            }

            if (CommentSaysSo(assignment.Syntax))
            {
                return true;
            }

            ISymbol? holder = ClientHolder(target, out IInvocationOperation? registration);
            if (holder != null && HasStreamingName(holder.Name))
            {
                return true;
            }

            if (registration != null && RegistrationNamesStreaming(registration))
            {
                return true;
            }

            ISymbol? member = assignment.SemanticModel?.GetEnclosingSymbol(assignment.Syntax.SpanStart, cancellationToken);
            for (ISymbol? current = member; current != null && !(current is INamespaceSymbol); current = current.ContainingSymbol)
            {
                if (HasStreamingName(current.Name))
                {
                    return true;
                }
            }

            if (holder is IParameterSymbol parameter && registration is null)
            {
                holder = FieldAssignedFrom(parameter, assignment.Syntax, model, cancellationToken); // a typed client's constructor
            }

            if (holder is null || holder is IParameterSymbol)
            {
                return false;
            }

            foreach (SyntaxReference reference in holder.DeclaringSyntaxReferences)
            {
                if (CommentSaysSo(reference.GetSyntax(cancellationToken)))
                {
                    return true;
                }
            }

            SyntaxNode? scope = holder is ILocalSymbol
                ? assignment.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : assignment.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (scope != null && HandedToGrpcChannel(scope, holder.Name))
            {
                return true; // 'new GrpcChannelOptions { HttpClient = client }': gRPC deadlines bound each call
            }

            return scope != null && RequestsCarryTheirOwnLimit(scope, holder, model, cancellationTokenType, cancellationTokenSourceType, cancellationToken);
        }

        /// <summary>'new GrpcChannelOptions { HttpClient = holder }' in the scope (syntax: the initializer names the holder).</summary>
        private static bool HandedToGrpcChannel(SyntaxNode scope, string holderName)
        {
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "HttpClient" }, Right: var right }
                    && (right is IdentifierNameSyntax id ? id.Identifier.ValueText : (right as MemberAccessExpressionSyntax)?.Name.Identifier.ValueText) == holderName
                    && node.Parent is InitializerExpressionSyntax { Parent: ObjectCreationExpressionSyntax { Type: var type } }
                    && SyntaxHelpers.LastName(type) == "GrpcChannelOptions")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The field, property or local that holds the client; for a configuration lambda, the registration it configures.</summary>
        private static ISymbol? ClientHolder(IPropertyReferenceOperation target, out IInvocationOperation? registration)
        {
            registration = null;
            switch (Infrastructure.Operations.UnwrapOrNull(target.Instance))
            {
                case IFieldReferenceOperation f: return f.Field;
                case IPropertyReferenceOperation p: return p.Property;
                case ILocalReferenceOperation l: return l.Local;
                case IParameterReferenceOperation parameter:
                    registration = EnclosingCall(target);
                    return parameter.Parameter;
                case IInstanceReferenceOperation instance when instance.ReferenceKind == InstanceReferenceKind.ImplicitReceiver:
                    for (IOperation? current = target.Parent; current != null; current = current.Parent)
                    {
                        if (current is IObjectCreationOperation creation)
                        {
                            return REL202UnboundedRetryAnalyzer.HolderOf(creation);
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        /// <summary>The field or property the constructor (or method) stores the client parameter in: '_http = http;'.</summary>
        private static ISymbol? FieldAssignedFrom(IParameterSymbol parameter, SyntaxNode inside, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            SyntaxNode? member = inside.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (member is null)
            {
                return null;
            }

            foreach (SyntaxNode node in member.DescendantNodes())
            {
                if (node is AssignmentExpressionSyntax assign && assign.IsKind(SyntaxKind.SimpleAssignmentExpression)
                    && assign.Right is IdentifierNameSyntax right && right.Identifier.ValueText == parameter.Name)
                {
                    ISymbol? target = model.GetSymbolInfo(assign.Left, cancellationToken).Symbol;
                    if (target is IFieldSymbol || target is IPropertySymbol)
                    {
                        return target;
                    }
                }
            }

            return null;
        }

        /// <summary>The call that receives the lambda holding <paramref name="operation"/> (AddHttpClient("x", c => ...)).</summary>
        private static IInvocationOperation? EnclosingCall(IOperation operation)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation)
                {
                    for (IOperation? outer = current.Parent; outer != null; outer = outer.Parent)
                    {
                        if (outer is IInvocationOperation call)
                        {
                            return call;
                        }

                        if (!(outer is IDelegateCreationOperation || outer is IConversionOperation || outer is IArgumentOperation))
                        {
                            return null;
                        }
                    }

                    return null;
                }
            }

            return null;
        }

        /// <summary>The configuration call or any call below it in the chain names a streaming client: "sse", typeof StreamingClient.</summary>
        private static bool RegistrationNamesStreaming(IInvocationOperation call)
        {
            for (IOperation? current = call; current is IInvocationOperation invocation; current = ResilienceApis.Receiver(invocation))
            {
                foreach (ITypeSymbol typeArgument in invocation.TargetMethod.TypeArguments)
                {
                    if (HasStreamingName(typeArgument.Name))
                    {
                        return true;
                    }
                }

                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Value.ConstantValue.HasValue && argument.Value.ConstantValue.Value is string name && HasStreamingName(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A word of the name (camel case, '_', '-', '.' split) says long polling, streaming, SSE, watch or subscription.</summary>
        internal static bool HasStreamingName(string name)
        {
            string previous = string.Empty;
            int start = 0;
            for (int i = 1; i <= name.Length; i++)
            {
                bool boundary = i == name.Length || !char.IsLetterOrDigit(name[i])
                    || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))));
                if (!boundary)
                {
                    continue;
                }

                if (i > start)
                {
                    string word = name.Substring(start, i - start).ToLowerInvariant();
                    if (IsStreamingWord(word, previous))
                    {
                        return true;
                    }

                    previous = word;
                }

                start = i < name.Length && !char.IsLetterOrDigit(name[i]) ? i + 1 : i;
            }

            return false;
        }

        private static bool IsStreamingWord(string word, string previous)
        {
            switch (word)
            {
                case "stream":
                case "streams":
                case "streaming":
                case "streamer":
                case "sse":
                case "longpoll":
                case "longpolling":
                case "eventsource":
                case "watch":
                case "watcher":
                case "subscription":
                case "subscriber":
                case "realtime":
                    return true;
                case "poll":
                case "polling":
                case "poller":
                    return previous == "long";
                case "source":
                    return previous == "event";
                default:
                    return false;
            }
        }

        private static bool CommentSaysSo(SyntaxNode node)
        {
            SyntaxNode? statement = node.FirstAncestorOrSelf<StatementSyntax>() ?? (SyntaxNode?)node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            if (statement is null)
            {
                return false;
            }

            foreach (SyntaxTrivia trivia in statement.GetLeadingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                    || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                {
                    string text = trivia.ToFullString();
                    if (Has(text, "long poll") || Has(text, "long-poll") || Has(text, "longpoll") || Has(text, "streaming") || HasWord(text, "stream")
                        || Has(text, "server-sent") || Has(text, "event stream") || Has(text, "per-request timeout")
                        || Has(text, "per request timeout") || Has(text, "each request") || Has(text, "every request")
                        || TimeoutEnforcedElsewhere(text))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The comment gives the reason: the timeout is applied by other code ('Disable their timeout since we handle it
        /// ourselves', 'timeouts are enforced by the handler'). A bare 'disable timeout' gives none and does not count.
        /// </summary>
        private static bool TimeoutEnforcedElsewhere(string text) =>
            Has(text, "timeout")
            && (Has(text, "ourselves") || Has(text, "our own") || Has(text, "we handle") || Has(text, "handled by") || Has(text, "enforced by")
                || Has(text, "enforce it") || Has(text, "applied by") || Has(text, "by the handler") || Has(text, "in the handler")
                || Has(text, "by the pipeline") || Has(text, "in the pipeline"));

        private static bool Has(string text, string value) => text.IndexOf(value, StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>'so we can stream results': the word itself, not 'upstream' or 'streamline'.</summary>
        private static bool HasWord(string text, string word)
        {
            for (int at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                int end = at + word.Length;
                if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end])))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every request sent through the holder in its scope passes a real cancellation token, and the scope builds a
        /// timeout token; or a request reads only the headers (HttpCompletionOption.ResponseHeadersRead: a stream).
        /// </summary>
        private static bool RequestsCarryTheirOwnLimit(
            SyntaxNode scope,
            ISymbol holder,
            SemanticModel model,
            INamedTypeSymbol? cancellationTokenType,
            INamedTypeSymbol? cancellationTokenSourceType,
            System.Threading.CancellationToken cancellationToken)
        {
            int requests = 0;
            bool allWithToken = true;
            bool timeoutToken = false;
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (BuildsTimeoutToken(node))
                {
                    timeoutToken = true;
                    continue;
                }

                if (!(node is InvocationExpressionSyntax invocation) || !(invocation.Expression is MemberAccessExpressionSyntax access))
                {
                    continue;
                }

                string? receiverName = access.Expression switch
                {
                    IdentifierNameSyntax id => id.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax _ } m => m.Name.Identifier.ValueText,
                    _ => null,
                };
                if (receiverName != holder.Name
                    || !(model.GetOperation(invocation, cancellationToken) is IInvocationOperation call)
                    || !SymbolEqualityComparer.Default.Equals(ReferencedSymbol(ResilienceApis.Receiver(call)), holder))
                {
                    continue;
                }

                requests++;
                bool hasToken = false;
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    IOperation value = argument.Value;
                    if (value.ConstantValue.HasValue && value.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum, Name: "HttpCompletionOption" }
                        && value.ConstantValue.Value is int option && option == 1)
                    {
                        return true; // ResponseHeadersRead: the body is streamed for as long as it lasts
                    }

                    hasToken |= PassesRealToken(argument, cancellationTokenType);
                }

                allWithToken &= hasToken;
            }

            return requests > 0 && allWithToken && timeoutToken;
        }

        /// <summary>'new CancellationTokenSource(delay)' or 'cts.CancelAfter(...)': a token that ends after a time.</summary>
        private static bool BuildsTimeoutToken(SyntaxNode node) => node switch
        {
            ObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments.Count > 0 && SyntaxHelpers.LastName(creation.Type) == "CancellationTokenSource",
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText == "CancelAfter",
            _ => false,
        };

        /// <summary>A cancellation-token argument that can cancel: not omitted, not 'default', not 'CancellationToken.None'.</summary>
        private static bool PassesRealToken(IArgumentOperation argument, INamedTypeSymbol? cancellationTokenType) =>
            argument.ArgumentKind != ArgumentKind.DefaultValue
            && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, cancellationTokenType)
            && !(Operations.UnwrapOrNull(argument.Value) is IDefaultValueOperation)
            && !(Operations.UnwrapOrNull(argument.Value) is IPropertyReferenceOperation { Property.Name: "None" });

        private static ISymbol? ReferencedSymbol(IOperation? operation) => Infrastructure.Operations.UnwrapOrNull(operation) switch
        {
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation p => p.Property,
            ILocalReferenceOperation l => l.Local,
            _ => null,
        };
    }
}
