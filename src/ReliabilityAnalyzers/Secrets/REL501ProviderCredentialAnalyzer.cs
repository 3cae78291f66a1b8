using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>REL501: a provider credential (GitHub, AWS, Stripe, OpenAI, Azure, JWT, PEM, …) recognised by its format.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL501ProviderCredentialAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ProviderCredential,
            title: "Provider credential in source code",
            messageFormat: "Hard-coded {0} ({1} chars{2}) in {3}. " +
                           "Anyone who can read the repository or the built assembly can use it, and it stays in history after removal. " +
                           "Revoke it, then load it from configuration or a secret store.",
            description: "Recognises provider credentials by their published format (prefixes, lengths, CRC32 checksums for GitHub and npm tokens, " +
                         "decodable JWT headers, PEM private keys with a body). Published example and emulator keys are not reported. " +
                         "The diagnostic never contains the credential: only its kind, length and public prefix.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterOperationAction(Analyze, SecretBinding.ConstantStringKinds);
        }

        private static void Analyze(OperationAnalysisContext context)
        {
            string? value = SecretBinding.ConstantStringToAnalyze(context.Operation, out IOperation target);
            if (value is null || value.Length < 20)
            {
                return;
            }

            SecretFinding finding = SecretDetection.FindProviderSecret(value);
            if (!finding.IsFound)
            {
                return;
            }

            string? name = SecretBinding.BindingName(target, context.ContainingSymbol);
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                target.Syntax.GetLocation(),
                SecretBinding.Properties(finding.Kind, name),
                finding.Kind,
                finding.Length,
                SecretDetection.PrefixText(finding.Prefix),
                SecretBinding.Where(name)));
        }
    }
}
