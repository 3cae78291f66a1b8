using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL507 (audit level): a literal value for an authentication header (Authorization, Proxy-Authorization, X-Api-Key,
    /// api-key, Ocp-Apim-Subscription-Key, …) or basic-auth credentials built from a literal "user:password". Header values
    /// that look like credentials are REL502 warnings instead; provider tokens are REL501.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL507CredentialInHttpHeaderAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CredentialInHttpHeader,
            title: "Hard-coded credential in an HTTP header",
            messageFormat: "The {0} is set from a hard-coded {1}-character value. " +
                           "A credential sent in a header gives the caller's identity to whoever reads the code or the assembly. " +
                           "Load the value from configuration or a secret store.",
            description: "A constant value for an authentication header (Authorization, Proxy-Authorization, or a header named like a credential " +
                         "such as X-Api-Key, api-key, X-Auth-Token, Ocp-Apim-Subscription-Key) through Headers.Add, TryAddWithoutValidation, " +
                         "WithHeader, an indexer or new AuthenticationHeaderValue(scheme, \"…\"), and basic-auth credentials encoded from a literal " +
                         "\"user:password\" (Convert.ToBase64String(Encoding.*.GetBytes(\"…\"))). Values that look like credentials are REL502.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, testProject), SecretBinding.ConstantStringKinds);
            });
        }

        private static void Analyze(OperationAnalysisContext context, bool testProject)
        {
            IOperation target;
            string what;
            int length;
            CredentialLiteralResult result = CredentialLiteral.Classify(context.Operation, context.ContainingSymbol);
            if (result.Evidence == CredentialEvidence.Header)
            {
                target = result.Target;
                what = "'" + result.Name.Substring(0, result.Name.Length - " header".Length) + "' header";
                length = result.Length;
            }
            else if (result.Evidence == CredentialEvidence.None && IsBasicAuthLiteral(context.Operation, out target, out length))
            {
                what = "basic-auth header";
            }
            else
            {
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, target.Syntax.SyntaxTree, RuleIds.CredentialInHttpHeader, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, target.Syntax.GetLocation(), SecretBinding.Properties("header", null), what, length));
        }

        /// <summary>"user:password" passed to Encoding.*.GetBytes whose bytes go to Convert.ToBase64String.</summary>
        private static bool IsBasicAuthLiteral(IOperation operation, out IOperation target, out int length)
        {
            length = 0;
            string? value = SecretBinding.ConstantStringToAnalyze(operation, out target);
            int colon = value?.IndexOf(':') ?? -1;
            if (value is null || colon <= 0 || colon >= value.Length - 3 || value.IndexOf(' ') >= 0 || value.IndexOf("//", StringComparison.Ordinal) >= 0)
            {
                return false;
            }

            IOperation e = target;
            while (e.Parent is IConversionOperation conversion)
            {
                e = conversion;
            }

            if (!(e.Parent is IArgumentOperation { Parent: IInvocationOperation getBytes }) || getBytes.TargetMethod.Name != "GetBytes"
                || !DerivesFrom(getBytes.TargetMethod.ContainingType, "Encoding", "System.Text"))
            {
                return false;
            }

            IOperation bytes = getBytes;
            while (bytes.Parent is IConversionOperation conversion)
            {
                bytes = conversion;
            }

            if (!(bytes.Parent is IArgumentOperation { Parent: IInvocationOperation toBase64 }) || toBase64.TargetMethod.Name != "ToBase64String"
                || toBase64.TargetMethod.ContainingType?.Name != "Convert")
            {
                return false;
            }

            // The value checks last: the shape above rules out almost every literal more cheaply.
            string user = value.Substring(0, colon);
            string password = value.Substring(colon + 1);
            if (SecretDetection.IsPlaceholder(password) || SecretDetection.IsPlaceholder(user) || string.Equals(user, password, StringComparison.Ordinal))
            {
                return false;
            }

            length = password.Length;
            return true;
        }

        private static bool DerivesFrom(ITypeSymbol? type, string name, string ns)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                if (t.Name == name && t.ContainingNamespace?.ToDisplayString() == ns)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
