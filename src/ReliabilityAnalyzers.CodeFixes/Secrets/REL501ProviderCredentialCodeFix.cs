using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Secrets
{
    /// <summary>REL501: replace the literal with a configuration or environment-variable lookup (see SecretFixHelpers).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL501ProviderCredentialCodeFix))]
    public sealed class REL501ProviderCredentialCodeFix : CodeFixProvider
    {
        public const string MoveToConfigurationKey = "REL501.MoveToConfiguration";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ProviderCredential);

        public override FixAllProvider GetFixAllProvider() => SecretFixHelpers.FixAll();

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => SecretFixHelpers.RegisterAsync(context, MoveToConfigurationKey);
    }
}
