using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Code that runs once per process, at start-up or shutdown: the program's entry point (Main, top-level statements)
    /// and members whose own name says seeding, migration or bootstrapping (<c>SeedAsync</c>, <c>RunMigrationsAsync</c>,
    /// <c>EnsureStoreMigrated</c>). Code inside a lambda or local function there is not: a
    /// middleware delegate or endpoint handler registered at start-up runs per request.
    /// </summary>
    internal static class StartupCode
    {
        /// <param name="function">The innermost function around the call (<see cref="AsyncContext.IsInAsyncFunction"/>).</param>
        public static bool IsOncePerProcess(SyntaxNode function, ISymbol? member, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            // A lambda or local function is handed to someone who may run it per request.
            if (!(member is IMethodSymbol method) || function is AnonymousFunctionExpressionSyntax || function is LocalFunctionStatementSyntax)
            {
                return false;
            }

            if (method.Name == "<Main>$" || (method.IsStatic && method.Name == "Main"
                && SymbolEqualityComparer.Default.Equals(compilation.GetEntryPoint(cancellationToken), method)))
            {
                return true;
            }

            // The member's own name only: a type named for seeding may also run per request ('DefaultIdentitySeed.CreateAsync'
            // runs on every sign-in, measured real on a CMS).
            return SaysStartup(method.Name);
        }

        private static bool SaysStartup(string name)
        {
            foreach (string word in NameWords.Split(name))
            {
                switch (word)
                {
                    case "seed":
                    case "seeds":
                    case "seeder":
                    case "seeding":
                    case "migrate":
                    case "migrated":
                    case "migrates":
                    case "migration":
                    case "migrations":
                    case "migrator":
                    case "bootstrap":
                    case "bootstrapper":
                        return true;
                }
            }

            return false;
        }
    }
}
