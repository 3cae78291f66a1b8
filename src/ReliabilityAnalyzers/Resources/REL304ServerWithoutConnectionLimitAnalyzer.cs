using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL304 (compilation end): the compilation serves long-lived connections (WebSockets, SignalR hubs, raw Kestrel
    /// connection handlers) and never sets Kestrel's MaxConcurrentConnections / MaxConcurrentUpgradedConnections, in code
    /// or through configuration binding.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL304ServerWithoutConnectionLimitAnalyzer : DiagnosticAnalyzer
    {
        public const string LimitsType = "Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits";
        public const string KestrelOptionsType = "Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ServerWithoutConnectionLimit,
            title: "Server without connection limits",
            messageFormat: "This app accepts long-lived connections ({0}) but never sets {1}{2}. " +
                           "Kestrel's defaults are unlimited, so a flood of clients keeps opening sockets until memory or file handles run out. " +
                           "Set the limits in ConfigureKestrel / Configure<KestrelServerOptions> or in the Kestrel:Limits configuration section.",
            description: "Kestrel's MaxConcurrentConnections and MaxConcurrentUpgradedConnections are null (unlimited) by default; WebSocket and SignalR connections count against the upgraded limit. Without them, overload is not rejected early but ends in resource exhaustion.",
            defaultSeverity: DiagnosticSeverity.Warning,
            WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? limits = types.Get(LimitsType);
                if (limits is null)
                {
                    return;
                }

                var state = new State
                {
                    Limits = limits,
                    KestrelOptions = types.Get(KestrelOptionsType),
                    WebSocketExtensions = types.Get("Microsoft.AspNetCore.Builder.WebSocketMiddlewareExtensions"),
                    WebSocketManager = types.Get("Microsoft.AspNetCore.Http.WebSocketManager"),
                    HubExtensions = types.Get("Microsoft.AspNetCore.Builder.HubEndpointRouteBuilderExtensions"),
                    ConnectionBuilderExtensions = types.Get("Microsoft.AspNetCore.Connections.ConnectionBuilderExtensions"),
                    UseRateLimiterType = types.Get("Microsoft.AspNetCore.Builder.RateLimiterApplicationBuilderExtensions"),
                };

                start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
                start.RegisterOperationAction(state.OnAssignment, OperationKind.SimpleAssignment);
                start.RegisterCompilationEndAction(state.Report);
            });
        }

        private sealed class State
        {
            public INamedTypeSymbol Limits = null!;
            public INamedTypeSymbol? KestrelOptions;
            public INamedTypeSymbol? WebSocketExtensions;
            public INamedTypeSymbol? WebSocketManager;
            public INamedTypeSymbol? HubExtensions;
            public INamedTypeSymbol? ConnectionBuilderExtensions;
            public INamedTypeSymbol? UseRateLimiterType;

            private Location? _usage;
            private string? _usageKind;
            private readonly object _gate = new object();
            private int _connectionsSet;
            private int _upgradedSet;
            private int _configBound;
            private int _rateLimited;

            public void OnInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                IMethodSymbol method = invocation.TargetMethod;
                INamedTypeSymbol type = method.ContainingType;
                string? kind = null;
                if (method.Name == "UseWebSockets" && SymbolEqualityComparer.Default.Equals(type, WebSocketExtensions))
                {
                    kind = "UseWebSockets";
                }
                else if (method.Name == "AcceptWebSocketAsync" && type.InheritsFromOrEquals(WebSocketManager))
                {
                    kind = "AcceptWebSocketAsync";
                }
                else if (method.Name == "MapHub" && SymbolEqualityComparer.Default.Equals(type, HubExtensions))
                {
                    kind = "SignalR MapHub";
                }
                else if (method.Name == "UseConnectionHandler" && SymbolEqualityComparer.Default.Equals(type, ConnectionBuilderExtensions))
                {
                    kind = "a Kestrel connection handler";
                }
                else if (method.Name == "UseRateLimiter" && SymbolEqualityComparer.Default.Equals(type, UseRateLimiterType))
                {
                    Interlocked.Exchange(ref _rateLimited, 1);
                    return;
                }
                else if (IsKestrelConfigBinding(invocation))
                {
                    Interlocked.Exchange(ref _configBound, 1);
                    return;
                }

                if (kind is null)
                {
                    return;
                }

                Location location = invocation.Syntax.GetLocation();
                lock (_gate)
                {
                    // Keep a deterministic location: the earliest in the first file by path.
                    if (_usage is null || Compare(location, _usage) < 0)
                    {
                        _usage = location;
                        _usageKind = kind;
                    }
                }
            }

            private static int Compare(Location a, Location b)
            {
                int byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
                return byFile != 0 ? byFile : a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
            }

            /// <summary>Configure&lt;KestrelServerOptions&gt;(section), options.Configure(section), section.Bind(kestrelOptions).</summary>
            private bool IsKestrelConfigBinding(IInvocationOperation invocation)
            {
                IMethodSymbol method = invocation.TargetMethod;
                if (KestrelOptions is null)
                {
                    return false;
                }

                if (method.Name == "Configure" && SymbolEqualityComparer.Default.Equals(method.ContainingType, KestrelOptions) && method.Parameters.Length > 0)
                {
                    return true;
                }

                if (method.Name == "Configure" && method.IsGenericMethod && method.TypeArguments.Length == 1
                    && SymbolEqualityComparer.Default.Equals(method.TypeArguments[0], KestrelOptions))
                {
                    foreach (IParameterSymbol parameter in method.Parameters)
                    {
                        if (parameter.Type.Name == "IConfiguration")
                        {
                            return true;
                        }
                    }
                }

                if (method.Name == "Bind" && method.ContainingType.Name == "ConfigurationBinder")
                {
                    foreach (IArgumentOperation argument in invocation.Arguments)
                    {
                        ITypeSymbol? type = ResourceHelpers.SkipConversions(argument.Value).Type;
                        if (SymbolEqualityComparer.Default.Equals(type, KestrelOptions) || SymbolEqualityComparer.Default.Equals(type, Limits))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            public void OnAssignment(OperationAnalysisContext context)
            {
                var assignment = (ISimpleAssignmentOperation)context.Operation;
                if (!(assignment.Target is IPropertyReferenceOperation property)
                    || !SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, Limits))
                {
                    return;
                }

                if (property.Property.Name == "MaxConcurrentConnections")
                {
                    Interlocked.Exchange(ref _connectionsSet, 1);
                }
                else if (property.Property.Name == "MaxConcurrentUpgradedConnections")
                {
                    Interlocked.Exchange(ref _upgradedSet, 1);
                }
            }

            public void Report(CompilationAnalysisContext context)
            {
                Location? usage;
                string? kind;
                lock (_gate)
                {
                    usage = _usage;
                    kind = _usageKind;
                }

                if (usage is null || kind is null || _configBound == 1)
                {
                    return;
                }

                bool connections = _connectionsSet == 1;
                bool upgraded = _upgradedSet == 1;
                foreach (AdditionalText file in context.Options.AdditionalFiles)
                {
                    string name = System.IO.Path.GetFileName(file.Path);
                    if (!name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    string? text = file.GetText(context.CancellationToken)?.ToString();
                    if (text is null)
                    {
                        continue;
                    }

                    connections |= text.IndexOf("\"MaxConcurrentConnections\"", StringComparison.OrdinalIgnoreCase) >= 0;
                    upgraded |= text.IndexOf("\"MaxConcurrentUpgradedConnections\"", StringComparison.OrdinalIgnoreCase) >= 0;
                }

                if (connections && upgraded)
                {
                    return;
                }

                string missing = !connections && !upgraded
                    ? "MaxConcurrentConnections or MaxConcurrentUpgradedConnections"
                    : connections ? "MaxConcurrentUpgradedConnections" : "MaxConcurrentConnections";
                string rate = _rateLimited == 1 ? string.Empty : ", and no rate limiter is in the pipeline (AddRateLimiter/UseRateLimiter)";
                context.ReportDiagnostic(Diagnostic.Create(Rule, usage, kind, missing, rate));
            }
        }
    }
}
