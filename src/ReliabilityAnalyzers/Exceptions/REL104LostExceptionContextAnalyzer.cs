using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL104: exception context lost inside a catch: <c>throw ex;</c> resets the stack trace, and
    /// <c>throw new X(...)</c> without the caught exception as inner drops the original error.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL104LostExceptionContextAnalyzer : DiagnosticAnalyzer
    {
        public const string KindProperty = "Kind";
        public const string KindRethrow = "Rethrow";
        public const string KindWrap = "Wrap";
        public const string CanRethrowProperty = "CanRethrow";

        internal static readonly DiagnosticDescriptor RethrowRule = Descriptors.Create(
            RuleIds.LostExceptionContext,
            title: "Exception context lost",
            messageFormat: "'throw {0};' resets the stack trace of the caught exception. " +
                           "The original failure point is lost, so the incident cannot be traced to its cause. " +
                           "Use 'throw;' to rethrow with the stack trace intact.",
            description: "Rethrowing a caught exception with 'throw ex;', or throwing a new exception from a catch-all or from a catch of an infrastructure failure (I/O, socket, HTTP, database, native load, TLS) without the caught one as inner exception, loses the original stack trace and error. Other translations are REL124 (audit level).",
            defaultSeverity: DiagnosticSeverity.Warning);

        internal static readonly DiagnosticDescriptor WrapRule = Descriptors.Create(
            RuleIds.LostExceptionContext,
            title: "Exception context lost",
            messageFormat: "'{0}' is thrown from a catch block without the caught exception as its inner exception. " +
                           "The original error and its stack trace never reach callers or logs. " +
                           "Pass the caught exception as the inner exception.",
            description: "Rethrowing a caught exception with 'throw ex;', or throwing a new exception from a catch-all or from a catch of an infrastructure failure (I/O, socket, HTTP, database, native load, TLS) without the caught one as inner exception, loses the original stack trace and error. Other translations are REL124 (audit level).",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(RethrowRule, WrapRule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            Register(context, auditRule: null);
        }

        // Failures whose own exception is the diagnosis: I/O, sockets, HTTP, databases, native code and loading, TLS,
        // crypto, permissions. Dropping one of these (or a catch-all's) leaves nobody able to tell why the work failed.
        private static readonly string[] StrongCauseTypes =
        {
            "System.IO.IOException", "System.Net.Sockets.SocketException", "System.Net.Http.HttpRequestException",
            "System.Data.Common.DbException", "System.Runtime.InteropServices.ExternalException", "System.TypeLoadException",
            "System.BadImageFormatException", "System.TypeInitializationException", "System.Security.Authentication.AuthenticationException",
            "System.AggregateException", "System.Net.WebException", "System.Security.Cryptography.CryptographicException",
            "System.UnauthorizedAccessException", "System.Net.Mail.SmtpException",
            // Clients of remote services whose exceptions are not I/O or DbException subclasses.
            "StackExchange.Redis.RedisException", "MongoDB.Driver.MongoException", "Grpc.Core.RpcException",
            "RabbitMQ.Client.Exceptions.BrokerUnreachableException", "RabbitMQ.Client.Exceptions.OperationInterruptedException",
            "Confluent.Kafka.KafkaException", "Microsoft.EntityFrameworkCore.DbUpdateException", "Azure.RequestFailedException",
            "Amazon.Runtime.AmazonServiceException",
        };

        /// <summary>
        /// Shared by REL104 (warning: 'throw ex;', and a new exception that drops an infrastructure failure or a
        /// catch-all's exception) and REL124 (audit: a new exception that drops any other caught exception).
        /// </summary>
        internal static void Register(AnalysisContext context, DiagnosticDescriptor? auditRule)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? exceptionType = types.Get(KnownTypes.Exception);
                if (exceptionType is null)
                {
                    return;
                }

                INamedTypeSymbol? canceledType = types.Get(KnownTypes.OperationCanceledException);
                INamedTypeSymbol? argumentType = types.Get("System.ArgumentException");
                var strongCauses = new System.Collections.Generic.List<INamedTypeSymbol> { exceptionType };
                foreach (string name in StrongCauseTypes)
                {
                    // A client library's own exception types are its error design, not a failure it calls into.
                    if (types.Get(name) is { } strong && strong.DeclaringSyntaxReferences.IsEmpty)
                    {
                        strongCauses.Add(strong);
                    }
                }

                INamedTypeSymbol? systemException = types.Get(KnownTypes.SystemException);
                start.RegisterOperationAction(c => AnalyzeThrow(c, exceptionType, canceledType, argumentType, strongCauses, systemException, auditRule), OperationKind.Throw);
            });
        }

        private static void AnalyzeThrow(
            OperationAnalysisContext context, INamedTypeSymbol exceptionType, INamedTypeSymbol? canceledType, INamedTypeSymbol? argumentType,
            System.Collections.Generic.List<INamedTypeSymbol> strongCauses, INamedTypeSymbol? systemException, DiagnosticDescriptor? auditRule)
        {
            var throwOperation = (IThrowOperation)context.Operation;
            IOperation? thrown = Operations.UnwrapOrNull(throwOperation.Exception);
            if (thrown is null)
            {
                return; // 'throw;' keeps the context
            }

            SyntaxNode throwSyntax = throwOperation.Syntax;
            CatchClauseSyntax? catchClause = SyntaxHelpers.EnclosingCatch(throwSyntax, out bool crossesFinally);

            if (thrown is ILocalReferenceOperation localReference)
            {
                if (auditRule is null)
                {
                    AnalyzeRethrowOfLocal(context, localReference.Local, catchClause, crossesFinally);
                }

                return;
            }

            if (catchClause is null || !(thrown is IObjectCreationOperation creation))
            {
                return;
            }

            if (!(creation.Type is INamedTypeSymbol createdType) || !createdType.InheritsFromOrEquals(exceptionType))
            {
                return;
            }

            // Translating a failure into cancellation (e.g. an aborted socket into OperationCanceledException) is a
            // signal, not an error report: cancellation exceptions conventionally carry no inner exception.
            if (createdType.InheritsFromOrEquals(canceledType))
            {
                return;
            }

            // A caught cancellation translated into another signal (e.g. ObjectDisposedException) carries no failure to keep.
            ICatchClauseOperation? catchOperation = Operations.CatchOf(throwOperation, catchClause);
            if (catchClause.Declaration != null && canceledType != null
                && catchOperation?.ExceptionType.InheritsFromOrEquals(canceledType) == true)
            {
                return;
            }

            ILocalSymbol? caughtLocal = catchOperation is null ? null : Operations.CaughtLocal(catchOperation);
            bool wholeAsText = false;
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                IOperation? value = Operations.UnwrapOrNull(argument.Value);
                if (value is null)
                {
                    continue;
                }

                // Any exception-typed argument (the caught one, its inner, an aggregate) carries the context on.
                if (IsExceptionTyped(value.Type, exceptionType) || IsNonEmptyExceptionArray(value, exceptionType))
                {
                    return;
                }

                // new X("..." + ex), new X($"... {ex}"), ex.ToString(), string.Format("...{0}", ex): the caught exception's
                // type, message and stack travel as text. Not lost, but not an inner exception either: audit level (REL124).
                // new X(ex.Message) does not count: the stack and type are lost.
                if (caughtLocal != null && StringifiesLocal(value, caughtLocal))
                {
                    wholeAsText = true;
                }

                // new KafkaException(ex.Error), new DriverException(ex.ErrorCode, ...): a structured part of the caught
                // exception (an error object or code, not its message text) travels on: the translation keeps the cause.
                if (caughtLocal != null && value is IMemberReferenceOperation && IsRootedAt(value, caughtLocal)
                    && value.Type != null && value.Type.SpecialType != SpecialType.System_String)
                {
                    return;
                }
            }

            if (creation.Initializer != null)
            {
                foreach (IOperation initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation assignment && Operations.UnwrapOrNull(assignment.Value)?.Type.InheritsFromOrEquals(exceptionType) == true)
                    {
                        return;
                    }
                }
            }

            // A deliberate translation whose message is the whole cause: a client-facing or validation error (an HTTP
            // status, a 400 for bad input, ArgumentException) that hides internals on purpose, or the JSON-converter idiom
            // 'throw new JsonException()' that the serializer completes with the path.
            if (IsDeliberateTranslation(createdType, creation, exceptionType, argumentType))
            {
                return;
            }

            // The default arm of a switch over the handler's own state ('_ => throw new InvalidOperationException("Unexpected
            // strategy")'): a guard for a value that cannot occur, not a translation of the caught failure.
            if (throwOperation.SemanticModel is SemanticModel switchModel && IsDefaultArmOfSwitchNotOnCaught(throwSyntax, catchClause, createdType, switchModel))
            {
                return;
            }

            // The same type again, with detail added (catch (TimeoutException) { throw new TimeoutException("... IP #2") }).
            if (catchOperation != null && SymbolEqualityComparer.Default.Equals(catchOperation.ExceptionType, createdType))
            {
                return;
            }

            // A new condition found while handling the failure: a lookup made in the catch came back empty
            // ('var fresh = await store.Find(id); if (fresh == null) throw new X("... it must have been deleted")'), a probe
            // found the cause ('if (Directory.Exists(path)) throw ...'), or a local of the catch holds the fact.
            if (IsGuardedByFactLearnedInCatch(throwSyntax, catchClause))
            {
                return;
            }

            // A filter that pins the cause to one status, error code or message text (when (e.StatusCode == HttpStatusCode.Unauthorized),
            // when (e.Message.Contains("Invalid timezone"))): the caught exception says nothing the new message does not.
            if (catchClause.Filter != null && FilterPinsCode(catchClause.Filter))
            {
                return;
            }

            // A filter that pins the cause to cancellation (when (token.IsCancellationRequested)): the caught exception
            // (a disposed socket, an aborted read) is only how the cancellation or timeout was noticed, and the new one
            // ("Connect Timeout expired.") states the whole cause, like a caught OperationCanceledException translated.
            if (catchClause.Filter != null && FilterRequiresCancellation(catchClause.Filter.FilterExpression))
            {
                return;
            }

            // A fallback parse that failed, reported with the input it could not parse: the try is one parse-shaped call
            // (out results, or 'Parse' in its name) and the new message carries a value that call was given. The raw input
            // is the cause; the parser's own exception only says where inside the parser it gave up.
            if (catchOperation != null && IsFailedParseReportedWithInput(catchOperation, creation))
            {
                return;
            }

            // The caught exception was already recorded whole (logger.LogError(ex, ...), telemetry.TrackException(ex))
            // before the new one is thrown: nothing is lost, and the new one may hide internals from the client.
            if (caughtLocal != null && catchOperation != null && RecordedBefore(catchOperation, throwOperation, caughtLocal, exceptionType))
            {
                return;
            }

            // Only report when the author could have passed the inner exception.
            ISymbol within = (ISymbol?)context.ContainingSymbol.ContainingType ?? context.Compilation.Assembly;
            if (!HasConstructorTakingException(createdType, exceptionType, context.Compilation, within))
            {
                return;
            }

            // Warning only where the dropped exception is the diagnosis (catch-all, I/O, socket, HTTP, database, native
            // load, TLS); a domain, state or input exception translated into another is usually deliberate: audit level.
            // Input that failed to parse, translated into a message that states the expected format, or a throw chosen by the
            // caught exception's own error code: the translation is deliberate, listed at audit level (REL124).
            bool translatesInput = catchOperation != null
                && (TryOnlyParses(catchOperation) || (IsDataFormatException(createdType) && TryDoesNoIo(catchOperation)));
            bool choseByCode = caughtLocal != null && IsGuardedByCodeOfCaught(throwSyntax, catchClause, caughtLocal.Name);
            // A caught EndOfStreamException is the whole cause (the data ended early; fixed message text), like input.
            bool truncatedData = catchOperation?.ExceptionType is INamedTypeSymbol { Name: "EndOfStreamException" } endOfStream
                && endOfStream.ContainingNamespace?.ToDisplayString() == "System.IO";
            // So is a missing file or folder that the try opened itself, in one statement ('file = File.OpenRead(path)'): the
            // catch's type is the diagnosis. A FileNotFoundException from deeper down (a plugin's missing dependency) is not.
            bool notFound = catchOperation?.ExceptionType is INamedTypeSymbol { Name: "FileNotFoundException" or "DirectoryNotFoundException" } missing
                && missing.ContainingNamespace?.ToDisplayString() == "System.IO" && OpensTheFileItself(catchOperation);
            bool strong = !wholeAsText && !translatesInput && !choseByCode && !truncatedData && !notFound
                && (catchOperation is null || IsStrongCause(catchOperation.ExceptionType, strongCauses, systemException))
                && !FilterNarrowsToWeakCauses(catchClause, caughtLocal, catchOperation, strongCauses, systemException);
            if (strong != (auditRule is null))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                auditRule ?? WrapRule,
                creation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, KindWrap),
                "new " + createdType.Name));
        }

        /// <summary>
        /// The throw is the discard arm of a switch expression, or the only statement of a switch statement's default
        /// section, it throws an "unexpected value" exception (InvalidOperationException, NotSupportedException,
        /// ArgumentOutOfRangeException, ...), and the switch is on state from outside the catch: nothing in its governing
        /// value is the caught exception or a local of the catch ('switch (status)' where 'status' came from the exception
        /// chooses a translation and stays reported).
        /// </summary>
        private static bool IsDefaultArmOfSwitchNotOnCaught(SyntaxNode throwSyntax, CatchClauseSyntax catchClause, INamedTypeSymbol createdType, SemanticModel model)
        {
            ExpressionSyntax? governing = throwSyntax.Parent switch
            {
                SwitchExpressionArmSyntax { Pattern: DiscardPatternSyntax, WhenClause: null } arm when arm.Expression == throwSyntax
                    => (arm.Parent as SwitchExpressionSyntax)?.GoverningExpression,
                SwitchSectionSyntax { Statements.Count: 1 } section when section.Labels.Any(l => l is DefaultSwitchLabelSyntax)
                    => (section.Parent as SwitchStatementSyntax)?.Expression,
                _ => null,
            };

            if (governing is null || !(createdType.Name is "InvalidOperationException" or "NotSupportedException" or "NotImplementedException"
                or "ArgumentOutOfRangeException" or "ArgumentException" or "UnreachableException" or "SwitchExpressionException" or "InvalidEnumArgumentException"))
            {
                return false;
            }

            foreach (IdentifierNameSyntax identifier in governing.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                if (model.GetSymbolInfo(identifier).Symbol is ILocalSymbol local
                    && local.DeclaringSyntaxReferences.Any(reference => catchClause.Span.Contains(reference.Span)))
                {
                    return false; // the catch variable, or a local the catch computed (from the exception, likely)
                }
            }

            return true;
        }

        /// <summary>The try is one statement that calls System.IO directly (File.OpenRead, new FileStream, Directory.GetFiles).</summary>
        private static bool OpensTheFileItself(ICatchClauseOperation catchOperation)
        {
            if (!(catchOperation.Parent is ITryOperation { Body.Operations.Length: 1 } tryOperation))
            {
                return false;
            }

            foreach (IOperation operation in tryOperation.Body.Operations[0].DescendantsAndSelf())
            {
                IMethodSymbol? target = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    _ => null,
                };
                if (target?.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.IO" && target.ContainingType.Name != "Path")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>ex.Error, ex.Results[0].Error: a member chain that starts at the caught local.</summary>
        private static bool IsRootedAt(IOperation operation, ILocalSymbol local)
        {
            for (int depth = 0; depth < 6; depth++)
            {
                switch (Operations.UnwrapOrNull(operation))
                {
                    case ILocalReferenceOperation reference:
                        return SymbolEqualityComparer.Default.Equals(reference.Local, local);
                    case IMemberReferenceOperation { Instance: { } instance }:
                        operation = instance;
                        break;
                    case IArrayElementReferenceOperation element:
                        operation = element.ArrayReference;
                        break;
                    case IInvocationOperation { Instance: { } target, Arguments.Length: <= 1 }:
                        operation = target; // ex.Results.First(), ex.GetError()
                        break;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsStrongCause(ITypeSymbol caught, System.Collections.Generic.List<INamedTypeSymbol> strongCauses, INamedTypeSymbol? systemException)
        {
            if (caught.SpecialType == SpecialType.System_Object
                || SymbolEqualityComparer.Default.Equals(caught, strongCauses[0]) || SymbolEqualityComparer.Default.Equals(caught, systemException))
            {
                return true; // a catch-all: whatever failed is dropped
            }

            for (int i = 1; i < strongCauses.Count; i++)
            {
                if (caught.InheritsFromOrEquals(strongCauses[i]))
                {
                    return true;
                }
            }

            return false;
        }

        private static void AnalyzeRethrowOfLocal(OperationAnalysisContext context, ILocalSymbol local, CatchClauseSyntax? nearestCatch, bool crossesFinally)
        {
            // Only a catch variable counts: a local that holds a freshly built exception is fine to throw.
            if (local.DeclaringSyntaxReferences.Length != 1
                || !(local.DeclaringSyntaxReferences[0].GetSyntax(context.CancellationToken) is CatchDeclarationSyntax declaration))
            {
                return;
            }

            bool canRethrow = !crossesFinally && nearestCatch != null && nearestCatch.Declaration == declaration;
            context.ReportDiagnostic(Diagnostic.Create(
                RethrowRule,
                context.Operation.Syntax.GetLocation(),
                ImmutableDictionary<string, string?>.Empty
                    .Add(KindProperty, KindRethrow)
                    .Add(CanRethrowProperty, canRethrow ? "true" : "false"),
                local.Name));
        }

        // Words in an exception type's name that mark an error meant for the client: the message is the whole story.
        private static readonly string[] ClientFacingWords =
        {
            "Validation", "BadRequest", "BadHttpRequest", "NotFound", "Unauthorized", "Unauthorised", "Forbidden", "Conflict", "Problem",
            "HttpResponse", "HttpStatus", "StatusCode", "Business", "Domain", "UserFriendly",
            // A timeout is the whole cause: the socket error or disposal behind it is how the timeout was noticed.
            "Timeout", "TimedOut",
        };

        private static bool IsDeliberateTranslation(INamedTypeSymbol createdType, IObjectCreationOperation creation, INamedTypeSymbol exceptionType, INamedTypeSymbol? argumentType)
        {
            // Validation of arguments or input: the new message names the bad value, the caught parse error adds nothing.
            if (createdType.InheritsFromOrEquals(argumentType))
            {
                return true;
            }

            for (INamedTypeSymbol? current = createdType; current != null && !SymbolEqualityComparer.Default.Equals(current, exceptionType); current = current.BaseType)
            {
                string name = current.Name;
                if (name == "JsonException" || name == "HttpException")
                {
                    return true;
                }

                foreach (string word in ClientFacingWords)
                {
                    if (name.IndexOf(word, System.StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            // An HTTP or RPC status among the arguments: new XException(HttpStatusCode.BadRequest, "..."), new RpcException(new Status(...)).
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                ITypeSymbol? type = Operations.UnwrapOrNull(argument.Value)?.Type;
                if (type != null && (type.Name == "HttpStatusCode" || type.Name == "StatusCode" || type.Name == "Status")
                    || argument.Parameter?.Name is { } parameterName && parameterName.IndexOf("status", System.StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsGuardedByFactLearnedInCatch(SyntaxNode throwSyntax, CatchClauseSyntax catchClause)
        {
            // 'var ids = section.Get<EventIds>() ?? throw new InvalidOperationException("Missing EventIds")': a lookup made
            // while handling came back empty, and the throw reports that, not the caught failure (phase 24, a mail server's
            // event-id lookups in fifteen catches). The looked-up value must not come from the caught exception.
            if (throwSyntax is ThrowExpressionSyntax && throwSyntax.Parent is BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression } coalesce
                && coalesce.Right == throwSyntax)
            {
                string? caught = catchClause.Declaration?.Identifier.ValueText;
                return coalesce.Left.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax || n is ElementAccessExpressionSyntax)
                    && !coalesce.Left.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(id => id.Identifier.ValueText == caught);
            }

            SyntaxNode? parent = throwSyntax.Parent is BlockSyntax { Statements.Count: 1 } block ? block.Parent : throwSyntax.Parent;
            if (!(parent is IfStatementSyntax guard) || guard.Else != null)
            {
                return false;
            }

            // 'if (Directory.Exists(path)) throw new InvalidOperationException("... is already a directory")': a probe of
            // the world made while handling diagnoses the cause the caught exception only hinted at.
            if (guard.Condition.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
                .Any(probe => SyntaxHelpers.CalledName(probe)?.EndsWith("Exists", System.StringComparison.Ordinal) == true))
            {
                return true;
            }

            // 'FileAttributes a; try { a = File.GetAttributes(p); } catch { ... } if (a.HasFlag(ReadOnly)) throw ...': a fact
            // a call made in this catch put in one of its locals before the guard. (A counter, 'var n = ++_failures', is no
            // new fact: the caught failure is still the cause.)
            VariableDeclaratorSyntax[] locals = catchClause.Block.DescendantNodes().OfType<VariableDeclaratorSyntax>().ToArray();
            foreach (IdentifierNameSyntax used in guard.Condition.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                foreach (VariableDeclaratorSyntax declarator in locals)
                {
                    if (declarator.Identifier.ValueText == used.Identifier.ValueText && declarator.SpanStart < guard.SpanStart
                        && declarator.FirstAncestorOrSelf<BlockSyntax>() is { } scope && scope.Span.Contains(guard.Span)
                        && IsSetFromACall(declarator, catchClause, guard.SpanStart))
                    {
                        return true;
                    }
                }
            }

            ExpressionSyntax? checkedValue = guard.Condition switch
            {
                BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.EqualsExpression } equals
                    when equals.Right.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression) => equals.Left,
                IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax literal } } pattern
                    when literal.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression) => pattern.Expression,
                _ => null,
            };

            if (!(checkedValue is IdentifierNameSyntax name))
            {
                return false;
            }

            // The checked local is declared in this catch block, before the guard: a fact learned while handling.
            foreach (VariableDeclaratorSyntax declarator in catchClause.Block.DescendantNodes().OfType<VariableDeclaratorSyntax>())
            {
                if (declarator.Identifier.ValueText == name.Identifier.ValueText && declarator.SpanStart < guard.SpanStart && declarator.Initializer != null)
                {
                    return true;
                }
            }

            return false;
        }

        // The local's initializer, or an assignment to it before 'before', is a call that looks at something new: not the
        // caught exception ('ex.Message.ToLower()' is the same failure) and not a counter ('Interlocked.Increment(ref n)').
        private static bool IsSetFromACall(VariableDeclaratorSyntax declarator, CatchClauseSyntax catchClause, int before)
        {
            string? caught = catchClause.Declaration?.Identifier.ValueText;
            if (declarator.Initializer != null && IsLookupCall(declarator.Initializer.Value, caught))
            {
                return true;
            }

            foreach (AssignmentExpressionSyntax assignment in catchClause.Block.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.SpanStart < before && assignment.Left is IdentifierNameSyntax target
                    && target.Identifier.ValueText == declarator.Identifier.ValueText && IsLookupCall(assignment.Right, caught))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsLookupCall(ExpressionSyntax value, string? caught)
        {
            bool call = false;
            foreach (SyntaxNode node in value.DescendantNodesAndSelf())
            {
                if (node is IdentifierNameSyntax name && (name.Identifier.ValueText == caught || name.Identifier.ValueText == "Interlocked"))
                {
                    return false;
                }

                call |= node is InvocationExpressionSyntax;
            }

            return call;
        }

        private static bool FilterRequiresCancellation(ExpressionSyntax filter)
        {
            switch (filter)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return FilterRequiresCancellation(parenthesized.Expression);
                case BinaryExpressionSyntax binary when binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.LogicalAndExpression):
                    return FilterRequiresCancellation(binary.Left) || FilterRequiresCancellation(binary.Right);
                case MemberAccessExpressionSyntax member:
                    return member.Name.Identifier.ValueText == "IsCancellationRequested";
                case IdentifierNameSyntax name:
                    return name.Identifier.ValueText == "IsCancellationRequested";
                default:
                    return false;
            }
        }

        private static bool IsFailedParseReportedWithInput(ICatchClauseOperation catchOperation, IObjectCreationOperation creation)
        {
            if (!(catchOperation.Parent is ITryOperation tryOperation) || tryOperation.Body is null)
            {
                return false;
            }

            IInvocationOperation? parse = null;
            foreach (IOperation operation in tryOperation.Body.Descendants())
            {
                if (operation is IInvocationOperation invocation)
                {
                    if (parse != null)
                    {
                        return false; // more than one call: the failure may come from elsewhere
                    }

                    parse = invocation;
                }
                else if (operation is IObjectCreationOperation || operation is IAwaitOperation || operation is IAnonymousFunctionOperation)
                {
                    return false;
                }
            }

            if (parse is null)
            {
                return false;
            }

            // Parse / TryParse-style names, and System.Convert's conversions of text (Convert.ToInt64(value)).
            bool parseShaped = parse.TargetMethod.Name.IndexOf("Parse", System.StringComparison.Ordinal) >= 0
                || parse.TargetMethod.ContainingType?.Name == "Convert" && parse.TargetMethod.ContainingType.ContainingNamespace?.Name == "System";
            foreach (IArgumentOperation argument in parse.Arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    parseShaped = true;
                }
            }

            if (!parseShaped)
            {
                return false;
            }

            // The new message mentions a local or parameter the parse was given (the reply, the text, the header).
            foreach (IArgumentOperation argument in parse.Arguments)
            {
                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    continue;
                }

                ISymbol? input = Operations.UnwrapOrNull(argument.Value) switch
                {
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    ILocalReferenceOperation local => local.Local,
                    _ => null,
                };

                if (input != null && MentionsInMessage(creation, input))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MentionsInMessage(IObjectCreationOperation creation, ISymbol input)
        {
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (argument.Value.Type?.SpecialType != SpecialType.System_String)
                {
                    continue;
                }

                foreach (IOperation descendant in argument.Value.DescendantsAndSelf())
                {
                    ISymbol? referenced = descendant switch
                    {
                        IParameterReferenceOperation parameter => parameter.Parameter,
                        ILocalReferenceOperation local => local.Local,
                        _ => null,
                    };

                    if (referenced != null && SymbolEqualityComparer.Default.Equals(referenced, input))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The try only slices, converts and parses in-memory values (string / span members, Convert, BitConverter, Encoding,
        /// Parse / TryParse, 'ToInt32'-style conversions), with no await: whatever it throws means the input was malformed.
        /// </summary>
        private static bool TryOnlyParses(ICatchClauseOperation catchOperation)
        {
            if (!(catchOperation.Parent is ITryOperation tryOperation) || tryOperation.Body is null)
            {
                return false;
            }

            bool parses = false;
            foreach (IOperation operation in tryOperation.Body.Descendants())
            {
                if (operation is IAwaitOperation || operation is IAnonymousFunctionOperation)
                {
                    return false;
                }

                if (!(operation is IInvocationOperation invocation))
                {
                    continue;
                }

                IMethodSymbol method = invocation.TargetMethod;
                string name = method.Name;
                string? type = method.ContainingType?.Name;
                if (name.IndexOf("Parse", System.StringComparison.Ordinal) >= 0 || IsConversionName(name)
                    || type == "Convert" || type == "BitConverter" || type == "Encoding" || type == "String" || type == "Char"
                    || type == "ReadOnlySpan" || type == "Span" || type == "MemoryExtensions" || type == "Math")
                {
                    parses |= name.IndexOf("Parse", System.StringComparison.Ordinal) >= 0 || IsConversionName(name) || type == "Convert" || type == "BitConverter"
                        || (type == "Encoding" && (name == "GetBytes" || name == "GetString" || name == "GetChars"));
                    continue;
                }

                return false;
            }

            return parses;
        }

        // 'ToInt32', 'ToUInt64', 'ToDouble', 'FromBase64String', 'FromHexString': a conversion of text or bytes.
        private static bool IsConversionName(string name) =>
            name.StartsWith("From", System.StringComparison.Ordinal) && name.EndsWith("String", System.StringComparison.Ordinal)
            || (name.StartsWith("To", System.StringComparison.Ordinal) && name.Length > 2
                && (name.IndexOf("Int", 2, System.StringComparison.Ordinal) == 2 || name.IndexOf("UInt", 2, System.StringComparison.Ordinal) == 2
                    || name == "ToDouble" || name == "ToSingle" || name == "ToDecimal" || name == "ToByte" || name == "ToSByte"
                    || name == "ToBoolean" || name == "ToDateTime" || name == "ToChar"));

        /// <summary>
        /// A "the data was malformed" exception: FormatException, InvalidDataException, XmlException, SerializationException,
        /// ProtocolViolationException, DecoderFallbackException and types named like them.
        /// </summary>
        private static bool IsDataFormatException(INamedTypeSymbol createdType)
        {
            for (INamedTypeSymbol? current = createdType; current != null; current = current.BaseType)
            {
                string name = current.Name;
                if (name == "FormatException" || name == "InvalidDataException" || name == "XmlException" || name == "SerializationException"
                    || name == "ProtocolViolationException" || name == "DecoderFallbackException")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The try awaits nothing and calls no network, database or file API: the failure came from the data.</summary>
        private static bool TryDoesNoIo(ICatchClauseOperation catchOperation)
        {
            if (!(catchOperation.Parent is ITryOperation tryOperation) || tryOperation.Body is null)
            {
                return false;
            }

            foreach (IOperation operation in tryOperation.Body.Descendants())
            {
                if (operation is IAwaitOperation || (operation is IInvocationOperation invocation && IoApis.IsFrameworkIo(invocation.TargetMethod)))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// 'catch (CreateTopicsException e) { if (e.Results[0].Error.Code != ErrorCode.TopicAlreadyExists) throw new X(...); }'
        /// (or a switch on that code): the throw is chosen by the caught exception's own code or status, like a filter that pins it.
        /// </summary>
        private static bool IsGuardedByCodeOfCaught(SyntaxNode throwSyntax, CatchClauseSyntax catchClause, string caughtName)
        {
            for (SyntaxNode? current = throwSyntax.Parent; current != null && current != catchClause; current = current.Parent)
            {
                // 'switch (ex.HResult) { case E_ACCESSDENIED: throw new X(...); }' chooses by the code like the if form (phase 20);
                // the default section or '_' arm is every other code, whose cause is still lost.
                ExpressionSyntax? condition = current switch
                {
                    IfStatementSyntax guard => guard.Condition,
                    SwitchSectionSyntax section when section.Parent is SwitchStatementSyntax selector
                        && section.Labels.All(l => l is CaseSwitchLabelSyntax || l is CasePatternSwitchLabelSyntax { Pattern: var named, WhenClause: null } && NamesCodes(named))
                        => selector.Expression,
                    SwitchExpressionArmSyntax arm when arm.Parent is SwitchExpressionSyntax selector && arm.WhenClause is null && NamesCodes(arm.Pattern)
                        => selector.GoverningExpression,
                    _ => null,
                };
                if (condition is null)
                {
                    continue;
                }

                bool readsCaught = false;
                bool readsCode = false;
                foreach (SyntaxToken token in condition.DescendantTokens())
                {
                    if (!token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                    {
                        continue;
                    }

                    readsCaught |= token.ValueText == caughtName;
                    readsCode |= IsCodeMemberName(token.ValueText);
                }

                if (readsCaught && (readsCode || TestsTypeOf(condition, caughtName)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)': the filter narrows a catch-all
        /// to exception types that are not infrastructure failures, so the catch is judged by those types.
        /// </summary>
        private static bool FilterNarrowsToWeakCauses(CatchClauseSyntax catchClause, ILocalSymbol? caughtLocal, ICatchClauseOperation? catchOperation,
            System.Collections.Generic.List<INamedTypeSymbol> strongCauses, INamedTypeSymbol? systemException)
        {
            if (catchClause.Filter is null || caughtLocal is null || !(catchOperation?.SemanticModel is { } model))
            {
                return false;
            }

            var types = new System.Collections.Generic.List<ITypeSymbol>();
            switch (catchClause.Filter.FilterExpression)
            {
                case IsPatternExpressionSyntax { Expression: IdentifierNameSyntax tested } pattern when tested.Identifier.ValueText == caughtLocal.Name:
                    if (!CollectPatternTypes(pattern.Pattern, model, types))
                    {
                        return false;
                    }

                    break;
                case BinaryExpressionSyntax { Left: IdentifierNameSyntax tested, Right: TypeSyntax right } binary
                    when binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IsExpression) && tested.Identifier.ValueText == caughtLocal.Name
                         && model.GetTypeInfo(right).Type is ITypeSymbol single:
                    types.Add(single);
                    break;
                default:
                    return false;
            }

            if (types.Count == 0)
            {
                return false;
            }

            foreach (ITypeSymbol type in types)
            {
                if (IsStrongCause(type, strongCauses, systemException))
                {
                    return false;
                }
            }

            return true;
        }

        // 'A', 'A or B', 'A a': the types an is-pattern accepts; false for any other pattern.
        private static bool CollectPatternTypes(PatternSyntax pattern, SemanticModel model, System.Collections.Generic.List<ITypeSymbol> types)
        {
            switch (pattern)
            {
                case BinaryPatternSyntax { OperatorToken.ValueText: "or" } or:
                    return CollectPatternTypes(or.Left, model, types) && CollectPatternTypes(or.Right, model, types);
                case TypePatternSyntax typePattern when model.GetTypeInfo(typePattern.Type).Type is ITypeSymbol type:
                    types.Add(type);
                    return true;
                case DeclarationPatternSyntax declaration when model.GetTypeInfo(declaration.Type).Type is ITypeSymbol declared:
                    types.Add(declared);
                    return true;
                case ConstantPatternSyntax constant when model.GetTypeInfo(constant.Expression).Type is ITypeSymbol named && constant.Expression is NameSyntax:
                    types.Add(named); // 'ex is TimeoutException' parses as a constant pattern over a type name
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>'if (ex is ObjectDisposedException) throw new IOException();': the caught exception's type chooses the translation.</summary>
        private static bool TestsTypeOf(ExpressionSyntax condition, string caughtName)
        {
            foreach (SyntaxNode node in condition.DescendantNodesAndSelf())
            {
                ExpressionSyntax? tested = node switch
                {
                    IsPatternExpressionSyntax pattern when !(pattern.Pattern is ConstantPatternSyntax) => pattern.Expression,
                    BinaryExpressionSyntax binary when binary.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IsExpression) => binary.Left,
                    _ => null,
                };

                if (tested is IdentifierNameSyntax id && id.Identifier.ValueText == caughtName)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>'32', '32 or 33', 'E_ACCESSDENIED': a pattern that names codes; not 'var c', '_', 'int c', '{ }', 'not 32'.</summary>
        private static bool NamesCodes(PatternSyntax pattern) => pattern switch
        {
            ConstantPatternSyntax _ => true,
            BinaryPatternSyntax { OperatorToken.ValueText: "or" } or => NamesCodes(or.Left) && NamesCodes(or.Right),
            ParenthesizedPatternSyntax inner => NamesCodes(inner.Pattern),
            _ => false,
        };

        private static bool IsCodeMemberName(string name) =>
            name == "Code" || name.EndsWith("Status", System.StringComparison.Ordinal) || name.EndsWith("StatusCode", System.StringComparison.Ordinal)
            || name.EndsWith("ErrorCode", System.StringComparison.Ordinal) || name == "HResult" || name == "SqlState" || name == "Number"
            || name == "SocketErrorCode";

        private static bool FilterPinsCode(CatchFilterClauseSyntax filter)
        {
            // 'when (ex.Message.Contains("Invalid timezone"))': the filter pins the cause to one known message text (not a
            // negated test, and not one alternative of several).
            bool message = false, literal = false, negatedOrAlternative = false;
            foreach (SyntaxToken token in filter.FilterExpression.DescendantTokens())
            {
                switch ((Microsoft.CodeAnalysis.CSharp.SyntaxKind)token.RawKind)
                {
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken when token.ValueText != "Code" && IsCodeMemberName(token.ValueText):
                        return true;
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken:
                        message |= token.ValueText == "Message";
                        break;
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.StringLiteralToken:
                        literal |= token.ValueText.Length > 0;
                        break;
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.ExclamationToken:
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.ExclamationEqualsToken:
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.BarBarToken:
                    case Microsoft.CodeAnalysis.CSharp.SyntaxKind.NotKeyword:
                        negatedOrAlternative = true;
                        break;
                }
            }

            return message && literal && !negatedOrAlternative;
        }

        /// <summary>True when a call before the throw, in the same catch, receives the caught exception as an exception-typed argument.</summary>
        private static bool RecordedBefore(ICatchClauseOperation catchOperation, IThrowOperation throwOperation, ILocalSymbol caught, INamedTypeSymbol exceptionType)
        {
            int throwStart = throwOperation.Syntax.SpanStart;
            foreach (IOperation operation in Operations.InSameFunction(catchOperation.Handler))
            {
                if (operation.Syntax.SpanStart >= throwStart)
                {
                    continue;
                }

                if (operation is IInvocationOperation invocation)
                {
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        ITypeSymbol? parameterType = argument.Parameter?.Type;
                        if (parameterType is null)
                        {
                            continue;
                        }

                        // logger.LogError(ex, ...), Console.WriteLine(ex) / Trace.TraceError(ex) (object): the whole exception is written.
                        if ((parameterType.InheritsFromOrEquals(exceptionType) || parameterType.SpecialType == SpecialType.System_Object)
                            && (IsLocal(argument.Value, caught) || IsDerivedFromCaught(argument.Value, caught, catchOperation.Syntax)))
                        {
                            return true;
                        }

                        // Console.Error.WriteLine($"failed: {ex}"), log.Error("failed " + ex): the text carries type and stack.
                        if (parameterType.SpecialType == SpecialType.System_String && StringifiesLocal(argument.Value, caught))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool StringifiesLocal(IOperation operation, ILocalSymbol local)
        {
            switch (operation)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "ToString" && invocation.Arguments.Length == 0:
                    return IsLocal(invocation.Instance, local);
                case IInterpolationOperation interpolation:
                    return IsLocal(interpolation.Expression, local);
                case IInvocationOperation format when (format.TargetMethod.Name == "Format" || format.TargetMethod.Name == "Concat")
                                                     && format.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                    // string.Format("[Persistence]: {0}", ex), string.Concat("failed: ", ex): formats the whole exception.
                    foreach (IArgumentOperation argument in format.Arguments)
                    {
                        IOperation? value = Operations.UnwrapOrNull(argument.Value);
                        if (IsLocal(value, local))
                        {
                            return true;
                        }

                        if (value is IArrayCreationOperation { Initializer: { } items })
                        {
                            foreach (IOperation item in items.ElementValues)
                            {
                                if (IsLocal(item, local))
                                {
                                    return true;
                                }
                            }
                        }
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary
                    when binary.Type?.SpecialType == SpecialType.System_String && (IsLocal(binary.LeftOperand, local) || IsLocal(binary.RightOperand, local)):
                    return true;
            }

            foreach (IOperation child in operation.ChildOperations)
            {
                if (StringifiesLocal(child, local))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An exception type, or a type parameter constrained to one ('catch (TException ex) { throw new X(ex); }', phase 22).</summary>
        private static bool IsExceptionTyped(ITypeSymbol? type, INamedTypeSymbol exceptionType)
        {
            if (type is ITypeParameterSymbol parameter)
            {
                foreach (ITypeSymbol constraint in parameter.ConstraintTypes)
                {
                    if (IsExceptionTyped(constraint, exceptionType))
                    {
                        return true;
                    }
                }

                return false;
            }

            return type.InheritsFromOrEquals(exceptionType);
        }

        /// <summary>
        /// 'var cause = ex.InnerException ?? ex;' then 'logger.Error(cause, ...)': a local of the catch made from the caught
        /// exception (its inner or base exception) is the failure recorded whole (phase 20, a blockchain node's plug-in runner).
        /// </summary>
        private static bool IsDerivedFromCaught(IOperation? operation, ILocalSymbol caught, SyntaxNode catchSyntax) =>
            Operations.UnwrapOrNull(operation) is ILocalReferenceOperation reference
            && Operations.InitializedDeclarator(reference) is { Initializer: { } initializer }
            && IsCaughtOrItsCause(initializer.Value, caught.Name)
            && catchSyntax.Span.Contains(initializer.Span) && reference.SemanticModel is { } model
            && !SyntaxHelpers.IsVariableWrittenIn(catchSyntax, reference.Local, model);

        /// <summary>'ex', 'ex.InnerException', 'ex.GetBaseException()', and '??' / '?:' choices among them; not 'new Exception(ex.Message)'.</summary>
        private static bool IsCaughtOrItsCause(ExpressionSyntax value, string caught) => AsyncContext.Unparenthesize(value) switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText == caught,
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InnerException", Expression: IdentifierNameSyntax id } => id.Identifier.ValueText == caught,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBaseException", Expression: IdentifierNameSyntax id }, ArgumentList.Arguments.Count: 0 }
                => id.Identifier.ValueText == caught,
            BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression } either
                => IsCaughtOrItsCause(either.Left, caught) && IsCaughtOrItsCause(either.Right, caught),
            ConditionalExpressionSyntax choice => IsCaughtOrItsCause(choice.WhenTrue, caught) && IsCaughtOrItsCause(choice.WhenFalse, caught),
            _ => false,
        };

        private static bool IsLocal(IOperation? operation, ILocalSymbol local) =>
            Operations.UnwrapOrNull(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

        private static bool HasConstructorTakingException(INamedTypeSymbol type, INamedTypeSymbol exceptionType, Compilation compilation, ISymbol within)
        {
            foreach (IMethodSymbol constructor in type.InstanceConstructors)
            {
                foreach (IParameterSymbol parameter in constructor.Parameters)
                {
                    if (parameter.Type.InheritsFromOrEquals(exceptionType) && compilation.IsSymbolAccessibleWithin(constructor, within))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsNonEmptyExceptionArray(IOperation value, INamedTypeSymbol exceptionType)
        {
            // new AggregateException(ex) binds ex into a params Exception[].
            return value is IArrayCreationOperation array
                && array.Type is IArrayTypeSymbol arrayType
                && arrayType.ElementType.InheritsFromOrEquals(exceptionType)
                && array.Initializer != null
                && array.Initializer.ElementValues.Length > 0;
        }

    }
}
