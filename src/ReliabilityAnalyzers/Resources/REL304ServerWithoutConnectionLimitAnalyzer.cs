using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL304 (compilation end): the compilation builds a host (WebApplication.CreateBuilder, Host.CreateDefaultBuilder,
    /// WebHost, new WebHostBuilder / HostBuilder, ConfigureWebHostDefaults, ...) and serves long-lived connections
    /// (WebSockets, SignalR hubs, raw Kestrel connection handlers) without Kestrel's MaxConcurrentConnections /
    /// MaxConcurrentUpgradedConnections, in code or through configuration binding. A library that never builds a host is
    /// not judged (the host that uses it decides). A usage inside a method that builds a host is judged on that host:
    /// only limits set in that method, in source methods it calls (depth 3), or in code no host-building method reaches
    /// (an IConfigureOptions class, a Startup class) count, never the limits of another host in the compilation.
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
            // Audit level: on 130+ real code bases every finding was a service behind a proxy, a loopback-only console or an
            // inter-server hub (0 of 4 real). The limits are hardening to review, not a defect to fail a build on.
            defaultSeverity: DiagnosticSeverity.Info,
            WellKnownDiagnosticTags.CompilationEnd);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
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

                state.HostTypes = ResolveHostTypes(types);
                start.RegisterOperationAction(state.OnInvocation, OperationKind.Invocation);
                start.RegisterOperationAction(state.OnObjectCreation, OperationKind.ObjectCreation);
                start.RegisterOperationAction(state.OnAssignment, OperationKind.SimpleAssignment);
                start.RegisterCompilationEndAction(state.Report);
            });
        }

        /// <summary>Flags per method: which limits it sets, whether it binds Kestrel options from configuration.</summary>
        private const int ConnectionsFlag = 1;
        private const int UpgradedFlag = 2;
        private const int BoundFlag = 4;
        private const int MaxCallDepth = 3;

        private sealed class HostTypes
        {
            public INamedTypeSymbol? WebApplication;
            public INamedTypeSymbol? Host;
            public INamedTypeSymbol? WebHost;
            public INamedTypeSymbol? GenericHostBuilderExtensions;
            public INamedTypeSymbol? GenericHostWebHostBuilderExtensions;
            public INamedTypeSymbol? WebHostBuilder;
            public INamedTypeSymbol? HostBuilder;
            public INamedTypeSymbol? HostApplicationBuilder;
            public INamedTypeSymbol? WebApplicationBuilder;
            public INamedTypeSymbol? KestrelServer;
        }

        private static HostTypes ResolveHostTypes(KnownTypes types) => new HostTypes
        {
            WebApplication = types.Get("Microsoft.AspNetCore.Builder.WebApplication"),
            Host = types.Get("Microsoft.Extensions.Hosting.Host"),
            WebHost = types.Get("Microsoft.AspNetCore.WebHost"),
            GenericHostBuilderExtensions = types.Get("Microsoft.Extensions.Hosting.GenericHostBuilderExtensions"),
            GenericHostWebHostBuilderExtensions = types.Get("Microsoft.Extensions.Hosting.GenericHostWebHostBuilderExtensions"),
            WebHostBuilder = types.Get("Microsoft.AspNetCore.Hosting.WebHostBuilder"),
            HostBuilder = types.Get("Microsoft.Extensions.Hosting.HostBuilder"),
            HostApplicationBuilder = types.Get("Microsoft.Extensions.Hosting.HostApplicationBuilder"),
            WebApplicationBuilder = types.Get("Microsoft.AspNetCore.Builder.WebApplicationBuilder"),
            KestrelServer = types.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer"),
        };

        private sealed class Usage
        {
            public Usage(ISymbol member, Location location, string kind)
            {
                Member = member;
                Location = location;
                Kind = kind;
            }

            public ISymbol Member { get; }

            public Location Location { get; }

            public string Kind { get; }
        }

        private sealed class State
        {
            public HostTypes HostTypes = null!;
            public INamedTypeSymbol Limits = null!;
            public INamedTypeSymbol? KestrelOptions;
            public INamedTypeSymbol? WebSocketExtensions;
            public INamedTypeSymbol? WebSocketManager;
            public INamedTypeSymbol? HubExtensions;
            public INamedTypeSymbol? ConnectionBuilderExtensions;
            public INamedTypeSymbol? UseRateLimiterType;

            private readonly List<Usage> _usages = new List<Usage>();
            private readonly object _gate = new object();
            private readonly ConcurrentDictionary<ISymbol, int> _limitsByMember = new ConcurrentDictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            private readonly ConcurrentDictionary<ISymbol, byte> _hostBuilders = new ConcurrentDictionary<ISymbol, byte>(SymbolEqualityComparer.Default);
            private int _rateLimited;

            private void SetFlag(ISymbol member, int flag) => _limitsByMember.AddOrUpdate(member, flag, (_, old) => old | flag);

            public void OnObjectCreation(OperationAnalysisContext context)
            {
                ITypeSymbol? type = ((IObjectCreationOperation)context.Operation).Type;
                HostTypes h = HostTypes;
                if (type != null && (Is(type, h.WebHostBuilder) || Is(type, h.HostBuilder) || Is(type, h.HostApplicationBuilder)
                    || Is(type, h.WebApplicationBuilder) || Is(type, h.KestrelServer)))
                {
                    _hostBuilders.TryAdd(context.ContainingSymbol, 0);
                }
            }

            private static bool Is(ITypeSymbol type, INamedTypeSymbol? expected) =>
                expected != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

            /// <summary>WebApplication.CreateBuilder, Host.CreateDefaultBuilder, WebHost.CreateDefaultBuilder, ConfigureWebHostDefaults, ...</summary>
            private bool BuildsHost(IMethodSymbol method)
            {
                if (!method.IsStatic)
                {
                    return false;
                }

                HostTypes h = HostTypes;
                INamedTypeSymbol type = method.ContainingType;
                string name = method.Name;
                if (Is(type, h.WebApplication))
                {
                    return name == "CreateBuilder" || name == "CreateSlimBuilder" || name == "CreateEmptyBuilder" || name == "Create";
                }

                if (Is(type, h.Host))
                {
                    return name == "CreateDefaultBuilder" || name == "CreateApplicationBuilder" || name == "CreateEmptyApplicationBuilder";
                }

                if (Is(type, h.WebHost))
                {
                    return name == "CreateDefaultBuilder" || name == "CreateSlimBuilder" || name == "Start" || name == "StartWith";
                }

                return (Is(type, h.GenericHostBuilderExtensions) && name == "ConfigureWebHostDefaults")
                    || (Is(type, h.GenericHostWebHostBuilderExtensions) && (name == "ConfigureWebHost" || name == "ConfigureSlimWebHost"));
            }

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
                    SetFlag(context.ContainingSymbol, BoundFlag);
                    return;
                }
                else if (BuildsHost(method))
                {
                    _hostBuilders.TryAdd(context.ContainingSymbol, 0);
                    return;
                }

                if (kind is null)
                {
                    return;
                }

                var usage = new Usage(context.ContainingSymbol, invocation.Syntax.GetLocation(), kind);
                lock (_gate)
                {
                    _usages.Add(usage);
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
                    SetFlag(context.ContainingSymbol, ConnectionsFlag);
                }
                else if (property.Property.Name == "MaxConcurrentUpgradedConnections")
                {
                    SetFlag(context.ContainingSymbol, UpgradedFlag);
                }
            }

            public void Report(CompilationAnalysisContext context)
            {
                List<Usage> usages;
                lock (_gate)
                {
                    usages = new List<Usage>(_usages);
                }

                // A library that never builds a host: the application that uses it sets (or misses) the limits.
                if (usages.Count == 0 || _hostBuilders.IsEmpty)
                {
                    return;
                }

                int fromSettings = SettingsFlags(context);

                // Which limit-setting members each host-building method reaches (itself, and source methods it calls).
                var reachedByHost = new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
                var attributed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (ISymbol host in _hostBuilders.Keys)
                {
                    HashSet<ISymbol> reached = Reach(host, context.Compilation, context.CancellationToken);
                    reachedByHost[host] = reached;
                    attributed.UnionWith(reached);
                }

                // Limits set where no host-building method reaches (options classes, Startup) apply to every host.
                int unattributed = 0;
                int everywhere = 0;
                foreach (KeyValuePair<ISymbol, int> entry in _limitsByMember)
                {
                    everywhere |= entry.Value;
                    if (!attributed.Contains(entry.Key))
                    {
                        unattributed |= entry.Value;
                    }
                }

                usages.Sort((a, b) => Compare(a.Location, b.Location));
                var reportedMembers = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                bool reportedElsewhere = false;
                foreach (Usage usage in usages)
                {
                    int flags = fromSettings | unattributed;
                    bool onHost = false;
                    foreach (KeyValuePair<ISymbol, HashSet<ISymbol>> host in reachedByHost)
                    {
                        if (!host.Value.Contains(usage.Member))
                        {
                            continue;
                        }

                        // Judged on the host(s) whose building method is, or calls, this method.
                        onHost = true;
                        foreach (ISymbol member in host.Value)
                        {
                            if (_limitsByMember.TryGetValue(member, out int set))
                            {
                                flags |= set;
                            }
                        }
                    }

                    if (onHost)
                    {
                        if (!reportedMembers.Add(usage.Member))
                        {
                            continue;
                        }
                    }
                    else
                    {
                        // A Startup.Configure or an extension no host-building method calls: which host it serves is
                        // unknown, so a limit set anywhere counts. One finding for all such usages.
                        if (reportedElsewhere)
                        {
                            continue;
                        }

                        reportedElsewhere = true;
                        flags = fromSettings | everywhere;
                    }

                    bool connections = (flags & ConnectionsFlag) != 0;
                    bool upgraded = (flags & UpgradedFlag) != 0;
                    if ((flags & BoundFlag) != 0 || (connections && upgraded))
                    {
                        continue;
                    }

                    string missing = !connections && !upgraded
                        ? "MaxConcurrentConnections or MaxConcurrentUpgradedConnections"
                        : connections ? "MaxConcurrentUpgradedConnections" : "MaxConcurrentConnections";
                    string rate = _rateLimited == 1 ? string.Empty : ", and no rate limiter is in the pipeline (AddRateLimiter/UseRateLimiter)";
                    context.ReportDiagnostic(Diagnostic.Create(Rule, usage.Location, usage.Kind, missing, rate));
                }
            }

            private static int SettingsFlags(CompilationAnalysisContext context)
            {
                int flags = 0;
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

                    if (text.IndexOf("\"MaxConcurrentConnections\"", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        flags |= ConnectionsFlag;
                    }

                    if (text.IndexOf("\"MaxConcurrentUpgradedConnections\"", StringComparison.OrdinalIgnoreCase) >= 0)
                    {
                        flags |= UpgradedFlag;
                    }
                }

                return flags;
            }

            /// <summary>The member itself and the source methods it calls, transitively to <see cref="MaxCallDepth"/>.</summary>
            private static HashSet<ISymbol> Reach(ISymbol root, Compilation compilation, CancellationToken cancellationToken)
            {
                var reached = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { root };
                var frontier = new List<ISymbol> { root };
                for (int depth = 0; depth < MaxCallDepth && frontier.Count > 0; depth++)
                {
                    var next = new List<ISymbol>();
                    foreach (ISymbol member in frontier)
                    {
                        foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
                        {
                            SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                            if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                            {
                                continue;
                            }

                            SemanticModel model = compilation.GetSemanticModel(declaration.SyntaxTree);
                            foreach (SyntaxNode node in declaration.DescendantNodes())
                            {
                                if (!(node is InvocationExpressionSyntax call)
                                    || !(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called))
                                {
                                    continue;
                                }

                                IMethodSymbol target = (called.ReducedFrom ?? called).OriginalDefinition;
                                if (target.DeclaringSyntaxReferences.Length > 0 && reached.Add(target))
                                {
                                    next.Add(target);
                                }
                            }
                        }
                    }

                    frontier = next;
                }

                return reached;
            }
        }
    }
}
