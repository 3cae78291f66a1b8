using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using ReliabilityAnalyzers.CodeFixes.Infrastructure;
using ReliabilityAnalyzers.Infrastructure;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Exceptions
{
    /// <summary>REL101: rethrow, or log with the ILogger in scope and rethrow.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL101EmptyCatchCodeFix))]
    public sealed class REL101EmptyCatchCodeFix : CodeFixProvider
    {
        public const string RethrowKey = "REL101.Rethrow";
        public const string LogAndRethrowKey = "REL101.LogAndRethrow";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.EmptyCatch);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
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
                context.RegisterCodeFix(
                    CodeAction.Create("Rethrow the exception", ct => ApplyAsync(context.Document, one, RethrowKey, ct), RethrowKey),
                    diagnostic);

                if (FindLogger(model, catchClause, context.CancellationToken) is { } logger)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Log with '{logger.Name}' and rethrow", ct => ApplyAsync(context.Document, one, LogAndRethrowKey, ct), LogAndRethrowKey),
                        diagnostic);
                }
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

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            bool log = equivalenceKey == LogAndRethrowKey;
            var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
            bool addedLog = false;
            foreach (Diagnostic diagnostic in diagnostics)
            {
                CatchClauseSyntax? catchClause = FindCatch(root, diagnostic);
                if (catchClause is null || replacements.ContainsKey(catchClause))
                {
                    continue;
                }

                StatementSyntax rethrow = ThrowStatement();
                if (!log)
                {
                    replacements[catchClause] = catchClause.WithBlock(WithStatements(catchClause.Block, rethrow));
                    continue;
                }

                ISymbol? logger = FindLogger(model, catchClause, cancellationToken);
                if (logger is null)
                {
                    continue; // Fix All "log and rethrow" leaves catches without a logger alone
                }

                string name = CatchFixHelpers.ExceptionVariableName(catchClause, model);
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

                StatementSyntax logStatement = ParseStatement(
                    $"{loggerText}.LogError({name}, {SymbolDisplay.FormatLiteral(member + " failed", quote: true)});");
                CatchClauseSyntax updated = CatchFixHelpers.EnsureExceptionVariable(catchClause, name);
                replacements[catchClause] = updated.WithBlock(WithStatements(updated.Block, logStatement, rethrow));
                addedLog = true;
            }

            SyntaxNode newRoot = root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]);
            if (addedLog)
            {
                newRoot = CatchFixHelpers.EnsureUsing(newRoot, "Microsoft.Extensions.Logging");
            }

            return document.WithSyntaxRoot(newRoot);
        }

        private static BlockSyntax WithStatements(BlockSyntax block, params StatementSyntax[] statements)
        {
            // Keep a justifying comment: it moves in front of the new statements.
            SyntaxTriviaList inner = block.OpenBraceToken.TrailingTrivia.AddRange(block.CloseBraceToken.LeadingTrivia);
            var list = new SyntaxList<StatementSyntax>(statements);
            if (HasComment(inner))
            {
                list = list.Replace(list[0], list[0].WithLeadingTrivia(StripEndOfLine(inner)));
            }

            return block
                .WithOpenBraceToken(block.OpenBraceToken.WithTrailingTrivia(ElasticCarriageReturnLineFeed))
                .WithCloseBraceToken(block.CloseBraceToken.WithLeadingTrivia(SyntaxTriviaList.Empty))
                .WithStatements(list)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static bool HasComment(SyntaxTriviaList trivia) => SyntaxHelpers.HasComment(trivia);

        private static SyntaxTriviaList StripEndOfLine(SyntaxTriviaList trivia)
        {
            var builder = new System.Collections.Generic.List<SyntaxTrivia>();
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
