using System;
using System.Linq;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ReliabilityAnalyzers.Secrets;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>
    /// The shared REL501–REL503 fix: the literal becomes <c>configuration["Section:Name"] ?? throw …</c> when an IConfiguration
    /// is in scope, otherwise <c>Environment.GetEnvironmentVariable("NAME") ?? throw …</c>. Never offered where only a constant
    /// compiles (const declarations, attribute arguments, default parameter values, case labels and patterns). The literal
    /// itself is never read: titles and names come from the diagnostic's symbol name and kind.
    /// </summary>
    internal static class SecretFixHelpers
    {
        private const string ConfigurationType = "Microsoft.Extensions.Configuration.IConfiguration";

        public static async Task RegisterAsync(CodeFixContext context, string equivalenceKey)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (FindReplaceable(root, diagnostic) is null)
                {
                    continue;
                }

                ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                string title = "Read " + Describe(diagnostic) + " from configuration";
                context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(context.Document, one, ct), equivalenceKey), diagnostic);
            }
        }

        public static FixAllProvider FixAll() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        private static string Describe(Diagnostic diagnostic) =>
            diagnostic.Properties.TryGetValue(SecretBinding.NameProperty, out string? name) && name != null
                ? "'" + name + "'"
                : "the " + (diagnostic.Properties.TryGetValue(SecretBinding.KindProperty, out string? kind) ? kind : "credential");

        private static ExpressionSyntax? FindReplaceable(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Location.IsInSource || !(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression))
            {
                return null;
            }

            if (expression.Span != diagnostic.Location.SourceSpan && expression.Parent is ExpressionSyntax outer && outer.Span == diagnostic.Location.SourceSpan)
            {
                expression = outer;
            }

            for (SyntaxNode? node = expression.Parent; node != null; node = node.Parent)
            {
                switch (node)
                {
                    case AttributeArgumentSyntax:
                    case ParameterSyntax:
                    case CaseSwitchLabelSyntax:
                    case PatternSyntax:
                    case EnumMemberDeclarationSyntax:
                        return null;
                    case FieldDeclarationSyntax field:
                        return field.Modifiers.Any(SyntaxKind.ConstKeyword) ? null : expression;
                    case LocalDeclarationStatementSyntax local:
                        return local.IsConst ? null : expression;
                    case StatementSyntax:
                    case MemberDeclarationSyntax:
                        return expression;
                }
            }

            return expression;
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            SyntaxNode? root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            SemanticModel? model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            INamedTypeSymbol? configurationType = model.Compilation.GetTypeByMetadataName(ConfigurationType);
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (Diagnostic diagnostic in diagnostics)
            {
                if (!(FindReplaceable(root, diagnostic) is { } expression) || replacements.ContainsKey(expression))
                {
                    continue;
                }

                diagnostic.Properties.TryGetValue(SecretBinding.NameProperty, out string? name);
                diagnostic.Properties.TryGetValue(SecretBinding.KindProperty, out string? kind);
                string? configuration = configurationType is null ? null : ConfigurationInScope(model, expression, configurationType, cancellationToken);
                ExpressionSyntax replacement;
                if (configuration != null)
                {
                    string key = ConfigurationKey(model, expression, name, kind, cancellationToken);
                    replacement = ParseExpression(configuration + "[\"" + key + "\"] ?? throw new System.InvalidOperationException(\"Configuration value '" + key + "' is not set\")");
                }
                else
                {
                    string variable = EnvironmentName(name, kind);
                    replacement = ParseExpression("System.Environment.GetEnvironmentVariable(\"" + variable + "\") ?? throw new System.InvalidOperationException(\"" + variable + " is not set\")");
                }

                replacement = replacement.ReplaceNodes(
                    replacement.DescendantNodes().Where(n => n is QualifiedNameSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "System" } }
                        || n is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "System" } }),
                    (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
                if (NeedsParentheses(expression))
                {
                    replacement = ParenthesizedExpression(replacement);
                }

                replacements.Add(expression, replacement.WithTriviaFrom(expression));
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }

        private static bool NeedsParentheses(ExpressionSyntax expression) => expression.Parent switch
        {
            EqualsValueClauseSyntax => false,
            ArgumentSyntax => false,
            AssignmentExpressionSyntax assignment => assignment.Right != expression,
            ReturnStatementSyntax => false,
            ArrowExpressionClauseSyntax => false,
            AnonymousObjectMemberDeclaratorSyntax => false,
            InitializerExpressionSyntax => false,
            BinaryExpressionSyntax binary => !(binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == expression),
            _ => true,
        };

        /// <summary>An IConfiguration local, parameter, field or property usable at the expression, by its name.</summary>
        private static string? ConfigurationInScope(SemanticModel model, ExpressionSyntax expression, INamedTypeSymbol configurationType, CancellationToken cancellationToken)
        {
            int position = expression.SpanStart;
            ISymbol? enclosing = model.GetEnclosingSymbol(position, cancellationToken);
            bool inInitializer = expression.FirstAncestorOrSelf<SyntaxNode>(n => n is FieldDeclarationSyntax || n is PropertyDeclarationSyntax { Initializer: not null }) is { } declaration
                && declaration.FirstAncestorOrSelf<AccessorListSyntax>() is null
                && expression.FirstAncestorOrSelf<ArrowExpressionClauseSyntax>() is null;
            bool staticContext = inInitializer || (enclosing?.IsStatic ?? true);
            string? member = null;
            foreach (ISymbol symbol in model.LookupSymbols(position))
            {
                ITypeSymbol? type = symbol switch
                {
                    ILocalSymbol local when local.DeclaringSyntaxReferences.Length > 0 && local.DeclaringSyntaxReferences[0].Span.End < position => local.Type,
                    IParameterSymbol parameter when !inInitializer => parameter.Type,
                    IFieldSymbol field when field.IsStatic || !staticContext => field.Type,
                    IPropertySymbol property when !property.IsIndexer && (property.IsStatic || !staticContext) => property.Type,
                    _ => null,
                };
                if (type is null || !(SymbolEqualityComparer.Default.Equals(type, configurationType) || type.AllInterfaces.Contains(configurationType, SymbolEqualityComparer.Default)))
                {
                    continue;
                }

                if (symbol is ILocalSymbol || symbol is IParameterSymbol)
                {
                    return symbol.Name; // nearest scope wins
                }

                member ??= symbol.Name;
            }

            return member;
        }

        private static string ConfigurationKey(SemanticModel model, ExpressionSyntax expression, string? name, string? kind, CancellationToken cancellationToken)
        {
            if (name != null && name.IndexOf(':') > 0)
            {
                return name;
            }

            string leaf = Pascal(name ?? kind ?? "Secret");
            if (kind != null && (kind.IndexOf("connection", StringComparison.Ordinal) >= 0 || kind.IndexOf("account key", StringComparison.Ordinal) >= 0
                || kind.IndexOf("shared access", StringComparison.Ordinal) >= 0 || kind.IndexOf("URI", StringComparison.Ordinal) >= 0))
            {
                return "ConnectionStrings:" + leaf;
            }

            string section = model.GetEnclosingSymbol(expression.SpanStart, cancellationToken)?.ContainingType?.Name ?? "Secrets";
            return section + ":" + leaf;
        }

        internal static string Pascal(string name)
        {
            var sb = new StringBuilder();
            foreach (string word in ReliabilityAnalyzers.Infrastructure.NameWords.Split(name))
            {
                sb.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }

            return sb.Length == 0 ? "Secret" : sb.ToString();
        }

        internal static string EnvironmentName(string? name, string? kind)
        {
            string source = name ?? (kind ?? "secret").Replace("GitHub", "Github").Replace("OpenAI", "Openai").Replace("SendGrid", "Sendgrid");
            var sb = new StringBuilder();
            foreach (string word in ReliabilityAnalyzers.Infrastructure.NameWords.Split(source))
            {
                if (sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(word.ToUpperInvariant());
            }

            return sb.Length == 0 ? "SECRET" : sb.ToString();
        }
    }
}
