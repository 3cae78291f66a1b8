using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Code that runs once per process, at start-up or shutdown: the program's entry point (Main, top-level statements)
    /// and members whose own name says seeding, migration or bootstrapping (<c>SeedAsync</c>, <c>RunMigrationsAsync</c>,
    /// <c>EnsureStoreMigrated</c>), and static methods the entry point calls directly. Code inside a lambda or local function there is not: a
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
            return SaysStartup(method.Name) || TakesOnlyCommandLine(method) || IsCalledFromEntryPoint(method, compilation, cancellationToken);
        }

        /// <summary>
        /// A call that runs on a thread of its own: in a method whose every use starts it with <c>Task.Factory.StartNew(() =>
        /// M(), TaskCreationOptions.LongRunning)</c> (lambda or method group) or <c>new Thread(...)</c>, before the method's
        /// first await (after it, the method continues on pool threads). The author gave that code a dedicated thread; a
        /// blocking call there holds it by design, not a pool thread. Uses are listed by <see cref="MethodUses"/>; a method
        /// others may call is not.
        /// </summary>
        public static bool RunsOnDedicatedThread(SyntaxNode function, SyntaxNode call, SemanticModel model, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            // Only until the first await: after it the method continues on pool threads, where a blocking call is REL404's.
            if (!(function is MethodDeclarationSyntax || function is LocalFunctionStatementSyntax) || AwaitsBefore(function, call)
                || !(model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol method)
                || !(MethodUses.For(compilation).Of(method, function, model, cancellationToken) is { } uses) || uses.Count == 0)
            {
                return false;
            }

            foreach (MethodUses.Use use in uses)
            {
                if (!StartsDedicatedThread(use.Name))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>An await in the function before the call, or anywhere in a loop around the call (a later iteration follows it).</summary>
        private static bool AwaitsBefore(SyntaxNode function, SyntaxNode call)
        {
            SyntaxNode? loop = null;
            for (SyntaxNode? current = call.Parent; current != null && current != function; current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current))
                {
                    loop = current;
                }
            }

            foreach (SyntaxNode node in function.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax) || n == function))
            {
                if (SyntaxHelpers.IsAwaitPoint(node) && (node.SpanStart < call.SpanStart || (loop != null && loop.Span.Contains(node.Span))))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool StartsDedicatedThread(SimpleNameSyntax name)
        {
            // 'StartNew(M, ...)' / 'new Thread(M)': the method group is the argument; '() => M()' / '() => { M(); }': the
            // lambda whose body is the call is the argument.
            SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (node.Parent is InvocationExpressionSyntax call && call.Expression == node)
            {
                node = call;
                if (node.Parent is ExpressionStatementSyntax statement && statement.Parent is BlockSyntax { Statements.Count: 1 } block)
                {
                    node = block;
                }

                if (!(node.Parent is AnonymousFunctionExpressionSyntax lambda))
                {
                    return false;
                }

                node = lambda;
            }

            if (!(node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax arguments } argument) || arguments.Arguments[0] != argument)
            {
                return false;
            }

            switch (arguments.Parent)
            {
                case ObjectCreationExpressionSyntax { Type: var type }:
                    return type is IdentifierNameSyntax { Identifier.ValueText: "Thread" } || type is QualifiedNameSyntax { Right.Identifier.ValueText: "Thread" };
                case InvocationExpressionSyntax starter when SyntaxHelpers.CalledName(starter) == "StartNew":
                    foreach (ArgumentSyntax other in arguments.Arguments)
                    {
                        if (other.Expression.ToString().EndsWith("LongRunning", System.StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        /// <summary>
        /// 'public static async Task Process(string[] args)': a static method whose one parameter is the command line is a
        /// process entry (Main's sub-command, a worker mode dispatched by name or reflection); nothing per request takes
        /// the process's arguments.
        /// </summary>
        private static bool TakesOnlyCommandLine(IMethodSymbol method) =>
            method.IsStatic && method.Parameters.Length == 1
            && method.Parameters[0].Type is IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_String };

        /// <summary>
        /// A static method the entry point calls by its qualified name ('await DatabaseInitializer.InitializeAsync(app.Services);'),
        /// or an extension method it calls ('app.EnsureDatabase()'), outside any loop or lambda there: it runs while the
        /// process starts. Syntax only, read once per compilation from the entry point's own declaration.
        /// </summary>
        private static bool IsCalledFromEntryPoint(IMethodSymbol method, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            if (!method.IsStatic || method.ContainingType is null)
            {
                return false;
            }

            EntryPointCalls? calls = PerCompilation<EntryPointCalls>.Get(compilation, c => EntryPointCalls.Read(c, cancellationToken));
            return calls != null && (calls.Qualified.Contains(method.ContainingType.Name + "." + method.Name)
                || (method.IsExtensionMethod && calls.Unqualified.Contains(method.Name)));
        }

        private sealed class EntryPointCalls
        {
            public System.Collections.Generic.HashSet<string> Qualified { get; } = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);

            public System.Collections.Generic.HashSet<string> Unqualified { get; } = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);

            public static EntryPointCalls? Read(Compilation compilation, System.Threading.CancellationToken cancellationToken)
            {
                IMethodSymbol? entryPoint = compilation.GetEntryPoint(cancellationToken);
                if (entryPoint is null)
                {
                    return null;
                }

                var calls = new EntryPointCalls();
                foreach (SyntaxReference reference in entryPoint.DeclaringSyntaxReferences)
                {
                    SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                    // Top-level statements: the compilation unit's global statements; Main: its body.
                    foreach (SyntaxNode node in declaration.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax || n is LocalFunctionStatementSyntax
                        || n is ForStatementSyntax || n is ForEachStatementSyntax || n is WhileStatementSyntax || n is DoStatementSyntax
                        || n is TypeDeclarationSyntax || n is BaseNamespaceDeclarationSyntax)))
                    {
                        if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                        {
                            string name = access.Name.Identifier.ValueText;
                            if (access.Expression is IdentifierNameSyntax type)
                            {
                                calls.Qualified.Add(type.Identifier.ValueText + "." + name);
                            }

                            calls.Unqualified.Add(name);
                        }
                    }
                }

                return calls;
            }
        }

        private static bool SaysStartup(string name)
        {
            if (SaysMigration(name))
            {
                return true;
            }

            foreach (string word in NameWords.Split(name))
            {
                switch (word)
                {
                    case "seed":
                    case "seeds":
                    case "seeder":
                    case "seeding":
                    case "bootstrap":
                    case "bootstrapper":
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Code of a schema or data migration: the member, its type or a containing type is named for migrating
        /// ('class Migration { void ExecuteScript(...) }'; REL205 / REL209: a migration command must not be cut off halfway;
        /// REL305: a migration's parallel loop runs once, at start-up or on deployment). Also a type that derives from or
        /// implements a migration type ('AddTypeToSetDto : IMongoMigrationStep', EF Core's 'Migration'), or a namespace
        /// segment named so ('...Migration.Steps.Version19'; phase 25, a job-storage library's schema steps).
        /// </summary>
        internal static bool IsInMigrationCode(ISymbol? member)
        {
            for (ISymbol? current = member; current != null; current = current.ContainingSymbol)
            {
                if (SaysMigration(current.Name))
                {
                    return true;
                }

                if (current is INamedTypeSymbol type)
                {
                    for (INamedTypeSymbol? baseType = type.BaseType; baseType != null; baseType = baseType.BaseType)
                    {
                        if (SaysMigration(baseType.Name))
                        {
                            return true;
                        }
                    }

                    foreach (INamedTypeSymbol implemented in type.AllInterfaces)
                    {
                        if (SaysMigration(implemented.Name))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>A name with a migration word: 'RunMigrationsAsync', 'EnsureStoreMigrated', 'SchemaMigrator'.</summary>
        internal static bool SaysMigration(string name)
        {
            foreach (string word in NameWords.Split(name))
            {
                switch (word)
                {
                    case "migrate":
                    case "migrated":
                    case "migrates":
                    case "migration":
                    case "migrations":
                    case "migrator":
                        return true;
                }
            }

            return false;
        }
    }
}
