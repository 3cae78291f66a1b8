using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
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
            messageFormat: "A hard-coded {0} endpoint is used as the address in {1}. " +
                           "A fixed address cannot follow environments, regions or failover without a rebuild and a release. " +
                           "Read the address from configuration (options or IConfiguration).",
            description: "An absolute URL with a network scheme (http, https, ws, wss, tcp, redis, amqp, mqtt, grpc, …) or a host:port literal " +
                         "that is passed to a Uri, a parameter or property named like an address (url, uri, endpoint, address, host, server), " +
                         "or a System.Uri parameter. Loopback, reserved (example.com, .local, .test) and documentation/schema hosts, " +
                         "attributes and test projects (unless reliability.REL505.include_tests = true) are not reported.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
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
            if (value is null || value.Length < 8 || value.IndexOf(':') < 0 || !SecretDetection.IsOutboundEndpoint(value, out string scheme))
            {
                return;
            }

            if (!IsAddressSink(target, context.ContainingSymbol, uri, out string? name))
            {
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, target.Syntax.SyntaxTree, RuleIds.HardcodedEndpoint, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, target.Syntax.GetLocation(), scheme, SecretBinding.Where(name)));
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
            string[] words = SecretDetection.Tokenize(name);
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
