using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// The fixes for an empty catch (REL101, REL120). The first action, which Fix All and <c>dotnet format</c> apply, keeps
    /// behaviour and adds observability: it logs the exception object through the <c>ILogger</c> in scope (or, with no
    /// logger, records it with <c>System.Diagnostics.Trace</c>) and continues. Log-and-rethrow and rethrow change
    /// behaviour, so they come after it, and only where a rethrow is safe (<see cref="RethrowPolicy"/>).
    /// </summary>
    public abstract class EmptyCatchCodeFix : CodeFixProvider
    {
        protected abstract string LogKey { get; }

        protected abstract string LogAndRethrowKey { get; }

        protected abstract string RethrowKey { get; }

        /// <summary>LogError for a warning-level finding, LogWarning for an audit-level one.</summary>
        protected abstract string LogMethod { get; }

        public sealed override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                CatchClauseSyntax? catchClause = FindCatch(root, diagnostic);
                if (catchClause is null)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                ISymbol? logger = FindLogger(model, catchClause, context.CancellationToken);
                string logTitle = logger is null ? "Record the exception with Trace and continue" : $"Log the exception with '{logger.Name}' and continue";
                context.RegisterCodeFix(CodeAction.Create(logTitle, ct => ApplyAsync(context.Document, one, LogKey, ct), LogKey), diagnostic);

                if (!RethrowPolicy.CanOfferRethrow(catchClause, model, context.CancellationToken))
                {
                    continue;
                }

                if (logger != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Log with '{logger.Name}' and rethrow", ct => ApplyAsync(context.Document, one, LogAndRethrowKey, ct), LogAndRethrowKey),
                        diagnostic);
                }

                context.RegisterCodeFix(
                    CodeAction.Create("Rethrow the exception", ct => ApplyAsync(context.Document, one, RethrowKey, ct), RethrowKey),
                    diagnostic);
            }
        }

        private static CatchClauseSyntax? FindCatch(SyntaxNode root, Diagnostic diagnostic) =>
            root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<CatchClauseSyntax>();

        private static ISymbol? FindLogger(SemanticModel model, CatchClauseSyntax catchClause, CancellationToken cancellationToken)
        {
            INamedTypeSymbol? ilogger = model.Compilation.GetTypeByMetadataName(KnownTypes.ILogger);
            ISymbol? enclosing = model.GetEnclosingSymbol(catchClause.Block.SpanStart, cancellationToken);
            bool isStatic = enclosing is { IsStatic: true } || (enclosing is IMethodSymbol { MethodKind: MethodKind.LambdaMethod or MethodKind.LocalFunction } && IsInStaticMember(enclosing));
            return LoggerLookup.FindLogger(model, catchClause.Block.SpanStart, ilogger, isStatic);
        }

        private static bool IsInStaticMember(ISymbol symbol)
        {
            for (ISymbol? current = symbol; current != null; current = current.ContainingSymbol)
            {
                if (current is IMethodSymbol method && method.MethodKind != MethodKind.LambdaMethod && method.MethodKind != MethodKind.LocalFunction)
                {
                    return method.IsStatic;
                }

                if (current.IsStatic)
                {
                    return true;
                }
            }

            return false;
        }

        private async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            bool logOnly = equivalenceKey == LogKey;
            bool logAndRethrow = equivalenceKey == LogAndRethrowKey;
            if (!logOnly && !logAndRethrow && equivalenceKey != RethrowKey)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            bool addedLog = false;
            foreach (Diagnostic diagnostic in diagnostics)
            {
                CatchClauseSyntax? catchClause = FindCatch(root, diagnostic);
                if (catchClause is null || replacements.ContainsKey(catchClause))
                {
                    continue;
                }

                if (!logOnly && !RethrowPolicy.CanOfferRethrow(catchClause, model, cancellationToken))
                {
                    continue; // Fix All never rethrows where a rethrow is not offered
                }

                if (equivalenceKey == RethrowKey)
                {
                    replacements[catchClause] = catchClause.WithBlock(WithStatements(catchClause.Block, ThrowStatement()));
                    continue;
                }

                ISymbol? logger = FindLogger(model, catchClause, cancellationToken);
                if (logger is null && logAndRethrow)
                {
                    continue;
                }

                string name = CatchFixHelpers.ExceptionVariableName(catchClause, model);
                StatementSyntax record = logger is null
                    ? TraceStatement(name)
                    : LogStatement(logger, catchClause, model, name);
                addedLog |= logger != null;

                CatchClauseSyntax updated = CatchFixHelpers.EnsureExceptionVariable(catchClause, name);
                replacements[catchClause] = logAndRethrow
                    ? updated.WithBlock(WithStatements(updated.Block, record, ThrowStatement()))
                    : updated.WithBlock(WithStatements(updated.Block, record));
            }

            SyntaxNode newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            if (addedLog)
            {
                newRoot = CatchFixHelpers.EnsureUsing(newRoot, "Microsoft.Extensions.Logging");
            }

            return document.WithSyntaxRoot(newRoot);
        }

        private static StatementSyntax TraceStatement(string name)
        {
            ExpressionStatementSyntax statement = (ExpressionStatementSyntax)ParseStatement($"System.Diagnostics.Trace.TraceError({name}.ToString());");
            var invocation = (InvocationExpressionSyntax)statement.Expression;
            var access = (MemberAccessExpressionSyntax)invocation.Expression;
            return statement.WithExpression(invocation.WithExpression(access.WithExpression(access.Expression.WithAdditionalAnnotations(Simplifier.Annotation))))
                .WithAdditionalAnnotations(Simplifier.Annotation);
        }

        private StatementSyntax LogStatement(ISymbol logger, CatchClauseSyntax catchClause, SemanticModel model, string name)
        {
            string member = SyntaxHelpers.EnclosingMemberName(catchClause, out _) ?? "operation";
            if (member == ".ctor")
            {
                member = "constructor";
            }

            string loggerText = logger.Name;
            if (logger is IFieldSymbol || logger is IPropertySymbol)
            {
                // A local or parameter could shadow the member: qualify when that happens.
                ImmutableArray<ISymbol> sameName = model.LookupSymbols(catchClause.Block.SpanStart, name: logger.Name);
                if (sameName.Length != 1 || !SymbolEqualityComparer.Default.Equals(sameName[0], logger))
                {
                    loggerText = (logger.IsStatic ? logger.ContainingType.Name : "this") + "." + logger.Name;
                }
            }

            ITypeSymbol? loggerType = logger switch
            {
                IFieldSymbol f => f.Type,
                IPropertySymbol p => p.Type,
                ILocalSymbol l => l.Type,
                IParameterSymbol p => p.Type,
                _ => null,
            };

            // A nullable logger (ILogger? _logger) is called conditionally, so the fix adds no CS8602.
            string call = loggerType?.NullableAnnotation == NullableAnnotation.Annotated ? "?." : ".";
            return ParseStatement($"{loggerText}{call}{LogMethod}({name}, {SymbolDisplay.FormatLiteral(member + " failed", quote: true)});");
        }

        private static BlockSyntax WithStatements(BlockSyntax block, params StatementSyntax[] statements)
        {
            // Keep a justifying comment: it moves in front of the new statements.
            SyntaxTriviaList inner = block.OpenBraceToken.TrailingTrivia.AddRange(block.CloseBraceToken.LeadingTrivia);
            var list = new SyntaxList<StatementSyntax>(statements);
            if (SyntaxHelpers.HasComment(inner))
            {
                list = list.Replace(list[0], list[0].WithLeadingTrivia(StripEndOfLine(inner)));
            }

            return block
                .WithOpenBraceToken(block.OpenBraceToken.WithTrailingTrivia(ElasticCarriageReturnLineFeed))
                .WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithStatements(list)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static SyntaxTriviaList StripEndOfLine(SyntaxTriviaList trivia)
        {
            var builder = new List<SyntaxTrivia>();
            foreach (SyntaxTrivia t in trivia)
            {
                if (t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    builder.Add(t);
                    builder.Add(ElasticCarriageReturnLineFeed);
                }
            }

            return TriviaList(builder);
        }
    }
}
