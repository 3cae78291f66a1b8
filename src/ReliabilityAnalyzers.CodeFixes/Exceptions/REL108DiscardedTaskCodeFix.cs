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
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>
    /// REL108: in async code, '_ = FooAsync();' becomes 'await FooAsync();'. Not offered in synchronous code, nor when the
    /// discarded value is an existing task (a local, field or parameter): code that drops a task it already holds (a probe
    /// abandoned after 'Task.WhenAny(task, Task.Delay(...))' timed out) abandons it on purpose, and awaiting it would wait
    /// for exactly what the timeout was there to stop waiting for.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL108DiscardedTaskCodeFix))]
    public sealed class REL108DiscardedTaskCodeFix : SyntaxRewriteCodeFix
    {
        public const string AwaitKey = "REL108.Await";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.DiscardedTask);

        protected override string Title => "Await the task instead of discarding it";

        protected override string EquivalenceKey => AwaitKey;

        protected override SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } assignment } statement
            && AsyncContext.Unparenthesize(assignment.Right) is InvocationExpressionSyntax
            && AsyncContext.IsInAsyncFunction(statement, out SyntaxNode? function)
            && !AsyncContext.IsInLock(statement, function)
                ? statement
                : null;

        protected override SyntaxNode Rewrite(SyntaxNode node, RewriteContext context)
        {
            var statement = (ExpressionStatementSyntax)node;
            ExpressionSyntax value = ((AssignmentExpressionSyntax)statement.Expression).Right.WithoutTrivia();
            return statement.WithExpression(AwaitExpression(AsyncFixHelpers.WithConfigureAwait(value, context.ConfigureAwaitFalse)));
        }
    }
}
