using System.Collections.Immutable;
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
                start.RegisterOperationAction(c =>
                {
                    ImmutableArray<IParameterSymbol> parameters;
                    IOperation? body;
                    switch (c.Operation)
                    {
                        case IMethodBodyOperation method when c.ContainingSymbol is IMethodSymbol symbol:
                            parameters = symbol.Parameters;
                            body = (IOperation?)method.BlockBody ?? method.ExpressionBody;
                            break;
                        case ILocalFunctionOperation local:
                            parameters = local.Symbol.Parameters;
                            body = local.Body;
                            break;
                        case IAnonymousFunctionOperation lambda:
                            parameters = lambda.Symbol.Parameters;
                            body = lambda.Body;
                            break;
                        default:
                            return;
                    }

                    if (body != null && TokenParameter(parameters, token) is { } received)
                    {
                        Walk(c, body, received, token);
                    }
                }, OperationKind.MethodBody, OperationKind.LocalFunction, OperationKind.AnonymousFunction);
            });
        }

        private static void Walk(OperationAnalysisContext context, IOperation operation, IParameterSymbol received, INamedTypeSymbol token)
        {
            foreach (IOperation child in operation.ChildOperations)
            {
                if (child is IAnonymousFunctionOperation || child is ILocalFunctionOperation)
                {
                    continue;
                }

                if (child is IInvocationOperation invocation)
                {
                    Analyze(context, invocation, received, token);
                }

                Walk(context, child, received, token);
            }
        }

        private static void Analyze(OperationAnalysisContext context, IInvocationOperation invocation, IParameterSymbol received, INamedTypeSymbol token)
        {
            IMethodSymbol target = invocation.TargetMethod;
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
            }

            // 'gate.WaitAsync(0)' / 'Wait(TimeSpan.Zero)': a zero-timeout try-acquire returns at once; a token adds nothing.
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
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
            if (IsSchedulingOrPromise(target))
            {
                return;
            }

            if (IsInCatchOrFinally(invocation)
                || (!omittedOptional && !HasOverloadWithToken(target.OriginalDefinition, token, context.ContainingSymbol, context.Compilation)))
            {
                return;
            }

            SyntaxNode syntax = invocation.Syntax;
            Location location = syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? access.Name.GetLocation()
                : syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, target.ContainingType.Name + "." + target.Name, received.Name));
        }

        /// <summary>The function's own token parameter, unless it is discarded ('_', '_token').</summary>
        private static IParameterSymbol? TokenParameter(ImmutableArray<IParameterSymbol> parameters, INamedTypeSymbol token)
        {
            foreach (IParameterSymbol parameter in parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, token) && !parameter.Name.StartsWith("_", System.StringComparison.Ordinal))
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

        private static bool IsSchedulingOrPromise(IMethodSymbol target)
        {
            if (target.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
            {
                return false;
            }

            string type = target.ContainingType.Name;
            return ((type == "Task" || type == "TaskFactory") && (target.Name == "Run" || target.Name == "StartNew" || target.Name == "ContinueWith"))
                || (type == "TaskCompletionSource" && target.Name.EndsWith("Canceled", System.StringComparison.Ordinal));
        }

        /// <summary>An overload the caller can use, of the same method with the same parameters plus one CancellationToken.</summary>
        private static bool HasOverloadWithToken(IMethodSymbol target, INamedTypeSymbol token, ISymbol caller, Compilation compilation)
        {
            ISymbol within = caller as INamedTypeSymbol ?? (ISymbol?)caller.ContainingType ?? compilation.Assembly;
            foreach (ISymbol member in target.ContainingType.GetMembers(target.Name))
            {
                if (!(member is IMethodSymbol candidate) || candidate.IsStatic != target.IsStatic
                    || candidate.Parameters.Length != target.Parameters.Length + 1
                    || candidate.TypeParameters.Length != target.TypeParameters.Length
                    || IsObsolete(candidate) || !compilation.IsSymbolAccessibleWithin(candidate, within))
                {
                    continue;
                }

                for (int skipped = 0; skipped < candidate.Parameters.Length; skipped++)
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate.Parameters[skipped].Type, token) && SameWithout(candidate, skipped, target))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool SameWithout(IMethodSymbol candidate, int skipped, IMethodSymbol target)
        {
            for (int i = 0, j = 0; i < candidate.Parameters.Length; i++)
            {
                if (i == skipped)
                {
                    continue;
                }

                if (!SameType(candidate.Parameters[i].Type, target.Parameters[j].Type))
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
                if (attribute.AttributeClass?.Name == "ObsoleteAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Type equality across two overloads: their own type parameters match by position.</summary>
        private static bool SameType(ITypeSymbol a, ITypeSymbol b)
        {
            if (a is ITypeParameterSymbol pa && b is ITypeParameterSymbol pb)
            {
                return pa.Ordinal == pb.Ordinal && pa.TypeParameterKind == pb.TypeParameterKind;
            }

            if (a is IArrayTypeSymbol arrayA && b is IArrayTypeSymbol arrayB)
            {
                return arrayA.Rank == arrayB.Rank && SameType(arrayA.ElementType, arrayB.ElementType);
            }

            if (a is INamedTypeSymbol { IsGenericType: true } namedA && b is INamedTypeSymbol { IsGenericType: true } namedB)
            {
                if (!SymbolEqualityComparer.Default.Equals(namedA.OriginalDefinition, namedB.OriginalDefinition))
                {
                    return false;
                }

                for (int i = 0; i < namedA.TypeArguments.Length; i++)
                {
                    if (!SameType(namedA.TypeArguments[i], namedB.TypeArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            return SymbolEqualityComparer.Default.Equals(a, b);
        }
    }
}
