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
    /// REL109 (audit level): the wider "log and return null" family REL102 leaves out for precision. A catch of a specific
    /// infrastructure exception (database, Redis, socket, HTTP, I/O, JSON) that logs and then returns null / default /
    /// empty / false, returns, continues or falls through; and a catch-all that logs below Error and carries on.
    /// What REL102 reports is not reported again here.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL109InfrastructureFailureHiddenAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.InfrastructureFailureHidden,
            title: "Infrastructure failure is logged and turned into an ordinary outcome",
            messageFormat: "This catch of {0} logs and then {1}. " +
                           "The caller cannot tell an outage of the database, cache or network from an ordinary answer and goes ahead with it. " +
                           "Let the exception propagate after logging, or return a result that says the call failed.",
            description: "A catch of a specific infrastructure exception (DbException and its providers' subtypes, the StackExchange.Redis " +
                         "exceptions, SocketException, HttpRequestException, IOException, JsonException, ...) that only logs and then returns " +
                         "null, default, an empty collection or false, returns, continues or falls through; and a catch-all that only logs " +
                         "at Warning level or below and carries on. Application boundaries are not reported. Audit level: whether " +
                         "\"no data on failure\" is acceptable is a design decision of the method.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                var logging = LoggingApis.For(types);
                var known = new InfrastructureExceptions(types, includeParsing: true);
                start.RegisterOperationAction(c => AnalyzeCatch(c, types, logging, known), OperationKind.CatchClause);
            });
        }

        private static void AnalyzeCatch(
            OperationAnalysisContext context, KnownTypes types, LoggingApis logging, InfrastructureExceptions infrastructure)
        {
            var catchOperation = (ICatchClauseOperation)context.Operation;
            if (!(catchOperation.Syntax is CatchClauseSyntax catchClause) || catchOperation.SemanticModel is not { } model || catchClause.Block.IsMissing)
            {
                return;
            }

            int count = catchClause.Block.Statements.Count;
            if (count == 0 || count > 4)
            {
                return;
            }

            // A filter is a decision about which failures this is (a unique-key violation, a 404): not "every failure".
            // A filter that only names exception types ('when (ex is HttpRequestException or TaskCanceledException)') is
            // the same as catching those types.
            ITypeSymbol? filtered = null;
            if (catchClause.Filter != null)
            {
                filtered = catchOperation.Filter is { } filter ? InfrastructureTypeTest(filter, infrastructure) : null;
                if (filtered is null)
                {
                    return;
                }
            }

            bool catchAll;
            string caughtDisplay;
            if (filtered != null)
            {
                catchAll = false;
                caughtDisplay = filtered.Name;
            }
            else if (catchClause.Declaration is null)
            {
                catchAll = true;
                caughtDisplay = "every exception";
            }
            else
            {
                ITypeSymbol? caught = catchOperation.ExceptionType;
                if (caught is null || caught.TypeKind == TypeKind.Error)
                {
                    return;
                }

                catchAll = REL102LogAndContinueAnalyzer.IsCatchAll(caught, types);
                if (!catchAll && !infrastructure.Contains(caught))
                {
                    return;
                }

                caughtDisplay = catchAll ? "every " + caught.Name : caught.Name;
            }

            string? outcome = Classify(catchOperation.Handler, logging, catchAll, out bool returnsEmptyValue, out bool returnsValue);
            if (outcome is null)
            {
                return;
            }

            // A probe's answer: 'bool IsReachable()' / 'PingAsync' / 'CheckHealth' returning false on failure says exactly that.
            // The innermost named function decides: a local function 'IsCacheUp()' inside 'Status()' is the probe.
            if (outcome == "returns false" && (EnclosingFunctionName(catchClause) ?? context.ContainingSymbol.Name) is { } probeName && IsProbeName(probeName))
            {
                return;
            }

            // What REL102 reports (a catch-all or broad infrastructure type, log and return null/default/empty outside
            // loops and lambdas; a catch-all whose filter only tests types) stays REL102's.
            bool reportedByRel102 = returnsEmptyValue
                && (filtered != null || !(catchOperation.ExceptionType is { } t && !catchAll && !REL102LogAndContinueAnalyzer.IsBroad(t, types)))
                && !REL102LogAndContinueAnalyzer.IsBoundary(catchClause, model, context.Options, context.CancellationToken, types);
            if (reportedByRel102)
            {
                return;
            }

            // A specific infrastructure catch in a per-item loop still hides the outage; a low-level catch-all there is
            // usually "one bad item must not stop the batch".
            if (REL102LogAndContinueAnalyzer.IsBoundary(catchClause, model, context.Options, context.CancellationToken, types, loopsAreBoundaries: catchAll, valueReturned: returnsValue))
            {
                return;
            }

            TextSpan span = TextSpan.FromBounds(
                catchClause.CatchKeyword.SpanStart,
                catchClause.Declaration?.Span.End ?? catchClause.CatchKeyword.Span.End);
            context.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(catchClause.SyntaxTree, span), caughtDisplay, outcome));
        }

        /// <summary>
        /// The first type a filter made only of type tests names ('ex is A', 'ex is A or B', 'ex is A || ex is B'), when every
        /// type it names is an infrastructure exception; null for any other filter.
        /// </summary>
        private static ITypeSymbol? InfrastructureTypeTest(IOperation filter, InfrastructureExceptions infrastructure)
        {
            filter = Operations.Unwrap(filter);
            switch (filter)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    ITypeSymbol? left = InfrastructureTypeTest(or.LeftOperand, infrastructure);
                    return left != null && InfrastructureTypeTest(or.RightOperand, infrastructure) != null ? left : null;
                case IIsTypeOperation isType:
                    return infrastructure.Contains(isType.TypeOperand) || IsTimeout(isType.TypeOperand) ? isType.TypeOperand : null;
                case IIsPatternOperation isPattern:
                    return PatternTypes(isPattern.Pattern, infrastructure);
                default:
                    return null;
            }
        }

        private static ITypeSymbol? PatternTypes(IPatternOperation pattern, InfrastructureExceptions infrastructure)
        {
            switch (pattern)
            {
                case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                    ITypeSymbol? left = PatternTypes(or.LeftPattern, infrastructure);
                    return left != null && PatternTypes(or.RightPattern, infrastructure) != null ? left : null;
                case ITypePatternOperation typePattern:
                    return Judge(typePattern.MatchedType);
                case IDeclarationPatternOperation { MatchedType: { } declared }:
                    return Judge(declared);
                default:
                    return null;
            }

            ITypeSymbol? Judge(ITypeSymbol type) => infrastructure.Contains(type) || IsTimeout(type) ? type : null;
        }

        /// <summary>The name of the innermost method or local function around the catch (lambdas are looked through).</summary>
        private static string? EnclosingFunctionName(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case LocalFunctionStatementSyntax local:
                        return local.Identifier.ValueText;
                    case MethodDeclarationSyntax method:
                        return method.Identifier.ValueText;
                    case MemberDeclarationSyntax _:
                        return null;
                }
            }

            return null;
        }

        /// <summary>TaskCanceledException / TimeoutException named next to an infrastructure type: the client's timeout.</summary>
        private static bool IsTimeout(ITypeSymbol type) => type.Name == "TaskCanceledException" || type.Name == "TimeoutException";

        /// <summary>IsReachable, CanConnect, PingAsync, CheckHealth...: a probe, whose false answer reports the failure.</summary>
        internal static bool IsProbeName(string name)
        {
            foreach (string prefix in ProbePrefixes)
            {
                if (name.StartsWith(prefix, System.StringComparison.Ordinal) && (name.Length == prefix.Length || char.IsUpper(name[prefix.Length])))
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly string[] ProbePrefixes = { "Is", "Can", "Has", "Check", "Ping", "Probe", "Test", "Verify", "Validate", "Exists" };

        /// <summary>
        /// Null when the catch does more than log; otherwise what it does after logging. Catch-alls count only when every
        /// log call is below Error (Warning, Information, Debug) and the catch carries on.
        /// </summary>
        private static string? Classify(IBlockOperation block, LoggingApis logging, bool catchAll, out bool returnsEmptyValue, out bool returnsValue)
        {
            returnsEmptyValue = false;
            returnsValue = false;
            bool logged = false;
            ImmutableArray<IOperation> operations = block.Operations;
            for (int i = 0; i < operations.Length; i++)
            {
                IOperation operation = operations[i];
                if (operation is IExpressionStatementOperation statement && REL102LogAndContinueAnalyzer.IsLogCall(statement.Operation, logging))
                {
                    if (catchAll && !IsBelowError(statement.Operation, logging))
                    {
                        return null;
                    }

                    logged = true;
                    continue;
                }

                // 'result = null;' / 'items = new List<T>();': the failure becomes the empty answer returned after the catch.
                if (!catchAll && operation is IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation } emptied }
                    && REL102LogAndContinueAnalyzer.DescribeEmpty(emptied.Value) != null)
                {
                    if (i == operations.Length - 1)
                    {
                        returnsValue = true;
                        return logged ? "carries on with an empty result" : null;
                    }

                    continue;
                }

                if (i != operations.Length - 1 || !logged)
                {
                    return null;
                }

                switch (operation)
                {
                    case IReturnOperation { ReturnedValue: null }:
                    case IReturnOperation { ReturnedValue: IPropertyReferenceOperation { Property: { IsStatic: true, Name: "CompletedTask" } } }:
                        return catchAll ? "returns (logged below Error)" : "returns";
                    case IBranchOperation { BranchKind: BranchKind.Continue }:
                        return catchAll ? "continues (logged below Error)" : "continues with the next item";
                    case IReturnOperation { ReturnedValue: { } value } when !catchAll:
                        returnsValue = true;
                        string? description = REL102LogAndContinueAnalyzer.DescribeEmpty(value);
                        returnsEmptyValue = description != null && description != "returns false";
                        if (description is null && REL102LogAndContinueAnalyzer.IsNumericZero(value))
                        {
                            return "returns 0"; // a count of nothing: the caller reads "no rows", not "the database is down"
                        }

                        return description;
                    default:
                        return null;
                }
            }

            return logged ? (catchAll ? "carries on (logged below Error)" : "carries on") : null;
        }

        private static bool IsBelowError(IOperation operation, LoggingApis logging)
        {
            if (operation is IAwaitOperation awaited)
            {
                operation = awaited.Operation;
            }

            if (operation is IConditionalAccessOperation conditional)
            {
                operation = conditional.WhenNotNull;
            }

            if (!(operation is IInvocationOperation invocation))
            {
                return false;
            }

            LogApi api = logging.Classify(invocation);
            if (api == LogApi.None || api == LogApi.Console)
            {
                return false; // a project's own ILogger extension: its level is not known
            }

            LogLevelKind level = api == LogApi.MicrosoftExtensionsGenerated && GeneratedLevel(invocation.TargetMethod, logging) is { } declared
                ? declared
                : logging.Level(invocation);
            return level == LogLevelKind.Low || level == LogLevelKind.Warning;
        }

        /// <summary>The level a [LoggerMessage] method declares ('Level = LogLevel.Error' or the constructor's level), or null.</summary>
        private static LogLevelKind? GeneratedLevel(IMethodSymbol method, LoggingApis logging)
        {
            IMethodSymbol? definition = method.PartialDefinitionPart ?? method;
            foreach (AttributeData attribute in definition.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, logging.LoggerMessageAttribute))
                {
                    continue;
                }

                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Level" && named.Value.Value is int level)
                    {
                        return ToKind(level);
                    }
                }

                foreach (TypedConstant argument in attribute.ConstructorArguments)
                {
                    if (argument.Type is { TypeKind: TypeKind.Enum, Name: "LogLevel" } && argument.Value is int level)
                    {
                        return ToKind(level);
                    }
                }

                return LogLevelKind.Unknown; // the level is a parameter of the method
            }

            return null;
        }

        // Trace 0, Debug 1, Information 2, Warning 3, Error 4, Critical 5.
        private static LogLevelKind ToKind(int level) =>
            level >= 4 ? LogLevelKind.Error : level == 3 ? LogLevelKind.Warning : LogLevelKind.Low;
    }
}
