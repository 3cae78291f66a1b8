using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL205: a timeout on outbound work explicitly made infinite or disabled — HttpClient.Timeout =
    /// Timeout.InfiniteTimeSpan, CommandTimeout = 0, Polly timeouts of InfiniteTimeSpan, Redis Sync/AsyncTimeout of
    /// int.MaxValue, WebSocket keep-alive made infinite. A keep-alive interval of TimeSpan.Zero (pings off, the
    /// protocol's own heartbeat is used) and socket and stream timeouts of 0 / -1 moved to the audit-level
    /// REL209 (async socket I/O ignores them, and 0 / -1 restates the default). An infinite HttpClient.Timeout is not
    /// reported for long-polling / streaming clients or when every request on the client carries its own timeout token.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL205InfiniteTimeoutAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.InfiniteTimeout,
            title: "Infinite or disabled timeout",
            messageFormat: "'{0}' removes the time limit on outbound work. " +
                           "A remote side that stops answering holds this call, its thread and its connection forever, and the hang spreads to every caller. " +
                           "Set a finite timeout sized to the slowest healthy call.",
            description: "Outbound calls need a finite timeout: an infinite one turns a stalled dependency into a stalled service. Size timeouts to the slowest healthy call, not to infinity.",
            defaultSeverity: DiagnosticSeverity.Info); // audit level: none of the findings judged on real code was a defect (docs/rules/REL205.md)

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private sealed class Types
        {
            public Types(Compilation compilation)
            {
                var known = new KnownTypes(compilation);
                Timeout = known.Get("System.Threading.Timeout");
                TimeSpan = known.Get("System.TimeSpan");
                HttpClient = known.Get("System.Net.Http.HttpClient");
                DbCommand = known.Get("System.Data.Common.DbCommand");
                IDbCommand = known.Get("System.Data.IDbCommand");
                DbConnectionStringBuilder = known.Get("System.Data.Common.DbConnectionStringBuilder");
                CancellationToken = known.Get("System.Threading.CancellationToken");
                CancellationTokenSource = known.Get("System.Threading.CancellationTokenSource");
                RedisOptions = known.Get("StackExchange.Redis.ConfigurationOptions");
                AspNetWebSocketOptions = known.Get("Microsoft.AspNetCore.Builder.WebSocketOptions");
                WebSocketAcceptContext = known.Get("Microsoft.AspNetCore.Http.WebSocketAcceptContext");
                ClientWebSocketOptions = known.Get("System.Net.WebSockets.ClientWebSocketOptions");
                PollyTimeoutOptions = known.Get("Polly.Timeout.TimeoutStrategyOptions");
                PollyTimeoutExtensions = known.Get("Polly.TimeoutResiliencePipelineBuilderExtensions");
                PollyV7Policy = known.Get("Polly.Policy");
                EfRelationalOptionsBuilder = known.Get("Microsoft.EntityFrameworkCore.Infrastructure.RelationalDbContextOptionsBuilder`2");
                EfRelationalFacade = known.Get("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions");
                Dapper = known.Get("Dapper.SqlMapper");
                Apis = ResilienceApis.For(compilation);
            }

            public INamedTypeSymbol? Timeout { get; }
            public INamedTypeSymbol? TimeSpan { get; }
            public INamedTypeSymbol? HttpClient { get; }
            public INamedTypeSymbol? DbCommand { get; }
            public INamedTypeSymbol? IDbCommand { get; }
            public INamedTypeSymbol? DbConnectionStringBuilder { get; }
            public INamedTypeSymbol? CancellationToken { get; }
            public INamedTypeSymbol? CancellationTokenSource { get; }
            public INamedTypeSymbol? RedisOptions { get; }
            public INamedTypeSymbol? AspNetWebSocketOptions { get; }
            public INamedTypeSymbol? WebSocketAcceptContext { get; }
            public INamedTypeSymbol? ClientWebSocketOptions { get; }
            public INamedTypeSymbol? PollyTimeoutOptions { get; }
            public INamedTypeSymbol? PollyTimeoutExtensions { get; }
            public INamedTypeSymbol? PollyV7Policy { get; }
            public INamedTypeSymbol? EfRelationalOptionsBuilder { get; }
            public INamedTypeSymbol? EfRelationalFacade { get; }
            public INamedTypeSymbol? Dapper { get; }
            public ResilienceApis Apis { get; }
        }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new Types(start.Compilation);
                if (types.TimeSpan is null)
                {
                    return;
                }

                start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
                if (types.PollyTimeoutExtensions != null || types.PollyV7Policy != null || types.EfRelationalOptionsBuilder != null || types.Dapper != null)
                {
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
                }

                if (types.Dapper != null)
                {
                    start.RegisterOperationAction(AnalyzeCommandDefinition, OperationKind.ObjectCreation);
                }
            });
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, Types types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!(assignment.Target is IPropertyReferenceOperation target))
            {
                return;
            }

            IPropertySymbol property = target.Property;
            INamedTypeSymbol owner = property.ContainingType;
            IOperation value = assignment.Value;
            string? shown = null;
            switch (property.Name)
            {
                case "Timeout":
                    if (owner.InheritsFromOrEquals(types.HttpClient) && IsInfiniteTimeSpan(value, types))
                    {
                        if (HttpClientTimeouts.IsDeliberateInfiniteClientTimeout(assignment, target, types.Apis, types.CancellationToken, types.CancellationTokenSource, context.CancellationToken))
                        {
                            return; // a resilience handler, streaming, or per-request timeout tokens: REL209 lists it
                        }

                        shown = "HttpClient.Timeout = " + Short(value);
                    }
                    else if (owner.InheritsFromOrEquals(types.PollyTimeoutOptions) && IsInfiniteTimeSpan(value, types))
                    {
                        shown = owner.Name + ".Timeout = " + Short(value);
                    }
                    else if (owner.InheritsFromOrEquals(types.DbConnectionStringBuilder) && IsIntConstant(value, 0))
                    {
                        shown = owner.Name + ".Timeout = 0";
                    }
                    else if ((IsIntConstant(value, -1) || (property.Type.Name == "TimeSpan" && IsInfiniteTimeSpan(value, types)))
                             && KnownBlockingApis.For(context.Compilation).InClientNamespace(owner))
                    {
                        // A network client's own timeout switched off: MailKit's SmtpClient, SSH.NET, System.Net.Mail (phase 25, a
                        // recall probe's alert mailer hung on a stalled relay).
                        shown = owner.Name + ".Timeout = " + Short(value);
                    }

                    break;
                case "CommandTimeout":
                    if ((owner.InheritsFromOrEquals(types.DbCommand) || owner.IsOrImplements(types.IDbCommand) || owner.InheritsFromOrEquals(types.DbConnectionStringBuilder))
                        && IsIntConstant(value, 0) && !StartupCode.IsInMigrationCode(context.ContainingSymbol))
                    {
                        shown = owner.Name + ".CommandTimeout = 0";
                    }

                    break;
                case "ConnectTimeout":
                    if (owner.InheritsFromOrEquals(types.DbConnectionStringBuilder) && IsIntConstant(value, 0))
                    {
                        shown = owner.Name + ".ConnectTimeout = 0";
                    }
                    else if (owner.InheritsFromOrEquals(types.RedisOptions) && IsIntConstant(value, int.MaxValue))
                    {
                        shown = "ConfigurationOptions.ConnectTimeout = int.MaxValue";
                    }

                    break;
                case "SyncTimeout":
                case "AsyncTimeout":
                    if (owner.InheritsFromOrEquals(types.RedisOptions) && IsIntConstant(value, int.MaxValue))
                    {
                        shown = "ConfigurationOptions." + property.Name + " = int.MaxValue";
                    }
                    else if (owner.InheritsFromOrEquals(types.RedisOptions) && IsIntConstant(value, -1))
                    {
                        // The synchronous wait is Monitor.Wait(..., SyncTimeout): -1 (Timeout.Infinite) waits forever.
                        shown = "ConfigurationOptions." + property.Name + " = " + (value.Syntax.ToString().Length <= 24 ? value.Syntax.ToString() : "-1");
                    }

                    break;
                case "KeepAliveInterval":
                case "KeepAliveTimeout":
                    if ((owner.InheritsFromOrEquals(types.AspNetWebSocketOptions) || owner.InheritsFromOrEquals(types.ClientWebSocketOptions)
                            || owner.InheritsFromOrEquals(types.WebSocketAcceptContext))
                        && IsInfiniteTimeSpan(value, types))
                    {
                        shown = owner.Name + "." + property.Name + " = " + Short(value);
                    }

                    break;
            }

            if (shown != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), shown));
            }
        }

        /// <summary>
        /// 'new CommandDefinition(sql, args, commandTimeout: 0)': Dapper's command object carries the same timeout as the
        /// SqlMapper arguments (phase 25, a recall probe's whole-shipment scan).
        /// </summary>
        private static void AnalyzeCommandDefinition(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!(creation.Type is INamedTypeSymbol { Name: "CommandDefinition", ContainingNamespace.Name: "Dapper" }))
            {
                return;
            }

            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter?.Name == "commandTimeout" && IsIntConstant(argument.Value, 0))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), "CommandDefinition(" + Short(argument.Value) + ")"));
                    return;
                }
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, Types types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
            if (container is null)
            {
                return;
            }

            bool polly = (method.Name == "AddTimeout" && SymbolEqualityComparer.Default.Equals(container, types.PollyTimeoutExtensions))
                || ((method.Name == "Timeout" || method.Name == "TimeoutAsync") && (container.InheritsFromOrEquals(types.PollyV7Policy) || SymbolEqualityComparer.Default.Equals(container, types.Apis.PollyPolicyOfT)));
            bool ef = method.Name == "CommandTimeout" && SymbolEqualityComparer.Default.Equals(container, types.EfRelationalOptionsBuilder);
            bool efFacade = method.Name == "SetCommandTimeout" && SymbolEqualityComparer.Default.Equals(container, types.EfRelationalFacade);
            bool dapper = SymbolEqualityComparer.Default.Equals(container, types.Dapper);
            if (!polly && !ef && !efFacade && !dapper)
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                IOperation value = argument.Value;
                bool infinite = polly
                    ? IsInfiniteTimeSpan(value, types)
                    : (ef || efFacade || argument.Parameter.Name == "commandTimeout") && IsIntConstant(value, 0);
                if (infinite)
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Syntax.GetLocation(), method.Name + "(" + Short(value) + ")"));
                    return;
                }
            }
        }

        private static IOperation Strip(IOperation value)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value;
        }

        internal static bool IsIntConstant(IOperation value, int expected)
        {
            if (value is IConversionOperation conversion && !value.ConstantValue.HasValue)
            {
                value = conversion.Operand; // int? parameters (Dapper's commandTimeout, EF's CommandTimeout)
            }

            return value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == expected;
        }

        internal static bool IsInfiniteTimeSpan(IOperation value, INamedTypeSymbol? timeoutType, INamedTypeSymbol? timeSpanType)
        {
            value = Strip(value);
            if (value is IFieldReferenceOperation field)
            {
                INamedTypeSymbol? owner = field.Field.ContainingType;
                return (field.Field.Name == "InfiniteTimeSpan" && SymbolEqualityComparer.Default.Equals(owner, timeoutType))
                    || (field.Field.Name == "MaxValue" && SymbolEqualityComparer.Default.Equals(owner, timeSpanType));
            }

            // TimeSpan.FromMilliseconds(-1) / FromMilliseconds(Timeout.Infinite)
            if (value is IInvocationOperation call && call.TargetMethod.Name == "FromMilliseconds"
                && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, timeSpanType)
                && call.Arguments.Length == 1 && call.Arguments[0].Value.ConstantValue is { HasValue: true } constant
                && System.Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == -1d)
            {
                return true;
            }

            return false;
        }

        private static bool IsInfiniteTimeSpan(IOperation value, Types types) => IsInfiniteTimeSpan(value, types.Timeout, types.TimeSpan);

        /// <summary>TimeSpan.Zero (REL209: a WebSocket keep-alive interval of zero switches protocol pings off).</summary>
        internal static bool IsZeroTimeSpan(IOperation value, INamedTypeSymbol? timeSpanType)
        {
            value = Strip(value);
            return value is IFieldReferenceOperation field && field.Field.Name == "Zero"
                && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, timeSpanType);
        }

        internal static string Short(IOperation value)
        {
            string text = value.Syntax.ToString();
            return text.Length > 60 ? text.Substring(0, 60) + "…" : text;
        }

        /// <summary>
        /// The assignment sits in a lambda passed to AddHttpClient / ConfigureHttpClient whose registration chain adds a
        /// resilience handler: the handler's total and attempt timeouts bound the call, and an infinite HttpClient.Timeout
        /// is how the documentation says to hand timing to the pipeline.
        /// </summary>
        internal static bool IsInResilientClientRegistration(IOperation operation, ResilienceApis apis) =>
            RegistrationChainHas(operation, apis, call => ResilienceApis.IsResilienceHandlerMethod(call.TargetMethod));

        /// <summary>
        /// The assignment configures the HttpClient of an AddGrpcClient registration: gRPC bounds each call with its own
        /// deadline, and streaming calls live as long as the stream, so the gRPC guidance is an infinite HttpClient.Timeout.
        /// </summary>
        internal static bool IsInGrpcClientRegistration(IOperation operation, ResilienceApis apis) =>
            RegistrationChainHas(operation, apis, call => call.TargetMethod.Name == "AddGrpcClient" && apis.IsClientRegistration(call.TargetMethod));

        /// <summary>The lambda holding <paramref name="operation"/> is an argument of a client-builder chain with a call that matches.</summary>
        private static bool RegistrationChainHas(IOperation operation, ResilienceApis apis, System.Func<IInvocationOperation, bool> predicate)
        {
            IOperation? current = operation;
            while (current != null && !(current is IAnonymousFunctionOperation))
            {
                current = current.Parent;
            }

            while (current?.Parent is IDelegateCreationOperation || current?.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            if (!(current?.Parent is IArgumentOperation argument) || !(argument.Parent is IInvocationOperation call)
                || apis.HttpClientBuilder is null)
            {
                return false;
            }

            // Down to the start of the chain, then along it.
            IOperation root = call;
            while (root is IInvocationOperation invocation && invocation.TargetMethod.ReturnType.IsOrImplements(apis.HttpClientBuilder)
                   && ResilienceApis.Receiver(invocation) is IInvocationOperation receiver && receiver.Type.IsOrImplements(apis.HttpClientBuilder))
            {
                root = receiver;
            }

            for (IInvocationOperation? next = root as IInvocationOperation; next != null; next = ResilienceApis.NextInChain(next))
            {
                if (predicate(next))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
