using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL101: an empty catch block. A catch-all is reported even when it holds only a comment; a specific
    /// exception type with a justifying comment is allowed. Best-effort teardown is not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL101EmptyCatchAnalyzer : DiagnosticAnalyzer
    {
        public const string CaughtTypeProperty = "CaughtType";
        public const string TeardownMethodsOption = "teardown_methods";
        public const string ReportSpecificTypesOption = "report_specific_types";

        // The largest try block whose catch-all a comment can justify.
        private const int MaxJustifiedStatements = 3;

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.EmptyCatch,
            title: "Empty catch block swallows exceptions",
            messageFormat: "This empty catch block swallows {0} without a trace. " +
                           "The failure vanishes: callers see success and nobody is alerted. " +
                           "Rethrow, or log the exception and rethrow; if ignoring it is intended, catch the specific type and say why in a comment.",
            description: "An empty catch block hides failures. A catch-all (catch, catch (Exception)) is reported even when it holds only a comment; " +
                         "a specific exception type with a comment explaining why it is ignored is allowed. " +
                         "Best-effort teardown (Dispose, Close, Flush, Cancel... inside Dispose, finally or a teardown-only try) is not reported.",
            defaultSeverity: DiagnosticSeverity.Warning);

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

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                start.RegisterSyntaxNodeAction(c => AnalyzeCatch(c, types), SyntaxKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(SyntaxNodeAnalysisContext context, KnownTypes types)
        {
            var catchClause = (CatchClauseSyntax)context.Node;
            BlockSyntax block = catchClause.Block;

            // Cheap syntactic filters first: only empty, unfiltered catches are candidates.
            if (block.Statements.Count != 0 || catchClause.Filter != null || block.IsMissing)
            {
                return;
            }

            bool catchAll = true;
            string caughtDisplay = "every exception";
            if (catchClause.Declaration is { } declaration)
            {
                ITypeSymbol? caught = context.SemanticModel.GetTypeInfo(declaration.Type, context.CancellationToken).Type;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return; // incomplete code: say nothing rather than guess
                }

                catchAll = SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.Exception))
                    || SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.SystemException));
                if (!catchAll)
                {
                    // Measured on real services, empty catches of one specific type were mostly deliberate (cache
                    // misses, optional parsing, seek probes): 5 of 14 real. They are reported only on request.
                    if (!RuleOptions.GetBool(context.Options, catchClause.SyntaxTree, RuleIds.EmptyCatch, ReportSpecificTypesOption, defaultValue: false))
                    {
                        return;
                    }

                    // Cancellation and disposal on shutdown paths are expected, not failures.
                    if (caught.InheritsFromOrEquals(types.Get(KnownTypes.OperationCanceledException))
                        || caught.InheritsFromOrEquals(types.Get(KnownTypes.ObjectDisposedException)))
                    {
                        return;
                    }

                    // Capability probes: "the native library / API is not available here" selects a fallback.
                    foreach (string probe in CapabilityProbeExceptions)
                    {
                        if (caught.InheritsFromOrEquals(types.Get(probe)))
                        {
                            return;
                        }
                    }

                    // A specific type with a justifying comment (inside the block or right above the catch) is allowed.
                    if (SyntaxHelpers.EmptyBlockHasComment(block) || SyntaxHelpers.HasComment(catchClause.CatchKeyword.LeadingTrivia))
                    {
                        return;
                    }

                    caughtDisplay = caught.Name;
                }
                else
                {
                    caughtDisplay = "every " + caught.Name;
                }
            }

            // A comment can justify ignoring the failure of a small, deliberate operation (a best-effort notification,
            // a DNS probe). A catch-all over a larger region hides failures the comment never considered: still reported.
            if (catchAll && catchClause.Parent is TryStatementSyntax { Block.Statements.Count: <= MaxJustifiedStatements }
                && (SyntaxHelpers.EmptyBlockHasComment(block) || SyntaxHelpers.HasComment(catchClause.CatchKeyword.LeadingTrivia)))
            {
                return;
            }

            if (IsBestEffortTeardown(catchClause, context))
            {
                return;
            }

            TextSpan span = TextSpan.FromBounds(
                catchClause.CatchKeyword.SpanStart,
                catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(CaughtTypeProperty, catchAll ? "all" : "specific");
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), properties, caughtDisplay));
        }

        private static bool IsBestEffortTeardown(CatchClauseSyntax catchClause, SyntaxNodeAnalysisContext context)
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
            if (memberName != null && IsTeardownMember(memberName, context))
            {
                return true;
            }

            // The Try-pattern: bool TryX(...) reports failure through its result, so the caller sees it.
            if (memberName != null && IsTryPattern(memberName, member, context))
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
                        if (!IsTeardownCall(part, context))
                        {
                            return false;
                        }
                    }
                }
                else if (!IsTeardownCall(candidate, context))
                {
                    return false;
                }

                anyCall = true;
            }

            return anyCall;
        }

        private static bool IsTryPattern(string name, SyntaxNode? member, SyntaxNodeAnalysisContext context)
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

            ITypeSymbol? type = context.SemanticModel.GetTypeInfo(returnType, context.CancellationToken).Type;
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
                && (generic.Name == "Task" || generic.Name == "ValueTask")
                && generic.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
            {
                type = generic.TypeArguments[0];
            }

            return type?.SpecialType == SpecialType.System_Boolean;
        }

        private static bool IsTeardownMember(string name, SyntaxNodeAnalysisContext context)
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

            return IsConfiguredTeardown(name, context);
        }

        private static bool IsTeardownCall(StatementSyntax statement, SyntaxNodeAnalysisContext context)
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

            return name != null && (TeardownCalls.Contains(name) || HasTeardownPrefix(name) || IsConfiguredTeardown(name, context));
        }

        // DeleteFile, DisposeCore, CloseConnection, KillProcessTree, ...: the verb decides.
        private static readonly string[] TeardownPrefixes =
        {
            "Dispose", "Close", "Delete", "Kill", "Stop", "Shutdown", "Cancel", "Abort", "Disconnect", "Unsubscribe", "Unregister",
        };

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

        private static bool IsConfiguredTeardown(string name, SyntaxNodeAnalysisContext context)
        {
            ImmutableArray<string> configured = RuleOptions.GetList(context.Options, context.Node.SyntaxTree, RuleIds.EmptyCatch, TeardownMethodsOption);
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
