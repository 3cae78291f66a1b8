using System.Collections.Concurrent;
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
    /// REL103: a log call in a catch that does not pass the caught exception to the logger's exception parameter.
    /// Reported when the message uses the exception (ex.Message, ex.ToString(), {ex}) or the level is Warning or above;
    /// a warning-or-lower line, or one in a catch of a specific type, is REL128 (audit); not reported when the catch
    /// rethrows (the exception travels on with its stack) or catches cancellation.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL103LogWithoutExceptionAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LogWithoutException,
            title: "Log call in a catch drops the exception",
            messageFormat: "This '{0}' call in a catch logs without the exception object. " +
                           "The stack trace, inner exceptions and exception type are lost, so the log cannot say where the failure came from. " +
                           "Pass the caught exception as the logger's exception argument.",
            description: "A log call inside a catch that does not pass the caught exception (message only, or ex.Message / ex.ToString() " +
                         "in the text) loses the stack trace and the structured exception. Not reported when the catch rethrows, " +
                         "when it catches cancellation, or for low-level messages that do not use the exception at all.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL126ExceptionLoggedAsTextRule.Rule, REL127OwnLoggerDropsExceptionRule.Rule, REL128HandledFailureLogWithoutExceptionRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                // No early exit without a logging library: a project's own logger (LogApi.Own) can take the exception too.
                var logging = LoggingApis.For(types);

                // Per catch clause, not per invocation: only calls inside catch blocks matter, and the checks that belong to
                // the catch (its type, filter, rethrow) are made once for all the calls in it.
                // Per compilation: whether a callee (or its single source implementation) guards its own writes.
                var guardedCallees = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(c => AnalyzeCatch(c, types, logging, guardedCallees), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(OperationAnalysisContext context, KnownTypes types, LoggingApis logging, ConcurrentDictionary<IMethodSymbol, bool> guardedCallees)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;

            // A filtered catch selects an expected case ('when (ex is UnauthorizedAccessException or ...)').
            if (!(catchOperation.Syntax is CatchClauseSyntax catchClause) || catchClause.Filter != null)
            {
                return;
            }

            CatchVerdict verdict = CatchVerdict.NotYetKnown;
            ILocalSymbol? caughtLocal = null;
            bool? inMemoryTry = null;
            bool? clientError = null;
            bool wholeTextStatement = false;
            SyntaxNode? warnedBlock = null;
            bool? fallbackAfterLogged = null; // a property of the catch, asked once at its first log call
            // A nested catch is analysed on its own.
            foreach (IOperation operation in Operations.InSameFunction(catchOperation.Handler, prune: o => o is ICatchClauseOperation))
            {
                if (!(operation is IInvocationOperation invocation))
                {
                    continue;
                }

                LogApi api = logging.Classify(invocation);
                if (api == LogApi.None || api == LogApi.Console)
                {
                    continue;
                }

                if (logging.PassesException(invocation))
                {
                    continue;
                }

                if (verdict == CatchVerdict.NotYetKnown)
                {
                    // 'Log("failed"); LogError(ex, "...")': another statement of the catch that always runs records the
                    // exception whole, so a note beside it (before or after) loses nothing. Asked only once a call needs it.
                    StatementRecord record = RecordedWholeByAStatement(catchOperation, logging);
                    wholeTextStatement = record == StatementRecord.WholeAsText;
                    verdict = record == StatementRecord.Whole ? CatchVerdict.Quiet : JudgeCatch(catchOperation, catchClause, types, out caughtLocal);
                }

                if (verdict == CatchVerdict.Quiet)
                {
                    return;
                }

                // 'catch (Exception ex) { Log.Info("bad ChildCreate message: " + ex.Message); response.StatusCode = 400; return; }':
                // the catch answers the caller with a client error, so the failure is the request's malformed input and the
                // line is a note about it.
                clientError ??= AnswersClientError(catchOperation);
                if (clientError == true)
                {
                    return;
                }

                // 'Log.Warning("... Reason: {Reason}", reason); Log.Debug(e, "... stack");' in one branch of the catch: a
                // statement of the same block records the exception whole, so the note beside it loses nothing.
                if (RecordedBesideInBlock(invocation, catchOperation, logging))
                {
                    continue;
                }

                // A note beside a statement that writes the exception whole into its text (REL126's shape): the type,
                // message and stack are in the log already.
                bool wholeText = caughtLocal != null && RendersWhole(invocation, caughtLocal);
                if (wholeTextStatement && !wholeText)
                {
                    continue;
                }

                // (The exception bound whole to a template argument is the rule's own shape over any try: the call meant the
                // exception parameter. Phase 22: a GET's failure logged as 'LogError("... {Error}", sku, ex)' was exempted.)
                if (verdict == CatchVerdict.Judge && !(caughtLocal != null && !wholeText && (UsesOf(invocation, caughtLocal) & ExceptionUse.Whole) != 0)
                    && IsMessageTheWholeCause(catchOperation, types, logging, invocation, guardedCallees, context.Compilation, context.CancellationToken))
                {
                    continue;
                }

                // A message that does not use the exception, over a try that only does in-memory framework work: the
                // message names the one failure there (a log that prints ex.Message is still judged below).
                if (caughtLocal is null || !References(invocation, caughtLocal))
                {
                    inMemoryTry ??= TryDoesOnlyInMemoryFrameworkWork(catchOperation);
                    if (inMemoryTry == true)
                    {
                        continue;
                    }
                }

                if (caughtLocal != null && (IsInTypeBranch(invocation, caughtLocal, catchOperation.Handler, types)
                    || IsInMessageBranch(invocation, caughtLocal, catchOperation.Handler)))
                {
                    continue;
                }

                bool specific = catchClause.Declaration != null && catchOperation.ExceptionType is { } caughtType
                    && !REL102LogAndContinueAnalyzer.IsCatchAll(caughtType, types);
                bool frameworkTransport = catchClause.Declaration != null && IsFrameworkTransportException(catchOperation.ExceptionType);
                // One warning per lost exception: a line after a warned one that is a statement of its own block (not a branch
                // of an if without braces or a switch section), in that block or one nested in it, always runs with it
                // ('Log.Error("connect failed"); Log.Error(inner.Message);'); it is listed at audit level.
                bool followsWarned = (warnedBlock != null && warnedBlock.Span.Contains(invocation.Syntax.Span))
                    || (fallbackAfterLogged ??= IsFallbackAfterLoggedFailure(catchClause, logging, context.Operation.SemanticModel, context.CancellationToken));
                if (AnalyzeLogCall(context, invocation, api, logging, caughtLocal, wholeText, onlyWhenUsed: verdict == CatchVerdict.JudgeWhenMessageUsed, specific, frameworkTransport, followsWarned)
                    && warnedBlock is null && invocation.Syntax.Parent is ExpressionStatementSyntax { Parent: BlockSyntax block })
                {
                    warnedBlock = block;
                }
            }
        }

        /// <summary>
        /// The catch block answers a 4xx: assigns a constant 400-499 status ('response.StatusCode = (int)HttpStatusCode.BadRequest'),
        /// or returns / creates a bad-request result ('return BadRequest(...)', 'new BadRequestObjectResult(...)', 'StatusCode(400)',
        /// 'Results.ValidationProblem(...)'). Nested functions are not read.
        /// </summary>
        private static bool AnswersClientError(ICatchClauseOperation catchOperation)
        {
            foreach (IOperation operation in Operations.InSameFunction(catchOperation.Handler, prune: o => o is ICatchClauseOperation))
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "StatusCode" or "Status" } } assignment
                        when IsClientErrorStatus(assignment.Value):
                        return true;
                    case IInvocationOperation call when call.TargetMethod.Name is "BadRequest" or "ValidationProblem" or "UnprocessableEntity":
                        return true;
                    case IInvocationOperation call when call.TargetMethod.Name == "StatusCode" && call.Arguments.Length > 0 && IsClientErrorStatus(call.Arguments[0].Value):
                        return true;
                    case IObjectCreationOperation creation when creation.Type?.Name is "BadRequestResult" or "BadRequestObjectResult" or "UnprocessableEntityObjectResult":
                        return true;
                }
            }

            return false;
        }

        private static bool IsClientErrorStatus(IOperation value)
        {
            IOperation unwrapped = Operations.Unwrap(value);
            object? constant = unwrapped.ConstantValue.HasValue ? unwrapped.ConstantValue.Value : value.ConstantValue.HasValue ? value.ConstantValue.Value : null;
            int? status = constant switch
            {
                int i => i,
                _ => null,
            };
            if (status is null && unwrapped is IFieldReferenceOperation { Field: { HasConstantValue: true, ConstantValue: int enumValue } })
            {
                status = enumValue;
            }

            return status is >= 400 and < 500;
        }

        private enum CatchVerdict
        {
            NotYetKnown,
            Quiet,
            Judge,

            /// <summary>A project's own transport exception: reported only when the log uses it (ex.Message) without passing it.</summary>
            JudgeWhenMessageUsed,
        }

        /// <summary>
        /// Whether log calls in this catch are judged at all: only catch-alls and broad infrastructure exceptions (a
        /// specific type is an expected case whose message usually says it all; measured, see docs), and not when the
        /// catch rethrows (the exception travels on with its stack; whoever catches it logs it).
        /// </summary>
        private static CatchVerdict JudgeCatch(ICatchClauseOperation catchOperation, CatchClauseSyntax catchClause, KnownTypes types, out ILocalSymbol? caughtLocal)
        {
            caughtLocal = null;
            if (catchClause.Declaration != null)
            {
                ITypeSymbol? caught = catchOperation.ExceptionType;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return CatchVerdict.Quiet;
                }

                caughtLocal = Operations.CaughtLocal(catchOperation);
                if (!REL102LogAndContinueAnalyzer.IsCatchAll(caught, types) && !REL102LogAndContinueAnalyzer.IsBroad(caught, types))
                {
                    // A project's own HTTP / API / transport exception logged as ex.Message: its status, response and
                    // inner socket error are what the log needed, and only the text survives.
                    return IsOwnTransportException(caught, types) && !Rethrows(catchClause.Block) ? CatchVerdict.JudgeWhenMessageUsed : CatchVerdict.Quiet;
                }
            }

            return Rethrows(catchClause.Block) || HandsOnTheStack(catchOperation, caughtLocal) ? CatchVerdict.Quiet : CatchVerdict.Judge;
        }

        // Words in a project's own exception type that say it carries a remote call's failure.
        private static readonly string[] TransportWords = { "Http", "Api", "Rest", "Rpc", "Grpc", "Remote", "Gateway", "Upstream", "Transport" };

        private static bool IsOwnTransportException(ITypeSymbol caught, KnownTypes types)
        {
            if (caught.Locations.IsEmpty || !caught.Locations[0].IsInSource)
            {
                return false;
            }

            for (ITypeSymbol? current = caught; current != null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                if (REL102LogAndContinueAnalyzer.IsBroad(current, types))
                {
                    return true; // class ApiException : HttpRequestException
                }

                foreach (string word in TransportWords)
                {
                    if (current.Locations.Length > 0 && current.Locations[0].IsInSource && current.Name.IndexOf(word, System.StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The framework's own HTTP client failures, caught by type: <c>HttpRequestException</c> (System.Net.Http) and
        /// <c>WebException</c> (System.Net). Their message names the cause: the status code and reason, or the socket /
        /// name-resolution / TLS error with the host.
        /// </summary>
        private static bool IsFrameworkTransportException(ITypeSymbol? caught) =>
            caught is { Name: "HttpRequestException" or "WebException" } && (caught.Locations.IsEmpty || !caught.Locations[0].IsInSource)
            && caught.ContainingNamespace?.ToDisplayString() is "System.Net.Http" or "System.Net";

        /// <returns>True when the call was reported at REL103's own (warning) level.</returns>
        private static bool AnalyzeLogCall(OperationAnalysisContext context, IInvocationOperation invocation, LogApi api, LoggingApis logging, ILocalSymbol? caughtLocal, bool wholeText, bool onlyWhenUsed, bool specific, bool frameworkTransport, bool followsWarned)
        {
            if (logging.PassesException(invocation))
            {
                return false;
            }

            // log4net is a text logger: the exception written whole into the message (as the message object, a format
            // argument the format string places, a concatenation or ToString()) keeps its type, message, stack and inner
            // exceptions in the log. (A structured logger's sinks still lose the exception object: reported.)
            if (api == LogApi.Log4Net && wholeText)
            {
                return false;
            }

            // A generated method without an exception parameter cannot take it: that is a definition to change, not this call.
            if (api == LogApi.MicrosoftExtensionsGenerated && !logging.HasExceptionParameter(invocation.TargetMethod))
            {
                return false;
            }

            ExceptionUse use = caughtLocal is null ? ExceptionUse.None : UsesOf(invocation, caughtLocal);
            bool usesException = (use & ExceptionUse.Mentioned) != 0;
            if (onlyWhenUsed && !usesException)
            {
                return false;
            }

            LogLevelKind level = logging.Level(invocation);
            if (!usesException && level < LogLevelKind.Warning)
            {
                return false; // a low-level note that does not mention the exception ("cache miss, loading")
            }

            // A specific exception written at Information or below is an expected condition the message states
            // ('catch (SocketException e) { log.Info(endpoint + " " + e.Message); }' for a peer that went away).
            if (specific && level == LogLevelKind.Low && (use & ExceptionUse.Whole) == 0)
            {
                return false; // (the exception itself bound to a format argument of the call is the rule's own shape: reported)
            }

            // Debug or Trace with the exception's message ('LogDebug($"lock {id} not acquired - {ex.Message}")'): the level
            // says the author expects this failure as routine (contention, optional data, a relay that ended). The whole
            // exception bound to an argument at that level is still reported.
            if (level == LogLevelKind.Low && (use & ExceptionUse.Whole) == 0 && logging.IsBelowInformation(invocation))
            {
                return false;
            }

            // 'catch (HttpRequestException e) { Log.Warn("GET {0} failed: {1}", uri, e.Message); }': the framework's HTTP
            // failure caught by type, its message in the line (status, or the socket / DNS / TLS error with the host):
            // the expected remote failure is named whole. Only the type name, or the exception bound to a template
            // argument, is still reported.
            if (frameworkTransport && (use & ExceptionUse.Message) != 0 && (use & ExceptionUse.Whole) == 0)
            {
                return false;
            }

            // Message and stack trace in the text: only the type name and inner exceptions are missing.
            if ((use & ExceptionUse.StackTrace) != 0)
            {
                return false;
            }

            // Type and message in a warning ("went linkdead (SendTCP, " + e.GetType() + ": " + e.Message + ")"): an
            // expected condition named in full; only the stack is missing.
            if (level < LogLevelKind.Error && (use & (ExceptionUse.Message | ExceptionUse.TypeName)) == (ExceptionUse.Message | ExceptionUse.TypeName))
            {
                return false;
            }

            // The exception written whole into the text of a structured logger ($"failed: {ex}", "failed: " + ex,
            // ex.ToString()): type, message and stack are in the log, only the exception object is missing for the
            // sinks. Audit level (REL126). Bound to a template argument instead ('LogError("failed: {Error}", ex)')
            // it is this rule's own shape: the call meant the exception parameter.
            // A project's own logger is REL127 (audit): such facades log every best-effort cleanup and probe too.
            // REL103 (warning) keeps an error-level (or unknown-level) line in a catch-all, and the exception bound to a
            // template argument (the call meant the exception parameter); a line the author marked as expected (warning
            // level or below, or a catch of a specific type) is REL128 (audit): measured, see REL128's descriptor. So is a
            // line only Debug builds compile ('#if DEBUG'): it never ships.
            bool unexpected = (use & ExceptionUse.Whole) != 0 || (!specific && (level == LogLevelKind.Error || level == LogLevelKind.Unknown));
            DiagnosticDescriptor rule = wholeText ? REL126ExceptionLoggedAsTextRule.Rule
                : api == LogApi.Own ? REL127OwnLoggerDropsExceptionRule.Rule
                : unexpected && !followsWarned && !SyntaxHelpers.IsInDebugOnlyRegion(invocation.Syntax) ? Rule : REL128HandledFailureLogWithoutExceptionRule.Rule;
            context.ReportDiagnostic(Diagnostic.Create(rule, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
            return rule == Rule;
        }

        /// <summary>
        /// 'catch (Exception openEx) { _logger.LogWarning(openEx, "..., trying ReadOnly"); try { Open(ReadOnly); } catch {
        /// _logger.LogError("could not open at all"); } }': the fallback attempt of a catch that has already logged the first
        /// failure with its exception object. The cause is in the log one line earlier; the line that closes the fallback
        /// is listed at audit level (REL128) like a second line after a warned one (phase 21, a mail archiver; earlier
        /// phases judged the same shape defensible in a game server and a tunnel).
        /// </summary>
        private static bool IsFallbackAfterLoggedFailure(CatchClauseSyntax catchClause, LoggingApis logging, SemanticModel? model, System.Threading.CancellationToken cancellationToken)
        {
            // The fallback's own catch names no exception (a named one that is then dropped is this rule's defect), and the
            // first failure was logged at Warning or above by a logger this rule knows.
            if (model is null || catchClause.Declaration?.Identifier.ValueText is { Length: > 0 }
                || !(catchClause.Parent is TryStatementSyntax fallback) || !(fallback.Parent is BlockSyntax block)
                || !(block.Parent is CatchClauseSyntax { Declaration.Identifier: var outer }) || outer.ValueText.Length == 0)
            {
                return false;
            }

            foreach (StatementSyntax statement in block.Statements)
            {
                if (statement == fallback)
                {
                    return false;
                }

                if (statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax call }
                    && call.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax name && name.Identifier.ValueText == outer.ValueText)
                    && model.GetOperation(call, cancellationToken) is IInvocationOperation log
                    && logging.Classify(log) != LogApi.None
                    && logging.Level(log) is LogLevelKind.Warning or LogLevelKind.Error)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Catches where the exception's message is the whole cause and its stack adds nothing, judged on what the try
        /// does (measured on real code, see docs/rules/REL103.md):
        /// - a read-only network lookup with a fallback: the try fetches with an <c>HttpClient</c> GET or resolves a host
        ///   name (<c>System.Net.Dns</c>), and sends, posts or writes nothing the caller relies on (no other HTTP verb, no
        ///   save / insert / commit / file write): the message says which host, status or socket error it was;
        /// - a configuration read or parse with a default, logged below Error: the try only reads configuration, parses
        ///   primitives, or calls Try-methods and null/whitespace checks; nothing in it does I/O.
        /// </summary>
        private static bool IsMessageTheWholeCause(ICatchClauseOperation catchOperation, KnownTypes types, LoggingApis logging, IInvocationOperation logCall,
            ConcurrentDictionary<IMethodSymbol, bool> guardedCallees, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (!(catchOperation.Parent is ITryOperation tryOperation) || tryOperation.Body is null)
            {
                return false;
            }

            bool lookup = false;
            bool onlyReads = true;
            bool anyRead = false;
            foreach (IOperation operation in tryOperation.Body.Descendants())
            {
                IMethodSymbol? method;
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        method = invocation.TargetMethod;
                        if (IsHttpOrDns(method, out bool readOnly))
                        {
                            if (!readOnly)
                            {
                                return false; // a POST, PUT, DELETE or SendAsync: the remote side may have changed
                            }

                            lookup = true;
                            onlyReads = false;
                            continue;
                        }

                        if ((EmptyCatches.IsConsequentialWork(method, invocation, types) || IsWriteShaped(method))
                            && !guardedCallees.GetOrAdd(method, m => GuardsOwnWrites(m, compilation, cancellationToken)))
                        {
                            return false; // a save, write, commit or enqueue: its failure is not a network message
                        }

                        if (IsNonThrowingRead(method))
                        {
                            anyRead = true;
                        }
                        else
                        {
                            onlyReads = false;
                        }

                        break;
                    case IPropertyReferenceOperation property when IsConfiguration(property.Property.ContainingType):
                        anyRead = true;
                        break;
                    case IObjectCreationOperation _:
                    case IAwaitOperation _:
                    case IDynamicInvocationOperation _:
                    case IDynamicMemberReferenceOperation _:
                    case IDynamicIndexerAccessOperation _:
                    case IDynamicObjectCreationOperation _:
                    case IThrowOperation _:
                        onlyReads = false;
                        break;
                }
            }

            if (lookup)
            {
                return true;
            }

            return onlyReads && anyRead && logging.Level(logCall) != LogLevelKind.Error && logging.Level(logCall) != LogLevelKind.Unknown;
        }

        /// <summary>
        /// A method of this compilation (or, for an interface member, its one implementation here) whose writes all sit in
        /// a try with a catch-all that does not rethrow: it handles its own write failures, so none of them reaches the
        /// caller's catch (<c>SaveTranslation</c> that catches, logs and returns a failed result). One level, syntax only.
        /// </summary>
        private static bool GuardsOwnWrites(IMethodSymbol method, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            IMethodSymbol? target = method;
            if (method.ContainingType?.TypeKind == TypeKind.Interface)
            {
                target = null;
                foreach (ISymbol candidate in compilation.GetSymbolsWithName(method.Name, SymbolFilter.Member, cancellationToken))
                {
                    if (candidate is IMethodSymbol implementation && implementation.ContainingType != null
                        && SymbolEqualityComparer.Default.Equals(implementation.ContainingType.FindImplementationForInterfaceMember(method), implementation))
                    {
                        if (target != null)
                        {
                            return false; // several implementations: cannot tell which runs
                        }

                        target = implementation;
                    }
                }
            }

            if (target is null || target.IsAbstract || target.IsVirtual || target.DeclaringSyntaxReferences.Length != 1
                || !(target.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration)
                || declaration.Body is null)
            {
                return false;
            }

            bool anyWrite = false;
            foreach (SyntaxNode node in declaration.Body.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n)))
            {
                if (!(node is InvocationExpressionSyntax call))
                {
                    continue;
                }

                string name = call.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    GenericNameSyntax generic => generic.Identifier.ValueText,
                    _ => string.Empty,
                };

                if (!IsWriteName(name))
                {
                    continue;
                }

                anyWrite = true;
                if (!IsInsideHandlingTry(call, declaration.Body))
                {
                    return false;
                }
            }

            return anyWrite;
        }

        private static bool IsWriteName(string name)
        {
            foreach (string verb in WriteVerbs)
            {
                if (name.StartsWith(verb, System.StringComparison.Ordinal) && (name.Length == verb.Length || !char.IsLower(name[verb.Length])))
                {
                    return true;
                }
            }

            return name.StartsWith("Copy", System.StringComparison.Ordinal) || name.StartsWith("Move", System.StringComparison.Ordinal)
                || name.StartsWith("Append", System.StringComparison.Ordinal);
        }

        /// <summary>Inside the body of a try (not its catch or finally) that has a catch-all whose block throws nothing.</summary>
        private static bool IsInsideHandlingTry(SyntaxNode node, SyntaxNode body)
        {
            for (SyntaxNode? current = node; current != null && current != body; current = current.Parent)
            {
                if (current.Parent is TryStatementSyntax tryStatement && current == tryStatement.Block)
                {
                    foreach (CatchClauseSyntax catchClause in tryStatement.Catches)
                    {
                        bool catchAll = catchClause.Declaration is null
                            || catchClause.Declaration.Type is IdentifierNameSyntax { Identifier.ValueText: "Exception" }
                            || catchClause.Declaration.Type.ToString() == "System.Exception";
                        if (catchAll && catchClause.Filter is null && !Rethrows(catchClause.Block))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        // Verbs of a project's own or a third-party method that changes state (a repository's UpdateRecord, a notifier's
        // SendAlert): with one in the try, the failure may be that change's, whose stack matters.
        private static readonly string[] WriteVerbs =
        {
            "Save", "Persist", "Store", "Insert", "Upsert", "Update", "Delete", "Remove", "Add", "Create", "Commit", "Migrate",
            "Enqueue", "Publish", "Send", "Post", "Put", "Patch", "Write", "Import", "Apply", "Execute", "Process", "Charge", "Refund",
        };

        private static bool IsWriteShaped(IMethodSymbol method)
        {
            string ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns.StartsWith("System", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft", System.StringComparison.Ordinal))
            {
                return false; // framework writes (files, ADO.NET) are IsConsequentialWork's; the rest are in-memory
            }

            string owner = method.ContainingType?.Name ?? string.Empty;
            if (owner.IndexOf("Log", System.StringComparison.Ordinal) >= 0 || owner.IndexOf("Trace", System.StringComparison.Ordinal) >= 0
                || owner.IndexOf("Telemetry", System.StringComparison.Ordinal) >= 0 || owner.IndexOf("Metric", System.StringComparison.Ordinal) >= 0)
            {
                return false; // a log line or a metric written along the way is not the work
            }

            string name = method.Name;
            foreach (string verb in WriteVerbs)
            {
                if (name.StartsWith(verb, System.StringComparison.Ordinal)
                    && (name.Length == verb.Length || !char.IsLower(name[verb.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>An <c>HttpClient</c> request (GET-family reads are read-only) or a <c>System.Net.Dns</c> resolution (read-only).</summary>
        private static bool IsHttpOrDns(IMethodSymbol method, out bool readOnly)
        {
            readOnly = false;
            INamedTypeSymbol? containing = method.ContainingType;
            if (containing is null || containing.ContainingNamespace is null)
            {
                return false;
            }

            string ns = containing.ContainingNamespace.ToDisplayString();
            if (ns == "System.Net" && containing.Name == "Dns")
            {
                readOnly = true;
                return true;
            }

            bool httpClient = (ns == "System.Net.Http" && (containing.Name == "HttpClient" || containing.Name == "HttpMessageInvoker"))
                || (ns == "System.Net.Http.Json" && containing.Name == "HttpClientJsonExtensions");
            if (!httpClient)
            {
                return false;
            }

            if (method.MethodKind != MethodKind.Ordinary || method.Name == "CancelPendingRequests" || method.Name == "Dispose")
            {
                return false; // not a request
            }

            readOnly = method.Name.StartsWith("Get", System.StringComparison.Ordinal);
            return true;
        }

        /// <summary>A read that cannot fail for an infrastructure reason: configuration, a primitive parse, a Try-method, a null check.</summary>
        private static bool IsNonThrowingRead(IMethodSymbol method)
        {
            INamedTypeSymbol? containing = method.ContainingType;
            if (containing is null)
            {
                return false;
            }

            if (IsConfiguration(containing))
            {
                return true;
            }

            if (method.Name.StartsWith("Try", System.StringComparison.Ordinal) && method.ReturnType.SpecialType == SpecialType.System_Boolean)
            {
                return true;
            }

            bool systemType = containing.SpecialType != SpecialType.None
                || (containing.ContainingNamespace?.ToDisplayString() == "System" && (containing.Name == "Guid" || containing.Name == "TimeSpan"
                    || containing.Name == "DateTimeOffset" || containing.Name == "Enum" || containing.Name == "Convert"));
            return systemType && method.IsStatic
                && (method.Name == "Parse" || method.Name == "IsNullOrEmpty" || method.Name == "IsNullOrWhiteSpace"
                    || (containing.Name == "Convert" && method.Name.StartsWith("To", System.StringComparison.Ordinal)));
        }

        /// <summary>Microsoft.Extensions.Configuration: IConfiguration and its sections, and the binder / accessor extensions.</summary>
        private static bool IsConfiguration(INamedTypeSymbol? type) =>
            type?.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Configuration";

        /// <summary>
        /// The log call sits in a branch taken only for one exception type (<c>if (ex is TimeoutException)</c>, a type case of
        /// a switch on the caught exception): like a catch of that specific type, an expected case whose message says it.
        /// </summary>
        private static bool IsInTypeBranch(IOperation logCall, ILocalSymbol caughtLocal, IOperation handler, KnownTypes types)
        {
            IOperation child = logCall;
            for (IOperation? parent = logCall.Parent; parent != null && parent != handler; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation conditional && conditional.WhenTrue == child && TestsType(conditional.Condition, caughtLocal, types))
                {
                    return true;
                }

                if (parent is ISwitchCaseOperation switchCase && switchCase.Parent is ISwitchOperation switchOperation
                    && IsCaught(switchOperation.Value, caughtLocal))
                {
                    foreach (ICaseClauseOperation clause in switchCase.Clauses)
                    {
                        if (clause is IPatternCaseClauseOperation patternClause && IsTypePattern(patternClause.Pattern, types))
                        {
                            return true;
                        }
                    }
                }

                if (parent is ISwitchExpressionArmOperation arm && arm.Parent is ISwitchExpressionOperation switchExpression
                    && IsCaught(switchExpression.Value, caughtLocal) && IsTypePattern(arm.Pattern, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'var m = ex.Message.ToLowerInvariant(); if (m.Contains("cross-device")) { Log.Warning("hardlink failed, copying"); }':
        /// the log call sits in a branch taken only when the caught exception's message matches a known text (Contains,
        /// StartsWith, EndsWith, Equals, IndexOf, IsMatch on the message or on a local made from it): a recognised,
        /// expected failure, like a branch on its type.
        /// </summary>
        private static bool IsInMessageBranch(IOperation logCall, ILocalSymbol caughtLocal, IOperation handler)
        {
            IOperation child = logCall;
            for (IOperation? parent = logCall.Parent; parent != null && parent != handler; child = parent, parent = parent.Parent)
            {
                if (parent is IConditionalOperation conditional && conditional.WhenTrue == child && TestsMessage(conditional.Condition, caughtLocal, handler))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TestsMessage(IOperation condition, ILocalSymbol caughtLocal, IOperation handler)
        {
            foreach (IOperation operation in condition.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "Contains" or "StartsWith" or "EndsWith" or "Equals" or "IndexOf" or "IsMatch" } test
                    && (DerivesFromMessage(test.Instance, caughtLocal, handler) || test.Arguments.Any(a => DerivesFromMessage(a.Value, caughtLocal, handler))))
                {
                    return true;
                }
            }

            return false;
        }

        // ex.Message (also through ToLower / Trim calls), or a local of the catch initialised from it.
        private static bool DerivesFromMessage(IOperation? value, ILocalSymbol caughtLocal, IOperation handler)
        {
            for (IOperation? current = value is null ? null : Operations.Unwrap(value); current != null;)
            {
                switch (current)
                {
                    case IPropertyReferenceOperation { Property.Name: "Message", Instance: { } instance } when IsCaught(instance, caughtLocal):
                        return true;
                    case IInvocationOperation { Instance: { } receiver } call when call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String:
                        current = Operations.Unwrap(receiver);
                        continue;
                    case ILocalReferenceOperation local when !SymbolEqualityComparer.Default.Equals(local.Local, caughtLocal):
                        foreach (IOperation declared in handler.Descendants())
                        {
                            if (declared is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                                && declarator.Initializer?.Value is { } initial)
                            {
                                return DerivesFromMessage(initial, caughtLocal, handler);
                            }
                        }

                        return false;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool TestsType(IOperation condition, ILocalSymbol caughtLocal, KnownTypes types)
        {
            switch (condition)
            {
                case IIsTypeOperation isType:
                    return !isType.IsNegated && IsCaught(isType.ValueOperand, caughtLocal) && IsExpectedCase(isType.TypeOperand, types);
                case IIsPatternOperation isPattern:
                    return IsCaught(isPattern.Value, caughtLocal) && IsTypePattern(isPattern.Pattern, types);
                case IBinaryOperation binary when binary.OperatorKind == BinaryOperatorKind.ConditionalAnd:
                    return TestsType(binary.LeftOperand, caughtLocal, types) || TestsType(binary.RightOperand, caughtLocal, types);
                default:
                    return false;
            }
        }

        private static bool IsTypePattern(IPatternOperation pattern, KnownTypes types) => pattern switch
        {
            ITypePatternOperation typePattern => IsExpectedCase(typePattern.MatchedType, types),
            IDeclarationPatternOperation declaration => !declaration.MatchesNull && IsExpectedCase(declaration.MatchedType, types),
            IRecursivePatternOperation recursive => IsExpectedCase(recursive.MatchedType, types),
            IBinaryPatternOperation binaryPattern => binaryPattern.OperatorKind == BinaryOperatorKind.Or
                && IsTypePattern(binaryPattern.LeftPattern, types) && IsTypePattern(binaryPattern.RightPattern, types),
            _ => false,
        };

        /// <summary>
        /// The same judgment as for a catch of that type: a specific exception is an expected case; a catch-all type, a
        /// broad infrastructure exception (DbException, HttpRequestException, IOException, ...) or the project's own
        /// transport exception is not, and a message-only log of it is still reported.
        /// </summary>
        private static bool IsExpectedCase(ITypeSymbol? tested, KnownTypes types) =>
            tested != null && tested.TypeKind != TypeKind.Error
            && !REL102LogAndContinueAnalyzer.IsCatchAll(tested, types) && !REL102LogAndContinueAnalyzer.IsBroad(tested, types)
            && !IsOwnTransportException(tested, types);

        private enum StatementRecord
        {
            None,

            /// <summary>Passed to an exception parameter, or written whole into a log4net text: nothing else in the catch loses anything.</summary>
            Whole,

            /// <summary>Written whole into the text of a structured logger (REL126's shape): notes beside it lose nothing.</summary>
            WholeAsText,
        }

        /// <summary>
        /// What the top-level statements of the catch block (they always run) record of the caught exception: passed to an
        /// exception parameter or, on log4net, written whole into the text (<see cref="StatementRecord.Whole"/>); written
        /// whole into a structured logger's text (<see cref="StatementRecord.WholeAsText"/>); or nothing.
        /// </summary>
        private static StatementRecord RecordedWholeByAStatement(ICatchClauseOperation catchOperation, LoggingApis logging)
        {
            ILocalSymbol? caught = Operations.CaughtLocal(catchOperation);
            if (caught is null)
            {
                return StatementRecord.None;
            }

            StatementRecord record = StatementRecord.None;
            foreach (IOperation statement in catchOperation.Handler.Operations)
            {
                if (!(statement is IExpressionStatementOperation { Operation: IInvocationOperation call }))
                {
                    continue;
                }

                LogApi api = logging.Classify(call);
                if (api == LogApi.None || api == LogApi.Console)
                {
                    continue;
                }

                if (PassesCaughtToExceptionParameter(call, caught, logging))
                {
                    return StatementRecord.Whole;
                }

                if (RendersWhole(call, caught))
                {
                    if (api == LogApi.Log4Net)
                    {
                        return StatementRecord.Whole;
                    }

                    record = StatementRecord.WholeAsText;
                }
            }

            return record;
        }

        /// <summary>
        /// Another statement of the block holding the log call (a branch of the catch, which runs with it) passes the
        /// caught exception to a logger's exception parameter.
        /// </summary>
        private static bool RecordedBesideInBlock(IInvocationOperation logCall, ICatchClauseOperation catchOperation, LoggingApis logging)
        {
            ILocalSymbol? caught = Operations.CaughtLocal(catchOperation);
            if (caught is null || !(logCall.Parent is IExpressionStatementOperation statement) || !(statement.Parent is IBlockOperation block)
                || block == catchOperation.Handler)
            {
                return false; // the handler's own top-level statements are RecordedWholeByAStatement's
            }

            foreach (IOperation sibling in block.Operations)
            {
                if (sibling != statement && sibling is IExpressionStatementOperation { Operation: IInvocationOperation call }
                    && logging.Classify(call) is var api && api != LogApi.None && api != LogApi.Console
                    && PassesCaughtToExceptionParameter(call, caught, logging))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The caught exception itself goes to the log call's exception parameter (not a format argument beside another one).</summary>
        private static bool PassesCaughtToExceptionParameter(IInvocationOperation call, ILocalSymbol caught, LoggingApis logging)
        {
            foreach (IArgumentOperation argument in call.Arguments)
            {
                if (IsCaught(argument.Value, caught) && argument.Parameter is { } parameter && logging.IsExceptionParameter(parameter))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The caught exception itself (not only its Message) ends up in the text of this call: as the message object,
        /// as a format argument whose index the constant parts of the format string place ("{0}"), concatenated or
        /// interpolated whole, or through ToString().
        /// </summary>
        private static bool RendersWhole(IInvocationOperation call, ILocalSymbol caught)
        {
            string? format = null;
            foreach (IArgumentOperation argument in call.Arguments)
            {
                IParameterSymbol? parameter = argument.Parameter;
                if (parameter is null)
                {
                    continue;
                }

                if (parameter.Name == "format" && parameter.Type.SpecialType == SpecialType.System_String)
                {
                    if (TextRendersWhole(argument.Value, caught))
                    {
                        return true; // FatalFormat("reading {0} failed\n" + e.ToString(), url): the text carries it whole
                    }

                    format = ConstantParts(argument.Value);
                    continue;
                }

                // ErrorFormat(format, e) / ErrorFormat(format, params object[] { a, e }): placed by "{i}".
                // LogError("failed: {Exception}", ex.ToString()): a template argument that is already the whole text
                // (ToString, concatenation, interpolation) was written as text on purpose, like ex.ToString() as the message.
                if (parameter.IsParams && argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                {
                    for (int i = 0; i < initializer.ElementValues.Length; i++)
                    {
                        if ((IsCaught(initializer.ElementValues[i], caught) && format != null && Places(format, i))
                            || TextRendersWhole(initializer.ElementValues[i], caught))
                        {
                            return true;
                        }
                    }

                    continue;
                }

                if (parameter.Ordinal > 0 && format != null && IsCaught(argument.Value, caught) && parameter.Type.SpecialType == SpecialType.System_Object
                    && FormatArgumentIndex(parameter) is int index && Places(format, index))
                {
                    return true; // ErrorFormat(string format, object arg0, object arg1)
                }

                if (parameter.Name == "message" && IsCaught(argument.Value, caught))
                {
                    return true; // Error(object message) with the exception as the message object
                }

                if (TextRendersWhole(argument.Value, caught) || BuiltEarlierWithWholeText(argument.Value, caught, call))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>"failed: " + e, $"failed: {e}", e.ToString(), string.Format("...{1}", a, e): the text carries the exception whole.</summary>
        private static bool TextRendersWhole(IOperation value, ILocalSymbol caught)
        {
            foreach (IOperation part in value.DescendantsAndSelf())
            {
                if (part is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, caught))
                {
                    IOperation up = reference;
                    while (up.Parent is IConversionOperation)
                    {
                        up = up.Parent;
                    }

                    if (up.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } || up.Parent is IInterpolationOperation
                        || (up.Parent is IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0 })
                        || PlacedByStringFormat(up))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// 'result.Message = "Migration failed: " + ex; logger.LogError(Format(result.Message));': the text was built by an
        /// earlier assignment in the same catch (to a local, field or property) that carries the exception whole.
        /// </summary>
        private static bool BuiltEarlierWithWholeText(IOperation value, ILocalSymbol caught, IInvocationOperation call)
        {
            IOperation? handler = call.Parent;
            while (handler != null && !(handler.Parent is ICatchClauseOperation))
            {
                handler = handler.Parent;
            }

            if (handler is null)
            {
                return false;
            }

            foreach (IOperation part in value.DescendantsAndSelf())
            {
                ISymbol? text = TextHolder(part);
                if (text is null || SymbolEqualityComparer.Default.Equals(text, caught))
                {
                    continue;
                }

                foreach (IOperation earlier in handler.Descendants())
                {
                    if (earlier.Syntax.SpanStart >= call.Syntax.SpanStart)
                    {
                        continue;
                    }

                    IOperation? assigned = earlier switch
                    {
                        ISimpleAssignmentOperation assignment when SymbolEqualityComparer.Default.Equals(TextHolder(assignment.Target), text) => assignment.Value,
                        IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, text) => declarator.Initializer?.Value,
                        _ => null,
                    };
                    // A composed message ("Migration failed: " + ex, $"... {ex}"), not the bare 'var text = ex.ToString()' that
                    // then becomes the whole message template (judged a defect on real code: braces in it break formatting).
                    if (assigned != null && !(Operations.Unwrap(assigned) is IInvocationOperation { TargetMethod.Name: "ToString" })
                        && TextRendersWhole(assigned, caught))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static ISymbol? TextHolder(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property when property.Arguments.IsEmpty => property.Property,
            _ => null,
        };

        /// <summary>The value is an argument of string.Format whose format string places it ("{1}").</summary>
        private static bool PlacedByStringFormat(IOperation value)
        {
            IOperation current = value;
            int index = -1;
            if (current.Parent is IArrayInitializerOperation initializer && initializer.Parent is IArrayCreationOperation array)
            {
                index = initializer.ElementValues.IndexOf(current);
                current = array;
                while (current.Parent is IConversionOperation)
                {
                    current = current.Parent;
                }
            }

            if (!(current.Parent is IArgumentOperation { Parameter: { } parameter } argument)
                || !(argument.Parent is IInvocationOperation { TargetMethod: { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } } format))
            {
                return false;
            }

            if (index < 0)
            {
                if (!(FormatArgumentIndex(parameter) is int named))
                {
                    return false;
                }

                index = named;
            }

            foreach (IArgumentOperation other in format.Arguments)
            {
                if (other.Parameter?.Name == "format")
                {
                    string? text = ConstantParts(other.Value);
                    return text != null && Places(text, index);
                }
            }

            return false;
        }

        /// <summary>The index of a format overload's 'object arg0' / 'arg1' ... parameter, or null.</summary>
        private static int? FormatArgumentIndex(IParameterSymbol parameter) =>
            parameter.Name.StartsWith("arg", System.StringComparison.Ordinal)
            && int.TryParse(parameter.Name.Substring(3), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
                ? index : null;

        private static string? ConstantParts(IOperation value)
        {
            var text = new System.Text.StringBuilder();
            foreach (IOperation part in value.DescendantsAndSelf())
            {
                if (part is ILiteralOperation && part.ConstantValue is { HasValue: true, Value: string literal })
                {
                    text.Append(literal).Append('\n');
                }
            }

            return text.ToString();
        }

        private static bool Places(string format, int index)
        {
            string hole = "{" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (int at = format.IndexOf(hole, System.StringComparison.Ordinal); at >= 0; at = format.IndexOf(hole, at + 1, System.StringComparison.Ordinal))
            {
                int next = at + hole.Length;
                if (next < format.Length && (format[next] == '}' || format[next] == ':' || format[next] == ','))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCaught(IOperation value, ILocalSymbol caughtLocal)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, caughtLocal);
        }

        /// <summary>
        /// 'catch (Exception ex) { result.Message = ex.Message; result.StackTrace = ex.StackTrace; log.LogError(ex.Message); }':
        /// the catch stores the exception itself, its stack trace or its whole text in a field or property (a result the
        /// caller reads, an error slot), so the stack travels on to the caller like a rethrow; the log line is a note.
        /// </summary>
        private static bool HandsOnTheStack(ICatchClauseOperation catchOperation, ILocalSymbol? caughtLocal)
        {
            if (caughtLocal is null)
            {
                return false;
            }

            foreach (IOperation operation in Operations.InSameFunction(catchOperation.Handler))
            {
                if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation } assignment
                    && CarriesTheStack(Operations.UnwrapOrNull(assignment.Value), caughtLocal))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool CarriesTheStack(IOperation? value, ILocalSymbol caughtLocal) => value switch
        {
            ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, caughtLocal),
            IPropertyReferenceOperation { Property.Name: "StackTrace", Instance: ILocalReferenceOperation local } =>
                SymbolEqualityComparer.Default.Equals(local.Local, caughtLocal),
            IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: ILocalReferenceOperation local } =>
                SymbolEqualityComparer.Default.Equals(local.Local, caughtLocal),
            _ => false,
        };

        private static bool Rethrows(BlockSyntax block)
        {
            foreach (Microsoft.CodeAnalysis.SyntaxNode node in block.DescendantNodes(n => !SyntaxHelpers.IsFunctionBoundary(n)))
            {
                if (node is ThrowStatementSyntax || node is ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        // Framework namespaces whose members only compute in memory: a failure there is the one the call names
        // (a duplicate key, a bad format string, an overflow), and its stack is the framework's, not the project's.
        private static readonly string[] InMemoryNamespaces = { "System", "System.Collections.Generic", "System.Collections", "System.Collections.Concurrent", "System.Linq", "System.Text", "System.Globalization" };

        /// <summary>
        /// The try only calls framework members that compute in memory (collections, strings, parsing, math), with at least
        /// one call: 'try { sorted.Add(key, member); } catch { log.Error("duplicate key " + key); }'. Nothing of the
        /// project's own code or of a library runs there, so the message is the whole cause.
        /// </summary>
        private static bool TryDoesOnlyInMemoryFrameworkWork(ICatchClauseOperation catchOperation)
        {
            if (!(catchOperation.Parent is ITryOperation tryOperation) || tryOperation.Body is null)
            {
                return false;
            }

            bool anyCall = false;
            foreach (IOperation operation in tryOperation.Body.Descendants())
            {
                IMethodSymbol? method = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IPropertyReferenceOperation property => property.Property.GetMethod ?? property.Property.SetMethod,
                    IAnonymousFunctionOperation _ => null,
                    IAwaitOperation _ => null,
                    _ => null,
                };
                if (operation is IAnonymousFunctionOperation || operation is IAwaitOperation || operation is IDynamicInvocationOperation
                    || operation is IDelegateCreationOperation)
                {
                    return false;
                }

                if (method is null)
                {
                    continue;
                }

                if (method.ContainingAssembly is null || !method.DeclaringSyntaxReferences.IsEmpty || method.MethodKind == MethodKind.DelegateInvoke
                    || !(IsInMemoryNamespace(method.ContainingType?.ContainingNamespace) || IsInMemoryJson(method))
                    || method.ContainingType!.Name == "Activator" || method.ContainingType.Name == "Lazy" || method.ContainingType.Name == "Console")
                {
                    return false; // a delegate, Activator.CreateInstance or a Lazy factory runs the project's code; Console is I/O
                }

                if (!(operation is IPropertyReferenceOperation))
                {
                    anyCall = true;
                }
            }

            return anyCall;
        }

        /// <summary>System.Text.Json over a string, span or buffer (JsonDocument.Parse(text)); not its Stream overloads, which read I/O.</summary>
        private static bool IsInMemoryJson(IMethodSymbol method)
        {
            string ns = method.ContainingType?.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if ((ns != "System.Text.Json" && ns != "System.Text.Json.Nodes")
                || !(method.ContainingType!.Name is "JsonDocument" or "JsonElement" or "JsonNode" or "JsonObject" or "JsonArray" or "JsonValue" or "JsonProperty" or "Utf8JsonReader"))
            {
                return false; // JsonSerializer runs the project's converters and constructors; writers may wrap a stream
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                for (ITypeSymbol? type = parameter.Type; type != null; type = type.BaseType)
                {
                    if (type.Name == "Stream" || type.Name == "PipeReader" || type.Name == "Utf8JsonWriter")
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private static bool IsInMemoryNamespace(INamespaceSymbol? ns)
        {
            if (ns is null)
            {
                return false;
            }

            string name = ns.ToDisplayString();
            foreach (string allowed in InMemoryNamespaces)
            {
                if (name == allowed)
                {
                    return true;
                }
            }

            return false;
        }

        [System.Flags]
        private enum ExceptionUse
        {
            None = 0,

            /// <summary>The exception itself is an operand (a format argument, a concatenation), not only a member's receiver.</summary>
            Whole = 1,
            Message = 2,
            StackTrace = 4,

            /// <summary>ex.GetType(): the type name is in the text.</summary>
            TypeName = 8,

            /// <summary>Any mention at all (ex.ToString(), ex.InnerException, ...).</summary>
            Mentioned = 16,
        }

        /// <summary>How a log call uses the caught exception, in one walk of its operations.</summary>
        private static ExceptionUse UsesOf(IOperation call, ILocalSymbol local)
        {
            ExceptionUse use = ExceptionUse.None;
            foreach (IOperation descendant in call.Descendants())
            {
                if (!(descendant is ILocalReferenceOperation reference) || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                use |= ExceptionUse.Mentioned | reference.Parent switch
                {
                    IPropertyReferenceOperation { Property.Name: "Message" } p when p.Instance == reference => ExceptionUse.Message,
                    IPropertyReferenceOperation { Property.Name: "StackTrace" } p when p.Instance == reference => ExceptionUse.StackTrace,
                    IMemberReferenceOperation m when m.Instance == reference => ExceptionUse.None,
                    IInvocationOperation { TargetMethod.Name: "GetType" } i when i.Instance == reference => ExceptionUse.TypeName,
                    IInvocationOperation i when i.Instance == reference => ExceptionUse.None,
                    _ => ExceptionUse.Whole,
                };
            }

            return use;
        }

        private static bool References(IOperation operation, ILocalSymbol local)
        {
            foreach (IOperation descendant in operation.Descendants())
            {
                if (descendant is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
