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

        // The same rule for typed clients: the registration may be in any file, read once per compilation when first needed.
        internal static readonly DiagnosticDescriptor TypedClientRule = Descriptors.Create(
            RuleIds.NonIdempotentRetry,
            title: "Retry re-sends a non-idempotent HTTP request (audit)",
            messageFormat: "'{0}' sends a {1} request inside {2}, with no idempotency key. " +
                           "After a timeout or a 5xx the server may already have acted, so the retry can charge, create or send twice. " +
                           "Send an idempotency key the server honours, or retry only requests that are safe to repeat (o.Retry.DisableForUnsafeHttpMethods()).",
            description: "A typed HttpClient registered with a resilience handler that retries (AddStandardResilienceHandler, or a handler built with a retry) " +
                         "sends POST or PATCH requests, and the registration does not disable retries for unsafe methods.",
            defaultSeverity: DiagnosticSeverity.Info);

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

                var typedClients = new TypedClients(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, httpClient, typedClients), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol invoker, TypedClients typedClients)
        {
            var call = (IInvocationOperation)context.Operation;
            string name = call.TargetMethod.Name;
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
            else if (context.ContainingSymbol.ContainingType is { } type && IsInjectedClient(call)
                     && typedClients.RetryingHandler(type, context.CancellationToken) is string handler && !typedClients.NamesIdempotencyKey(call.Syntax))
            {
                context.ReportDiagnostic(Diagnostic.Create(TypedClientRule, call.Syntax.GetLocation(), name, verb,
                    "the retry of '" + handler + "' on the registration of '" + type.Name + "'"));
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
        /// method — the standard handler, or a handler whose building code adds a retry. Any call of
        /// 'DisableForUnsafeHttpMethods' / 'DisableFor' in the compilation turns the typed-client part off. The registrations
        /// are read from syntax once per compilation, when the first POST / PATCH of an injected client asks: binding the
        /// registering methods again costs more than the whole rule, and reporting at compilation end costs far more per
        /// finding (and hides the finding from the open document).
        /// </summary>
        private sealed class TypedClients
        {
            // The methods a registration's retrying handler is added by, and the retry option that excludes unsafe methods.
            private static readonly string[] HandlerNames =
            {
                "AddStandardResilienceHandler", "AddResilienceHandler", "AddPolicyHandler", "AddPolicyHandlerFromRegistry", "AddTransientHttpErrorPolicy",
                "DisableForUnsafeHttpMethods", "DisableFor",
            };

            private readonly Compilation _compilation;
            private readonly object _gate = new object();
            private System.Collections.Generic.Dictionary<string, string>? _retrying;

            // Per compilation: whether a policy / pipeline symbol is built with a retry, and whether a type names an idempotency key.
            public readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> Retries =
                new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

            private readonly System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, bool> _keyed =
                new System.Collections.Concurrent.ConcurrentDictionary<SyntaxNode, bool>();

            public TypedClients(Compilation compilation)
            {
                _compilation = compilation;
            }

            public bool NamesIdempotencyKey(SyntaxNode node)
            {
                SyntaxNode scope = (SyntaxNode?)node.FirstAncestorOrSelf<TypeDeclarationSyntax>() ?? node.SyntaxTree.GetRoot();
                return _keyed.GetOrAdd(scope, REL215NonIdempotentRetryAnalyzer.NamesIdempotencyKey);
            }

            /// <summary>The retrying handler's name when <paramref name="type"/> is a typed client registered with one; null otherwise.</summary>
            public string? RetryingHandler(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
            {
                System.Collections.Generic.Dictionary<string, string>? retrying = _retrying;
                if (retrying is null)
                {
                    // One scan per compilation: the first caller reads the trees, the others wait for its answer.
                    lock (_gate)
                    {
                        retrying = _retrying ??= Scan(cancellationToken);
                    }
                }

                return retrying.TryGetValue(type.Name, out string? handler) ? handler : null;
            }

            private System.Collections.Generic.Dictionary<string, string> Scan(System.Threading.CancellationToken cancellationToken)
            {
                var retrying = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
                if (!_compilation.ReferencedAssemblyNames.Any(a => a.Name == ResilienceApis.HttpResilienceAssembly || a.Name == ResilienceApis.HttpPollyAssembly))
                {
                    return retrying;
                }

                // What to look for: the names of the handler packages this compilation references, and DisableFor.
                bool resilience = _compilation.ReferencedAssemblyNames.Any(a => a.Name == ResilienceApis.HttpResilienceAssembly);
                bool polly = _compilation.ReferencedAssemblyNames.Any(a => a.Name == ResilienceApis.HttpPollyAssembly);
                string[] fragments = resilience && polly ? new[] { "ResilienceHandler", "PolicyHandler", "HttpErrorPolicy", "DisableFor" }
                    : resilience ? new[] { "ResilienceHandler", "DisableFor" }
                    : new[] { "PolicyHandler", "HttpErrorPolicy", "DisableFor" };
                foreach (SyntaxTree tree in _compilation.SyntaxTrees)
                {
                    // From the text to the call: each place a file names a handler or a DisableFor, not a walk of the file.
                    string text = tree.GetText(cancellationToken).ToString();
                    SyntaxNode? root = null;
                    foreach (string fragment in fragments)
                    {
                        for (int at = text.IndexOf(fragment, StringComparison.Ordinal); at >= 0; at = text.IndexOf(fragment, at + fragment.Length, StringComparison.Ordinal))
                        {
                            root ??= tree.GetRoot(cancellationToken);
                            SyntaxToken token = root.FindToken(at);
                            if (Array.IndexOf(HandlerNames, token.ValueText) >= 0
                                && token.Parent is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access }
                                && access.Name == token.Parent && !Note(invocation, retrying))
                            {
                                return new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
                            }
                        }
                    }
                }

                return retrying;
            }

            /// <summary>
            /// Records the typed client of a retrying handler's registration chain ('AddHttpClient&lt;T&gt;().AddStandardResilienceHandler()',
            /// by the client type's name); false for a DisableFor call, which turns the typed-client part off.
            /// </summary>
            private static bool Note(InvocationExpressionSyntax call, System.Collections.Generic.Dictionary<string, string> retrying)
            {
                string? name = SyntaxHelpers.CalledName(call);
                if (name == "DisableForUnsafeHttpMethods"
                    || (name == "DisableFor" && call.Expression is MemberAccessExpressionSyntax { Expression: var options } && options.ToString().IndexOf("Retry", StringComparison.Ordinal) >= 0))
                {
                    return false;
                }

                bool retries = name == "AddStandardResilienceHandler"
                    || ((name == "AddResilienceHandler" || name == "AddPolicyHandler" || name == "AddPolicyHandlerFromRegistry" || name == "AddTransientHttpErrorPolicy")
                        && call.ArgumentList.Arguments.Any(a => BuildsRetry(a.Expression)));
                if (!retries)
                {
                    return true;
                }

                for (ExpressionSyntax? receiver = (call.Expression as MemberAccessExpressionSyntax)?.Expression; receiver is InvocationExpressionSyntax previous; )
                {
                    if (previous.Expression is MemberAccessExpressionSyntax { Name: GenericNameSyntax { Identifier.ValueText: "AddHttpClient" } generic })
                    {
                        if (generic.TypeArgumentList.Arguments.LastOrDefault() is { } last && SyntaxHelpers.LastName(last) is string client && !retrying.ContainsKey(client))
                        {
                            retrying.Add(client, name!);
                        }

                        return true;
                    }

                    receiver = (previous.Expression as MemberAccessExpressionSyntax)?.Expression;
                }

                return true;
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

            // The text first: almost no type mentions the word at all, and a walk over a whole type's tokens is slow.
            if (node.SyntaxTree.TryGetText(out Microsoft.CodeAnalysis.Text.SourceText? text)
                && text.ToString(scope.Span).IndexOf("dempoten", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return false;
            }

            // Strings and identifiers only: a comment saying "not idempotent" is no key.
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
