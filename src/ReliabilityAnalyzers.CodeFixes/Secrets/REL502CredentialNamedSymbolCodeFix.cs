using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Secrets
{
    /// <summary>REL502: replace the literal with a configuration or environment-variable lookup (see SecretFixHelpers).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL502CredentialNamedSymbolCodeFix))]
    public sealed class REL502CredentialNamedSymbolCodeFix : CodeFixProvider
    {
        public const string MoveToConfigurationKey = "REL502.MoveToConfiguration";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.CredentialNamedSymbol);

        public override FixAllProvider GetFixAllProvider() => SecretFixHelpers.FixAll();

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => SecretFixHelpers.RegisterAsync(context, MoveToConfigurationKey);
    }
}
