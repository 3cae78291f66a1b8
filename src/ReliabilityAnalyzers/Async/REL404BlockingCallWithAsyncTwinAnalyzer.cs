using System;
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
    /// REL404: a blocking call with a true async twin (decided by <see cref="AsyncTwinMatcher"/>) inside an async method,
    /// async lambda or async local function; REL408 (audit level, <see cref="REL408BlockingCallInStartupCodeRule"/>) when it runs
    /// once per process; and REL407 (audit level, descriptor in <see cref="REL407BlockingLocalFileIoRule"/>):
    /// the same finding when the call is local file-system or archive I/O (decided by <see cref="LocalFileIo"/>); and
    /// REL409 (audit level, <see cref="REL409BlockingCallOfUnknownApiRule"/>) when the call is a referenced API not known to
    /// do I/O or wait (decided by <see cref="KnownBlockingApis"/>).
    /// One analyzer supports the four IDs, so each blocking call is classified once and reported with exactly one of them;
    /// the driver applies each ID's configured severity to its own findings, and skips the analyzer when all are off.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL404BlockingCallWithAsyncTwinAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Extra methods or types never reported: <c>M:Namespace.Type.Method</c> or <c>T:Namespace.Type</c>, comma-separated.</summary>
        public const string ExcludedMethodsOption = "excluded_methods";

        public const string TwinProperty = "Twin";
        public const string ShapeProperty = "Shape";
        public const string TokenRequiredProperty = "TokenRequired";
        public const string ParameterCountProperty = "ParameterCount";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.BlockingCallWithAsyncTwin,
            title: "Blocking call with an async twin inside async code",
            messageFormat: "'{0}' blocks the thread on I/O or a wait inside async code, and '{1}' does the same work without blocking. " +
                           "Every blocked continuation holds a thread-pool thread, and under load the service stops answering. " +
                           "Await '{1}' instead, passing the cancellation token in scope.",
            description: "A synchronous call that has a true asynchronous counterpart (same type, base type or EF Core's queryable " +
                         "extensions; same parameters, optionally plus a CancellationToken or Memory in place of array/offset/count; " +
                         "awaitable; not obsolete) inside async code. In-memory streams and readers, EF Core Add/AddRange, " +
                         "test asserts, Dispose, CancellationTokenSource.Cancel and the sync branch of an 'async' flag are not reported.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, REL407BlockingLocalFileIoRule.Rule, REL408BlockingCallInStartupCodeRule.Rule, REL409BlockingCallOfUnknownApiRule.Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            Register(context, Rule, REL407BlockingLocalFileIoRule.Rule, REL408BlockingCallInStartupCodeRule.Rule, REL409BlockingCallOfUnknownApiRule.Rule);
        }

        /// <summary>
        /// The analysis: a finding on local file or archive I/O is reported with <paramref name="localFileRule"/>, one in
        /// code that runs once per process with <paramref name="startupRule"/>, a call of a referenced API not known to
        /// block with <paramref name="unknownApiRule"/>, any other with <paramref name="twinRule"/>;
        /// a null descriptor drops those findings (single-ID views in tests).
        /// </summary>
        internal static void Register(AnalysisContext context, DiagnosticDescriptor? twinRule, DiagnosticDescriptor? localFileRule, DiagnosticDescriptor? startupRule, DiagnosticDescriptor? unknownApiRule)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                AsyncTwinMatcher? matcher = AsyncTwinMatcher.For(types);
                if (matcher is null)
                {
                    return;
                }

                var inMemory = new InMemoryTypes(
                    types.Get("System.IO.MemoryStream"),
                    types.Get("System.IO.UnmanagedMemoryStream"),
                    types.Get("System.IO.StringReader"),
                    types.Get("System.IO.StringWriter"),
                    types.Get("System.Console"),
                    types.Get("System.Linq.IQueryable`1"),
                    types.Get("System.Net.Http.HttpClient"),
                    types.Get("System.Net.Http.HttpContent"),
                    types.Get("System.IO.Stream"),
                    types.Get("System.IO.TextWriter"),
                    types.Get("System.Net.Sockets.NetworkStream"));
                var fileIo = new LocalFileIo(types);
                KnownBlockingApis knownBlocking = KnownBlockingApis.For(start.Compilation);
                var rules = new Rules(twinRule, localFileRule, startupRule, unknownApiRule);
                start.RegisterOperationAction(c => Analyze(c, matcher, inMemory, fileIo, knownBlocking, rules), OperationKind.Invocation);
            });
        }

        private sealed class Rules
        {
            public Rules(DiagnosticDescriptor? twin, DiagnosticDescriptor? localFile, DiagnosticDescriptor? startup, DiagnosticDescriptor? unknownApi)
            {
                Twin = twin;
                LocalFile = localFile;
                Startup = startup;
                UnknownApi = unknownApi;
            }

            public DiagnosticDescriptor? Twin { get; }

            public DiagnosticDescriptor? LocalFile { get; }

            public DiagnosticDescriptor? Startup { get; }

            public DiagnosticDescriptor? UnknownApi { get; }
        }

        private sealed class InMemoryTypes
        {
            public InMemoryTypes(INamedTypeSymbol? memoryStream, INamedTypeSymbol? unmanagedMemoryStream, INamedTypeSymbol? stringReader, INamedTypeSymbol? stringWriter, INamedTypeSymbol? console, INamedTypeSymbol? queryable, INamedTypeSymbol? httpClient, INamedTypeSymbol? httpContent, INamedTypeSymbol? stream, INamedTypeSymbol? textWriter, INamedTypeSymbol? networkStream)
            {
                Stream = stream;
                TextWriter = textWriter;
                NetworkStream = networkStream;
                HttpClient = httpClient;
                HttpContent = httpContent;
                MemoryStream = memoryStream;
                UnmanagedMemoryStream = unmanagedMemoryStream;
                StringReader = stringReader;
                StringWriter = stringWriter;
                Console = console;
                Queryable = queryable;
            }

            public INamedTypeSymbol? MemoryStream { get; }

            public INamedTypeSymbol? UnmanagedMemoryStream { get; }

            public INamedTypeSymbol? StringReader { get; }

            public INamedTypeSymbol? StringWriter { get; }

            public INamedTypeSymbol? Console { get; }

            public INamedTypeSymbol? Queryable { get; }

            public INamedTypeSymbol? HttpClient { get; }

            public INamedTypeSymbol? HttpContent { get; }

            public INamedTypeSymbol? Stream { get; }

            public INamedTypeSymbol? TextWriter { get; }

            public INamedTypeSymbol? NetworkStream { get; }

            /// <summary>
            /// 'writer.Write(...)' on a TextWriter the caller hands in (a template engine's render callback, a
            /// 'Render(TextWriter writer)' member): where it writes, and whether that blocks, is the caller's choice, and
            /// writers buffer. On real code none of these was a blocked thread; they are REL409 (audit), not REL404.
            /// Also a field or property typed as the abstract TextWriter whose every assignment in its type hands in a writer
            /// from elsewhere (a parameter, Console.Out / Console.Error, TextWriter.Null) or that its type never assigns
            /// (an interface or abstract property: '_context.Streams.Error.WriteLine(...)' through an abstraction of the
            /// standard streams; phase 22, a command-line tool's 21 stderr warnings, none real). A field its type sets to a
            /// writer it opens ('new StreamWriter(client.GetStream())', 'File.AppendText(path)') stays REL404.
            /// </summary>
            public bool IsWriterHandedIn(IOperation? receiver, IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
            {
                if (TextWriter is null || receiver is null || !SymbolEqualityComparer.Default.Equals(receiver.Type, TextWriter)
                    || !method.Name.StartsWith("Write", StringComparison.Ordinal))
                {
                    return false;
                }

                ISymbol? member = receiver switch
                {
                    IFieldReferenceOperation field => field.Field,
                    IPropertyReferenceOperation { Property: { Parameters.Length: 0 } property } => property,
                    _ => null,
                };

                return receiver is IParameterReferenceOperation
                    || (member != null && _handedInMembers.GetOrAdd(member.OriginalDefinition, m => OnlyHandedInWriters(m, cancellationToken)));
            }

            private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool> _handedInMembers =
                new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

            /// <summary>Every initializer or assignment of the member, in its type's declarations, is a writer from elsewhere.</summary>
            private static bool OnlyHandedInWriters(ISymbol member, System.Threading.CancellationToken cancellationToken)
            {
                if (member.ContainingType is null)
                {
                    return false;
                }

                foreach (SyntaxReference reference in member.ContainingType.DeclaringSyntaxReferences)
                {
                    foreach (SyntaxNode node in reference.GetSyntax(cancellationToken).DescendantNodes())
                    {
                        ExpressionSyntax? value = node switch
                        {
                            VariableDeclaratorSyntax declarator when declarator.Identifier.ValueText == member.Name => declarator.Initializer?.Value,
                            PropertyDeclarationSyntax declaration when declaration.Identifier.ValueText == member.Name
                                => declaration.Initializer?.Value ?? declaration.ExpressionBody?.Expression,
                            AssignmentExpressionSyntax assignment when NameOf(assignment.Left) == member.Name => assignment.Right,
                            _ => null,
                        };

                        if (value != null && !IsWriterFromElsewhere(value))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }

            /// <summary>A parameter of the function that assigns it (a constructor's 'TextWriter log'), by name.</summary>
            private static bool IsParameterOfEnclosingFunction(IdentifierNameSyntax name)
            {
                for (SyntaxNode? current = name.Parent; current != null; current = current.Parent)
                {
                    ParameterListSyntax? parameters = current switch
                    {
                        BaseMethodDeclarationSyntax method => method.ParameterList,
                        LocalFunctionStatementSyntax local => local.ParameterList,
                        ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList,
                        TypeDeclarationSyntax type => type.ParameterList, // a primary constructor's parameter
                        _ => null,
                    };

                    if (parameters != null && parameters.Parameters.Any(p => p.Identifier.ValueText == name.Identifier.ValueText))
                    {
                        return true;
                    }

                    if (current is TypeDeclarationSyntax)
                    {
                        return false;
                    }
                }

                return false;
            }

            /// <summary>A parameter ('_log = log'), 'x ?? throw ...' of one, Console.Out / Console.Error, TextWriter.Null.</summary>
            private static bool IsWriterFromElsewhere(ExpressionSyntax value)
            {
                value = AsyncContext.Unparenthesize(value);
                if (value is BinaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression } coalesce
                    && coalesce.Right is ThrowExpressionSyntax)
                {
                    value = AsyncContext.Unparenthesize(coalesce.Left);
                }

                return value switch
                {
                    IdentifierNameSyntax name => IsParameterOfEnclosingFunction(name),
                    MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Console" or "TextWriter" },
                        Name.Identifier.ValueText: "Out" or "Error" or "Null" } => true,
                    _ => false,
                };
            }

            public bool IsInMemory(ITypeSymbol? type) =>
                type.InheritsFromOrEquals(MemoryStream) || type.InheritsFromOrEquals(UnmanagedMemoryStream)
                || type.InheritsFromOrEquals(StringReader) || type.InheritsFromOrEquals(StringWriter) || KnownBlockingApis.IsNamedMemoryStream(type);
        }

        private static void Analyze(OperationAnalysisContext context, AsyncTwinMatcher matcher, InMemoryTypes inMemory, LocalFileIo fileIo, KnownBlockingApis knownBlocking, Rules rules)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;

            // Cheap filters first: only async code, and never a method that is itself awaitable.
            SyntaxNode site = invocation.Syntax;
            if (!AsyncContext.IsInAsyncFunction(site, out SyntaxNode? function) || function is null
                || method.ReturnsByRef || matcher.IsAwaitable(method.ReturnType))
            {
                return;
            }

            AsyncTwin? twin = matcher.Find(method);
            if (twin is null || IsInDeferredQueryClause(site, function))
            {
                return;
            }

            if (AsyncContext.IsUnderAsyncFlag(site, function) || AsyncContext.HasAsyncFlagParameter(context.ContainingSymbol as IMethodSymbol)
                || TwinAwaitedInOtherBranch(site, function, twin.Method.Name))
            {
                return;
            }

            IOperation? receiver = ThroughConditionalAccess(Operations.UnwrapOrNull(invocation.Instance));
            if (twin.NeedsQueryableReceiver)
            {
                receiver = invocation.Arguments.Length > 0 ? Operations.UnwrapOrNull(invocation.Arguments[0].Value) : null;
                if (receiver is null || !IsEfQuery(receiver, inMemory.Queryable, matcher.DbSet))
                {
                    return;
                }
            }

            if (receiver != null && (inMemory.IsInMemory(receiver.Type) || IsConsoleWriter(receiver, inMemory.Console) || WrapsInMemory(receiver, inMemory)
                || IsManifestResource(receiver)))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (inMemory.IsInMemory(Operations.UnwrapOrNull(argument.Value)?.Type))
                {
                    return; // JsonSerializer.Serialize(memoryStream, ...), stream.CopyTo(memoryStream)
                }
            }

            if (ParsesTextInMemory(method))
            {
                return; // parser.ParseDocument(html): the text is already in memory, the twin does the same CPU work
            }

            // SemaphoreSlim.Wait(0) and friends: a non-blocking probe.
            if (method.Parameters.Length > 0 && invocation.Arguments.Length > 0 && IsZero(invocation.Arguments[0].Value)
                && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32 && method.Parameters[0].Name.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return;
            }

            if (receiver != null && RunsBaseDefault(receiver.Type, method, twin.Method))
            {
                return;
            }

            if (method.Name == "Wait" && IsFirstWaitOnFreshSemaphore(receiver, site, function))
            {
                return;
            }

            if (method.Name == "Flush" && IsFlushWithNothingToFlush(receiver, inMemory, context.CancellationToken))
            {
                return;
            }

            if (IsRecursion(context.ContainingSymbol, twin.Method, receiver) || !IsAccessible(context, twin.Method))
            {
                return;
            }

            if (IsExcludedByOption(context, method))
            {
                return;
            }

            // Last, only for a finding otherwise decided: evidence from the rest of the function or the callee's body.
            if (TwinAwaitedWithSameArguments(site, function, twin.Method.Name)
                || IsFlushAfterEarlierExitWait(site, function, method)
                || IsAccessorOfAwaitedConnection(site, function, method)
                || IsMemoryOnlyLocal(receiver, inMemory, context.CancellationToken)
                || IsMemoryOnlyParameter(receiver, method, inMemory, context.Compilation, context.CancellationToken)
                || IsBufferedResponseStream(receiver, function, inMemory, context.CancellationToken))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation? value = Operations.UnwrapOrNull(argument.Value);
                if (IsMemoryOnlyLocal(value, inMemory, context.CancellationToken) || IsBufferedResponseStream(value, function, inMemory, context.CancellationToken))
                {
                    return;
                }
            }

            // 'table.GetAll(filter)' on an iterator of this compilation: the call only creates the enumerator, and the twin
            // would load every page at once (phase 23, a monitoring app's table paging; the iterator's own blocking is REL410).
            if (SyntaxHelpers.IsLazySourceIterator(method, context.Compilation, context.CancellationToken))
            {
                return;
            }

            SourceSyncBodies.Work? sourceWork = SourceSyncBodies.For(context.Compilation)?.Classify(method, context.CancellationToken);
            if (sourceWork == SourceSyncBodies.Work.InMemory)
            {
                return; // a source method whose body only does in-memory work and waits: REL406/REL405 business, not a twin to await
            }

            if (BlockedOnlyMethods.For(context.Compilation).IsOnlyRunSynchronously(function, context.Operation.SemanticModel, context.CancellationToken))
            {
                return; // every caller blocks on this method: awaiting inside it frees no thread (REL401/REL402 report the callers)
            }

            // One classification per call: local file or archive I/O is REL407 (audit), code that runs once per process
            // (entry point, seeding, migration) REL408 (audit), a referenced API not known to do I/O or wait, or a source
            // method whose body reaches only such calls, REL409 (audit: an async twin alone is no evidence of blocking),
            // anything else REL404.
            DiagnosticDescriptor? rule = fileIo.IsLocalFileIo(invocation) || fileIo.IsEfCallOnSqlite(invocation, twin.NeedsQueryableReceiver) ? rules.LocalFile
                : StartupCode.IsOncePerProcess(function, context.ContainingSymbol, context.Compilation, context.CancellationToken)
                    || StartupCode.RunsOnDedicatedThread(function, invocation.Syntax, context.Operation.SemanticModel!, context.Compilation, context.CancellationToken) ? rules.Startup
                : sourceWork == SourceSyncBodies.Work.Unknown || inMemory.IsWriterHandedIn(receiver, method, context.CancellationToken)
                    || (!twin.NeedsQueryableReceiver && !knownBlocking.IsKnownBlocking(invocation, receiver?.Type)) ? rules.UnknownApi
                : rules.Twin;
            if (rule is null)
            {
                return;
            }

            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(TwinProperty, twin.Method.Name)
                .Add(ShapeProperty, twin.Shape.ToString())
                .Add(TokenRequiredProperty, twin.TokenRequired ? "true" : "false")
                .Add(ParameterCountProperty, twin.Method.Parameters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Location location = site is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
                ? Location.Create(site.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(access.Name.SpanStart, site.Span.End))
                : site.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(rule, location, properties, method.Name, twin.Method.Name));
        }

        /// <summary>
        /// 'if (options.PreferSync) data = s.Serialize(e); else data = await s.SerializeAsync(e, token);': the other
        /// branch of the same if/else (or conditional expression) awaits the twin, so the sync path is a deliberate,
        /// user-chosen one (syntax only: the twin's name under an await in the sibling branch).
        /// </summary>
        private static bool TwinAwaitedInOtherBranch(SyntaxNode site, SyntaxNode function, string twinName)
        {
            SyntaxNode child = site;
            for (SyntaxNode? current = site.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                SyntaxNode? other = current switch
                {
                    IfStatementSyntax { Else: { } elseClause } choice when child == choice.Statement => elseClause.Statement,
                    ElseClauseSyntax { Parent: IfStatementSyntax choice } when child == ((ElseClauseSyntax)current).Statement => choice.Statement,
                    ConditionalExpressionSyntax conditional when child == conditional.WhenTrue => conditional.WhenFalse,
                    ConditionalExpressionSyntax conditional when child == conditional.WhenFalse => conditional.WhenTrue,
                    _ => null,
                };

                if (other != null && AwaitsCallNamed(other, twinName))
                {
                    return true;
                }

                if (current is StatementSyntax && !(current is BlockSyntax || current is IfStatementSyntax || current is ExpressionStatementSyntax
                    || current is LocalDeclarationStatementSyntax || current is ReturnStatementSyntax))
                {
                    return false; // a loop, try or using between the call and the choice: not the same decision
                }
            }

            return false;
        }

        /// <summary>
        /// 'parser.ParseDocument(html)' (AngleSharp's HtmlParser and the like): a Parse method whose input is text already in
        /// memory (its first parameter a string or chars, not named like a location: url, uri, path, file, address) reads
        /// nothing; its async twin parses the same string.
        /// </summary>
        private static bool ParsesTextInMemory(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Parse", StringComparison.Ordinal) || method.Parameters.Length == 0)
            {
                return false;
            }

            IParameterSymbol input = method.IsExtensionMethod && method.ReducedFrom is null && method.Parameters.Length > 1 ? method.Parameters[1] : method.Parameters[0];
            bool text = input.Type.SpecialType == SpecialType.System_String
                || input.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char }
                || (input.Type is INamedTypeSymbol { Name: "ReadOnlySpan" or "ReadOnlyMemory", TypeArguments.Length: 1 } span && span.TypeArguments[0].SpecialType == SpecialType.System_Char);
            string name = input.Name.ToLowerInvariant();
            return text && name.IndexOf("url", StringComparison.Ordinal) < 0 && name.IndexOf("uri", StringComparison.Ordinal) < 0
                && name.IndexOf("path", StringComparison.Ordinal) < 0 && name.IndexOf("file", StringComparison.Ordinal) < 0
                && name.IndexOf("address", StringComparison.Ordinal) < 0;
        }

        /// <summary>
        /// 'if (await Task.Run(() => p.WaitForExit(timeout))) p.WaitForExit();' or 'await p.WaitForExitAsync(t); p.WaitForExit();':
        /// the parameterless wait after an earlier wait on the same process (equal receiver syntax, also inside a lambda of
        /// this function) is the documented idiom that lets the redirected-output events finish; the process has already
        /// exited (or was killed), so it does not hold a thread for the child's run.
        /// </summary>
        private static bool IsFlushAfterEarlierExitWait(SyntaxNode site, SyntaxNode function, IMethodSymbol method)
        {
            if (method.Name != "WaitForExit" || method.Parameters.Length != 0 || method.ContainingType?.Name != "Process"
                || method.ContainingType.ContainingNamespace?.ToDisplayString() != "System.Diagnostics"
                || !(site is InvocationExpressionSyntax call) || !SplitCall(call, out ExpressionSyntax? receiver, out _) || receiver is null)
            {
                return false;
            }

            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (node.SpanStart >= site.SpanStart)
                {
                    break; // document order: only waits written before this one
                }

                if (node is InvocationExpressionSyntax earlier && SplitCall(earlier, out ExpressionSyntax? earlierReceiver, out string? name)
                    && ((name == "WaitForExit" && earlier.ArgumentList.Arguments.Count > 0) || name == "WaitForExitAsync")
                    && earlierReceiver != null && Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(receiver, earlierReceiver))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// 'await instance.BeforeExecuteAsync(cmd); instance.BeforeExecute(cmd);': the function awaits the twin on the
        /// same receiver (equal syntax) with the same arguments, so both forms are
        /// called on purpose (a framework running both user hooks). Different arguments do not count.
        /// </summary>
        private static bool TwinAwaitedWithSameArguments(SyntaxNode site, SyntaxNode function, string twinName)
        {
            if (!(site is InvocationExpressionSyntax call) || !SplitCall(call, out ExpressionSyntax? receiver, out string? name) || name is null)
            {
                return false;
            }

            foreach (SyntaxNode node in FunctionNodes(function))
            {
                if (!(node is AwaitExpressionSyntax awaited)
                    || !(BlockingWait.StripConfigureAwait(awaited.Expression) is InvocationExpressionSyntax twinCall)
                    || !SplitCall(twinCall, out ExpressionSyntax? twinReceiver, out string? calledName) || calledName != twinName)
                {
                    continue;
                }

                if (receiver is null ? twinReceiver != null : twinReceiver is null || !Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(receiver, twinReceiver))
                {
                    continue;
                }

                SeparatedSyntaxList<ArgumentSyntax> mine = call.ArgumentList.Arguments, theirs = twinCall.ArgumentList.Arguments;
                if (theirs.Count != mine.Count)
                {
                    continue;
                }

                bool same = true;
                for (int i = 0; i < mine.Count && same; i++)
                {
                    same = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.AreEquivalent(mine[i], theirs[i]);
                }

                if (same)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// '_connection = await EstablishConnectionAsync(...); _client = _connection.GetClient&lt;JobClient&gt;();': a generic
        /// accessor with no arguments (GetClient&lt;T&gt;(), GetService&lt;T&gt;()) on an object that this function obtained from an
        /// await, or whose connect it awaited, before the call. The awaited step did the network work (measured on a CI
        /// runner's vendor SDK, where the accessor's async twin completes from the location cache once connected).
        /// </summary>
        private static bool IsAccessorOfAwaitedConnection(SyntaxNode site, SyntaxNode function, IMethodSymbol method)
        {
            if (!method.IsGenericMethod || method.Parameters.Length != 0 || !method.Name.StartsWith("Get", StringComparison.Ordinal)
                || !(site is InvocationExpressionSyntax call) || !SplitCall(call, out ExpressionSyntax? receiver, out _) || receiver is null
                || !(HolderName(receiver) is string holder))
            {
                return false;
            }

            foreach (SyntaxNode node in FunctionNodes(function))
            {
                if (node.SpanStart >= site.SpanStart)
                {
                    break;
                }

                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when assignment.Right is AwaitExpressionSyntax && HolderName(assignment.Left) == holder:
                    case VariableDeclaratorSyntax declarator when declarator.Initializer?.Value is AwaitExpressionSyntax && declarator.Identifier.ValueText == holder:
                        return true;
                    case AwaitExpressionSyntax awaited when BlockingWait.StripConfigureAwait(awaited.Expression) is InvocationExpressionSyntax connect
                        && SplitCall(connect, out ExpressionSyntax? connectReceiver, out string? connectName) && connectReceiver != null
                        && HolderName(connectReceiver) == holder && connectName != null
                        && (connectName.StartsWith("Connect", StringComparison.Ordinal) || connectName.StartsWith("Open", StringComparison.Ordinal)):
                        return true;
                }
            }

            return false;
        }

        private static string? HolderName(ExpressionSyntax expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } member => member.Name.Identifier.ValueText,
            _ => null,
        };

        private static bool SplitCall(InvocationExpressionSyntax call, out ExpressionSyntax? receiver, out string? name)
        {
            switch (call.Expression)
            {
                case MemberAccessExpressionSyntax access:
                    receiver = access.Expression;
                    name = access.Name.Identifier.ValueText;
                    return true;
                case SimpleNameSyntax simple:
                    receiver = null;
                    name = simple.Identifier.ValueText;
                    return true;
                default:
                    receiver = null;
                    name = null;
                    return false;
            }
        }

        /// <summary>The nodes of a function's own body (not those of nested lambdas and local functions).</summary>
        private static System.Collections.Generic.IEnumerable<SyntaxNode> FunctionNodes(SyntaxNode function) =>
            function.DescendantNodes(n => n == function || !(n is AnonymousFunctionExpressionSyntax || n is LocalFunctionStatementSyntax));

        /// <summary>
        /// 'networkStream.Flush()': documented to do nothing (a NetworkStream sends on Write). 'responseStream.Flush()' on the
        /// stream of a response being read ('var s = await response.Content.ReadAsStreamAsync()', 'GetResponseStream()',
        /// 'File.OpenRead(...)'): a read-only stream has nothing to flush.
        /// </summary>
        private static bool IsFlushWithNothingToFlush(IOperation? receiver, InMemoryTypes types, System.Threading.CancellationToken cancellationToken)
        {
            if (types.NetworkStream != null && SymbolEqualityComparer.Default.Equals(receiver?.Type, types.NetworkStream))
            {
                return true;
            }

            if (!(receiver is ILocalReferenceOperation reference) || reference.Local.DeclaringSyntaxReferences.Length != 1
                || !(reference.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }))
            {
                return false;
            }

            ExpressionSyntax value = AsyncContext.Unparenthesize(initializer.Value);
            if (value is AwaitExpressionSyntax awaited)
            {
                value = BlockingWait.StripConfigureAwait(awaited.Expression);
            }

            string? called = value is InvocationExpressionSyntax invocation ? SyntaxHelpers.CalledName(invocation) : null;
            return called != null && (called.StartsWith("ReadAsStream", StringComparison.Ordinal)
                || called.StartsWith("GetResponseStream", StringComparison.Ordinal) || called.StartsWith("OpenRead", StringComparison.Ordinal));
        }

        /// <summary>
        /// 'Stream s = null; ... s = new MemoryStream(); image.Save(s, ...)': a local whose initializer (if any, other than
        /// null) and every assignment in its scope create an in-memory stream, never passed by ref/out: in-memory.
        /// </summary>
        private static bool IsMemoryOnlyLocal(IOperation? operation, InMemoryTypes inMemory, System.Threading.CancellationToken cancellationToken)
        {
            if (!(operation is ILocalReferenceOperation reference) || operation.SemanticModel is null || inMemory.MemoryStream is null
                || reference.Local.DeclaringSyntaxReferences.Length != 1
                || !(reference.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax declarator)
                || declarator.SyntaxTree != operation.Syntax.SyntaxTree)
            {
                return false;
            }

            SemanticModel model = operation.SemanticModel;
            bool created = false;
            if (declarator.Initializer != null)
            {
                if (!IsNullOrMemoryCreation(declarator.Initializer.Value, model, inMemory, ref created, cancellationToken))
                {
                    return false;
                }
            }

            SyntaxNode? statement = declarator.Parent?.Parent;
            SyntaxNode? scope = statement is LocalDeclarationStatementSyntax ? statement.Parent : statement;
            if (scope is null)
            {
                return false;
            }

            string name = declarator.Identifier.ValueText;
            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (!(node is IdentifierNameSyntax identifier) || identifier.Identifier.ValueText != name)
                {
                    continue;
                }

                if (!SyntaxHelpers.IsWritten(identifier) || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, reference.Local))
                {
                    continue;
                }

                if (!(identifier.Parent is AssignmentExpressionSyntax write)
                    || !(write.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression) || write.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceAssignmentExpression))
                    || !IsNullOrMemoryCreation(write.Right, model, inMemory, ref created, cancellationToken))
                {
                    return false; // ref/out, deconstruction, or another value
                }
            }

            return created;
        }

        /// <summary>'content?.Write(buf, 0, n)': the receiver of a conditional access is the expression before the '?.'.</summary>
        private static IOperation? ThroughConditionalAccess(IOperation? receiver)
        {
            if (receiver is IConditionalAccessInstanceOperation)
            {
                for (IOperation? parent = receiver.Parent; parent != null; parent = parent.Parent)
                {
                    if (parent is IConditionalAccessOperation access)
                    {
                        return Operations.UnwrapOrNull(access.Operation);
                    }
                }
            }

            return receiver;
        }

        /// <summary>
        /// 'content.Write(input, ...)' on a stream parameter of a method whose every caller hands it an in-memory stream: a
        /// memory stream, a memory-only local, or a stream type of this compilation whose override of the called method
        /// does only in-memory work (a byte-counting stream). Phase 20, a MIME parser that copies parsed content into a
        /// memory-block stream; phase 23, a relay library's internal WebSocket helper whose one caller buffers a request body
        /// in a MemoryStream. The callers are listed by <see cref="MethodUses"/> (a private method's type, or the whole
        /// compilation for a method only this assembly can call); the parameter must not be assigned; a method used as a
        /// delegate has callers nobody can list.
        /// </summary>
        private static bool IsMemoryOnlyParameter(IOperation? receiver, IMethodSymbol called, InMemoryTypes inMemory, Compilation compilation,
            System.Threading.CancellationToken cancellationToken)
        {
            if (!(receiver is IParameterReferenceOperation { Parameter: { RefKind: RefKind.None, ContainingSymbol: IMethodSymbol owner } parameter })
                || receiver.SemanticModel is not SemanticModel model || owner.DeclaringSyntaxReferences.Length != 1
                || owner.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not { } declaration || declaration.SyntaxTree != model.SyntaxTree
                || !(MethodUses.For(compilation).Of(owner, declaration, model, cancellationToken) is { } uses)
                || SyntaxHelpers.IsVariableWrittenIn(declaration, parameter, model, cancellationToken))
            {
                return false;
            }

            int calls = 0;
            foreach (MethodUses.Use use in uses)
            {
                SimpleNameSyntax name = use.Name;
                SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (!(callee.Parent is InvocationExpressionSyntax call) || !(use.Model.GetOperation(call, cancellationToken) is IInvocationOperation invocation))
                {
                    return false; // a method group or nameof: callers elsewhere
                }

                IArgumentOperation? argument = invocation.Arguments.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.Parameter?.OriginalDefinition, parameter.OriginalDefinition));
                IOperation? value = Operations.UnwrapOrNull(argument?.Value);
                if (value is null || !(inMemory.IsInMemory(value.Type) || IsMemoryOnlyLocal(value, inMemory, cancellationToken)
                    || OverrideDoesOnlyMemoryWork(ExactType(value, cancellationToken), called, compilation, cancellationToken)))
                {
                    return false;
                }

                calls++;
            }

            return calls > 0;
        }

        /// <summary>
        /// The runtime type of a value known exactly: an object creation, or a local initialised with one and never
        /// assigned again ('using var measured = new MeasuringStream();'); null otherwise (a subclass could be behind it).
        /// </summary>
        private static ITypeSymbol? ExactType(IOperation value, System.Threading.CancellationToken cancellationToken)
        {
            if (value is IObjectCreationOperation creation)
            {
                return creation.Type;
            }

            return value is ILocalReferenceOperation local && Operations.InitializedDeclarator(local) is { Initializer.Value: BaseObjectCreationExpressionSyntax created } declarator
                && local.SemanticModel is { } model && !IsReassigned(declarator, local.Local, model)
                ? model.GetTypeInfo(created, cancellationToken).Type
                : null;
        }

        /// <summary>A stream type of this compilation whose override of the called method does only in-memory work.</summary>
        private static bool OverrideDoesOnlyMemoryWork(ITypeSymbol? type, IMethodSymbol called, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            for (ITypeSymbol? current = type; current != null && !current.DeclaringSyntaxReferences.IsEmpty; current = current.BaseType)
            {
                foreach (ISymbol member in current.GetMembers(called.Name))
                {
                    if (member is IMethodSymbol candidate && candidate.IsOverride && candidate.Parameters.Length == called.Parameters.Length
                        && candidate.Parameters.Select(p => p.Type).SequenceEqual(called.Parameters.Select(p => p.Type), SymbolEqualityComparer.Default))
                    {
                        return SourceSyncBodies.For(compilation)?.ClassifyExactOverride(candidate, cancellationToken) == SourceSyncBodies.Work.InMemory;
                    }
                }
            }

            return false;
        }

        private static bool IsNullOrMemoryCreation(ExpressionSyntax value, SemanticModel model, InMemoryTypes inMemory, ref bool created, System.Threading.CancellationToken cancellationToken)
        {
            value = AsyncContext.Unparenthesize(value);
            if (value.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression) || value.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.DefaultLiteralExpression))
            {
                return true;
            }

            // 'Stream? content = copyStream ? new MemoryBlockStream() : null;' (phase 20, a MIME library)
            if (value is ConditionalExpressionSyntax choice)
            {
                return IsNullOrMemoryCreation(choice.WhenTrue, model, inMemory, ref created, cancellationToken)
                    && IsNullOrMemoryCreation(choice.WhenFalse, model, inMemory, ref created, cancellationToken);
            }

            if (value is BaseObjectCreationExpressionSyntax && inMemory.IsInMemory(model.GetTypeInfo(value, cancellationToken).Type))
            {
                created = true;
                return true;
            }

            return false;
        }

        /// <summary>
        /// 'var response = await http.SendAsync(message); s = await response.Content.ReadAsStreamAsync(); new StreamReader(s).ReadToEnd()':
        /// every HttpClient send of this function buffers the whole body (no HttpCompletionOption.ResponseHeadersRead),
        /// so a stream (local, field or property, matched by symbol) assigned here only from HttpContent.ReadAsStream[Async],
        /// or a reader/stream created over it, is in memory.
        /// </summary>
        private static bool IsBufferedResponseStream(IOperation? operation, SyntaxNode function, InMemoryTypes inMemory, System.Threading.CancellationToken cancellationToken)
        {
            if (operation is null || inMemory.HttpClient is null || inMemory.HttpContent is null || operation.SemanticModel is null)
            {
                return false;
            }

            // A reader or stream created over the stream, inline or through a local initialised with it.
            IOperation? stream = operation;
            IOperation? created = operation;
            if (operation is ILocalReferenceOperation local && local.Local.DeclaringSyntaxReferences.Length == 1
                && local.Local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer }
                && initializer.SyntaxTree == operation.Syntax.SyntaxTree)
            {
                created = Operations.UnwrapOrNull(operation.SemanticModel.GetOperation(initializer.Value, cancellationToken));
            }

            if (created is IObjectCreationOperation creation && creation.Arguments.Length > 0)
            {
                stream = Operations.UnwrapOrNull(creation.Arguments[0].Value);
            }

            ISymbol? symbol = stream switch
            {
                ILocalReferenceOperation l => l.Local,
                IFieldReferenceOperation f => f.Field,
                IPropertyReferenceOperation p => p.Property,
                _ => null,
            };
            if (symbol is null || !stream!.Type.InheritsFromOrEquals(inMemory.Stream))
            {
                return false;
            }

            SemanticModel model = operation.SemanticModel;
            string name = symbol.Name;
            bool assigned = false, sent = false;
            foreach (SyntaxNode node in FunctionNodes(function))
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax { Left: var left } assignment when NameOf(left) == name:
                        if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(left, cancellationToken).Symbol, symbol))
                        {
                            if (!IsReadAsStream(assignment.Right, model, inMemory, cancellationToken))
                            {
                                return false; // also holds another stream here
                            }

                            assigned = true;
                        }

                        break;
                    case VariableDeclaratorSyntax { Initializer: { } init } declarator when declarator.Identifier.ValueText == name:
                        if (SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), symbol))
                        {
                            if (IsReadAsStream(init.Value, model, inMemory, cancellationToken))
                            {
                                assigned = true;
                            }
                            else if (!AsyncContext.Unparenthesize(init.Value).IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression))
                            {
                                return false;
                            }
                        }

                        break;
                    case InvocationExpressionSyntax call when IoApis.IsHttpSendName(NameOf(call.Expression)):
                        if (model.GetOperation(call, cancellationToken) is IInvocationOperation send
                            && send.TargetMethod.ContainingType.InheritsFromOrEquals(inMemory.HttpClient))
                        {
                            if (!IoApis.BuffersResponseContent(send))
                            {
                                return false; // ResponseHeadersRead, or an option not known here
                            }

                            sent = true;
                        }

                        break;
                }
            }

            return assigned && sent;
        }

        private static bool IsReadAsStream(ExpressionSyntax value, SemanticModel model, InMemoryTypes inMemory, System.Threading.CancellationToken cancellationToken)
        {
            value = AsyncContext.Unparenthesize(value);
            if (value is AwaitExpressionSyntax awaited)
            {
                value = BlockingWait.StripConfigureAwait(awaited.Expression);
            }

            string? name = value is InvocationExpressionSyntax call ? NameOf(call.Expression) : null;
            return (name == "ReadAsStreamAsync" || name == "ReadAsStream")
                && model.GetSymbolInfo(value, cancellationToken).Symbol is IMethodSymbol method
                && method.ContainingType.InheritsFromOrEquals(inMemory.HttpContent);
        }

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            _ => null,
        };

        private static bool AwaitsCallNamed(SyntaxNode branch, string name)
        {
            foreach (SyntaxNode node in branch.DescendantNodesAndSelf(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (node is AwaitExpressionSyntax awaited)
                {
                    foreach (SyntaxNode inner in awaited.Expression.DescendantNodesAndSelf())
                    {
                        if (inner is InvocationExpressionSyntax call
                            && (call.Expression is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText
                                : call.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText
                                : call.Expression is GenericNameSyntax generic ? generic.Identifier.ValueText : null) == name)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A writer or stream built over an in-memory buffer (new CryptoStream(memoryStream, ...), new Utf8JsonWriter(memoryStream),
        /// new GZipStream(memoryStream, ...)), inline or through a local initialised with it: no I/O either.
        /// </summary>
        private static bool WrapsInMemory(IOperation receiver, InMemoryTypes inMemory)
        {
            IOperation? created = receiver;
            if (receiver is ILocalReferenceOperation local && Operations.InitializedDeclarator(local) is { Initializer: { } initializer })
            {
                created = receiver.SemanticModel!.GetOperation(initializer.Value);
            }

            created = Operations.UnwrapOrNull(created);
            if (!(created is IObjectCreationOperation creation))
            {
                return false;
            }

            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (inMemory.IsInMemory(Operations.UnwrapOrNull(argument.Value)?.Type) || IsManifestResource(argument.Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The local is assigned again somewhere in its function after its declaration.</summary>
        private static bool IsReassigned(VariableDeclaratorSyntax declarator, ILocalSymbol local, SemanticModel model)
        {
            SyntaxNode? function = AsyncContext.EnclosingFunction(declarator);
            return function is null || SyntaxHelpers.IsVariableWrittenIn(function, local, model); // top-level code: do not guess
        }

        /// <summary>
        /// 'assembly.GetManifestResourceStream(name)', inline or through a local initialised with it: an embedded resource
        /// is mapped into memory with the assembly (an UnmanagedMemoryStream); reading it waits on nothing.
        /// </summary>
        private static bool IsManifestResource(IOperation? value)
        {
            value = Operations.UnwrapOrNull(value);
            if (value is ILocalReferenceOperation local)
            {
                // Only a local that keeps its initializer: 's = File.OpenRead(path)' later makes it a file.
                if (!(Operations.InitializedDeclarator(local) is { Initializer: { } initializer } declarator
                    && !IsReassigned(declarator, local.Local, value.SemanticModel!)))
                {
                    return false;
                }

                ExpressionSyntax initial = initializer.Value;
                while (initial is PostfixUnaryExpressionSyntax bang && bang.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression))
                {
                    initial = bang.Operand; // 'GetManifestResourceStream(name)!'
                }

                value = Operations.UnwrapOrNull(value.SemanticModel!.GetOperation(initial));
            }

            return value is IInvocationOperation { TargetMethod.Name: "GetManifestResourceStream" };
        }

        /// <summary>
        /// Inside a query expression's clauses (<c>where ... Any(...)</c>, <c>select new { N = set.Count(...) }</c>) a call
        /// is part of a deferred lambda or an expression tree translated to SQL: it does not run here. Only the first
        /// <c>from</c> source runs in place.
        /// </summary>
        private static bool IsInDeferredQueryClause(SyntaxNode site, SyntaxNode function)
        {
            SyntaxNode child = site;
            for (SyntaxNode? current = site.Parent; current != null && current != function; child = current, current = current.Parent)
            {
                if (current is QueryExpressionSyntax query)
                {
                    if (child != query.FromClause || query.FromClause.Expression.Span.Contains(site.Span) == false)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// ADO.NET-style base classes implement XAsync by calling X synchronously. When the receiver's type overrides X
        /// but inherits XAsync unchanged (e.g. a provider's transaction overriding Commit but not CommitAsync), awaiting
        /// the twin still blocks: not a true twin for this receiver.
        /// </summary>
        private static bool RunsBaseDefault(ITypeSymbol? receiverType, IMethodSymbol method, IMethodSymbol twin)
        {
            if (twin.IsStatic || !(twin.IsVirtual || twin.IsAbstract) || twin.ContainingType.TypeKind != TypeKind.Class)
            {
                return false;
            }

            bool syncOverridden = false;
            for (ITypeSymbol? type = receiverType; type != null && !SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, twin.ContainingType.OriginalDefinition); type = type.BaseType)
            {
                foreach (ISymbol member in type.GetMembers(twin.Name))
                {
                    if (member is IMethodSymbol m && m.IsOverride)
                    {
                        return false; // the async path is the provider's own
                    }
                }

                foreach (ISymbol member in type.GetMembers(method.Name))
                {
                    syncOverridden |= member is IMethodSymbol m && m.IsOverride && m.Parameters.Length == method.Parameters.Length;
                }
            }

            return syncOverridden;
        }


        /// <summary>
        /// 'var gate = new SemaphoreSlim(1); gate.Wait();': the first wait on a semaphore created right here with a free
        /// slot cannot block, since nothing else can hold it (phase 21, a database connector). Only when every use of the
        /// local in the function is a call on it (it does not escape) and no other wait on it comes first.
        /// </summary>
        private static bool IsFirstWaitOnFreshSemaphore(IOperation? receiver, SyntaxNode site, SyntaxNode function)
        {
            if (!(receiver is ILocalReferenceOperation local) || local.Local.Type is not INamedTypeSymbol { Name: "SemaphoreSlim" } type
                || type.ContainingNamespace?.ToDisplayString() != "System.Threading"
                || local.Local.DeclaringSyntaxReferences.Length != 1
                || !(local.Local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var created } declarator)
                || !function.Span.Contains(declarator.Span)
                || !(created is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments })
                || !(arguments[0].Expression is LiteralExpressionSyntax { Token.Value: int initial }) || initial < 1)
            {
                return false;
            }

            // In a loop that does not also create it, the wait runs again on the same semaphore.
            for (SyntaxNode? current = site.Parent; current != null && current != function; current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current) && !current.Span.Contains(declarator.Span))
                {
                    return false;
                }
            }

            string name = local.Local.Name;
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (!(node is IdentifierNameSyntax identifier) || identifier.Identifier.ValueText != name || identifier.SpanStart < declarator.Span.End)
                {
                    continue;
                }

                // Every later use is 'gate.X(...)'; a wait before this one may have taken the slot.
                if (!(identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier && access.Parent is InvocationExpressionSyntax)
                    || (identifier.SpanStart < site.SpanStart && access.Name.Identifier.ValueText.StartsWith("Wait", StringComparison.Ordinal)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsZero(IOperation value) =>
            value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == 0;

        /// <summary>Console.Out / Console.Error writers are synchronized: their async methods run synchronously anyway.</summary>
        private static bool IsConsoleWriter(IOperation receiver, INamedTypeSymbol? console) =>
            console != null && receiver is IPropertyReferenceOperation property && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, console);

        /// <summary>An EF Core query: rooted at a DbSet, or built with an EF Core operator somewhere in the chain.</summary>
        private static bool IsEfQuery(IOperation receiver, INamedTypeSymbol? queryable, INamedTypeSymbol? dbSet)
        {
            if (queryable is null || dbSet is null)
            {
                return false;
            }

            IOperation? current = receiver;
            for (int depth = 0; current != null && depth < 32; depth++)
            {
                if (current is ITranslatedQueryOperation translated)
                {
                    current = Operations.UnwrapOrNull(translated.Operation);
                    continue;
                }

                ITypeSymbol? type = current.Type;
                if (type is INamedTypeSymbol named && named.OriginalDefinition.InheritsFromOrEquals(dbSet))
                {
                    return true;
                }

                if (type != null && !type.IsOrImplements(queryable) && !(type is INamedTypeSymbol { IsGenericType: true } g && SymbolEqualityComparer.Default.Equals(g.OriginalDefinition, queryable)))
                {
                    return false;
                }

                if (current is IInvocationOperation call)
                {
                    IMethodSymbol target = call.TargetMethod.ReducedFrom ?? call.TargetMethod;
                    if (target.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true)
                    {
                        return true;
                    }

                    current = Operations.UnwrapOrNull(call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null));
                    continue;
                }

                return false;
            }

            return false;
        }

        private static bool IsRecursion(ISymbol containing, IMethodSymbol twin, IOperation? receiver)
        {
            if (!(containing is IMethodSymbol enclosing))
            {
                return false;
            }

            bool onThis = receiver is null || receiver is IInstanceReferenceOperation;
            for (IMethodSymbol? m = enclosing; m != null; m = m.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, twin.OriginalDefinition))
                {
                    return true;
                }
            }

            // ReadAsync implemented by calling this.Read (or the base's): suggesting ReadAsync would recurse.
            return onThis && enclosing.Name == twin.Name;
        }

        private static bool IsAccessible(OperationAnalysisContext context, IMethodSymbol twin)
        {
            ISymbol within = (ISymbol?)context.ContainingSymbol.ContainingType ?? context.Compilation.Assembly;
            return context.Compilation.IsSymbolAccessibleWithin(twin, within);
        }

        private static bool IsExcludedByOption(OperationAnalysisContext context, IMethodSymbol method)
        {
            ImmutableArray<string> excluded = RuleOptions.GetList(context.Options, context.Operation.Syntax.SyntaxTree, RuleIds.BlockingCallWithAsyncTwin, ExcludedMethodsOption);
            if (excluded.IsEmpty)
            {
                return false;
            }

            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            string? typeId = definition.ContainingType.GetDocumentationCommentId();
            string? methodId = definition.GetDocumentationCommentId();
            foreach (string entry in excluded)
            {
                if (entry == typeId || entry == methodId)
                {
                    return true;
                }

                // M:Namespace.Type.Method without a parameter list covers every overload.
                if (typeId != null && entry.StartsWith("M:", StringComparison.Ordinal) && entry.IndexOf('(') < 0
                    && entry.Length == typeId.Length + 1 + definition.Name.Length
                    && string.CompareOrdinal(entry, 2, typeId, 2, typeId.Length - 2) == 0
                    && entry[typeId.Length] == '.'
                    && string.CompareOrdinal(entry, typeId.Length + 1, definition.Name, 0, definition.Name.Length) == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
