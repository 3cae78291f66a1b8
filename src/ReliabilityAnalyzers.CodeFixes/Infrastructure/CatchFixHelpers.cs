using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace ReliabilityAnalyzers.CodeFixes.Infrastructure
{
    /// <summary>Shared edits on catch clauses: naming the caught exception, adding usings.</summary>
    internal static class CatchFixHelpers
    {
        /// <summary>
        /// The name the caught exception has, or the one it will get: "ex", unless that name is taken at the catch.
        /// </summary>
        public static string ExceptionVariableName(CatchClauseSyntax catchClause, SemanticModel model)
        {
            if (catchClause.Declaration is { } declaration && !declaration.Identifier.IsKind(SyntaxKind.None))
            {
                return declaration.Identifier.ValueText;
            }

            foreach (string candidate in new[] { "ex", "exception", "caught" })
            {
                if (model.LookupSymbols(catchClause.Block.SpanStart, name: candidate).IsEmpty && !DeclaredInside(catchClause, candidate))
                {
                    return candidate;
                }
            }

            for (int i = 1; ; i++)
            {
                string candidate = "ex" + i;
                if (model.LookupSymbols(catchClause.Block.SpanStart, name: candidate).IsEmpty && !DeclaredInside(catchClause, candidate))
                {
                    return candidate;
                }
            }
        }

        private static bool DeclaredInside(CatchClauseSyntax catchClause, string name)
        {
            foreach (SyntaxToken token in catchClause.Block.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name
                    && (token.Parent is VariableDeclaratorSyntax || token.Parent is SingleVariableDesignationSyntax
                        || token.Parent is ParameterSyntax || token.Parent is CatchDeclarationSyntax
                        || token.Parent is LocalFunctionStatementSyntax || token.Parent is ForEachStatementSyntax))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Makes sure the catch declares a variable with <paramref name="name"/>; a bare catch becomes catch (System.Exception name).</summary>
        public static CatchClauseSyntax EnsureExceptionVariable(CatchClauseSyntax catchClause, string name)
        {
            if (catchClause.Declaration is { } declaration)
            {
                if (!declaration.Identifier.IsKind(SyntaxKind.None))
                {
                    return catchClause;
                }

                return catchClause.WithDeclaration(declaration.WithIdentifier(Identifier(name)).WithType(declaration.Type.WithTrailingTrivia(Space)));
            }

            TypeSyntax exceptionType = ParseTypeName("System.Exception").WithAdditionalAnnotations(Simplifier.Annotation);
            CatchDeclarationSyntax newDeclaration = CatchDeclaration(exceptionType, Identifier(name))
                .WithTrailingTrivia(catchClause.CatchKeyword.TrailingTrivia);
            return catchClause
                .WithCatchKeyword(catchClause.CatchKeyword.WithTrailingTrivia(Space))
                .WithDeclaration(newDeclaration);
        }

        /// <summary>Adds <c>using ns;</c> to the compilation unit when neither it nor an enclosing namespace imports it.</summary>
        public static SyntaxNode EnsureUsing(SyntaxNode root, string ns)
        {
            if (!(root is CompilationUnitSyntax unit))
            {
                return root;
            }

            if (unit.Usings.Any(u => u.Name?.ToString() == ns && u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None))
                || unit.DescendantNodes(n => n is CompilationUnitSyntax || n is BaseNamespaceDeclarationSyntax)
                    .OfType<BaseNamespaceDeclarationSyntax>()
                    .Any(n => n.Usings.Any(u => u.Name?.ToString() == ns)))
            {
                return root;
            }

            UsingDirectiveSyntax directive = UsingDirective(ParseName(ns)).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
            return unit.AddUsings(directive);
        }
    }
}
