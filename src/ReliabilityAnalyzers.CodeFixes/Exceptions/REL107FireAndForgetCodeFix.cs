using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Exceptions;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL107: in async code, 'var t = FooAsync();' whose local is never read becomes 'await FooAsync();'.
    /// Dropped calls in synchronous code get no automatic fix: making the caller async changes its signature.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL107FireAndForgetCodeFix))]
    public sealed class REL107FireAndForgetCodeFix : SyntaxRewriteCodeFix
    {
        public const string AwaitKey = "REL107.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.FireAndForget);

        protected override string Title => "Await the task";

        protected override string EquivalenceKey => AwaitKey;

        protected override SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL107FireAndForgetAnalyzer.KindProperty, out string? kind) || kind != REL107FireAndForgetAnalyzer.KindLocal)
            {
                return null;
            }

            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is
                   { Initializer: { } initializer, Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement } }
                && statement.UsingKeyword.IsKind(SyntaxKind.None)
                && AsyncContext.IsInAsyncFunction(statement, out SyntaxNode? function)
                && !AsyncContext.IsInLock(statement, function)
                && initializer.Value != null
                ? statement
                : null;
        }

        protected override SyntaxNode Rewrite(SyntaxNode node, RewriteContext context)
        {
            var statement = (LocalDeclarationStatementSyntax)node;
            ExpressionSyntax value = statement.Declaration.Variables[0].Initializer!.Value.WithoutTrivia();
            return ExpressionStatement(AwaitExpression(AsyncFixHelpers.WithConfigureAwait(value, context.ConfigureAwaitFalse))).WithTriviaFrom(statement);
        }
    }
}
