using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>REL505: an absolute non-loopback URL or host:port literal used as a base address or endpoint.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL505HardcodedEndpointAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.HardcodedEndpoint,
            title: "Hard-coded outbound endpoint",
            messageFormat: "A hard-coded {0} endpoint is given to {1}. " +
                           "A fixed address cannot follow environments, regions or failover without a rebuild and a release. " +
                           "Read the address from configuration (options or IConfiguration).",
            description: "An absolute URL with a network scheme (http, https, ws, wss, tcp, redis, amqp, mqtt, grpc, …) or a host:port literal " +
                         "declared in a constant, field, property or variable, or passed to a Uri, a System.Uri parameter, or a parameter or property " +
                         "named like an address; a bare host name or IP address where a host is expected (SmtpClient, WebProxy, IPAddress.Parse, " +
                         "…Host, …Server). Loopback, reserved and documentation addresses (example.com, .local, .test, 192.0.2.x), XML namespaces " +
                         "and schema URIs, claim types and scopes, links shown to people, text, attributes and test projects (unless " +
                         "reliability.REL505.include_tests = true) are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? uri = new KnownTypes(start.Compilation).Get("System.Uri");
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, uri, testProject), SecretBinding.ConstantStringKinds);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? uri, bool testProject)
        {
            string? value = SecretBinding.ConstantStringToAnalyze(context.Operation, out IOperation target);
            if (value is null || value.Length < 7 || value.Length > 2048
                || HasWhitespace(value) && !(value.IndexOf(';') > 0 && value.IndexOf('=') > 0 && value.IndexOf('=') < value.IndexOf(';')))
            {
                return; // text that mentions a URL is not an endpoint (connection strings may hold spaces: "Integrated Security=true")
            }

            // $"https://api.vendor.com/v1/users/{id}" or "https://api.vendor.com/v1/users/" + id: the literal prefix names the
            // host, and the whole string is what reaches the sink.
            target = PrefixOwner(target, value);

            string scheme;
            string? name;
            if (HasWhitespace(value))
            {
                if (!IsConnectionStringWithHost(value, out scheme) || !IsAddressSink(PrefixOwner(target, value), context.ContainingSymbol, uri, out name)
                    && !IsDeclaration(target, context.ContainingSymbol, value, out name))
                {
                    return;
                }
            }
            else if (value.IndexOf(':') >= 0 && (SecretDetection.IsOutboundEndpoint(value, out scheme) || IsEndpointList(value, out scheme))
                || IsConnectionStringWithHost(value, out scheme))
            {
                if (!IsAddressSink(target, context.ContainingSymbol, uri, out name) && !IsDeclaration(target, context.ContainingSymbol, value, out name))
                {
                    return;
                }
            }
            else if (SecretDetection.IsBareHostOrAddress(value, out scheme))
            {
                if (!IsHostSink(target, context.ContainingSymbol, out name))
                {
                    return; // "smtp.vendor.com" or "10.1.2.3" counts only where a host or IP address is expected
                }
            }
            else
            {
                return;
            }

            if (SecretBinding.EnclosingAttribute(target.Syntax) != null || SecretBinding.IsMessageText(target)
                || ExtendsReportedConstant(target) || SecretDetection.FindEmbeddedCredential(value).IsFound)
            {
                // A value with an embedded credential is REL503's finding; moving it to configuration fixes both.
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, target.Syntax.SyntaxTree, RuleIds.HardcodedEndpoint, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, target.Syntax.GetLocation(), scheme, SecretBinding.Where(name)));
        }

        /// <summary>"kafka1.vendor.net:9092,kafka2.vendor.net:9092" or "cache.vendor.net:6379,ssl=true": the first entry is an endpoint.</summary>
        private static bool IsEndpointList(string value, out string scheme)
        {
            scheme = "";
            int comma = value.IndexOf(',');
            return comma > 0 && SecretDetection.IsOutboundEndpoint(value.Substring(0, comma), out scheme);
        }

        /// <summary>
        /// "Server=sql01.vendor.net,1433;Database=orders;…" / "Host=10.0.0.5;…": a connection string whose server is a
        /// non-loopback host name or address.
        /// </summary>
        private static bool IsConnectionStringWithHost(string value, out string scheme)
        {
            scheme = "";
            if (value.IndexOf(';') < 0 || value.IndexOf('=') < 0)
            {
                return false;
            }

            foreach (string part in value.Split(';'))
            {
                int equals = part.IndexOf('=');
                if (equals <= 0)
                {
                    continue;
                }

                string key = part.Substring(0, equals).Trim().ToLowerInvariant();
                if (key != "server" && key != "host" && key != "data source" && key != "datasource" && key != "address" && key != "addr"
                    && key != "network address" && key != "hostname" && key != "endpoint")
                {
                    continue;
                }

                string host = part.Substring(equals + 1).Trim();
                if (host.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
                {
                    host = host.Substring(4);
                }

                int cut = host.IndexOfAny(new[] { ',', ':', '\\' });
                if (cut > 0)
                {
                    host = host.Substring(0, cut);
                }

                if (host.IndexOf("://", StringComparison.Ordinal) > 0)
                {
                    return SecretDetection.IsOutboundEndpoint(host, out scheme);
                }

                string lowerHost = host.ToLowerInvariant();
                if (lowerHost.EndsWith(".db", StringComparison.Ordinal) || lowerHost.EndsWith(".sqlite", StringComparison.Ordinal)
                    || lowerHost.EndsWith(".sqlite3", StringComparison.Ordinal) || lowerHost.EndsWith(".mdf", StringComparison.Ordinal)
                    || lowerHost.EndsWith(".sdf", StringComparison.Ordinal) || lowerHost.EndsWith(".dat", StringComparison.Ordinal)
                    || lowerHost.EndsWith(".fdb", StringComparison.Ordinal) || lowerHost.EndsWith(".accdb", StringComparison.Ordinal))
                {
                    return false; // "Data Source=orders.db": a database file, not a host
                }

                if (SecretDetection.IsBareHostOrAddress(host.ToLowerInvariant(), out _)
                    && SecretDetection.IsOutboundEndpoint(host.ToLowerInvariant() + ":1", out _))
                {
                    scheme = "connection-string";
                    return true;
                }

                return false;
            }

            return false;
        }

        /// <summary>
        /// The non-constant interpolation or concatenation a literal URL prefix starts, when the prefix already holds the
        /// whole host (a '/' follows the authority); otherwise the literal itself.
        /// </summary>
        private static IOperation PrefixOwner(IOperation literal, string value)
        {
            int scheme = value.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0 || value.IndexOf('/', scheme + 3) < 0 || literal.Kind != OperationKind.Literal)
            {
                return literal;
            }

            if (literal.Parent is IInterpolatedStringTextOperation text && text.Parent is IInterpolatedStringOperation interpolation
                && !interpolation.ConstantValue.HasValue && interpolation.Parts.Length > 1 && interpolation.Parts[0] == text)
            {
                return interpolation;
            }

            IOperation current = literal;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            IOperation owner = literal;
            while (current.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation && concatenation.LeftOperand == current
                   && concatenation.Type?.SpecialType == SpecialType.System_String && !concatenation.ConstantValue.HasValue)
            {
                owner = concatenation;
                current = concatenation;
            }

            return owner;
        }

        /// <summary>
        /// <c>$"{BaseUrl}/v1/search"</c> where BaseUrl is itself a constant endpoint: its declaration is the finding, the
        /// paths built on it are not reported again.
        /// </summary>
        private static bool ExtendsReportedConstant(IOperation target)
        {
            if (target.Kind != OperationKind.Binary && target.Kind != OperationKind.InterpolatedString)
            {
                return false;
            }

            foreach (IOperation descendant in target.Descendants())
            {
                if (descendant is IFieldReferenceOperation or ILocalReferenceOperation
                    && descendant.ConstantValue is { HasValue: true, Value: string part }
                    && part.IndexOf("://", StringComparison.Ordinal) > 0 && SecretDetection.IsOutboundEndpoint(part, out _))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasWhitespace(string value)
        {
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A URL or host:port declared in a field, property, constant or variable initializer, whatever the member is called,
        /// unless the name says it is a link shown to people, an identifier (claim type, scope, audience, XML namespace) or
        /// the URL is a schema document.
        /// </summary>
        private static bool IsDeclaration(IOperation target, ISymbol containingSymbol, string value, out string? name)
        {
            name = null;
            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            bool declared = e.Parent is IFieldInitializerOperation || e.Parent is IPropertyInitializerOperation
                || e.Parent is IVariableInitializerOperation
                || (e.Parent is IReturnOperation && containingSymbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol });
            if (!declared)
            {
                return false;
            }

            name = SecretBinding.BindingName(target, containingSymbol);
            if (name is null)
            {
                return false;
            }

            foreach (string word in NameWords.Split(name))
            {
                if (Array.IndexOf(LinkWords, word) >= 0 || Array.IndexOf(IdentifierWords, word) >= 0)
                {
                    return false;
                }
            }

            // Constants of a type that lists link relations, namespaces, schemes or claim types are identifiers too
            // (an OPDS FeedLinkRelation.Thumbnail = "http://opds-spec.org/image/thumbnail").
            if (containingSymbol.ContainingType is INamedTypeSymbol type)
            {
                foreach (string word in NameWords.Split(type.Name))
                {
                    if (Array.IndexOf(IdentifierWords, word) >= 0 || word == "relation" || word == "relations" || word == "namespaces"
                        || word == "schemes" || word == "types" || word == "rels")
                    {
                        return false;
                    }
                }
            }

            string lower = value.ToLowerInvariant();
            if (lower.IndexOf("/spec/", StringComparison.Ordinal) >= 0 || lower.IndexOf("-spec.", StringComparison.Ordinal) >= 0
                || lower.IndexOf("/standards/", StringComparison.Ordinal) >= 0 || lower.IndexOf("/specs/", StringComparison.Ordinal) >= 0)
            {
                return false; // specification identifiers
            }

            return !(lower.EndsWith(".xsd", StringComparison.Ordinal) || lower.EndsWith(".dtd", StringComparison.Ordinal)
                || lower.EndsWith(".wsdl", StringComparison.Ordinal) || lower.IndexOf("/schemas/", StringComparison.Ordinal) >= 0
                || lower.IndexOf("://schemas.", StringComparison.Ordinal) >= 0 || lower.IndexOf("/ns/", StringComparison.Ordinal) >= 0);
        }

        /// <summary>URLs that name something rather than locate a service: claim types, scopes, audiences, XML namespaces.</summary>
        private static readonly string[] IdentifierWords =
        {
            "claim", "claims", "scope", "scopes", "audience", "issuer", "ns", "xmlns", "rel", "profile", "identifier", "type",
            "label", "text", "title", "caption", "display", "description", "message", "name", "prefix", "pattern", "regex",
            "example", "sample", "placeholder", "format", "template", "origin", "origins", "cors", "referer", "referrer", "spec",
            "scheme", "relation", "rels",
        };

        // A bare dotted name bound to an attribute or tag key is the key ('AttributeNetPeerIp = "net.peer.ip"',
        // OpenTelemetry semantic conventions); for URLs these words decide nothing.
        private static readonly string[] KeyWords = { "attribute", "attributes", "attr", "tag", "tags" };

        /// <summary>An argument of IPAddress.Parse/TryParse, or a symbol, parameter or key named like a host or address.</summary>
        private static bool IsHostSink(IOperation target, ISymbol containingSymbol, out string? name)
        {
            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            name = SecretBinding.BindingName(target, containingSymbol);
            if (e.Parent is IArgumentOperation { Parent: IInvocationOperation invocation }
                && invocation.TargetMethod.ContainingType?.Name == "IPAddress")
            {
                name = "IPAddress." + invocation.TargetMethod.Name;
                return true;
            }

            if (name is null)
            {
                return false;
            }

            if (name.IndexOf("hostname", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true; // hostName, hostNameOrAddress: "name" here is the host's
            }

            string[] words = NameWords.Split(name);
            foreach (string word in words)
            {
                if (Array.IndexOf(LinkWords, word) >= 0 || Array.IndexOf(IdentifierWords, word) >= 0 || Array.IndexOf(KeyWords, word) >= 0)
                {
                    return false;
                }
            }

            foreach (string word in words)
            {
                switch (word)
                {
                    case "host":
                    case "hostname":
                    case "server":
                    case "address":
                    case "ip":
                    case "smtp":
                    case "proxy":
                    case "endpoint":
                    case "broker":
                    case "brokers":
                    case "dns":
                        return true;
                }
            }

            return false;
        }

        private static bool IsAddressSink(IOperation operation, ISymbol containingSymbol, INamedTypeSymbol? uri, out string? name)
        {
            IOperation e = operation;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            name = SecretBinding.BindingName(operation, containingSymbol);
            if (e.Parent is IArgumentOperation argument)
            {
                if (uri != null && argument.Parent is IObjectCreationOperation creation && SymbolEqualityComparer.Default.Equals(creation.Type, uri))
                {
                    name = SecretBinding.BindingName(creation, containingSymbol) ?? "new Uri(...)";
                    return true;
                }

                if (uri != null && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, uri))
                {
                    return true;
                }
            }

            return name != null && IsAddressName(name);
        }

        private static readonly string[] LinkWords =
        {
            "help", "page", "docs", "doc", "documentation", "link", "links", "contact", "watch", "external", "redirect",
            "callback", "return", "logo", "image", "icon", "avatar", "privacy", "terms", "support", "website", "homepage",
            "about", "license", "feedback", "info", "learn", "more", "issue", "issues", "tracker", "schema", "namespace",
        };

        private static bool IsAddressName(string name)
        {
            string[] words = NameWords.Split(name);
            foreach (string word in words)
            {
                if (System.Array.IndexOf(LinkWords, word) >= 0)
                {
                    return false; // links shown to people (help pages, watch/external URLs, callbacks), not endpoints called
                }
            }

            foreach (string word in words)
            {
                switch (word)
                {
                    case "url":
                    case "uri":
                    case "endpoint":
                    case "address":
                    case "host":
                    case "server":
                    case "baseaddress":
                    case "webhook":
                    case "broker":
                    case "brokers":
                    case "configuration":
                    case "connection":
                    case "requesturi":
                        return true;
                }
            }

            return false;
        }
    }
}
