using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL209 (audit): timeouts switched off where the evidence is thinner than REL205's — "Command Timeout=0" (and the
    /// other ADO.NET timeout keys) inside a connection-string literal, Kestrel's KeepAliveTimeout / RequestHeadersTimeout
    /// made infinite, receive / send timeouts disabled on sockets and streams of a type that accepts connections
    /// (a server: a client that never answers holds the socket forever), and WebSocket keep-alive pings switched off
    /// (KeepAliveInterval = TimeSpan.Zero).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL209DisabledTimeoutAuditAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.DisabledTimeoutAudit,
            title: "Timeout disabled on a connection string, server or accepted socket",
            messageFormat: "'{0}' switches a timeout off. " +
                           "A peer or database that stops answering then holds the command, request or socket for as long as it likes. " +
                           "Use a finite timeout sized to the slowest healthy operation.",
            description: "Disabled timeouts in connection strings, in Kestrel's limits and on server sockets let one slow or malicious peer hold resources indefinitely (slow queries pile up, slowloris clients keep connections). Keep every timeout finite.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private sealed class Types
        {
            public Types(Compilation compilation)
            {
                var known = new KnownTypes(compilation);
                Timeout = known.Get("System.Threading.Timeout");
                TimeSpan = known.Get("System.TimeSpan");
                KestrelLimits = known.Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits");
                Socket = known.Get("System.Net.Sockets.Socket");
                TcpClient = known.Get("System.Net.Sockets.TcpClient");
                Stream = known.Get("System.IO.Stream");
                AspNetWebSocketOptions = known.Get("Microsoft.AspNetCore.Builder.WebSocketOptions");
                WebSocketAcceptContext = known.Get("Microsoft.AspNetCore.Http.WebSocketAcceptContext");
                ClientWebSocketOptions = known.Get("System.Net.WebSockets.ClientWebSocketOptions");
                HttpClient = known.Get("System.Net.Http.HttpClient");
                DbCommand = known.Get("System.Data.Common.DbCommand");
                IDbCommand = known.Get("System.Data.IDbCommand");
                CancellationToken = known.Get("System.Threading.CancellationToken");
                CancellationTokenSource = known.Get("System.Threading.CancellationTokenSource");
                Apis = ResilienceApis.For(compilation);
            }

            public INamedTypeSymbol? Timeout { get; }
            public INamedTypeSymbol? TimeSpan { get; }
            public INamedTypeSymbol? KestrelLimits { get; }
            public INamedTypeSymbol? Socket { get; }
            public INamedTypeSymbol? TcpClient { get; }
            public INamedTypeSymbol? Stream { get; }
            public INamedTypeSymbol? AspNetWebSocketOptions { get; }
            public INamedTypeSymbol? WebSocketAcceptContext { get; }
            public INamedTypeSymbol? ClientWebSocketOptions { get; }
            public INamedTypeSymbol? HttpClient { get; }
            public INamedTypeSymbol? DbCommand { get; }
            public INamedTypeSymbol? IDbCommand { get; }
            public INamedTypeSymbol? CancellationToken { get; }
            public INamedTypeSymbol? CancellationTokenSource { get; }
            public ResilienceApis Apis { get; }
        }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new Types(start.Compilation);
                start.RegisterSyntaxNodeAction(AnalyzeLiteral, SyntaxKind.StringLiteralExpression);
                start.RegisterOperationAction(c => AnalyzeAssignment(c, types), OperationKind.SimpleAssignment);
            });
        }

        // ---- connection strings ----

        private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            string text = ((LiteralExpressionSyntax)context.Node).Token.ValueText;
            if (DisabledTimeoutIn(text) is { } found)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, context.Node.GetLocation(), found));
            }
        }

        /// <summary>
        /// The 'key=value' part of an ADO.NET connection string ('Command Timeout=0') or a StackExchange.Redis configuration
        /// string ('syncTimeout=2147483647') that switches a timeout off, or null. Shared with REL220 (configuration files).
        /// </summary>
        internal static string? DisabledTimeoutIn(string text)
        {
            if (text.Length < 12 || text.IndexOf("timeout", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return null;
            }

            if (text.IndexOf(';') < 0)
            {
                return text.IndexOf(',') >= 0 ? RedisTimeoutMaxValue(text) : null;
            }

            string? found = null;
            bool looksLikeConnectionString = false;
            foreach (string part in text.Split(';'))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = Normalize(part.Substring(0, eq));
                string value = part.Substring(eq + 1).Trim();
                switch (key)
                {
                    case "server":
                    case "host":
                    case "datasource":
                    case "database":
                    case "initialcatalog":
                    case "userid":
                    case "username":
                    case "address":
                        looksLikeConnectionString = true;
                        break;
                    case "commandtimeout":
                    case "defaultcommandtimeout":
                    case "connecttimeout":
                    case "connectiontimeout":
                    case "timeout":
                        if (value == "0" && found is null)
                        {
                            found = part.Trim();
                        }

                        break;
                }
            }

            return looksLikeConnectionString ? found : null;
        }

        /// <summary>
        /// A StackExchange.Redis configuration string ("cache:6379,syncTimeout=2147483647"): an endpoint part with no
        /// '=' and a syncTimeout / asyncTimeout / connectTimeout of int.MaxValue.
        /// </summary>
        private static string? RedisTimeoutMaxValue(string text)
        {
            bool endpoint = false;
            string? found = null;
            foreach (string part in text.Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq < 0)
                {
                    // 'cache:6379', 'localhost', 'redis.internal': an endpoint, with or without its port.
                    string trimmed = part.Trim();
                    endpoint |= trimmed.IndexOf(' ') < 0 && trimmed.IndexOf(';') < 0
                        && (trimmed.IndexOf(':') > 0 || trimmed.IndexOf('.') > 0 || string.Equals(trimmed, "localhost", StringComparison.OrdinalIgnoreCase));
                    continue;
                }

                string key = Normalize(part.Substring(0, eq));
                string value = part.Substring(eq + 1).Trim();
                if ((key == "synctimeout" || key == "asynctimeout" || key == "connecttimeout") && value == "2147483647"
                    || (key == "synctimeout" || key == "asynctimeout") && value == "-1")
                {
                    found ??= part.Trim();
                }
            }

            return endpoint ? found : null;
        }

        private static string Normalize(string key)
        {
            var chars = new char[key.Length];
            int n = 0;
            foreach (char c in key)
            {
                if (!char.IsWhiteSpace(c))
                {
                    chars[n++] = char.ToLowerInvariant(c);
                }
            }

            return new string(chars, 0, n);
        }

        // ---- Kestrel and server sockets ----

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
                    // REL205 leaves these out: a resilience handler, streaming, or per-request timeout tokens bound the calls.
                    if (owner.InheritsFromOrEquals(types.HttpClient)
                        && REL205InfiniteTimeoutAnalyzer.IsInfiniteTimeSpan(value, types.Timeout, types.TimeSpan)
                        && HttpClientTimeouts.IsDeliberateInfiniteClientTimeout(assignment, target, types.Apis, types.CancellationToken, types.CancellationTokenSource, context.CancellationToken))
                    {
                        shown = "HttpClient.Timeout = " + REL205InfiniteTimeoutAnalyzer.Short(value);
                    }

                    break;
                case "CommandTimeout":
                    // REL205 leaves this out: a schema migration's command must not be cut off halfway.
                    if ((owner.InheritsFromOrEquals(types.DbCommand) || owner.IsOrImplements(types.IDbCommand))
                        && REL205InfiniteTimeoutAnalyzer.IsIntConstant(value, 0)
                        && StartupCode.IsInMigrationCode(context.ContainingSymbol))
                    {
                        shown = owner.Name + ".CommandTimeout = 0";
                    }

                    break;
                case "KeepAliveTimeout":
                case "RequestHeadersTimeout":
                    if (owner.InheritsFromOrEquals(types.KestrelLimits)
                        && REL205InfiniteTimeoutAnalyzer.IsInfiniteTimeSpan(value, types.Timeout, types.TimeSpan))
                    {
                        shown = "KestrelServerLimits." + property.Name + " = " + value.Syntax;
                    }

                    break;
                case "KeepAliveInterval":
                    // Zero switches WebSocket protocol pings off (a protocol with its own heartbeat does that); it is
                    // no infinite wait, so not REL205: listed here for review.
                    if ((owner.InheritsFromOrEquals(types.AspNetWebSocketOptions) || owner.InheritsFromOrEquals(types.ClientWebSocketOptions)
                            || owner.InheritsFromOrEquals(types.WebSocketAcceptContext))
                        && REL205InfiniteTimeoutAnalyzer.IsZeroTimeSpan(value, types.TimeSpan))
                    {
                        shown = owner.Name + ".KeepAliveInterval = " + REL205InfiniteTimeoutAnalyzer.Short(value);
                    }

                    break;
                case "ReceiveTimeout":
                case "SendTimeout":
                    if ((owner.InheritsFromOrEquals(types.Socket) || owner.InheritsFromOrEquals(types.TcpClient))
                        && (REL205InfiniteTimeoutAnalyzer.IsIntConstant(value, 0) || REL205InfiniteTimeoutAnalyzer.IsIntConstant(value, -1))
                        && AcceptsConnections(assignment))
                    {
                        shown = owner.Name + "." + property.Name + " = " + value.Syntax;
                    }

                    break;
                case "ReadTimeout":
                case "WriteTimeout":
                    if (owner.InheritsFromOrEquals(types.Stream) && REL205InfiniteTimeoutAnalyzer.IsIntConstant(value, -1)
                        && AcceptsConnections(assignment))
                    {
                        shown = owner.Name + "." + property.Name + " = " + value.Syntax;
                    }

                    break;
            }

            if (shown != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), shown));
            }
        }

        /// <summary>
        /// The type that sets the timeout accepts connections (an Accept* call on a Socket or TcpListener): the socket is a
        /// server's, whose peers are untrusted. Client sockets with the default (no) timeout are common and harmless
        /// under async I/O, which ignores these properties.
        /// </summary>
        private static bool AcceptsConnections(IOperation operation)
        {
            SyntaxNode? type = operation.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null || operation.SemanticModel is null)
            {
                return false;
            }

            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax invocation && invocation.Expression is MemberAccessExpressionSyntax access
                    && access.Name.Identifier.ValueText.StartsWith("Accept", StringComparison.Ordinal)
                    && operation.SemanticModel.GetSymbolInfo(invocation).Symbol is IMethodSymbol method
                    && (method.ContainingType?.Name == "Socket" || method.ContainingType?.Name == "TcpListener")
                    && method.ContainingNamespace?.ToDisplayString() == "System.Net.Sockets")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
