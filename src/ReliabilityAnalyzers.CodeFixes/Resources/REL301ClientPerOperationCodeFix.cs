using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
using ReliabilityAnalyzers.Resources;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Resources
{
    /// <summary>
    /// REL301: a parameterless <c>new HttpClient()</c> created per call becomes <c>factory.CreateClient()</c> when an
    /// IHttpClientFactory is in scope, otherwise a shared <c>static readonly</c> client over a SocketsHttpHandler with a
    /// PooledConnectionLifetime (the per-call <c>using</c> is dropped: the shared client must not be disposed).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(REL301ClientPerOperationCodeFix))]
    public sealed class REL301ClientPerOperationCodeFix : CodeFixProvider
    {
        public const string SharedFieldKey = "REL301.SharedStaticClient";
        public const string FactoryKey = "REL301.UseHttpClientFactory";
        public const string FieldName = "SharedHttpClient";
        private const string FactoryType = "System.Net.Http.IHttpClientFactory";

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ClientPerOperation);

        public override FixAllProvider GetFixAllProvider() => CreateFixAll(FactoryKey);

        public override Task RegisterCodeFixesAsync(CodeFixContext context) => RegisterAsync(context, FactoryKey, SharedFieldKey);

        /// <summary>Fix All for REL301 and its audit twin REL314: the factory when that action was chosen, else the shared client.</summary>
        internal static FixAllProvider CreateFixAll(string factoryKey) =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey == factoryKey, context.CancellationToken).ConfigureAwait(false));

        /// <summary>The one registration REL301 and REL314 share, with each rule's own equivalence keys.</summary>
        internal static async Task RegisterAsync(CodeFixContext context, string factoryKey, string sharedFieldKey)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!(FindCreation(root, diagnostic) is { } creation))
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                if (FactoryInScope(model, creation) != null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Use the IHttpClientFactory in scope", ct => ApplyAsync(context.Document, one, true, ct), factoryKey),
                        diagnostic);
                }
                else
                {
                    context.RegisterCodeFix(
                        CodeAction.Create("Use a shared static HttpClient with PooledConnectionLifetime", ct => ApplyAsync(context.Document, one, false, ct), sharedFieldKey),
                        diagnostic);
                }
            }
        }

        /// <summary>A parameterless new HttpClient() / new() that is not a using statement's resource.</summary>
        private static ExpressionSyntax? FindCreation(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(REL301ClientPerOperationAnalyzer.KindProperty, out string? kind) || kind != "HttpClient")
            {
                return null;
            }

            SyntaxNode node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            ArgumentListSyntax? arguments = node switch
            {
                ObjectCreationExpressionSyntax explicitNew => explicitNew.ArgumentList,
                ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList,
                _ => null,
            };
            if (!(node is ExpressionSyntax expression) || arguments is null || arguments.Arguments.Count != 0
                || node.FirstAncestorOrSelf<UsingStatementSyntax>() is { Declaration: { } declaration } && declaration.Span.Contains(node.Span)
                || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null
                || IsDisposedExplicitly(node))
            {
                return null;
            }

            return expression;
        }

        /// <summary>
        /// 'var client = new HttpClient(); try { ... } finally { client.Dispose(); }': swapping in the shared client would
        /// dispose it after the first call, so no fix is offered (only 'using' forms are rewritten, by dropping the using).
        /// </summary>
        private static bool IsDisposedExplicitly(SyntaxNode creation)
        {
            if (!(creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator })
                || creation.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member)
            {
                return false;
            }

            return SyntaxHelpers.HasDisposeCallOn(member, declarator.Identifier.ValueText);
        }

        private static ISymbol? FactoryInScope(SemanticModel model, SyntaxNode creation)
        {
            INamedTypeSymbol? factory = model.Compilation.GetTypeByMetadataName(FactoryType);
            if (factory is null)
            {
                return null;
            }

            bool isStatic = model.GetEnclosingSymbol(creation.SpanStart) is { IsStatic: true };
            foreach (ISymbol symbol in model.LookupSymbols(creation.SpanStart))
            {
                ITypeSymbol? type = symbol switch
                {
                    IParameterSymbol p => p.Type,
                    ILocalSymbol l => l.Type,
                    IFieldSymbol f when !isStatic || f.IsStatic => f.Type,
                    IPropertySymbol p when !p.IsIndexer && (!isStatic || p.IsStatic) => p.Type,
                    _ => null,
                };
                if (type != null && SymbolEqualityComparer.Default.Equals(type, factory))
                {
                    return symbol;
                }
            }

            return null;
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, bool useFactory, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            var typesNeedingField = new HashSet<TypeDeclarationSyntax>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(FindCreation(root, diagnostic) is { } creation))
                {
                    continue;
                }

                ISymbol? factory = FactoryInScope(model, creation);
                if (useFactory != (factory != null))
                {
                    continue;
                }

                ExpressionSyntax replacement = factory != null
                    ? InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(factory.Name), IdentifierName("CreateClient")))
                    : IdentifierName(FieldName);
                replacement = replacement.WithTriviaFrom(creation);

                // 'using var client = new HttpClient();' over the shared client: drop 'using', the shared client lives on.
                if (factory is null && creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax local } } }
                    && local.UsingKeyword != default)
                {
                    LocalDeclarationStatementSyntax updated = local.ReplaceNode(creation, replacement)
                        .WithUsingKeyword(default)
                        .WithAwaitKeyword(default)
                        .WithLeadingTrivia(local.GetLeadingTrivia());
                    replacements[local] = updated;
                }
                else
                {
                    replacements[creation] = replacement;
                }

                if (factory is null)
                {
                    typesNeedingField.Add(creation.FirstAncestorOrSelf<TypeDeclarationSyntax>()!);
                }
            }

            if (replacements.Count == 0)
            {
                return document;
            }

            var types = typesNeedingField.ToList();
            SyntaxNode newRoot = root.TrackNodes(types.Cast<SyntaxNode>().Concat(replacements.Keys));
            foreach (KeyValuePair<SyntaxNode, SyntaxNode> pair in replacements)
            {
                SyntaxNode? current = newRoot.GetCurrentNode(pair.Key);
                if (current != null)
                {
                    newRoot = newRoot.ReplaceNode(current, pair.Value);
                }
            }

            foreach (TypeDeclarationSyntax type in types)
            {
                if (!(newRoot.GetCurrentNode(type) is TypeDeclarationSyntax current)
                    || current.Members.OfType<FieldDeclarationSyntax>().Any(f => f.Declaration.Variables.Any(v => v.Identifier.ValueText == FieldName)))
                {
                    continue;
                }

                newRoot = newRoot.ReplaceNode(current, current.WithMembers(current.Members.Insert(0, SharedField())));
            }

            return document.WithSyntaxRoot(newRoot);
        }

        private static FieldDeclarationSyntax SharedField()
        {
            ExpressionSyntax handler = ParseExpression("new global::System.Net.Http.SocketsHttpHandler { PooledConnectionLifetime = global::System.TimeSpan.FromMinutes(2) }");
            ExpressionSyntax client = ObjectCreationExpression(ParseTypeName("global::System.Net.Http.HttpClient"))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(handler))));
            return FieldDeclaration(
                    VariableDeclaration(ParseTypeName("global::System.Net.Http.HttpClient"))
                        .WithVariables(SingletonSeparatedList(VariableDeclarator(FieldName).WithInitializer(EqualsValueClause(client)))))
                .WithModifiers(TokenList(Token(SyntaxKind.PrivateKeyword), Token(SyntaxKind.StaticKeyword), Token(SyntaxKind.ReadOnlyKeyword)))
                .WithLeadingTrivia(Comment("// One client for the process; PooledConnectionLifetime makes it pick up DNS changes."), ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
        }
    }
}
