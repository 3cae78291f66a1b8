using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Secrets
{
    /// <summary>REL503: replace the literal with a configuration or environment-variable lookup (see SecretFixHelpers).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL503EmbeddedCredentialCodeFix))]
    public sealed class REL503EmbeddedCredentialCodeFix : CodeFixProvider
    {
        public const string MoveToConfigurationKey = "REL503.MoveToConfiguration";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.EmbeddedCredential);

        public override FixAllProvider GetFixAllProvider() => SecretFixHelpers.FixAll();

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => SecretFixHelpers.RegisterAsync(context, MoveToConfigurationKey);
    }
}
