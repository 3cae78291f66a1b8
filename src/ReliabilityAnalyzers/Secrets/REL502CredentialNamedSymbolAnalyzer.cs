using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>REL502: a literal bound to a credential-named symbol, parameter, dictionary key or configuration key.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL502CredentialNamedSymbolAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default: test fixtures hold fake passwords on purpose).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CredentialNamedSymbol,
            title: "Hard-coded credential assigned to a credential-named symbol",
            messageFormat: "{0} is set to a hard-coded {1}-character value. " +
                           "A credential in source ships to every clone and build output and cannot be rotated without a release. " +
                           "Load it from configuration, user secrets or a secret store.",
            description: "A string literal bound to a variable, field, property, parameter, dictionary key or configuration key named like a " +
                         "credential (password, secret, api key, token, credential, …). Qualified names (PasswordFormat, TokenEndpoint, " +
                         "ApiKeyHeader), placeholders, templates, environment-variable names and labels that contain the name are not reported. " +
                         "Test projects are skipped unless reliability.REL502.include_tests = true.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                bool testProject = SecretBinding.IsTestProject(start.Compilation);
                start.RegisterOperationAction(c => Analyze(c, testProject), SecretBinding.ConstantStringKinds);
            });
        }

        private static void Analyze(OperationAnalysisContext context, bool testProject)
        {
            string? value = SecretBinding.ConstantStringToAnalyze(context.Operation, out IOperation target);
            if (value is null || value.Length < 4)
            {
                return;
            }

            string? name = SecretBinding.BindingName(target, context.ContainingSymbol);
            if (!SecretDetection.IsCredentialName(name) || !SecretDetection.IsPlausibleSecretValue(value, name!))
            {
                return;
            }

            if (SecretDetection.FindProviderSecret(value).IsFound || SecretDetection.FindEmbeddedCredential(value).IsFound)
            {
                return; // REL501 / REL503 report it with a more precise kind
            }

            if (testProject && !RuleOptions.GetBool(context.Options, target.Syntax.SyntaxTree, RuleIds.CredentialNamedSymbol, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                target.Syntax.GetLocation(),
                SecretBinding.Properties("credential", name),
                "'" + name + "'",
                value.Length));
        }
    }
}
