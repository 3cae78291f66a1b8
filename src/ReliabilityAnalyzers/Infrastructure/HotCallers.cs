using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// "Does this method run per operation?" read from its callers (REL301): a request handler open to every caller (a
    /// controller action, Razor Pages handler or hub method without a role restriction), or a method called inside a
    /// loop, a per-item LINQ / Parallel lambda or a minimal-API endpoint, directly or through one more caller. Call sites
    /// are found in the files whose text names the method, through the members it overrides or implements (a call on
    /// the interface counts). Bounded: two levels of callers, a fixed number of call sites; cached per compilation.
    /// </summary>
    internal sealed class HotCallers
    {
        private const int MaxDepth = 2;
        private const int MaxCallSites = 40;

        private static readonly HashSet<string> PerItemMethods = new HashSet<string>
        {
            "Select", "SelectMany", "ForEach", "ForEachAsync", "ConvertAll", "Parallel",
        };

        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly ConcurrentDictionary<IMethodSymbol, string> _answers = new ConcurrentDictionary<IMethodSymbol, string>(SymbolEqualityComparer.Default);

        private HotCallers(Compilation compilation)
        {
            _compilation = compilation;
            _types = new KnownTypes(compilation);
        }

        public static HotCallers For(Compilation compilation) => PerCompilation<HotCallers>.Get(compilation, c => new HotCallers(c))!;

        /// <summary>How the method is reached per operation ("which serves every request", "called in a loop in 'X'"), or null.</summary>
        public string? HotPathTo(IMethodSymbol method, CancellationToken cancellationToken)
        {
            IMethodSymbol key = method.OriginalDefinition;
            if (_answers.TryGetValue(key, out string known))
            {
                return known.Length == 0 ? null : known;
            }

            int budget = MaxCallSites;
            string? answer = Find(key, 0, ref budget, cancellationToken);
            _answers.TryAdd(key, answer ?? string.Empty);
            return answer;
        }

        private string? Find(IMethodSymbol method, int depth, ref int budget, CancellationToken cancellationToken)
        {
            if (RequestHandlers.KindOf(method, _types) is { } kind && !IsRoleRestricted(method))
            {
                return depth == 0 ? "a " + kind + " open to every caller" : "reached from the " + kind + " '" + method.Name + "'";
            }

            if (depth >= MaxDepth || (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction) || method.Name == "Main")
            {
                return null;
            }

            HashSet<IMethodSymbol> targets = TargetsOf(method);
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                if (!SyntaxHelpers.TextMentions(tree, method.Name, cancellationToken))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax call) || SyntaxHelpers.CalledName(call) != method.Name)
                    {
                        continue;
                    }

                    if (--budget < 0)
                    {
                        return null;
                    }

                    model ??= _compilation.GetSemanticModel(tree);
                    if (!(model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol called) || !targets.Contains(called.OriginalDefinition))
                    {
                        continue;
                    }

                    SyntaxNode? callerDeclaration = null;
                    string? around = PerItemContext(call, ref callerDeclaration);
                    ISymbol? caller = callerDeclaration is null ? null : model.GetDeclaredSymbol(callerDeclaration, cancellationToken);
                    string callerName = caller?.Name ?? "top-level code";
                    if (around != null)
                    {
                        return "called " + around + " in '" + callerName + "'" + (depth == 0 ? string.Empty : " through '" + method.Name + "'");
                    }

                    if (caller is IMethodSymbol callerMethod && !SymbolEqualityComparer.Default.Equals(callerMethod.OriginalDefinition, method))
                    {
                        string? up = Find(callerMethod.OriginalDefinition, depth + 1, ref budget, cancellationToken);
                        if (up != null)
                        {
                            return up;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The method and the members it overrides or implements: a call through any of them reaches it.</summary>
        private static HashSet<IMethodSymbol> TargetsOf(IMethodSymbol method)
        {
            var targets = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                targets.Add(overridden.OriginalDefinition);
            }

            if (method.ContainingType is { } type)
            {
                foreach (INamedTypeSymbol contract in type.AllInterfaces)
                {
                    foreach (ISymbol member in contract.GetMembers(method.Name))
                    {
                        if (member is IMethodSymbol contractMethod
                            && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
                        {
                            targets.Add(contractMethod.OriginalDefinition);
                        }
                    }
                }
            }

            return targets;
        }

        /// <summary>
        /// "in a loop", "for every item" (a per-item LINQ or Parallel lambda), "for every request" (a minimal-API endpoint
        /// lambda) around the call, read up to the method or local function that holds it; null when none. Lambdas in
        /// between are crossed: a callback set up in a loop runs per iteration too.
        /// </summary>
        private static string? PerItemContext(SyntaxNode call, ref SyntaxNode? declaration)
        {
            for (SyntaxNode? current = call.Parent; current != null; current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current))
                {
                    declaration = EnclosingDeclaration(current);
                    return "in a loop";
                }

                if (current is AnonymousFunctionExpressionSyntax lambda
                    && lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invoked } }
                    && SyntaxHelpers.CalledName(invoked) is { } name)
                {
                    if (PerItemMethods.Contains(name) || invoked.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Parallel" } })
                    {
                        declaration = EnclosingDeclaration(current);
                        return "for every item";
                    }

                    if (name.StartsWith("Map", System.StringComparison.Ordinal) && name.Length > 3 && name != "MapFrom")
                    {
                        declaration = EnclosingDeclaration(current);
                        return "for every request to an endpoint";
                    }
                }

                if (current is BaseMethodDeclarationSyntax || current is LocalFunctionStatementSyntax)
                {
                    declaration = current;
                    return null;
                }

                if (current is AccessorDeclarationSyntax || current is TypeDeclarationSyntax || current is GlobalStatementSyntax)
                {
                    declaration = null;
                    return null;
                }
            }

            return null;
        }

        private static SyntaxNode? EnclosingDeclaration(SyntaxNode node)
        {
            for (SyntaxNode? current = node; current != null; current = current.Parent)
            {
                if (current is BaseMethodDeclarationSyntax || current is LocalFunctionStatementSyntax)
                {
                    return current;
                }
            }

            return null;
        }

        /// <summary>[Authorize(Roles = ...)] on the handler or its type: an administrators' page, not every caller's.</summary>
        private static bool IsRoleRestricted(IMethodSymbol method)
        {
            return HasRoles(method.GetAttributes()) || (method.ContainingType is { } type && HasRoles(type.GetAttributes()));
        }

        private static bool HasRoles(System.Collections.Immutable.ImmutableArray<AttributeData> attributes)
        {
            foreach (AttributeData attribute in attributes)
            {
                if (attribute.AttributeClass?.Name != "AuthorizeAttribute")
                {
                    continue;
                }

                foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
                {
                    if (argument.Key == "Roles")
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
