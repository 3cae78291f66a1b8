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
            description: "A string literal that looks like a credential (a symbol, or letters and digits interleaved; for passwords a word " +
                         "with a digit) bound to a variable, field, property, named argument, dictionary or configuration key, or authentication " +
                         "header named like a credential (password, secret, api key, token, credential, …). Readable values, positional " +
                         "'token'/'key' parameters and attribute arguments are REL506 (suggestion). Qualified names (PasswordFormat, " +
                         "CancellationToken, ApiKeyHeader), placeholders, templates and labels are not reported. " +
                         "Test projects are skipped unless reliability.REL502.include_tests = true.",
            defaultSeverity: DiagnosticSeverity.Warning);

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
            CredentialLiteralResult result = CredentialLiteral.Classify(context.Operation, context.ContainingSymbol);
            if (result.Evidence != CredentialEvidence.Strong)
            {
                return; // readable values and weaker bindings are REL506's, header values that do not look like credentials REL507's
            }

            if (testProject && !RuleOptions.GetBool(context.Options, result.Target.Syntax.SyntaxTree, RuleIds.CredentialNamedSymbol, IncludeTestsOption, false))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                result.Target.Syntax.GetLocation(),
                SecretBinding.Properties("credential", result.Name),
                "'" + result.Name + "'",
                result.Length));
        }
    }
}
