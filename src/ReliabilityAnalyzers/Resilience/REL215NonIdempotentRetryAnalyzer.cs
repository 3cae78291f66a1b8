using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL215 (audit level): a POST or PATCH sent from inside a retry — a hand-written retry loop, or the delegate of a
    /// Polly policy / pipeline built with a retry — with no idempotency key in sight. A retry after a timeout or a 5xx
    /// re-sends a request the server may already have carried out (a recall probe's card charge, phase 25).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL215NonIdempotentRetryAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.NonIdempotentRetry,
            title: "Retry re-sends a non-idempotent HTTP request (audit)",
            messageFormat: "'{0}' sends a {1} request inside {2}, with no idempotency key. " +
                           "After a timeout or a 5xx the server may already have acted, so the retry can charge, create or send twice. " +
                           "Send an idempotency key the server honours, or retry only requests that are safe to repeat.",
            description: "PostAsync / PatchAsync / PostAsJsonAsync / SendAsync of a POST or PATCH request inside a bounded hand-written retry loop " +
                         "or inside the delegate of a Polly policy or pipeline that is built with a retry in this type, when the type never names an " +
                         "idempotency key.",
            defaultSeverity: DiagnosticSeverity.Info);

        // The same rule for typed clients, decided once the whole compilation is seen (registration and client may be in any file).
        internal static readonly DiagnosticDescriptor TypedClientRule = Descriptors.Create(
            RuleIds.NonIdempotentRetry,
            title: "Retry re-sends a non-idempotent HTTP request (audit)",
            messageFormat: "'{0}' sends a {1} request inside {2}, with no idempotency key. " +
                           "After a timeout or a 5xx the server may already have acted, so the retry can charge, create or send twice. " +
                           "Send an idempotency key the server honours, or retry only requests that are safe to repeat (o.Retry.DisableForUnsafeHttpMethods()).",
            description: "A typed HttpClient registered with a resilience handler that retries (AddStandardResilienceHandler, or a handler built with a retry) " +
                         "sends POST or PATCH requests, and the registration does not disable retries for unsafe methods.",
            defaultSeverity: DiagnosticSeverity.Info,
            WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, TypedClientRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? httpClient = start.Compilation.GetTypeByMetadataName("System.Net.Http.HttpMessageInvoker");
                if (httpClient is null)
                {
                    return;
                }

                var typedClients = new TypedClients(ResilienceApis.For(start.Compilation));
                start.RegisterOperationAction(c => Analyze(c, httpClient, typedClients), OperationKind.Invocation);
                start.RegisterCompilationEndAction(typedClients.Report);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol invoker, TypedClients typedClients)
        {
            var call = (IInvocationOperation)context.Operation;
            string name = call.TargetMethod.Name;
            if (name.StartsWith("Add", StringComparison.Ordinal) || name.StartsWith("DisableFor", StringComparison.Ordinal))
            {
                typedClients.NoteRegistration(call);
                return;
            }

            // The name first: it rules out almost every call.
            string? verb = name.StartsWith("Post", StringComparison.Ordinal) || name.StartsWith("Patch", StringComparison.Ordinal) || name.StartsWith("Send", StringComparison.Ordinal)
                ? UnsafeVerb(call, invoker)
                : null;
            if (verb is null)
            {
                return;
            }

            // The retry first (cheap, and rare); the whole-type scan for an idempotency key only where one is found, once per type.
            string? retry = REL202UnboundedRetryAnalyzer.IsInBoundedRetryLoop(call.Syntax) ? "a retry loop" : RetryingExecute(call, typedClients, context.CancellationToken);
            if (retry != null)
            {
                if (!typedClients.NamesIdempotencyKey(call.Syntax))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, call.Syntax.GetLocation(), call.TargetMethod.Name, verb, retry));
                }
            }
            else if (context.ContainingSymbol.ContainingType is { } type && IsInjectedClient(call))
            {
                typedClients.NoteSend(type, call, verb);
            }
        }

        // The client the type was handed (a field, property or constructor parameter), not one it creates itself.
        private static bool IsInjectedClient(IInvocationOperation call)
        {
            IOperation? receiver = ResilienceApis.Receiver(call);
            return receiver != null && Operations.Unwrap(receiver) is var value
                && (value is IFieldReferenceOperation || value is IPropertyReferenceOperation || value is IParameterReferenceOperation);
        }

        /// <summary>
        /// Typed clients ('AddHttpClient&lt;IPayments, PaymentClient&gt;()') registered with a resilience handler that retries every
        /// method — the standard handler, or a handler whose building code adds a retry — and the POST / PATCH sends of those
        /// types. Any call of 'DisableForUnsafeHttpMethods' / 'DisableFor' in the compilation turns the typed-client part off.
        /// </summary>
        private sealed class TypedClients
        {
            private readonly ResilienceApis _apis;
            private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, string> _retrying =
                new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
            private readonly System.Collections.Concurrent.ConcurrentBag<(INamedTypeSymbol Type, Location Location, string Name, string Verb)> _sends =
                new System.Collections.Concurrent.ConcurrentBag<(INamedTypeSymbol, Location, string, string)>();
            private int _disabled;

            // Per compilation: whether a policy / pipeline symbol is built with a retry, and whether a type names an idempotency key.
            public readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> Retries =
                new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

            private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, bool> _keyed =
                new System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, bool>();

            public bool NamesIdempotencyKey(SyntaxNode node)
            {
                SyntaxNode scope = (SyntaxNode?)node.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
                return _keyed.GetOrAdd(scope, REL215NonIdempotentRetryAnalyzer.NamesIdempotencyKey);
            }

            public TypedClients(ResilienceApis apis)
            {
                _apis = apis;
            }

            public void NoteRegistration(IInvocationOperation call)
            {
                IMethodSymbol method = call.TargetMethod;
                if (method.Name == "DisableForUnsafeHttpMethods" || method.Name == "DisableFor")
                {
                    System.Threading.Interlocked.Exchange(ref _disabled, 1);
                    return;
                }

                if (!ResilienceApis.IsResilienceHandlerMethod(method)
                    || !(method.Name == "AddStandardResilienceHandler" || call.Arguments.Any(a => !a.IsImplicit && BuildsRetry(a.Syntax))))
                {
                    return;
                }

                for (IOperation? receiver = ResilienceApis.Receiver(call); receiver != null; )
                {
                    if (!(Operations.Unwrap(receiver) is IInvocationOperation previous))
                    {
                        return;
                    }

                    if (_apis.IsClientRegistration(previous.TargetMethod))
                    {
                        if (previous.TargetMethod.TypeArguments.LastOrDefault() is INamedTypeSymbol client)
                        {
                            _retrying.TryAdd(client, method.Name);
                        }

                        return;
                    }

                    receiver = ResilienceApis.Receiver(previous);
                }
            }

            public void NoteSend(INamedTypeSymbol type, IInvocationOperation call, string verb) =>
                _sends.Add((type, call.Syntax.GetLocation(), call.TargetMethod.Name, verb));

            public void Report(CompilationAnalysisContext context)
            {
                if (_disabled != 0 || _retrying.IsEmpty)
                {
                    return;
                }

                foreach ((INamedTypeSymbol type, Location location, string name, string verb) in _sends)
                {
                    if (_retrying.TryGetValue(type, out string? handler)
                        && !(location.SourceTree?.GetRoot(context.CancellationToken).FindNode(location.SourceSpan) is { } send && NamesIdempotencyKey(send)))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(TypedClientRule, location, name, verb,
                            "the retry of '" + handler + "' on the registration of '" + type.Name + "'"));
                    }
                }
            }
        }

        /// <summary>"POST" / "PATCH" for HttpClient's Post* / Patch* calls and a Send of a request built here with that method.</summary>
        private static string? UnsafeVerb(IInvocationOperation call, INamedTypeSymbol invoker)
        {
            IMethodSymbol method = call.TargetMethod;
            ITypeSymbol? receiver = method.IsExtensionMethod && call.Arguments.Length > 0
                ? Operations.Unwrap(call.Arguments[0].Value).Type
                : call.Instance?.Type;
            if (receiver is null || !receiver.InheritsFromOrEquals(invoker))
            {
                return null;
            }

            if (method.Name.StartsWith("Post", StringComparison.Ordinal))
            {
                return "POST";
            }

            if (method.Name.StartsWith("Patch", StringComparison.Ordinal))
            {
                return "PATCH";
            }

            if (method.Name != "SendAsync" && method.Name != "Send")
            {
                return null;
            }

            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (argument.Value.Type?.Name == "HttpRequestMessage")
                {
                    return RequestVerb(Operations.Unwrap(argument.Value), call);
                }
            }

            return null;
        }

        // 'new HttpRequestMessage(HttpMethod.Post, url)', '{ Method = HttpMethod.Patch }', or a local initialised with one.
        private static string? RequestVerb(IOperation request, IInvocationOperation call)
        {
            // A local: its declaration's initializer, bound from its own syntax (no walk over the function).
            if (request is ILocalReferenceOperation local)
            {
                if (!(local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer })
                    || !(call.SemanticModel?.GetOperation(initializer.Value) is { } value))
                {
                    return null;
                }

                request = Operations.Unwrap(value);
            }

            if (!(request is IObjectCreationOperation creation))
            {
                return null;
            }

            foreach (IOperation operation in creation.Descendants())
            {
                if (operation is IPropertyReferenceOperation { Property: { IsStatic: true, ContainingType.Name: "HttpMethod" } property })
                {
                    return property.Name == "Post" ? "POST" : property.Name == "Patch" ? "PATCH" : null;
                }
            }

            return null;
        }

        /// <summary>
        /// The send runs in a lambda handed to a Polly Execute* whose policy or pipeline is built with a retry: the receiver
        /// expression itself ('Policy.Handle&lt;X&gt;().RetryAsync(3).ExecuteAsync(...)') or the initializer or an assignment of
        /// the field, property or local it reads, in this type.
        /// </summary>
        private static string? RetryingExecute(IInvocationOperation call, TypedClients cache, System.Threading.CancellationToken cancellationToken)
        {
            for (IOperation? current = call.Parent; current != null; current = current.Parent)
            {
                if (!(current is IAnonymousFunctionOperation))
                {
                    continue;
                }

                if (!(current.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation execute } })
                    || !ResilienceApis.IsPollyExecute(execute.TargetMethod) || execute.Instance is null)
                {
                    continue;
                }

                IOperation receiver = Operations.Unwrap(execute.Instance);
                ISymbol? source = receiver switch
                {
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation property => property.Property,
                    ILocalReferenceOperation local => local.Local,
                    _ => null,
                };

                bool retries = source is null
                    ? BuildsRetry(receiver.Syntax)
                    : cache.Retries.GetOrAdd(source, s => AssignedValues(s, execute.Syntax, cancellationToken).Exists(BuildsRetry));
                return retries ? "the retry of '" + receiver.Syntax + "'" : null;
            }

            return null;
        }

        private static System.Collections.Generic.List<SyntaxNode> AssignedValues(ISymbol symbol, SyntaxNode use, System.Threading.CancellationToken cancellationToken)
        {
            var values = new System.Collections.Generic.List<SyntaxNode>();
            SyntaxNode? scope = symbol is ILocalSymbol
                ? use.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax || n is LocalFunctionStatementSyntax || n is CompilationUnitSyntax)
                : use.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (scope is null)
            {
                return values;
            }

            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case VariableDeclaratorSyntax { Initializer: { } initializer } declarator when declarator.Identifier.ValueText == symbol.Name:
                        values.Add(initializer.Value);
                        break;
                    case PropertyDeclarationSyntax { Initializer: { } initializer } property when property.Identifier.ValueText == symbol.Name:
                        values.Add(initializer.Value);
                        break;
                    case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                                                                    && AssignedName(assignment.Left) == symbol.Name:
                        values.Add(assignment.Right);
                        break;
                }
            }

            return values;
        }

        private static string? AssignedName(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };

        // Polly v8 'AddRetry', v7 'Retry' / 'RetryAsync' / 'WaitAndRetry...' / 'RetryForever...' in the building chain.
        private static bool BuildsRetry(SyntaxNode value)
        {
            foreach (InvocationExpressionSyntax invocation in value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
            {
                string? name = SyntaxHelpers.CalledName(invocation);
                if (name != null && (name == "AddRetry" || SyntaxHelpers.StartsWithWord(name, "Retry") || SyntaxHelpers.StartsWithWord(name, "WaitAndRetry")))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The type (or file) names an idempotency key somewhere: a header or field the server deduplicates on.</summary>
        private static bool NamesIdempotencyKey(SyntaxNode node)
        {
            SyntaxNode scope = (SyntaxNode?)node.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
            foreach (SyntaxToken token in scope.DescendantTokens())
            {
                if ((token.IsKind(SyntaxKind.StringLiteralToken) || token.IsKind(SyntaxKind.InterpolatedStringTextToken) || token.IsKind(SyntaxKind.IdentifierToken))
                    && token.ValueText.IndexOf("dempoten", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
