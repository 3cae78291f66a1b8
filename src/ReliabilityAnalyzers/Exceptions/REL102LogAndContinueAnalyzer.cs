using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL102: a catch-all (or a catch of a broad infrastructure exception) whose body only logs and then continues,
    /// or turns the failure into null / default / false / an empty collection. Application boundaries are not reported.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL102LogAndContinueAnalyzer : DiagnosticAnalyzer
    {
        public const string BoundaryMethodsOption = "boundary_methods";

        /// <summary>Diagnostic property: "true" when the catch ends with a statement the fix replaces by 'throw;'.</summary>
        public const string EndsWithExitProperty = "EndsWithExit";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LogAndContinue,
            title: "Catch only logs and returns null / default / empty",
            messageFormat: "This catch of {0} only logs and then {1}. " +
                           "The caller cannot tell the failure from \"no data\" and carries on with a wrong result. " +
                           "Rethrow after logging ('throw;'), or handle the failure for real.",
            description: "A catch-all, or a catch of a broad infrastructure exception (DbException, IOException, HttpRequestException, " +
                         "SocketException, RedisException...), whose body only logs and then continues or returns null, default, false " +
                         "or an empty collection hides the failure from the caller. Application boundaries (Main, top-level statements, " +
                         "hosted-service loops, middleware, exception filters, event handlers, Dispose) are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        // Broad infrastructure exceptions: "the database / disk / network / cache failed", never an expected answer.
        private static readonly string[] BroadExceptions = InfrastructureExceptions.BroadBases;

        private static readonly string[] BroadExceptionNames = System.Array.ConvertAll(BroadExceptions, full => full.Substring(full.LastIndexOf('.') + 1));

        // Members that are application boundaries or cleanup by their name.
        private static readonly ImmutableHashSet<string> BoundaryMembers = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "Main", "Dispose", "DisposeAsync", "DisposeCore", "DisposeAsyncCore", "Finalize", "Close", "CloseAsync",
            "StopAsync", "OnStopping", "OnStopped", "OnException", "OnExceptionAsync", "TryHandleAsync");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                var logging = LoggingApis.For(types);
                // An operation action reuses the driver's operation tree; GetOperation from a syntax action would bind
                // every catch block a second time.
                start.RegisterOperationAction(c => AnalyzeCatch(c, types, logging), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(OperationAnalysisContext context, KnownTypes types, LoggingApis logging)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;
            if (!(catchOperation.Syntax is CatchClauseSyntax catchClause) || catchOperation.SemanticModel is not { } model)
            {
                return;
            }

            BlockSyntax block = catchClause.Block;
            int count = block.Statements.Count;
            if (count == 0 || count > 4 || block.IsMissing)
            {
                return;
            }

            // A filter that calls something is usually "log in the filter and let it fly": not a swallowing catch.
            if (catchClause.Filter != null)
            {
                foreach (SyntaxNode node in catchClause.Filter.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax)
                    {
                        return;
                    }
                }
            }

            string caughtDisplay = "every exception";
            if (catchClause.Declaration != null)
            {
                ITypeSymbol? caught = catchOperation.ExceptionType;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return;
                }

                if (!IsCatchAll(caught, types) && !IsBroad(caught, types))
                {
                    return;
                }

                caughtDisplay = IsCatchAll(caught, types) ? "every " + caught.Name : caught.Name;
            }

            IBlockOperation blockOperation = catchOperation.Handler;

            string? outcome = Classify(blockOperation, logging, out bool endsWithExit);
            if (outcome is null || IsBoundary(catchClause, model, context.Options, context.CancellationToken, types))
            {
                return;
            }

            TextSpan span = TextSpan.FromBounds(
                catchClause.CatchKeyword.SpanStart,
                catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty
                .Add(EndsWithExitProperty, endsWithExit ? "true" : "false");
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), properties, caughtDisplay, outcome));
        }

        internal static bool IsCatchAll(ITypeSymbol caught, KnownTypes types) =>
            SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.Exception))
            || SymbolEqualityComparer.Default.Equals(caught, types.Get(KnownTypes.SystemException));

        internal static bool IsBroad(ITypeSymbol caught, KnownTypes types)
        {
            string caughtName = caught.Name;
            for (int i = 0; i < BroadExceptions.Length; i++)
            {
                // A type equal to a listed one has its simple name: compare names before looking the type up (per catch clause).
                if (caughtName != BroadExceptionNames[i])
                {
                    continue;
                }

                // Only the broad base itself (or its direct family for Redis): a narrow subtype such as FileNotFoundException is a decision.
                INamedTypeSymbol? broad = types.Get(BroadExceptions[i]);
                if (broad != null && SymbolEqualityComparer.Default.Equals(caught, broad))
                {
                    return true;
                }
            }

            INamedTypeSymbol? redis = types.Get("StackExchange.Redis.RedisException");
            return redis != null && caught.InheritsFromOrEquals(redis);
        }

        /// <summary>
        /// Null when the block does more than log; otherwise what happens after the log ("carries on", "returns null"...).
        /// </summary>
        internal static string? Classify(IBlockOperation block, LoggingApis logging, out bool endsWithExit)
        {
            endsWithExit = false;
            bool logged = false;
            ImmutableArray<IOperation> operations = block.Operations;
            for (int i = 0; i < operations.Length; i++)
            {
                IOperation operation = operations[i];
                bool last = i == operations.Length - 1;
                if (operation is IExpressionStatementOperation statement && IsLogCall(statement.Operation, logging))
                {
                    logged = true;
                    continue;
                }

                if (!last || !logged)
                {
                    return null;
                }

                endsWithExit = true;

                // Only "log and return nothing": the failure becomes the method's answer. Falling through, 'continue;'
                // and 'return;' after a log are mostly best-effort steps in real code (measured: see docs), and
                // 'return false' is usually a probe's answer.
                if (operation is IReturnOperation { ReturnedValue: { } value })
                {
                    string? description = DescribeEmpty(value);
                    return description == "returns false" ? null : description;
                }

                return null;
            }

            return null; // falls through after logging: best effort, not reported
        }

        internal static bool IsLogCall(IOperation operation, LoggingApis logging)
        {
            if (operation is IAwaitOperation awaited)
            {
                operation = awaited.Operation;
            }

            if (operation is IConditionalAccessOperation conditional)
            {
                operation = conditional.WhenNotNull;
            }

            return operation is IInvocationOperation invocation
                && (logging.Classify(invocation) != LogApi.None || IsLoggerExtension(invocation.TargetMethod, logging));
        }

        /// <summary>
        /// A project's own logging helper written as a void extension method on ILogger ('_logger.CacheUnavailable(ex)'):
        /// a log call whose level is not known.
        /// </summary>
        internal static bool IsLoggerExtension(IMethodSymbol method, LoggingApis logging)
        {
            if (!method.ReturnsVoid || !method.IsExtensionMethod || logging.MelLogger is null)
            {
                return false;
            }

            IMethodSymbol definition = method.ReducedFrom ?? method;
            return definition.Parameters.Length > 0 && definition.Parameters[0].Type.IsOrImplements(logging.MelLogger);
        }

        /// <summary>A description when the returned value stands for "nothing": null, default, false, an empty collection.</summary>
        internal static string? DescribeEmpty(IOperation value)
        {
            value = Operations.Unwrap(value);
            if (value is IDefaultValueOperation || value.Syntax is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression })
            {
                return "returns default";
            }

            if (value.ConstantValue.HasValue)
            {
                object? constant = value.ConstantValue.Value;
                if (constant is null)
                {
                    return "returns null";
                }

                if (constant is bool b && !b)
                {
                    return "returns false";
                }

                return constant is string { Length: 0 } ? "returns an empty string" : null;
            }

            switch (value)
            {
                case IDefaultValueOperation _:
                    return "returns default";
                case ITupleOperation tuple:
                    // '(null, false)', '(default, 0)': every element says "nothing".
                    foreach (IOperation element in tuple.Elements)
                    {
                        if (DescribeEmpty(element) is null && !IsZero(element))
                        {
                            return null;
                        }
                    }

                    return tuple.Elements.Length > 0 ? "returns an empty result" : null;
                case IFieldReferenceOperation { Field: { IsStatic: true, Name: "Empty" } field } when IsEmptyValueType(field.Type):
                    return "returns an empty value";
                case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Empty" } property } when IsEmptyValueType(property.Type):
                    return "returns an empty value";
                case IInvocationOperation ok when ok.TargetMethod.Name == "Ok" && IsResultFactory(ok.TargetMethod.ContainingType)
                    && (ok.Arguments.Length == 0 || ok.Arguments[0].ArgumentKind == ArgumentKind.DefaultValue || DescribeEmpty(ok.Arguments[0].Value) != null):
                    // 'Results.Ok(null)', 'Results.Ok()', 'Ok(new List<T>())': the client is told "success, nothing there".
                    return "returns an empty success response";
                case IInvocationOperation fromResult when fromResult.TargetMethod.Name == "FromResult"
                    && fromResult.TargetMethod.ContainingType?.Name == "ValueTask" && fromResult.Arguments.Length == 1:
                    return DescribeEmpty(fromResult.Arguments[0].Value);
                case IInvocationOperation copy when IsCopyOfEmpty(copy):
                    // 'Enumerable.Empty<T>().ToList()', 'new List<T>().AsReadOnly()'
                    return "returns an empty collection";
                case IArrayCreationOperation array when array.DimensionSizes.Length == 1
                    && (array.Initializer is null ? IsZeroConstant(array.DimensionSizes[0]) : array.Initializer.ElementValues.Length == 0):
                    // 'new User[0]', 'new User[] { }'
                    return "returns an empty collection";
                case IObjectCreationOperation sized when sized.Initializer is null && sized.Arguments.Length > 0
                    && sized.Type is INamedTypeSymbol sizedType && IsCollection(sizedType) && !CopiesElements(sized):
                    // 'new Dictionary<string, string>(StringComparer.Ordinal)', 'new List<User>(0)': a comparer or a capacity, no items.
                    return "returns an empty collection";
                case IInvocationOperation invocation when invocation.Arguments.Length == 0
                    && invocation.TargetMethod.Name == "Empty"
                    && (invocation.TargetMethod.ContainingType?.Name == "Array" || invocation.TargetMethod.ContainingType?.Name == "Enumerable"):
                    return "returns an empty collection";
                case IInvocationOperation fromResult when fromResult.TargetMethod.Name == "FromResult"
                    && fromResult.TargetMethod.ContainingType?.Name == "Task" && fromResult.Arguments.Length == 1:
                    return DescribeEmpty(fromResult.Arguments[0].Value);
                case IObjectCreationOperation creation when creation.Arguments.Length == 0 && creation.Initializer is null
                    && creation.Type is INamedTypeSymbol created && IsCollection(created):
                    return "returns an empty collection";
            }

            if (value.Syntax is CollectionExpressionSyntax { Elements.Count: 0 })
            {
                return "returns an empty collection";
            }

            return null;
        }

        /// <summary>ASP.NET Core's success-result factories: Results / TypedResults (minimal APIs) and ControllerBase.</summary>
        private static bool IsResultFactory(INamedTypeSymbol? type) =>
            type != null && (type.Name == "Results" || type.Name == "TypedResults" || type.Name == "ControllerBase")
            && type.ContainingNamespace is { Name: "Http" or "Mvc" } ns && ns.ContainingNamespace is { Name: "AspNetCore" };

        private static bool IsCopyOfEmpty(IInvocationOperation invocation)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "ToList":
                case "ToArray":
                case "AsReadOnly":
                case "ToImmutableArray":
                case "ToImmutableList":
                case "ToHashSet":
                    IOperation? source = invocation.Instance ?? (invocation.Arguments.Length == 1 ? invocation.Arguments[0].Value : null);
                    return source != null && DescribeEmpty(source) == "returns an empty collection";
                default:
                    return false;
            }
        }

        private static bool IsZeroConstant(IOperation value) =>
            value.ConstantValue is { HasValue: true, Value: int size } && size == 0;

        /// <summary>A numeric zero ('return 0;', '0L', '0m'): the default of a count, judged by REL109 only.</summary>
        internal static bool IsNumericZero(IOperation value)
        {
            value = Operations.Unwrap(value);
            if (!value.ConstantValue.HasValue)
            {
                return false;
            }

            switch (value.ConstantValue.Value)
            {
                case int i: return i == 0;
                case long l: return l == 0;
                case double d: return d == 0;
                case decimal m: return m == 0;
                default: return false;
            }
        }

        private static bool IsZero(IOperation value) =>
            Operations.Unwrap(value).ConstantValue is { HasValue: true, Value: int i } && i == 0;

        /// <summary>'string.Empty', 'ImmutableArray&lt;T&gt;.Empty', 'Guid.Empty': a type's own "nothing" value.</summary>
        private static bool IsEmptyValueType(ITypeSymbol type) =>
            type.SpecialType == SpecialType.System_String || (type is INamedTypeSymbol named && (IsCollection(named) || named.Name == "Guid"));

        /// <summary>A collection constructor that is handed elements (an IEnumerable other than a string) copies them.</summary>
        private static bool CopiesElements(IObjectCreationOperation creation)
        {
            foreach (IArgumentOperation argument in creation.Arguments)
            {
                ITypeSymbol? type = argument.Parameter?.Type;
                if (type is null || (type.SpecialType != SpecialType.System_String && type.TypeKind != TypeKind.TypeParameter
                    && (type.SpecialType == SpecialType.System_Collections_IEnumerable || type is INamedTypeSymbol named && IsCollection(named))))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCollection(INamedTypeSymbol type)
        {
            foreach (INamedTypeSymbol candidate in type.AllInterfaces)
            {
                if (candidate.SpecialType == SpecialType.System_Collections_IEnumerable)
                {
                    return type.SpecialType != SpecialType.System_String;
                }
            }

            return false;
        }

        /// <summary>
        /// True when the catch sits where logging is the right end of a failure (Main, Dispose, middleware, hosted-service
        /// loops, event handlers, Try-pattern members...). Inside a lambda the enclosing function decides: a lambda whose
        /// outcome someone receives (<see cref="HandsBackItsOutcome"/>; <paramref name="valueReturned"/> says whether the
        /// catch hands back a value or carries on) is judged as a method; any other lambda (a projection, a callback, a
        /// fire-and-forget body) is a boundary. A local function is judged as a method, by its own name too.
        /// </summary>
        internal static bool IsBoundary(CatchClauseSyntax catchClause, SemanticModel model, AnalyzerOptions options, System.Threading.CancellationToken cancellationToken, KnownTypes types, bool loopsAreBoundaries = true, bool valueReturned = true)
        {
            // Walk out to the enclosing function; remember whether the catch sits in a service loop.
            bool inLoop = false;
            SyntaxNode? function = null;
            for (SyntaxNode? current = catchClause.Parent; current != null; current = current.Parent)
            {
                if (current is GlobalStatementSyntax)
                {
                    return true; // top-level statements
                }

                if (current is FinallyClauseSyntax)
                {
                    return true; // cleanup must not mask the original failure
                }

                if (current is WhileStatementSyntax || current is DoStatementSyntax || current is ForStatementSyntax || current is ForEachStatementSyntax)
                {
                    inLoop = true;
                }

                if (SyntaxHelpers.IsFunctionBoundary(current))
                {
                    function = current;
                    break;
                }
            }

            if (function is null)
            {
                return false;
            }

            // Per-item loops (one failed item must not stop the batch) and lambdas (a projection that yields null and
            // is filtered out, a callback) are deliberate in real code: not reported, unless the lambda's result goes
            // back to a caller (a Task.Run body, an endpoint, an awaited async lambda) as a method's would.
            if (inLoop && loopsAreBoundaries)
            {
                return true;
            }

            if (function is AnonymousFunctionExpressionSyntax lambda && !HandsBackItsOutcome(lambda, valueReturned, model, cancellationToken))
            {
                return true;
            }

            // A local function is a method of its own: 'string? TryReadTemplate()' reports failure through null.
            if (function is LocalFunctionStatementSyntax local && SyntaxHelpers.IsTryPatternName(local.Identifier.ValueText))
            {
                return true;
            }

            ISymbol? symbol = function is AnonymousFunctionExpressionSyntax
                ? model.GetSymbolInfo(function, cancellationToken).Symbol
                : model.GetDeclaredSymbol(function, cancellationToken);
            if (!(symbol is IMethodSymbol method))
            {
                return false;
            }

            if (IsEventHandler(method, types))
            {
                return true;
            }

            // Named members: the enclosing declared method, even for a lambda inside it.
            IMethodSymbol? member = method;
            while (member != null && (member.MethodKind == MethodKind.AnonymousFunction || member.MethodKind == MethodKind.LocalFunction))
            {
                member = member.ContainingSymbol as IMethodSymbol;
            }

            if (member is null)
            {
                return false;
            }

            if (BoundaryMembers.Contains(member.Name) || member.Name.StartsWith("Dispose", StringComparison.Ordinal)
                || member.MethodKind == MethodKind.Destructor || IsConfiguredBoundary(member.Name, options, catchClause.SyntaxTree))
            {
                return true;
            }

            // The Try-pattern reports failure through its bool result.
            if (SyntaxHelpers.IsTryPatternName(member.Name))
            {
                return true;
            }

            // Middleware: Invoke/InvokeAsync(HttpContext ...).
            if ((member.Name == "Invoke" || member.Name == "InvokeAsync") && member.Parameters.Length > 0
                && member.Parameters[0].Type.Name == "HttpContext"
                && SymbolEqualityComparer.Default.Equals(member.Parameters[0].Type, types.Get("Microsoft.AspNetCore.Http.HttpContext")))
            {
                return true;
            }

            INamedTypeSymbol? containing = member.ContainingType;
            if (containing is null)
            {
                return false;
            }

            // Exception filters and handlers, and IMiddleware.
            if (containing.IsOrImplements(types.Get("Microsoft.AspNetCore.Mvc.Filters.IExceptionFilter"))
                || containing.IsOrImplements(types.Get("Microsoft.AspNetCore.Mvc.Filters.IAsyncExceptionFilter"))
                || containing.IsOrImplements(types.Get("Microsoft.AspNetCore.Diagnostics.IExceptionHandler"))
                || containing.IsOrImplements(types.Get("Microsoft.AspNetCore.Http.IMiddleware")))
            {
                return true;
            }

            // BackgroundService.ExecuteAsync, and loops in hosted services: one failed cycle must not stop the service.
            INamedTypeSymbol? backgroundService = types.Get("Microsoft.Extensions.Hosting.BackgroundService");
            if (member.Name == "ExecuteAsync" && member.IsOverride && containing.InheritsFromOrEquals(backgroundService))
            {
                return true;
            }

            if (inLoop && (containing.InheritsFromOrEquals(backgroundService)
                || containing.IsOrImplements(types.Get("Microsoft.Extensions.Hosting.IHostedService"))))
            {
                return true;
            }

            return false;
        }

        /// <summary>
        /// A lambda whose outcome a caller receives the way a method's is. When the catch hands back a value
        /// (<paramref name="valueReturned"/>): an async lambda that is not a LINQ projection (<c>Task.Run(async () => ...)</c>,
        /// <c>app.MapGet("/x", async () => ...)</c>, a cache or pipeline factory), or a synchronous <c>Task.Run</c> /
        /// <c>StartNew</c> body or minimal-API endpoint handler. When it logs and carries on: only a minimal-API endpoint
        /// handler (the client is told the request succeeded) and a <c>Task.Run</c> / <c>StartNew</c> body whose task is
        /// awaited or returned; a fire-and-forget body, a callback or a timer is the end of that work. Checked by the
        /// written name first; bound only for the rare catch that only logs inside a lambda.
        /// </summary>
        private static bool HandsBackItsOutcome(AnonymousFunctionExpressionSyntax lambda, bool valueReturned, SemanticModel model, System.Threading.CancellationToken cancellationToken)
        {
            bool isAsync = lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
            if (!(lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }))
            {
                // 'Func<Task<T>> load = async () => ...' is awaited later.
                return valueReturned && isAsync && !(lambda.Parent is ArgumentSyntax);
            }

            string? name = call.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                GenericNameSyntax generic => generic.Identifier.ValueText,
                _ => null,
            };
            if (name is null || name == "ConvertAll")
            {
                return false;
            }

            bool offload = name == "Run" || name == "StartNew";
            bool endpoint = name.StartsWith("Map", StringComparison.Ordinal);
            if (!offload && !endpoint && !(isAsync && valueReturned))
            {
                return false;
            }

            if (offload && !valueReturned && !IsAwaitedOrReturned(call))
            {
                return false;
            }

            if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol method))
            {
                return false;
            }

            INamespaceSymbol? ns = (method.ReducedFrom ?? method).ContainingType?.ContainingNamespace;
            if (offload && method.ContainingType is { Name: "Task" or "TaskFactory" } && ns is { Name: "Tasks" })
            {
                return true;
            }

            // app.MapGet("/x", () => ...): EndpointRouteBuilderExtensions in Microsoft.AspNetCore.Builder.
            if (endpoint && ns is { Name: "Builder" } && ns.ContainingNamespace is { Name: "AspNetCore" })
            {
                return true;
            }

            // Select(async x => ...) over items: the projection's null is filtered out after WhenAll.
            return isAsync && valueReturned
                && !(ns is { Name: "Linq" } && ns.ContainingNamespace is { Name: "System" } root && root.ContainingNamespace?.IsGlobalNamespace == true);
        }

        /// <summary><c>await Task.Run(...)</c> (through ConfigureAwait too), <c>return Task.Run(...)</c>, <c>=> Task.Run(...)</c>.</summary>
        private static bool IsAwaitedOrReturned(InvocationExpressionSyntax call)
        {
            SyntaxNode node = call;
            while (node.Parent is ParenthesizedExpressionSyntax
                || (node.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } && node.Parent.Parent is InvocationExpressionSyntax))
            {
                node = node.Parent is MemberAccessExpressionSyntax ? node.Parent.Parent! : node.Parent;
            }

            return node.Parent is AwaitExpressionSyntax || node.Parent is ReturnStatementSyntax || node.Parent is ArrowExpressionClauseSyntax;
        }

        private static bool IsEventHandler(IMethodSymbol method, KnownTypes types)
        {
            if (method.Parameters.Length != 2 || method.Parameters[0].Type.SpecialType != SpecialType.System_Object)
            {
                return false;
            }

            return method.Parameters[1].Type.InheritsFromOrEquals(types.Get("System.EventArgs"));
        }

        internal static bool IsConfiguredBoundary(string name, AnalyzerOptions options, SyntaxTree tree)
        {
            ImmutableArray<string> configured = RuleOptions.GetList(options, tree, RuleIds.LogAndContinue, BoundaryMethodsOption);
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
