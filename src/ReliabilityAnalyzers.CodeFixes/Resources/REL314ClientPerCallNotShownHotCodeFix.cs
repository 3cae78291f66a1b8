using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.CodeFixes.Resources
{
    /// <summary>
    /// REL314: the audit twin of REL301 gets REL301's fix (the IHttpClientFactory in scope, otherwise one shared static
    /// client with PooledConnectionLifetime), under its own equivalence keys.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL314ClientPerCallNotShownHotCodeFix))]
    public sealed class REL314ClientPerCallNotShownHotCodeFix : CodeFixProvider
    {
        public const string SharedFieldKey = "REL314.SharedStaticClient";
        public const string FactoryKey = "REL314.UseHttpClientFactory";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ClientPerCallNotShownHot);

        public override FixAllProvider GetFixAllProvider() => REL301ClientPerOperationCodeFix.CreateFixAll(FactoryKey);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
            REL301ClientPerOperationCodeFix.RegisterAsync(context, FactoryKey, SharedFieldKey);
    }
}
