using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Async
{
    /// <summary>
    /// REL412 (audit level): a function that receives a CancellationToken calls a method that could take it — an
    /// optional token left at its default, or an overload that adds one — without passing it. When the caller gives up
    /// (an aborted request, a shutdown), that call keeps running (a probe's exchange-rate client: the outbound call of an
    /// aborted request kept its connection). Calls in catch and finally blocks are teardown and are left alone.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL412CancellationTokenNotForwardedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CancellationTokenNotForwarded,
            title: "Caller's cancellation token not forwarded (audit)",
            messageFormat: "'{0}' can take a cancellation token but is called without '{1}', the token this code received. " +
                           "When the caller gives up (an aborted request, a shutdown), this call keeps running and holds its connection or thread. " +
                           "Pass '{1}' to it.",
            description: "A method, local function or lambda with a CancellationToken parameter calls a method whose optional CancellationToken " +
                         "is left at its default, or that has an overload taking one more CancellationToken, without passing any token. " +
                         "Not in catch or finally blocks (teardown), nor in test projects.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? token = start.Compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
                if (token is null || TestSupport.IsTestSupportCompilation(start.Compilation))
                {
                    return;
                }

                // Only functions that receive a token are walked (a method body, a local function, a lambda), each once,
                // skipping the functions nested in it: they are visited on their own with their own parameters.
                // Per compilation: a method -> its overload with one more CancellationToken (null: none).
                var overloads = new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
                var awaitables = ImmutableArray.Create(
                    start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task"),
                    start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1"),
                    start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask"),
                    start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1"),
                    start.Compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1"));
                start.RegisterOperationAction(c => Analyze(c, token, awaitables, overloads), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol token, ImmutableArray<INamedTypeSymbol?> awaitables,
            System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> overloads)
        {
            // Cheap filters first: most calls neither take a token nor return something awaitable.
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol target = invocation.TargetMethod;
            bool awaitable = false;
            if (target.ReturnType is INamedTypeSymbol returned)
            {
                INamedTypeSymbol definition = returned.OriginalDefinition;
                foreach (INamedTypeSymbol? known in awaitables)
                {
                    awaitable |= SymbolEqualityComparer.Default.Equals(definition, known);
                }
            }
            bool takesToken = false;
            foreach (IParameterSymbol parameter in target.Parameters)
            {
                takesToken |= SymbolEqualityComparer.Default.Equals(parameter.Type, token);
            }

            if (!awaitable && !takesToken)
            {
                return;
            }

            bool omittedOptional = false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.Type, token))
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        return; // some token is passed (maybe a linked one): the author chose it
                    }

                    omittedOptional = true;
                }

                // 'gate.WaitAsync(0)' / 'Wait(TimeSpan.Zero)': a zero-timeout try-acquire returns at once; a token adds nothing.
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter is { Name: var name }
                    && name.IndexOf("timeout", System.StringComparison.OrdinalIgnoreCase) >= 0
                    && (argument.Value.ConstantValue is { HasValue: true, Value: 0 }
                        || argument.Value is IFieldReferenceOperation { Field.Name: "Zero" }))
                {
                    return;
                }
            }

            // Scheduling and promise APIs: the token of Task.Run / StartNew / ContinueWith only stops a work item that has not
            // started (the calls inside are what matter), and TrySetCanceled's token only labels the cancellation.
            if ((!omittedOptional && !awaitable) || IsSchedulingOrPromise(target)
                || !(TokenInScope(invocation, context.ContainingSymbol, token) is { } received))
            {
                return;
            }

            if (!omittedOptional
                && (!(overloads.GetOrAdd(target.OriginalDefinition, m => OverloadWithToken(m, token)) is { } overload)
                    || !context.Compilation.IsSymbolAccessibleWithin(overload, context.ContainingSymbol as INamedTypeSymbol ?? (ISymbol?)context.ContainingSymbol.ContainingType ?? context.Compilation.Assembly)))
            {
                return;
            }

            if (IsInCatchOrFinally(invocation) || IsCancelledThroughRegistration(invocation, received))
            {
                return;
            }

            SyntaxNode syntax = invocation.Syntax;
            Location location = syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.GetLocation()
                : syntax.GetLocation();
            string tokenName = received.Name.StartsWith("_", System.StringComparison.Ordinal) ? "the pipeline's token" : received.Name;
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, target.ContainingType.Name + "." + target.Name, tokenName));
        }

        /// <summary>
        /// The token parameter of the innermost function holding the call: a lambda or local function first (one without
        /// its own token may run later, outside the caller's lifetime, so the outer token is not looked at), else the member.
        /// </summary>
        private static IParameterSymbol? TokenInScope(IOperation operation, ISymbol containing, INamedTypeSymbol token)
        {
            for (IOperation? current = operation.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    // A resilience pipeline's callback ('pipeline.ExecuteAsync(async _ => await http.GetAsync(url), ct)'): its
                    // token carries the pipeline's timeout and the caller's token; discarding it leaves the call uncancellable
                    // (phase 25, a recall probe's telematics paging).
                    bool pipelineCallback = lambda.Parent is IDelegateCreationOperation { Parent: IArgumentOperation { Parent: IInvocationOperation execute } }
                        && Resilience.ResilienceApis.IsPollyExecute(execute.TargetMethod);
                    return TokenParameter(lambda.Symbol.Parameters, token, allowDiscard: pipelineCallback);
                }

                if (current is ILocalFunctionOperation local)
                {
                    return TokenParameter(local.Symbol.Parameters, token);
                }
            }

            return containing is IMethodSymbol method ? TokenParameter(method.Parameters, token) : null;
        }

        /// <summary>The function's own token parameter, unless it is discarded ('_', '_token').</summary>
        private static IParameterSymbol? TokenParameter(ImmutableArray<IParameterSymbol> parameters, INamedTypeSymbol token, bool allowDiscard = false)
        {
            foreach (IParameterSymbol parameter in parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, token) && (allowDiscard || !parameter.Name.StartsWith("_", System.StringComparison.Ordinal)))
                {
                    return parameter;
                }
            }

            return null;
        }

        private static bool IsInCatchOrFinally(IOperation operation)
        {
            for (SyntaxNode? node = operation.Syntax.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case CatchClauseSyntax _:
                    case FinallyClauseSyntax _:
                        return true;
                    case AnonymousFunctionExpressionSyntax _:
                    case LocalFunctionStatementSyntax _:
                    case BaseMethodDeclarationSyntax _:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// The call's receiver is what the received token's registration, made before the call, closes: 'using var _ =
        /// ct.Register(() => socket.Close()); await socket.ReceiveAsync(buffer)' (or 'ct.Register(client.Abort)'; a Close,
        /// Dispose, Abort, Cancel, Shutdown or Stop on it). The token already reaches the call, by closing what it runs on.
        /// Read only for calls about to be reported.
        /// </summary>
        private static bool IsCancelledThroughRegistration(IInvocationOperation invocation, IParameterSymbol received)
        {
            ISymbol? receiver = invocation.Instance switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (receiver is null || !(AsyncContext.EnclosingFunction(invocation.Syntax) is { } function))
            {
                return false;
            }

            foreach (SyntaxNode node in function.DescendantNodes())
            {
                // A registration made before the call, whose callback closes, disposes, aborts or cancels the receiver.
                if (node.SpanStart < invocation.Syntax.SpanStart
                    && node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax tokenName, Name.Identifier.ValueText: var name } } register
                    && (name == "Register" || name == "UnsafeRegister") && tokenName.Identifier.ValueText == received.Name)
                {
                    foreach (SyntaxNode inner in register.ArgumentList.DescendantNodes())
                    {
                        if (inner is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: var verb }
                            && target.Identifier.ValueText == receiver.Name && IsTeardownVerb(verb))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>A teardown of the receiver (Close, Dispose, Abort, ...; <see cref="ObservedTaskTypes.IsTeardown"/>), or a Cancel, Shutdown or Stop.</summary>
        private static bool IsTeardownVerb(string verb) =>
            ObservedTaskTypes.IsTeardown(verb) || SyntaxHelpers.StartsWithWord(verb, "Cancel") || SyntaxHelpers.StartsWithWord(verb, "Shutdown")
            || SyntaxHelpers.StartsWithWord(verb, "Stop");

        private static bool IsSchedulingOrPromise(IMethodSymbol target)
        {
            // Names first: the namespace string is built only for the few calls that match them.
            string type = target.ContainingType.Name;
            bool named = ((type == "Task" || type == "TaskFactory") && (target.Name == "Run" || target.Name == "StartNew" || target.Name == "ContinueWith"))
                || (type == "TaskCompletionSource" && target.Name.EndsWith("Canceled", System.StringComparison.Ordinal));
            return named && target.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
        }

        /// <summary>The overload of the same method with the same parameters plus one CancellationToken, or null.</summary>
        private static IMethodSymbol? OverloadWithToken(IMethodSymbol target, INamedTypeSymbol token)
        {
            foreach (ISymbol member in target.ContainingType.GetMembers(target.Name))
            {
                if (!(member is IMethodSymbol candidate) || candidate.IsStatic != target.IsStatic
                    || candidate.Parameters.Length != target.Parameters.Length + 1
                    || candidate.TypeParameters.Length != target.TypeParameters.Length)
                {
                    continue;
                }

                for (int skipped = 0; skipped < candidate.Parameters.Length; skipped++)
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate.Parameters[skipped].Type, token) && SameWithout(candidate, skipped, target))
                    {
                        return IsObsolete(candidate) ? null : candidate;
                    }
                }
            }

            return null;
        }

        private static bool SameWithout(IMethodSymbol candidate, int skipped, IMethodSymbol target)
        {
            for (int i = 0, j = 0; i < candidate.Parameters.Length; i++)
            {
                if (i == skipped)
                {
                    continue;
                }

                if (!AsyncTwinMatcher.TypesMatch(candidate.Parameters[i].Type, target.Parameters[j].Type))
                {
                    return false;
                }

                j++;
            }

            return true;
        }

        private static bool IsObsolete(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
