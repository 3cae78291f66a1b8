using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL506 (audit level): the weaker evidence split off REL502 — a credential-named binding whose value does not look
    /// like a credential, a positional argument to a parameter named only 'token'/'key', an attribute argument, or
    /// <c>[DefaultValue("…")]</c> on a credential-named property.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL506CredentialNamedSymbolAuditAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Report in test projects too (off by default).</summary>
        public const string IncludeTestsOption = "include_tests";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CredentialNamedSymbolAudit,
            title: "Possible credential assigned to a credential-named symbol",
            messageFormat: "{0} is set to a hard-coded {1}-character value that may be a credential. " +
                           "If it is one, it ships to every clone and build output and cannot be rotated without a release. " +
                           "Review it; load credentials from configuration, user secrets or a secret store.",
            description: "The audit-level half of REL502: a credential-named variable, field, property, key or parameter bound to a literal " +
                         "that does not look like a credential (a readable word or identifier), a positional argument to a parameter named " +
                         "'token' or '…key', an attribute argument, or [DefaultValue(\"…\")] on a credential-named property.",
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
            CredentialLiteralResult result = CredentialLiteral.Classify(context.Operation, context.ContainingSymbol);
            if (result.Evidence != CredentialEvidence.Weak)
            {
                return;
            }

            if (testProject && !RuleOptions.GetBool(context.Options, result.Target.Syntax.SyntaxTree, RuleIds.CredentialNamedSymbolAudit, IncludeTestsOption, false))
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
