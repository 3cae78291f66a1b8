using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL306: a built-in safety limit switched off — request body size, connection counts, SignalR message size,
    /// outbound connections per server, form/multipart limits, listen backlog.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL306LimitRemovedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.LimitRemoved,
            title: "Built-in limit removed",
            messageFormat: "{0} removes a built-in limit. " +
                           "One client can then hold unbounded memory, connections or sockets and starve everyone else. " +
                           "Set an explicit finite limit sized for the largest legitimate request.",
            description: "The defaults of Kestrel, SignalR, form parsing and HTTP handlers cap what one client can consume. Setting them to null or the type's maximum turns a misbehaving client into an outage.",
            defaultSeverity: DiagnosticSeverity.Info);

        // (type, property, null removes it, Max removes it)
        private static readonly (string Type, string Property, bool Null, bool Max)[] Limits =
        {
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxRequestBodySize", true, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxConcurrentConnections", true, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxConcurrentUpgradedConnections", true, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxRequestHeadersTotalSize", false, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxRequestBufferSize", true, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxResponseBufferSize", true, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxRequestHeaderCount", false, true),
            ("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits", "MaxRequestLineSize", false, true),
            ("Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature", "MaxRequestBodySize", true, true),
            ("Microsoft.AspNetCore.Builder.IISServerOptions", "MaxRequestBodySize", true, true),
            ("Microsoft.AspNetCore.SignalR.HubOptions", "MaximumReceiveMessageSize", true, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "MultipartBodyLengthLimit", false, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "ValueLengthLimit", false, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "ValueCountLimit", false, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "KeyLengthLimit", false, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "MultipartHeadersLengthLimit", false, true),
            ("Microsoft.AspNetCore.Http.Features.FormOptions", "BufferBodyLengthLimit", false, true),
            ("System.Net.Http.SocketsHttpHandler", "MaxConnectionsPerServer", false, true),
            ("System.Net.Http.HttpClientHandler", "MaxConnectionsPerServer", false, true),
            ("System.Net.ServicePointManager", "DefaultConnectionLimit", false, true),
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                ImmutableArray<(INamedTypeSymbol Type, string Property, bool Null, bool Max)>.Builder resolved =
                    ImmutableArray.CreateBuilder<(INamedTypeSymbol, string, bool, bool)>();
                foreach (var limit in Limits)
                {
                    if (types.Get(limit.Type) is { } type)
                    {
                        resolved.Add((type, limit.Property, limit.Null, limit.Max));
                    }
                }

                var limits = resolved.ToImmutable();
                INamedTypeSymbol? disableAttribute = types.Get("Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute");
                INamedTypeSymbol? sizeLimitAttribute = types.Get("Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute");
                INamedTypeSymbol? formLimitsAttribute = types.Get("Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute");
                INamedTypeSymbol? dispatcherOptions = types.Get("Microsoft.AspNetCore.Http.Connections.HttpConnectionDispatcherOptions");
                INamedTypeSymbol? tcpListener = types.Get("System.Net.Sockets.TcpListener");
                INamedTypeSymbol? socket = types.Get("System.Net.Sockets.Socket");

                if (limits.Length > 0 || dispatcherOptions != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var assignment = (ISimpleAssignmentOperation)c.Operation;
                        if (!(assignment.Target is IPropertyReferenceOperation property))
                        {
                            return;
                        }

                        // SignalR MapHub(..., o => o.TransportMaxBufferSize = 0): 0 means "no limit" for the connection buffers.
                        if (dispatcherOptions != null
                            && (property.Property.Name == "TransportMaxBufferSize" || property.Property.Name == "ApplicationMaxBufferSize")
                            && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, dispatcherOptions)
                            && ResourceHelpers.SkipConversions(assignment.Value).ConstantValue is { HasValue: true, Value: long or int } zero
                            && System.Convert.ToInt64(zero.Value, System.Globalization.CultureInfo.InvariantCulture) == 0)
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(),
                                "Setting HttpConnectionDispatcherOptions." + property.Property.Name + " to 0 (no limit)"));
                            return;
                        }

                        foreach (var limit in limits)
                        {
                            if (property.Property.Name == limit.Property
                                && property.Property.ContainingType.InheritsFromOrEquals(limit.Type)
                                && ResourceHelpers.IsNoLimitConstant(assignment.Value, limit.Null, limit.Max))
                            {
                                string value = ResourceHelpers.SkipConversions(assignment.Value).ConstantValue.Value is null ? "null" : "its maximum value";
                                c.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(),
                                    "Setting " + limit.Type.Name + "." + limit.Property + " to " + value));
                                return;
                            }
                        }
                    }, OperationKind.SimpleAssignment);
                }

                if (tcpListener != null || socket != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        IMethodSymbol method = invocation.TargetMethod;
                        if ((method.Name == "Start" && SymbolEqualityComparer.Default.Equals(method.ContainingType, tcpListener)
                             || method.Name == "Listen" && SymbolEqualityComparer.Default.Equals(method.ContainingType, socket))
                            && invocation.Arguments.Length == 1
                            && ResourceHelpers.IsNoLimitConstant(invocation.Arguments[0].Value, false, true))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "A listen backlog of int.MaxValue"));
                        }
                    }, OperationKind.Invocation);
                }

                if (disableAttribute != null || sizeLimitAttribute != null || formLimitsAttribute != null)
                {
                    start.RegisterSymbolAction(c =>
                    {
                        foreach (AttributeData attribute in c.Symbol.GetAttributes())
                        {
                            if (!(attribute.ApplicationSyntaxReference is { } reference) || attribute.AttributeClass is null)
                            {
                                continue;
                            }

                            string? what = null;
                            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, disableAttribute))
                            {
                                what = "[DisableRequestSizeLimit] on '" + c.Symbol.Name + "'";
                            }
                            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, sizeLimitAttribute)
                                && attribute.ConstructorArguments.Length == 1 && IsMaxValue(attribute.ConstructorArguments[0].Value))
                            {
                                what = "[RequestSizeLimit] of its maximum value on '" + c.Symbol.Name + "'";
                            }
                            else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, formLimitsAttribute))
                            {
                                foreach (var named in attribute.NamedArguments)
                                {
                                    if (named.Key.EndsWith("Limit", System.StringComparison.Ordinal) && IsMaxValue(named.Value.Value))
                                    {
                                        what = "[RequestFormLimits(" + named.Key + " = its maximum value)] on '" + c.Symbol.Name + "'";
                                        break;
                                    }
                                }
                            }

                            if (what != null)
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, Location.Create(reference.SyntaxTree, reference.Span), what));
                            }
                        }
                    }, SymbolKind.Method, SymbolKind.NamedType);
                }
            });
        }

        private static bool IsMaxValue(object? value) => value is long l && l == long.MaxValue || value is int i && i == int.MaxValue;
    }
}
