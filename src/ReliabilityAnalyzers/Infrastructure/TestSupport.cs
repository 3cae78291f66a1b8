using System;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Test-support code: a test project, or a library's test harness shipped for its users' tests (a namespace such as
    /// 'MassTransit.Testing'). What it does with clients, tasks and failures is not a production defect.
    /// </summary>
    internal static class TestSupport
    {
        private static readonly string[] TestAssemblies =
        {
            // Not xunit.assert alone: assertion helpers also ship in production guard libraries.
            "xunit.core", "xunit.abstractions", "xunit.extensibility.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework",
            "MSTest.TestFramework", "Moq", "NSubstitute", "FakeItEasy",
        };

        private static bool IsTestSegment(string segment) =>
            segment == "Test" || segment == "Tests" || segment == "Testing" || segment == "TestSupport" || segment == "TestUtilities"
            || segment == "TestHelpers" || segment == "TestCommon" || segment == "Specs" || segment == "UnitTests" || segment == "IntegrationTests"
            || segment == "FunctionalTests";

        /// <summary>The assembly is named as tests or test support, or references a test framework or mocking library.</summary>
        internal static bool IsTestSupportCompilation(Compilation compilation)
        {
            string name = compilation.AssemblyName ?? string.Empty;
            foreach (string segment in name.Split('.', '_', '-'))
            {
                if (IsTestSegment(segment))
                {
                    return true;
                }
            }

            foreach (AssemblyIdentity reference in compilation.ReferencedAssemblyNames)
            {
                foreach (string test in TestAssemblies)
                {
                    if (string.Equals(reference.Name, test, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The symbol is declared in a test double or fixture shipped inside a production assembly: a type or namespace
        /// with a word 'Fake', 'Mock', 'Stub' or 'Dummy' (FakeStore, Infrastructure.Fakes), a type named as test data
        /// (TestData, TestConstants, TestCredentials), or a test-support namespace. Seed and demo data are not doubles.
        /// </summary>
        internal static bool IsInTestDouble(ISymbol? symbol)
        {
            if (IsInTestSupportNamespace(symbol))
            {
                return true;
            }

            for (ISymbol? current = symbol; current != null && !(current is INamespaceSymbol ns && ns.IsGlobalNamespace); current = current.ContainingSymbol)
            {
                if ((current is INamedTypeSymbol || current is INamespaceSymbol) && NamesTestDouble(current.Name, current is INamedTypeSymbol))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Code that runs only on a developer's machine: inside a type named for development ('DevDataSeeder',
        /// 'DevelopmentUsers'; not 'DevOps', 'Device' or a product named 'DevCycle…'), or in the then-branch of an <c>IsDevelopment()</c> test. Seed
        /// data that every deployment gets is not development-only.
        /// </summary>
        // 'DevDataSeeder', 'DevUsers', 'DevSeed': 'Dev' names development only before such a noun ('DevCycleClient',
        // 'DevToPublisher' are products).
        private static readonly string[] DevelopmentNouns =
        {
            "data", "seed", "seeder", "seeds", "seeding", "user", "users", "account", "accounts", "login", "logins", "fixture",
            "fixtures", "only", "sample", "samples", "demo", "defaults", "setup", "credentials",
        };

        internal static bool IsDevelopmentOnly(ISymbol? symbol, SyntaxNode node)
        {
            for (ISymbol? current = symbol; current != null && !(current is INamespaceSymbol); current = current.ContainingSymbol)
            {
                if (current is INamedTypeSymbol type)
                {
                    string[] words = NameWords.Split(type.Name);
                    if (words.Length > 1 && (words[0] == "development" || (words[0] == "dev" && Array.IndexOf(DevelopmentNouns, words[1]) >= 0)))
                    {
                        return true;
                    }
                }
            }

            for (SyntaxNode? current = node; current != null && !SyntaxHelpers.IsFunctionBoundary(current); current = current.Parent)
            {
                if (current.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.IfStatementSyntax branch && branch.Statement == current
                    && branch.Condition is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax test
                    && SyntaxHelpers.CalledName(test) == "IsDevelopment")
                {
                    return true;
                }
            }

            return false;
        }

        private static bool NamesTestDouble(string name, bool isType)
        {
            string[] words = NameWords.Split(name);
            for (int i = 0; i < words.Length; i++)
            {
                switch (words[i])
                {
                    case "fake":
                    case "fakes":
                    case "mock":
                    case "mocks":
                    case "stub":
                    case "stubs":
                    case "dummy":
                        return true;
                    case "test" when isType && i == 0 && i + 1 < words.Length && IsFixtureNoun(words[i + 1]):
                        return true;
                }
            }

            return false;
        }

        private static bool IsFixtureNoun(string word) =>
            word == "data" || word == "values" || word == "constants" || word == "fixture" || word == "fixtures" || word == "credentials"
            || word == "secrets" || word == "keys" || word == "tokens" || word == "users" || word == "accounts";

        /// <summary>The symbol's type sits in a namespace with a test segment ('MassTransit.Testing.Implementations').</summary>
        internal static bool IsInTestSupportNamespace(ISymbol? symbol)
        {
            for (INamespaceSymbol? ns = symbol as INamespaceSymbol ?? symbol?.ContainingNamespace; ns != null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
            {
                if (IsTestSegment(ns.Name))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
