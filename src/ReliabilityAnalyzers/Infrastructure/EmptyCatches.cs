using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>What REL101 (warning) and REL120 (audit) decide about one empty catch.</summary>
    internal enum EmptyCatchLevel
    {
        /// <summary>Not reported: not empty, filtered, teardown, an expected exception, a justified specific type.</summary>
        None,

        /// <summary>REL101: an empty catch around work the caller relies on (writes, persistence, migrations, enqueueing).</summary>
        Warning,

        /// <summary>REL120: any other empty catch-all; deliberate more often than not, still worth reading in an audit.</summary>
        Audit,
    }

    /// <summary>The verdict on an empty catch and the evidence behind it.</summary>
    internal readonly struct EmptyCatchVerdict
    {
        public EmptyCatchVerdict(EmptyCatchLevel level, bool catchAll, string caughtDisplay, string? evidence)
        {
            Level = level;
            CatchAll = catchAll;
            CaughtDisplay = caughtDisplay;
            Evidence = evidence;
        }

        public EmptyCatchLevel Level { get; }

        public bool CatchAll { get; }

        /// <summary>"every exception", "every Exception", "IOException".</summary>
        public string CaughtDisplay { get; }

        /// <summary>The call in the try that shows the swallowed work matters ("'SaveChanges'"), when there is one.</summary>
        public string? Evidence { get; }

        public static EmptyCatchVerdict NotReported => new EmptyCatchVerdict(EmptyCatchLevel.None, false, string.Empty, null);
    }

    /// <summary>Facts about a compilation that every empty catch in it shares; computed once per compilation.</summary>
    internal sealed class EmptyCatchCompilationFacts
    {
        private EmptyCatchCompilationFacts(KnownTypes types, bool isTestSupport)
        {
            Types = types;
            IsTestSupport = isTestSupport;
        }

        public KnownTypes Types { get; }

        /// <summary>A test project or a test-support library (fixtures, fakes): its swallowing never reaches production.</summary>
        public bool IsTestSupport { get; }

        public static EmptyCatchCompilationFacts For(Compilation compilation) => PerCompilation<EmptyCatchCompilationFacts>.Get(compilation, Create)!;

        public static EmptyCatchCompilationFacts Create(Compilation compilation) =>
            new EmptyCatchCompilationFacts(new KnownTypes(compilation), TestSupport.IsTestSupportCompilation(compilation));
    }

    /// <summary>
    /// The judgement behind REL101 and REL120, in one place so the two IDs never disagree: an empty catch-all is a
    /// warning only when the try does work whose loss the caller relies on (a write, a save, a migration, a job enqueued,
    /// a database command) and no deliberate shape applies; every other empty catch-all is audit-level.
    /// </summary>
    internal static class EmptyCatches
    {
        public const string TeardownMethodsOption = "teardown_methods";
        public const string ReportSpecificTypesOption = "report_specific_types";

        // The largest try block whose catch-all a reasoned comment can move to audit level.
        private const int MaxJustifiedStatements = 3;

        // A comment of at least this many words explains itself even without a marker word.
        private const int ReasonWordCount = 6;

        // Calls whose failure during cleanup is routinely and rightly ignored.
        private static readonly ImmutableHashSet<string> TeardownCalls = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Dispose", "DisposeAsync", "Close", "CloseAsync", "Shutdown", "ShutdownAsync", "Flush", "FlushAsync",
            "Cancel", "CancelAsync", "CancelAfter", "Abort", "Kill", "Stop", "StopAsync", "Delete", "DeleteAsync",
            "Release", "Unregister", "Unsubscribe", "Disconnect", "DisconnectAsync", "TrySetCanceled", "TrySetException",
            "TrySetResult", "Complete", "CompleteAsync", "Reset", "Join", "Remove", "Unlink", "Free",
            // Best-effort reporting: a logger that itself fails must not take the caller down.
            "Log", "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical");

        // Exceptions that mean "this capability is missing here": catching one specifically selects a fallback.
        private static readonly string[] CapabilityProbeExceptions =
        {
            "System.TypeLoadException", // DllNotFoundException, EntryPointNotFoundException
            "System.BadImageFormatException",
            "System.IO.FileLoadException",
            "System.NotSupportedException", // PlatformNotSupportedException
            "System.MissingMemberException", // MissingMethodException, MissingFieldException
            // Expected absence: "the file or folder is not there (any more)" is an answer, not a failure.
            "System.IO.FileNotFoundException",
            "System.IO.DirectoryNotFoundException",
        };

        // Members whose whole purpose is cleanup; an empty catch there is the expected idiom.
        private static readonly ImmutableHashSet<string> TeardownMembers = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Dispose", "DisposeAsync", "DisposeCore", "DisposeAsyncCore", "Finalize", "Close", "CloseAsync", "Shutdown",
            "ShutdownAsync", "StopAsync", "Cleanup", "CleanUp", "TearDown", "Teardown", "OnStopped", "OnStopping");

        // DeleteFile, DisposeCore, CloseConnection, KillProcessTree, ...: the verb decides.
        private static readonly string[] TeardownPrefixes =
        {
            "Dispose", "Close", "Delete", "Kill", "Stop", "Shutdown", "Cancel", "Abort", "Disconnect", "Unsubscribe", "Unregister",
        };

        // Verbs that put something where the caller will look for it later: a store, a file, a queue, a ledger.
        private static readonly ImmutableHashSet<string> ConsequenceVerbs = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Save", "Persist", "Store", "Insert", "Upsert", "Commit", "Migrate", "Enqueue", "Publish", "Charge", "Refund", "Write");

        // Words that make a consequence verb about diagnostics, caches or in-memory buffers, whose loss nobody relies on.
        private static readonly ImmutableHashSet<string> IncidentalWords = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Log", "Logs", "Logger", "Line", "Console", "Trace", "Debug", "Cache", "Cached", "Metric", "Metrics", "Telemetry",
            "Stats", "Statistics", "Diagnostic", "Diagnostics", "Breadcrumb", "Event"); // WriteEvent: EventSource tracing

        // Words in a comment that give a reason, not just a verdict.
        private static readonly string[] ReasonMarkers =
        {
            "because", "since", "as ", "so ", "so that", "expected", "best effort", "best-effort", "intentional", "deliberate",
            "on purpose", "may ", "might", "can ", "can't", "cannot", "could", "if ", "when ", "unless", "otherwise",
            "fallback", "fall back", "falls back", "default", "optional", "not supported", "unsupported", "retry", "retried",
            "next ", "harmless", "benign", "already", "not critical", "non-critical", "doesn't matter", "does not matter",
            "not needed", "not required", "older", "missing", "absent", "not available", "unavailable",
        };

        // A defect note is no reason, whatever else the comment says; a description of the loss is none only without an
        // explaining word ("the ledger write failure is swallowed" vs "best effort: the entry may be lost").
        private static readonly string[] ProblemMarkers = { "bug", "todo", "fixme", "hack", "xxx" };
        private static readonly string[] LossMarkers = { "swallowed", "lost " };

        // Test frameworks and test-double libraries: a compilation that references one is test code.
        public static EmptyCatchVerdict Classify(
            CatchClauseSyntax catchClause,
            SemanticModel model,
            AnalyzerOptions options,
            EmptyCatchCompilationFacts facts,
            CancellationToken cancellationToken)
        {
            BlockSyntax block = catchClause.Block;

            // Cheap syntactic filters first: only empty catches are candidates, unfiltered or with a filter that lets every
            // failure but cancellation (or a few named types) in: 'when (e is not OperationCanceledException)' is still a
            // catch-all (phase 25, a recall probe's evaluation loop).
            bool filtered = catchClause.Filter != null;
            if (block.Statements.Count != 0 || block.IsMissing || (filtered && !SyntaxHelpers.ExcludesOnlyFatalOrCancellation(catchClause.Filter!)))
            {
                return EmptyCatchVerdict.NotReported;
            }

            KnownTypes types = facts.Types;
            string caughtDisplay = "every exception";
            if (catchClause.Declaration is { } declaration)
            {
                ITypeSymbol? caught = model.GetTypeInfo(declaration.Type, cancellationToken).Type;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return EmptyCatchVerdict.NotReported; // incomplete code: say nothing rather than guess
                }

                bool catchAll = SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.Exception))
                    || SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.SystemException));
                if (!catchAll)
                {
                    if (filtered)
                    {
                        return EmptyCatchVerdict.NotReported;
                    }

                    return ClassifySpecific(catchClause, caught, model, options, facts, cancellationToken);
                }

                caughtDisplay = "every " + caught.Name;
            }

            if (IsBestEffortTeardown(catchClause, model, options, cancellationToken))
            {
                return EmptyCatchVerdict.NotReported;
            }

            var audit = new EmptyCatchVerdict(EmptyCatchLevel.Audit, true, caughtDisplay, null);
            if (facts.IsTestSupport)
            {
                return audit;
            }

            var tryStatement = (TryStatementSyntax)catchClause.Parent!;

            // A reasoned comment over a small, deliberate operation: the author considered this failure.
            if (tryStatement.Block.Statements.Count <= MaxJustifiedStatements && HasReasonComment(catchClause))
            {
                return audit;
            }

            if (IsDeliberateContext(catchClause, tryStatement, model, types, cancellationToken))
            {
                return audit;
            }

            IOperation? body = model.GetOperation(tryStatement.Block, cancellationToken);
            if (body is null)
            {
                return audit;
            }

            string? evidence = null;
            bool inLoop = IsDirectlyInLoop(tryStatement);
            foreach (IOperation operation in Operations.InSameFunction(body))
            {
                // A pump: input received or read in a loop and then dropped without a trace. The message is lost, and a
                // persistent failure spins the loop silently (the incident behind this rule: a WebSocket daemon).
                if (inLoop && evidence is null && operation is IAwaitOperation { Operation: var awaited }
                    && Operations.Unwrap(awaited) is IInvocationOperation received && ReceiveName(received) is { } receive)
                {
                    evidence = "'" + receive + "' in a loop";
                    continue;
                }

                if (!(operation is IInvocationOperation invocation))
                {
                    continue;
                }

                IMethodSymbol method = invocation.TargetMethod;

                // Isolation: a callback, event subscriber or delegate runs here; one bad subscriber must not stop the
                // loop or dispatcher around it, and a run-and-ignore helper exists to do exactly this.
                if (method.MethodKind == MethodKind.DelegateInvoke || IsReflectionInvoke(method))
                {
                    return audit;
                }

                // Sends explicitly flagged fire-and-forget: the author opted out of the result.
                if (HasFireAndForgetArgument(invocation))
                {
                    return audit;
                }

                if (evidence is null && IsConsequentialWork(method, invocation, types))
                {
                    if (IsErrorLogSink(catchClause, method))
                    {
                        return audit;
                    }

                    evidence = "'" + method.Name + "'";
                }
            }

            return evidence is null ? audit : new EmptyCatchVerdict(EmptyCatchLevel.Warning, true, caughtDisplay, evidence);
        }

        private static EmptyCatchVerdict ClassifySpecific(CatchClauseSyntax catchClause, ITypeSymbol caught, SemanticModel model, AnalyzerOptions options,
            EmptyCatchCompilationFacts facts, CancellationToken cancellationToken)
        {
            KnownTypes types = facts.Types;

            // Cancellation and disposal on shutdown paths are expected, not failures.
            if (caught.InheritsFromOrEquals(types.Get(KnownTypes.OperationCanceledException))
                || caught.InheritsFromOrEquals(types.Get(KnownTypes.ObjectDisposedException)))
            {
                return EmptyCatchVerdict.NotReported;
            }

            // Capability probes: "the native library / API is not available here" selects a fallback.
            foreach (string probe in CapabilityProbeExceptions)
            {
                if (caught.InheritsFromOrEquals(types.Get(probe)))
                {
                    return EmptyCatchVerdict.NotReported;
                }
            }

            // A specific type with a comment that gives a reason (inside the block or right above the catch) is allowed.
            if (HasReasonComment(catchClause))
            {
                return EmptyCatchVerdict.NotReported;
            }

            // Measured on real services, empty catches of one specific type were mostly deliberate (cache
            // misses, optional parsing, seek probes): 5 of 14 real. They are reported at warning only on request.
            if (RuleOptions.GetBool(options, catchClause.SyntaxTree, RuleIds.EmptyCatch, ReportSpecificTypesOption, defaultValue: false))
            {
                return new EmptyCatchVerdict(EmptyCatchLevel.Warning, false, caught.Name, null);
            }

            // Audit level: one specific failure swallowed around work the caller relies on (a save, a file write, a
            // commit): 'catch (DbUpdateConcurrencyException) { }' around SaveChanges loses a concurrent update without a
            // trace (phase 23, a recall probe found at no level). Deliberate shapes and teardown stay unreported.
            var tryStatement = (TryStatementSyntax)catchClause.Parent!;
            if (facts.IsTestSupport || IsBestEffortTeardown(catchClause, model, options, cancellationToken)
                || IsDeliberateContext(catchClause, tryStatement, model, types, cancellationToken)
                || !(model.GetOperation(tryStatement.Block, cancellationToken) is IOperation body))
            {
                return EmptyCatchVerdict.NotReported;
            }

            foreach (IOperation operation in Operations.InSameFunction(body))
            {
                if (operation is IInvocationOperation invocation && IsConsequentialWork(invocation.TargetMethod, invocation, types))
                {
                    return new EmptyCatchVerdict(EmptyCatchLevel.Audit, false, caught.Name, null);
                }
            }

            return EmptyCatchVerdict.NotReported;
        }

        /// <summary>
        /// Shapes where swallowing is the design, not an accident: enrichment while another failure is being handled,
        /// Try-style members (their result reports the failure), timer callbacks that run again on the next tick.
        /// </summary>
        private static bool IsDeliberateContext(CatchClauseSyntax catchClause, TryStatementSyntax tryStatement, SemanticModel model, KnownTypes types,
            CancellationToken cancellationToken)
        {
            // Inside another catch: best-effort enrichment of the error being reported (a message, a diagnostic).
            if (SyntaxHelpers.EnclosingCatch(tryStatement, out _) != null)
            {
                return true;
            }

            string? memberName = SyntaxHelpers.EnclosingMemberName(catchClause, out _);
            if (memberName != null && SyntaxHelpers.IsTryPatternName(memberName))
            {
                return true; // TryParse, TryGetAsync, TryLoad returning an object or null
            }

            // A logger's or log sink's own write: logging must never throw into the code it records, and there is nowhere
            // left to report its failure (phase 22, a server's ILogger that appends to its log file).
            if (catchClause.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } typeDeclaration
                && model.GetDeclaredSymbol(typeDeclaration, cancellationToken) is INamedTypeSymbol type && IsLogSink(type, types))
            {
                return true;
            }

            // The innermost function: a timer callback (void M(object state)), or a lambda given to a timer.
            for (SyntaxNode? current = tryStatement.Parent; current != null; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax lambda)
                {
                    return model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { TypeKind: TypeKind.Delegate } target
                        && IsTimerDelegate(target);
                }

                if (current is LocalFunctionStatementSyntax || current is BaseMethodDeclarationSyntax)
                {
                    return model.GetDeclaredSymbol(current, cancellationToken) is IMethodSymbol { ReturnsVoid: true, Parameters.Length: 1 } callback
                        && (callback.MethodKind == MethodKind.Ordinary || callback.MethodKind == MethodKind.LocalFunction)
                        && callback.Parameters[0].Type.SpecialType == SpecialType.System_Object;
                }

                if (SyntaxHelpers.IsFunctionBoundary(current))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>
        /// A logger or log sink: implements Microsoft.Extensions.Logging's ILogger / ILoggerProvider, Serilog's
        /// ILogEventSink or log4net's IAppender, or derives from NLog's Target.
        /// </summary>
        private static bool IsLogSink(INamedTypeSymbol type, KnownTypes types) =>
            type.IsOrImplements(types.Get(KnownTypes.ILogger))
            || type.IsOrImplements(types.Get("Microsoft.Extensions.Logging.ILoggerProvider"))
            || type.IsOrImplements(types.Get("Serilog.Core.ILogEventSink"))
            || type.IsOrImplements(types.Get("log4net.Appender.IAppender"))
            || type.InheritsFromOrEquals(types.Get("NLog.Targets.Target"));

        private static bool IsDirectlyInLoop(TryStatementSyntax tryStatement)
        {
            for (SyntaxNode? current = tryStatement.Parent; current != null && !SyntaxHelpers.IsFunctionBoundary(current); current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? ReceiveName(IInvocationOperation invocation)
        {
            // ReceiveAsync, ReadAsync, ReadLineAsync, ReadMessageAsync ... (ConfigureAwait unwrapped by the caller's shape)
            IInvocationOperation target = invocation;
            if (target.TargetMethod.Name == "ConfigureAwait" && Operations.UnwrapOrNull(target.Instance) is IInvocationOperation inner)
            {
                target = inner;
            }

            // A pump takes the next message; 'ReadAllTextAsync', 'ReadAsStringAsync', 'ReadToEndAsync' read one whole
            // document, and a loop of them visits candidates (files, URLs) where skipping an unreadable one is the design.
            string name = target.TargetMethod.Name;
            if (SyntaxHelpers.StartsWithWord(name, "ReadAll") || SyntaxHelpers.StartsWithWord(name, "ReadAs") || SyntaxHelpers.StartsWithWord(name, "ReadToEnd"))
            {
                return null;
            }

            string first = FirstWord(name);
            return first == "Receive" || first == "Read" ? name : null;
        }

        private static bool IsTimerDelegate(INamedTypeSymbol type) =>
            type.Name == "TimerCallback" || type.Name == "ElapsedEventHandler";

        private static bool IsReflectionInvoke(IMethodSymbol method) =>
            (method.Name == "Invoke" || method.Name == "DynamicInvoke")
            && method.ContainingType is { } containing
            && (containing.Name == "MethodBase" || containing.Name == "MethodInfo" || containing.Name == "Delegate")
            && containing.ContainingNamespace?.ToDisplayString() is "System" or "System.Reflection";

        private static bool HasFireAndForgetArgument(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                foreach (SyntaxToken token in argument.Syntax.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText.IndexOf("FireAndForget", StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Work the caller relies on: a save, write, insert, commit, migration, enqueue, publish or payment call; a
        /// database command; a file write. Logging, caching, tracing and in-memory buffers are not.
        /// </summary>
        internal static bool IsConsequentialWork(IMethodSymbol method, IInvocationOperation invocation, KnownTypes types) =>
            IsStoreCall(method, invocation, types)
            // A file under a temporary or cache directory ('Data/temp/rutor_taskParse.json', Path.GetTempPath()) is scratch:
            // a lost write costs a rebuild of what it held, not data (phase 21: a tracker aggregator's resumable task lists).
            && !WritesScratchFile(invocation);

        private static bool IsStoreCall(IMethodSymbol method, IInvocationOperation invocation, KnownTypes types)
        {
            INamedTypeSymbol? containing = method.ContainingType;
            if (containing is null)
            {
                return false;
            }

            string ns = containing.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            string name = method.Name;

            // ADO.NET and Dapper commands: Execute, ExecuteNonQuery, ExecuteScalar, ExecuteSqlRaw, ExecuteUpdate.
            if (name.StartsWith("Execute", StringComparison.Ordinal)
                && (ns.StartsWith("System.Data", StringComparison.Ordinal) || ns == "Dapper" || ns.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                    || ns.StartsWith("Microsoft.Data", StringComparison.Ordinal) || ns.StartsWith("Npgsql", StringComparison.Ordinal)
                    || ns.StartsWith("MySql", StringComparison.Ordinal)))
            {
                return true;
            }

            string first = FirstWord(name);

            // File writes: File.WriteAllText, File.AppendAllLines, File.Copy / Move / Replace, FileInfo.CopyTo, FileStream.Write.
            if (ns == "System.IO")
            {
                bool fileWrite = first == "Write" || first == "Append" || first == "Copy" || first == "Move" || first == "Replace";
                return fileWrite && (containing.Name == "File" || containing.Name == "FileInfo"
                    || (first == "Write" && invocation.Instance?.Type is { } receiver && receiver.Name == "FileStream"));
            }

            bool migration = name.IndexOf("Migrat", StringComparison.Ordinal) >= 0;
            if (!migration && !ConsequenceVerbs.Contains(first))
            {
                return false;
            }

            // 'queue.Enqueue(message)' on a generic container of the item's type (AsyncQueue<T>, IEnqueue<T>): an
            // in-memory hand-off whose only failure is "closed", not a job stored for later.
            if (first == "Enqueue" && IsContainerOfArgument(invocation))
            {
                return false;
            }

            // Logging and tracing libraries, the console, string and in-memory composition are not persistence.
            if (IsIncidentalNamespace(ns) || HasIncidentalWord(name) || HasIncidentalWord(containing.Name))
            {
                return false;
            }

            if (ns.StartsWith("System", StringComparison.Ordinal))
            {
                // In-memory collections (Queue<T>.Enqueue, Channel writers) and writers over buffers are not stores;
                // files are: File.WriteAllText, FileInfo, FileStream.
                if (ns.StartsWith("System.Collections", StringComparison.Ordinal) || ns.StartsWith("System.Threading", StringComparison.Ordinal)
                    || ns.StartsWith("System.Text", StringComparison.Ordinal) || ns.StartsWith("System.Buffers", StringComparison.Ordinal)
                    || ns.StartsWith("System.Net", StringComparison.Ordinal) || ns.StartsWith("System.Runtime", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            // A project's own writer, builder or buffer composes bytes or text in memory: WriteHeader on a frame writer;
            // a static helper that writes into the byte buffer it is given ('WriteGuid(byte[] header)') does too.
            if (first == "Write" && (EndsWithWord(containing.Name, "Writer") || EndsWithWord(containing.Name, "Builder")
                || EndsWithWord(containing.Name, "Buffer") || EndsWithWord(containing.Name, "Stream") || EndsWithWord(containing.Name, "Serializer")
                || containing.TypeKind == TypeKind.Struct || WritesIntoGivenBuffer(method)))
            {
                return false;
            }

            // 'image.Save(memoryStream, format)', 'doc.Save(new MemoryStream())': the destination (the first argument) is memory,
            // nothing is stored. A memory stream handed over as the data ('store.SaveAsync(name, ms)') is still a store.
            // (For an extension method 'image.Save(stream, format)' the first argument is the receiver: skip it.)
            int destination = method.IsExtensionMethod && invocation.Instance is null ? 1 : 0;
            return !(invocation.Arguments.Length > destination && IsMemoryStream(Operations.UnwrapOrNull(invocation.Arguments[destination].Value)?.Type, types)
                && !invocation.Arguments.Any(a => a.Value.Type?.SpecialType == SpecialType.System_String));
        }

        /// <summary>
        /// Every argument given to a target-path parameter ('path', 'file…', 'dest…', 'target…': WriteAllText's path,
        /// Copy's destFileName, a helper's 'path') is a scratch path, and there is at least one. A temp file that is the
        /// source of a copy or move into the real store ('File.Copy(staging, settingsPath)') is the commit step of a save.
        /// </summary>
        private static bool WritesScratchFile(IInvocationOperation invocation)
        {
            bool scratch = false;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                string? name = argument.Parameter?.Name;
                if (name is null || argument.Parameter!.Type.SpecialType != SpecialType.System_String || !IsTargetPathParameter(name))
                {
                    continue;
                }

                if (!IsScratchPath(Operations.UnwrapOrNull(argument.Value), 0))
                {
                    return false;
                }

                scratch = true;
            }

            return scratch;
        }

        private static bool IsTargetPathParameter(string name) =>
            name.Equals("path", StringComparison.OrdinalIgnoreCase) || name.Equals("fullPath", StringComparison.OrdinalIgnoreCase)
            || name.Equals("outputPath", StringComparison.OrdinalIgnoreCase) || name.StartsWith("file", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("dest", StringComparison.OrdinalIgnoreCase) || name.StartsWith("target", StringComparison.OrdinalIgnoreCase);

        /// <summary>A constant path with a directory named temp / tmp / cache, Path.GetTempPath(), or Path.Combine over one.</summary>
        private static bool IsScratchPath(IOperation? value, int depth)
        {
            if (value is null || depth > 2)
            {
                return false;
            }

            // 'static readonly string LastSeenPath = "Data/temp/last.txt";' is as fixed as a const.
            string? fixedPath = value.ConstantValue is { HasValue: true, Value: string constant } ? constant
                : value is IFieldReferenceOperation { Field: { IsReadOnly: true, IsStatic: true, DeclaringSyntaxReferences.Length: 1 } field }
                    && field.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal }
                    && literal.Token.Value is string text ? text : null;
            if (fixedPath is string path)
            {
                string[] segments = path.Split('/', '\\');
                for (int i = 0; i < segments.Length - 1; i++)
                {
                    string segment = segments[i];
                    if (segment.Equals("temp", StringComparison.OrdinalIgnoreCase) || segment.Equals("tmp", StringComparison.OrdinalIgnoreCase)
                        || segment.Equals("cache", StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (value is IInvocationOperation { TargetMethod: { ContainingType: { Name: "Path" } pathType } call } combine
                && pathType.ContainingNamespace?.ToDisplayString() == "System.IO")
            {
                if (call.Name == "GetTempPath" || call.Name == "GetTempFileName")
                {
                    return true;
                }

                if (call.Name == "Combine" || call.Name == "Join")
                {
                    foreach (IArgumentOperation part in combine.Arguments)
                    {
                        IOperation? partValue = Operations.UnwrapOrNull(part.Value);
                        if (partValue is IArrayCreationOperation { Initializer: { } items })
                        {
                            if (items.ElementValues.Any(item => IsScratchPath(Operations.UnwrapOrNull(item), depth + 1)))
                            {
                                return true;
                            }
                        }
                        else if (IsScratchPath(partValue, depth + 1))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsMemoryStream(ITypeSymbol? type, KnownTypes types) =>
            type.InheritsFromOrEquals(types.Get("System.IO.MemoryStream")) || KnownBlockingApis.IsNamedMemoryStream(type);

        private static bool WritesIntoGivenBuffer(IMethodSymbol method) =>
            method.IsStatic && method.Parameters.Length > 0 && IsByteBuffer(method.Parameters[0].Type);

        private static bool IsByteBuffer(ITypeSymbol type) =>
            (type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
            || (type is INamedTypeSymbol { Name: "Span" or "Memory" or "ArraySegment", TypeArguments.Length: 1 } buffer
                && buffer.TypeArguments[0].SpecialType == SpecialType.System_Byte);

        private static bool IsContainerOfArgument(IInvocationOperation invocation)
        {
            if (!(invocation.Instance?.Type is INamedTypeSymbol { IsGenericType: true } container) || invocation.Arguments.Length != 1
                || !(invocation.Arguments[0].Value.Type is { } item))
            {
                return false;
            }

            foreach (ITypeSymbol argument in container.TypeArguments)
            {
                if (SymbolEqualityComparer.Default.Equals(argument, item))
                {
                    return true;
                }
            }

            return false;
        }

        // Words in a member's name that make it an error or log sink: 'SaveError(string)', 'WriteLog', 'LogException'.
        private static readonly ImmutableHashSet<string> SinkWords = ImmutableHashSet.Create(
            StringComparer.Ordinal, "Log", "Logs", "Error", "Errors", "Exception", "Exceptions", "Crash", "Trace");

        /// <summary>
        /// The swallowed work is a file write inside a member whose purpose is recording errors or log lines: a failure to
        /// write the error log has nowhere else to go.
        /// </summary>
        private static bool IsErrorLogSink(CatchClauseSyntax catchClause, IMethodSymbol evidence)
        {
            if (evidence.ContainingType is not { Name: "File" or "FileInfo" or "StreamWriter" or "FileStream" or "TextWriter" }
                || SyntaxHelpers.EnclosingMemberName(catchClause, out _) is not { } member)
            {
                return false;
            }

            return HasWord(member, SinkWords);
        }

        private static bool IsIncidentalNamespace(string ns) =>
            ns.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal)
            || ns.StartsWith("Serilog", StringComparison.Ordinal)
            || ns.StartsWith("NLog", StringComparison.Ordinal)
            || ns.StartsWith("log4net", StringComparison.Ordinal)
            || ns == "System.Diagnostics"
            || ns.StartsWith("System.Diagnostics.Tracing", StringComparison.Ordinal)
            || ns.StartsWith("OpenTelemetry", StringComparison.Ordinal);

        private static string FirstWord(string name)
        {
            int end = 1;
            while (end < name.Length && !char.IsUpper(name[end]) && name[end] != '_')
            {
                end++;
            }

            return name.Substring(0, end);
        }

        private static bool EndsWithWord(string name, string word) => name.EndsWith(word, StringComparison.Ordinal);

        private static bool HasIncidentalWord(string name) => HasWord(name, IncidentalWords);

        /// <summary>One of the PascalCase / snake_case words of <paramref name="name"/> is in <paramref name="words"/>.</summary>
        private static bool HasWord(string name, ImmutableHashSet<string> words)
        {
            int start = 0;
            for (int i = 1; i <= name.Length; i++)
            {
                if (i == name.Length || char.IsUpper(name[i]) || name[i] == '_')
                {
                    if (i > start && words.Contains(name.Substring(start, i - start).TrimStart('_')))
                    {
                        return true;
                    }

                    start = i;
                }
            }

            return false;
        }

        /// <summary>
        /// True when a comment inside the empty block or right above the catch gives a reason: a marker word (because,
        /// since, expected, best effort, may, if, when, optional, fallback, ...) or at least six words. A verdict alone
        /// (ignore, ignored, swallow, fail silently, do nothing) and TODO notes give no reason.
        /// </summary>
        public static bool HasReasonComment(CatchClauseSyntax catchClause)
        {
            BlockSyntax block = catchClause.Block;
            return HasReasonComment(block.OpenBraceToken.TrailingTrivia)
                || HasReasonComment(block.CloseBraceToken.LeadingTrivia)
                || HasReasonComment(catchClause.CatchKeyword.LeadingTrivia);
        }

        private static bool HasReasonComment(SyntaxTriviaList trivia)
        {
            foreach (SyntaxTrivia t in trivia)
            {
                if ((t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia)) && IsReason(t.ToString()))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsReason(string comment)
        {
            string text = comment.Trim();
            text = text.StartsWith("//", StringComparison.Ordinal) ? text.Substring(2)
                : text.StartsWith("/*", StringComparison.Ordinal) ? text.Substring(2, Math.Max(0, text.Length - (text.EndsWith("*/", StringComparison.Ordinal) ? 4 : 2)))
                : text;
            text = text.Trim().ToLowerInvariant();
            if (text.StartsWith("todo", StringComparison.Ordinal) || text.StartsWith("fixme", StringComparison.Ordinal) || text.StartsWith("hack", StringComparison.Ordinal))
            {
                return false;
            }

            string padded = text + " ";
            // A comment that calls the swallow a defect is no reason, whatever else it says ("known bug: when ...", "TODO ...
            // later"): phase 22, a recall probe whose defect notes silenced the rule.
            if (StartsAWord(padded, ProblemMarkers))
            {
                return false;
            }

            if (StartsAWord(padded, ReasonMarkers))
            {
                return true;
            }

            if (StartsAWord(padded, LossMarkers))
            {
                return false;
            }

            int words = 0;
            bool inWord = false;
            foreach (char c in text)
            {
                bool letter = char.IsLetterOrDigit(c) || c == '\'';
                if (letter && !inWord)
                {
                    words++;
                }

                inWord = letter;
            }

            return words >= ReasonWordCount;
        }

        /// <summary>One of the markers occurs in the text where a word starts (the first occurrence of each is tested).</summary>
        private static bool StartsAWord(string text, string[] markers)
        {
            foreach (string marker in markers)
            {
                int at = text.IndexOf(marker, StringComparison.Ordinal);
                if (at == 0 || (at > 0 && !char.IsLetter(text[at - 1])))
                {
                    return true;
                }
            }

            return false;
        }

        internal static bool IsBestEffortTeardown(CatchClauseSyntax catchClause, SemanticModel model, AnalyzerOptions options, CancellationToken cancellationToken)
        {
            if (!(catchClause.Parent is TryStatementSyntax tryStatement))
            {
                return false;
            }

            // Inside a finally block: cleanup after the real work, whose own failure must not mask the original one.
            for (SyntaxNode? current = tryStatement.Parent; current != null && !SyntaxHelpers.IsFunctionBoundary(current); current = current.Parent)
            {
                if (current is FinallyClauseSyntax)
                {
                    return true;
                }
            }

            string? memberName = SyntaxHelpers.EnclosingMemberName(catchClause, out SyntaxNode? member);
            if (memberName != null && IsTeardownMember(memberName, catchClause.SyntaxTree, options))
            {
                return true;
            }

            // The Try-pattern: bool TryX(...) reports failure through its result, so the caller sees it.
            if (memberName != null && IsBoolTryPattern(memberName, member, model, cancellationToken))
            {
                return true;
            }

            // A try whose every statement is a teardown call: try { socket.Close(); } catch { }
            SyntaxList<StatementSyntax> statements = tryStatement.Block.Statements;
            if (statements.Count == 0)
            {
                return true; // nothing can throw
            }

            bool anyCall = false;
            foreach (StatementSyntax statement in statements)
            {
                if (statement is BreakStatementSyntax || statement is ContinueStatementSyntax || statement is ReturnStatementSyntax { Expression: null })
                {
                    continue;
                }

                // if (file.Exists) file.Delete();  if (!p.WaitForExit(5000)) { log; p.Kill(); }
                StatementSyntax candidate = statement is IfStatementSyntax { Else: null } guarded ? guarded.Statement : statement;
                if (candidate is BlockSyntax inner && inner.Statements.Count > 0)
                {
                    foreach (StatementSyntax part in inner.Statements)
                    {
                        if (!IsTeardownCall(part, catchClause.SyntaxTree, options))
                        {
                            return false;
                        }
                    }
                }
                else if (!IsTeardownCall(candidate, catchClause.SyntaxTree, options))
                {
                    return false;
                }

                anyCall = true;
            }

            return anyCall;
        }

        private static bool IsBoolTryPattern(string name, SyntaxNode? member, SemanticModel model, CancellationToken cancellationToken)
        {
            if (!SyntaxHelpers.IsTryPatternName(name))
            {
                return false;
            }

            TypeSyntax? returnType = member switch
            {
                MethodDeclarationSyntax method => method.ReturnType,
                LocalFunctionStatementSyntax local => local.ReturnType,
                _ => null,
            };
            if (returnType is null)
            {
                return false;
            }

            ITypeSymbol? type = model.GetTypeInfo(returnType, cancellationToken).Type;
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                && (generic.Name == "Task" || generic.Name == "ValueTask")
                && generic.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                type = generic.TypeArguments[0];
            }

            return type?.SpecialType == SpecialType.System_Boolean;
        }

        private static bool IsTeardownMember(string name, SyntaxTree tree, AnalyzerOptions options)
        {
            if (TeardownMembers.Contains(name)
                || name.StartsWith("Dispose", StringComparison.Ordinal)
                || name.IndexOf("IgnoreErrors", StringComparison.Ordinal) >= 0
                || name.IndexOf("Quietly", StringComparison.Ordinal) >= 0
                || name.IndexOf("BestEffort", StringComparison.Ordinal) >= 0
                || name.StartsWith("TryClose", StringComparison.Ordinal)
                || name.StartsWith("TryDispose", StringComparison.Ordinal)
                || name.StartsWith("TryDelete", StringComparison.Ordinal))
            {
                return true;
            }

            return IsConfiguredTeardown(name, tree, options);
        }

        private static bool IsTeardownCall(StatementSyntax statement, SyntaxTree tree, AnalyzerOptions options)
        {
            ExpressionSyntax? expression = statement switch
            {
                ExpressionStatementSyntax e => e.Expression,
                _ => null,
            };

            if (expression is AwaitExpressionSyntax awaitExpression)
            {
                expression = awaitExpression.Expression;
            }

            // x.DisposeAsync().ConfigureAwait(false)
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
            {
                expression = configure.Expression;
            }

            // socket?.Dispose()
            while (expression is ConditionalAccessExpressionSyntax conditional)
            {
                expression = conditional.WhenNotNull;
            }

            if (!(expression is InvocationExpressionSyntax invocation))
            {
                return false;
            }

            string? name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };

            return name != null && (TeardownCalls.Contains(name) || HasTeardownPrefix(name) || IsConfiguredTeardown(name, tree, options));
        }

        private static bool HasTeardownPrefix(string name)
        {
            foreach (string prefix in TeardownPrefixes)
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(name[prefix.Length]))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConfiguredTeardown(string name, SyntaxTree tree, AnalyzerOptions options)
        {
            ImmutableArray<string> configured = RuleOptions.GetList(options, tree, RuleIds.EmptyCatch, TeardownMethodsOption);
            foreach (string candidate in configured)
            {
                if (string.Equals(candidate, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
