using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>REL503: a connection string or URI with an embedded credential, also across constant concatenation.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL503EmbeddedCredentialAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.EmbeddedCredential,
            title: "Connection string or URI with an embedded credential",
            messageFormat: "Connection string or URI in {2} embeds a {0} ({1} chars). " +
                           "Whoever reads the code or the assembly can connect as this account, in every environment it reaches. " +
                           "Keep the connection string in configuration and the password in a secret store or use a managed identity.",
            description: "Password= / Pwd= / AccountKey= / SharedAccessKey= / SAS sig= values and scheme://user:password@host user info in constant " +
                         "strings, including constant concatenation and interpolation. Placeholders ({0}, ${VAR}, @param, <password>, ***), empty values, " +
                         "user == password (guest:guest), and examples inside help or error text (a sentence around the connection string, an " +
                         "exception message, a log or console message, a description/help attribute) are not reported.",
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
            if (value is null || value.Length < 8 || (value.IndexOf('=') < 0 && value.IndexOf('@') < 0))
            {
                return;
            }

            SecretFinding finding = SecretDetection.FindEmbeddedCredential(value);
            if (!finding.IsFound || SecretDetection.FindProviderSecret(value).IsFound || SecretBinding.IsMessageText(target))
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
                SecretBinding.Where(name)));
        }
    }
}
