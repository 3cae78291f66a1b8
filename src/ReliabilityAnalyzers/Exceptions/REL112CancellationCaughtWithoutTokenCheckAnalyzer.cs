using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL112 (audit level): <c>catch (OperationCanceledException)</c> / <c>catch (TaskCanceledException)</c> in code that has
    /// the caller's token, with no look at that token (no <c>when (token.IsCancellationRequested)</c>, no check in the body,
    /// no rethrow), around work that can also cancel on its own (an HttpClient timeout, a driver's command timeout). The
    /// timeout is then handled as "the caller cancelled".
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL112CancellationCaughtWithoutTokenCheckAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CancellationCaughtWithoutTokenCheck,
            title: "Cancellation caught without checking the caller's token",
            messageFormat: "This catch of {0} treats every cancellation as if '{1}' was cancelled, without checking it. " +
                           "A timeout inside '{2}' (HttpClient, a driver's command timeout) raises the same exception, so the failure is handled as a requested stop. " +
                           "Add 'when ({1}.IsCancellationRequested)' and let other cancellations fail as timeouts.",
            description: "OperationCanceledException and TaskCanceledException come from the caller's token and from timeouts inside the " +
                         "callee (HttpClient.Timeout, command timeouts, linked sources). A catch that does not check the caller's token " +
                         "(no filter on IsCancellationRequested, no check in the body, no rethrow) turns a timeout into a quiet stop. Waits that " +
                         "can only be cancelled by the token (Task.Delay, SemaphoreSlim.WaitAsync, channel reads) are not reported.",
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
                INamedTypeSymbol? taskCanceled = types.Get(KnownTypes.TaskCanceledException);
                if (token is null || canceled is null)
                {
                    return;
                }

                var logging = LoggingApis.For(types);
                var callees = new TimeoutCallees(start.Compilation, token);
                start.RegisterOperationAction(c => AnalyzeCatch(c, token, canceled, taskCanceled, logging, callees), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(OperationAnalysisContext context, INamedTypeSymbol tokenType, INamedTypeSymbol canceled, INamedTypeSymbol? taskCanceled, LoggingApis logging, TimeoutCallees callees)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;
            if (!(catchOperation.Syntax is CatchClauseSyntax { Declaration: { } declaration } catchClause) || catchClause.Block.IsMissing
                || !(catchOperation.Parent is ITryOperation tryOperation))
            {
                return;
            }

            ITypeSymbol caught = catchOperation.ExceptionType;
            if (!SymbolEqualityComparer.Default.Equals(caught, canceled) && !SymbolEqualityComparer.Default.Equals(caught, taskCanceled))
            {
                return;
            }

            // A filter, a rethrow or any look at a token or at cancellation state in the body: a decision was made.
            if (catchClause.Filter != null || BodyDecides(catchClause.Block))
            {
                return;
            }

            // The caught exception is kept, handed on or logged with its stack ('cause = ex;', 'return ex', 'Fail(ex)',
            // 'new X(..., ex)', 'log.Error(ex, ...)'): the code after the catch decides what the cancellation means, or the
            // log shows the timeout for what it is.
            if (Operations.CaughtLocal(catchOperation) is { } caughtLocal && KeepsException(catchOperation.Handler, caughtLocal, logging))
            {
                return;
            }

            // Teardown, Try-pattern and probe methods (PingAsync returning false on a timeout): stopping quietly is their contract.
            if (context.ContainingSymbol is IMethodSymbol member
                && (SyntaxHelpers.IsTryPatternName(member.Name) || REL109InfrastructureFailureHiddenAnalyzer.IsProbeName(member.Name)
                    || member.Name.StartsWith("Dispose", System.StringComparison.Ordinal)
                    || member.Name == "StopAsync" || member.Name == "Stop" || member.MethodKind == MethodKind.Destructor))
            {
                return;
            }

            // The caller's token: a token the try passes to a call that can also cancel on its own (its receiver has a timeout
            // of its own: HttpClient, a DbCommand).
            string? tokenText = null;
            string? callName = null;
            foreach (IOperation current in Operations.InSameFunction(tryOperation.Body))
            {
                if (!(current is IInvocationOperation call) || IsTokenOnlyWait(call.TargetMethod))
                {
                    continue;
                }

                // The project's own method that hands the token on to such a call ('await GetRateAsync(country, ct)' over an
                // HttpClient; phase 25, a recall probe): its timeout lands in this catch just the same.
                if (!HasOwnTimeout(call) && !callees.CancelsOnItsOwn(call.TargetMethod, context.CancellationToken))
                {
                    continue;
                }

                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (argument.IsImplicit || !SymbolEqualityComparer.Default.Equals(argument.Value.Type, tokenType))
                    {
                        continue;
                    }

                    IOperation value = Operations.Unwrap(argument.Value);
                    if (value is IParameterReferenceOperation || value is IFieldReferenceOperation
                        || (value is IPropertyReferenceOperation property && property.Property.Name != "None"
                            && !(property.Instance is ILocalReferenceOperation))) // a local timeout / linked source: its cancellation is expected
                    {
                        tokenText = value.Syntax.ToString();
                        callName = call.TargetMethod.Name;
                        break;
                    }
                }

                if (tokenText != null)
                {
                    break;
                }
            }

            if (tokenText is null || callName is null)
            {
                return;
            }

            TextSpan span = TextSpan.FromBounds(catchClause.CatchKeyword.SpanStart, declaration.Span.End);
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), caught.Name, tokenText, callName));
        }

        /// <summary>
        /// Methods of this compilation that pass a token parameter to a call that can cancel on its own, directly or through
        /// one more method of this compilation, outside any try of their own. Two levels, cached per compilation.
        /// </summary>
        private sealed class TimeoutCallees
        {
            private readonly Compilation _compilation;
            private readonly INamedTypeSymbol _tokenType;
            private readonly ConcurrentDictionary<IMethodSymbol, bool> _direct = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<IMethodSymbol, bool> _throughOne = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

            public TimeoutCallees(Compilation compilation, INamedTypeSymbol tokenType)
            {
                _compilation = compilation;
                _tokenType = tokenType;
            }

            public bool CancelsOnItsOwn(IMethodSymbol method, CancellationToken cancellationToken) =>
                _throughOne.GetOrAdd(method.OriginalDefinition, m =>
                {
                    // A call through the project's own interface ('_rates.GetAsync(country, ct)'): what its implementations do.
                    if (m.IsAbstract)
                    {
                        ImmutableArray<IMethodSymbol> implementations = SourceImplementations.For(_compilation).Of(m, cancellationToken);
                        for (int i = 0; i < implementations.Length && i < 4; i++)
                        {
                            if (Direct(implementations[i], cancellationToken))
                            {
                                return true;
                            }
                        }

                        return false;
                    }

                    foreach (IInvocationOperation call in TokenCalls(m, cancellationToken))
                    {
                        if (HasOwnTimeout(call) || Direct(call.TargetMethod, cancellationToken))
                        {
                            return true;
                        }
                    }

                    return false;
                });

            private bool Direct(IMethodSymbol method, CancellationToken cancellationToken) =>
                _direct.GetOrAdd(method.OriginalDefinition, m =>
                {
                    foreach (IInvocationOperation call in TokenCalls(m, cancellationToken))
                    {
                        if (HasOwnTimeout(call))
                        {
                            return true;
                        }
                    }

                    return false;
                });

            /// <summary>Calls in the source body of <paramref name="method"/> that are handed one of its token parameters (or a lambda's), outside a try of the body's own.</summary>
            private System.Collections.Generic.IEnumerable<IInvocationOperation> TokenCalls(IMethodSymbol method, CancellationToken cancellationToken)
            {
                if (method.IsAbstract || method.DeclaringSyntaxReferences.Length != 1)
                {
                    yield break;
                }

                SyntaxNode? body = SyntaxHelpers.BodyOf(method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken));
                if (body is null || !_compilation.ContainsSyntaxTree(body.SyntaxTree)
                    || !(_compilation.GetSemanticModel(body.SyntaxTree).GetOperation(body, cancellationToken) is { } root))
                {
                    yield break;
                }

                foreach (IOperation operation in root.Descendants())
                {
                    if (operation is IInvocationOperation call && !IsTokenOnlyWait(call.TargetMethod) && PassesParameterToken(call) && !InOwnTry(call, root))
                    {
                        yield return call;
                    }
                }
            }

            private bool PassesParameterToken(IInvocationOperation call)
            {
                foreach (IArgumentOperation argument in call.Arguments)
                {
                    if (!argument.IsImplicit && SymbolEqualityComparer.Default.Equals(argument.Value.Type, _tokenType)
                        && Operations.Unwrap(argument.Value) is IParameterReferenceOperation)
                    {
                        return true;
                    }
                }

                return false;
            }

            // A callee that catches around the call decides for itself what its cancellation means.
            private static bool InOwnTry(IOperation call, IOperation root)
            {
                for (IOperation? current = call.Parent; current != null && current != root; current = current.Parent)
                {
                    if (current is ITryOperation { Catches.Length: > 0 })
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private static bool KeepsException(IOperation handler, ILocalSymbol caught, LoggingApis logging)
        {
            foreach (IOperation descendant in handler.Descendants())
            {
                if (!(descendant is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, caught))
                {
                    continue;
                }

                IOperation? parent = reference.Parent;
                while (parent is IConversionOperation)
                {
                    parent = parent.Parent;
                }

                if (parent is ISimpleAssignmentOperation assignment && assignment.Target != reference
                    || parent is IReturnOperation
                    || parent is IArgumentOperation { Parent: IObjectCreationOperation })
                {
                    return true;
                }

                // Handed to a call: kept, unless the call is a log below Error ('LogInformation(ex, "cancelled")'), which
                // files the timeout under "cancelled" just the same.
                if (parent is IArgumentOperation { Parent: IInvocationOperation call } && !IsLogBelowError(call, logging))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLogBelowError(IInvocationOperation call, LoggingApis logging)
        {
            LogApi api = logging.Classify(call);
            if (api == LogApi.None || api == LogApi.MicrosoftExtensionsGenerated)
            {
                return false; // a generated method's level is in its attribute; a helper's is unknown
            }

            LogLevelKind level = logging.Level(call);
            return level == LogLevelKind.Low || level == LogLevelKind.Warning;
        }

        /// <summary>
        /// The callee can cancel on its own: its receiver (or, for an extension method, its first argument) has a timeout
        /// property of its own — HttpClient.Timeout, DbCommand.CommandTimeout, SmtpClient.Timeout and the like.
        /// </summary>
        private static bool HasOwnTimeout(IInvocationOperation call)
        {
            ITypeSymbol? receiver = call.Instance?.Type;
            if (receiver is null && call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0)
            {
                receiver = Operations.Unwrap(call.Arguments[0].Value).Type;
            }

            for (ITypeSymbol? type = receiver; type != null; type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers())
                {
                    if (member is IPropertySymbol { IsStatic: false } property
                        && property.Name.EndsWith("Timeout", System.StringComparison.Ordinal)
                        && property.Type.SpecialType != SpecialType.System_Boolean // 'CanTimeout' says nothing
                        && !IsSyncOnlyTimeout(property.Name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // Stream, Socket and TcpClient timeouts apply to synchronous calls only, never to the async ones taking a token.
        private static bool IsSyncOnlyTimeout(string name) =>
            name == "ReadTimeout" || name == "WriteTimeout" || name == "ReceiveTimeout" || name == "SendTimeout";

        /// <summary>Waits whose only way to cancel is the token passed in: their cancellation is the caller's.</summary>
        private static bool IsTokenOnlyWait(IMethodSymbol method)
        {
            string name = method.Name;
            string? type = method.ContainingType?.Name;
            return (type == "Task" && (name == "Delay" || name == "WaitAsync" || name == "Run"))
                || type == "SemaphoreSlim" || type == "CancellationToken" || type == "CancellationTokenSource"
                || (type != null && type.StartsWith("ChannelReader", System.StringComparison.Ordinal))
                || (type != null && type.StartsWith("ChannelWriter", System.StringComparison.Ordinal))
                || name == "WaitAsync" || name == "WaitToReadAsync" || name == "WaitToWriteAsync" || name == "WaitForNextTickAsync";
        }

        private static bool BodyDecides(BlockSyntax block)
        {
            foreach (SyntaxNode node in block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                switch (node)
                {
                    case ThrowStatementSyntax _:
                    case ThrowExpressionSyntax _:
                        return true;
                    case IdentifierNameSyntax id when id.Identifier.ValueText == "IsCancellationRequested" || id.Identifier.ValueText == "CancellationToken"
                                                      || id.Identifier.ValueText == "ThrowIfCancellationRequested":
                        return true;
                }
            }

            return false;
        }
    }
}
