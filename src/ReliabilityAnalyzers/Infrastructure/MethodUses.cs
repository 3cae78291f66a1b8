using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Every use of a method or local function, where all of them can be listed: a local function's enclosing body, a
    /// private method's type, or, for a method the assembly does not expose (internal, or inside an internal or private
    /// type; not virtual, not an override or interface member), the whole compilation when no non-test assembly sees its
    /// internals. Null when the uses cannot all be listed. Callers judge each use (REL403 / REL404 "only blocked on",
    /// REL404 "every caller hands in a memory stream"). Cached per method per compilation; the whole-compilation scan
    /// reads only the files whose text names the method.
    /// </summary>
    internal sealed class MethodUses
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, List<Use>?> _uses = new ConcurrentDictionary<IMethodSymbol, List<Use>?>(SymbolEqualityComparer.Default);
        private bool? _internalsSeenElsewhere;

        private MethodUses(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>A name that refers to the method, with the semantic model of its tree.</summary>
        internal readonly struct Use
        {
            public Use(SimpleNameSyntax name, SemanticModel model)
            {
                Name = name;
                Model = model;
            }

            public SimpleNameSyntax Name { get; }

            public SemanticModel Model { get; }
        }

        public static MethodUses For(Compilation compilation) =>
            PerCompilation<MethodUses>.Get(compilation, c => new MethodUses(c))!;

        /// <summary>The uses of <paramref name="method"/>, declared by <paramref name="function"/>, or null when others may call it.</summary>
        public List<Use>? Of(IMethodSymbol method, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            IMethodSymbol key = method.Canonical();
            if (_uses.TryGetValue(key, out List<Use>? known))
            {
                return known;
            }

            List<Use>? found = Find(key, function, model, cancellationToken);
            _uses.TryAdd(key, found);
            return found;
        }

        private List<Use>? Find(IMethodSymbol method, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            IEnumerable<SyntaxNode> scopes;
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                if (function.Parent is null)
                {
                    return null;
                }

                scopes = new[] { function.Parent };
            }
            else if (method.MethodKind != MethodKind.Ordinary || method.IsOverride || method.IsVirtual || method.IsAbstract
                || !method.ExplicitInterfaceImplementations.IsEmpty || method.ContainingType is not { } type)
            {
                return null;
            }
            else if (method.DeclaredAccessibility == Accessibility.Private)
            {
                scopes = DeclarationsOf(type, cancellationToken);
            }
            else if (IsAssemblyOnly(method) && method.ImplementedInterfaceMembers().Count == 0 && !InternalsSeenElsewhere())
            {
                scopes = FilesNaming(_compilation, method.Name, cancellationToken);
            }
            else
            {
                return null;
            }

            var uses = new List<Use>();
            foreach ((Use use, IMethodSymbol used) in NamesResolvingTo(_compilation, scopes, method.Name, model, cancellationToken))
            {
                if (SymbolEqualityComparer.Default.Equals(used, method))
                {
                    uses.Add(use);
                }
                else if (MayDispatchTo(used, method))
                {
                    return null; // not every use is listed
                }
            }

            return uses;
        }

        /// <summary>
        /// Every simple name under <paramref name="scopes"/> spelled <paramref name="name"/> that binds to a method (its best
        /// candidate when the code is incomplete), with that method's canonical symbol: 'LoadAsync(5)', 'LoadAsync&lt;int&gt;(5)',
        /// 'this.LoadAsync', a method group. The one name scan of REL403 / REL404's use lists and REL301's caller rates.
        /// </summary>
        internal static IEnumerable<(Use Use, IMethodSymbol Used)> NamesResolvingTo(Compilation compilation, IEnumerable<SyntaxNode> scopes, string name, SemanticModel? known, CancellationToken cancellationToken)
        {
            foreach (SyntaxNode scope in scopes)
            {
                SemanticModel? scopeModel = known != null && scope.SyntaxTree == known.SyntaxTree ? known : null;
                foreach (SyntaxNode node in scope.DescendantNodes())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!(node is SimpleNameSyntax simple) || simple.Identifier.ValueText != name)
                    {
                        continue;
                    }

                    scopeModel ??= compilation.GetSemanticModel(scope.SyntaxTree);
                    SymbolInfo info = scopeModel.GetSymbolInfo(simple, cancellationToken);
                    if ((info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null)) is IMethodSymbol used)
                    {
                        yield return (new Use(simple, scopeModel), used.Canonical());
                    }
                }
            }
        }

        /// <summary>
        /// A same-named interface or virtual call that is not the method itself may still dispatch to it through a derived
        /// type's interface map, so the uses found are not all of them.
        /// </summary>
        internal static bool MayDispatchTo(IMethodSymbol used, IMethodSymbol method) =>
            (used.IsAbstract || used.IsVirtual) && used.Parameters.Length == method.Parameters.Length;

        /// <summary>The roots of every file whose text contains the name: a cheap text test before any tree is walked.</summary>
        internal static IEnumerable<SyntaxNode> FilesNaming(Compilation compilation, string name, CancellationToken cancellationToken)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (SyntaxHelpers.TextMentions(tree, name, cancellationToken))
                {
                    yield return tree.GetRoot(cancellationToken);
                }
            }
        }

        private static IEnumerable<SyntaxNode> DeclarationsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax(cancellationToken);
            }
        }

        /// <summary>Not callable from another assembly: the method or one of its containing types is private or internal.</summary>
        internal static bool IsAssemblyOnly(IMethodSymbol method)
        {
            for (ISymbol? current = method; current is IMethodSymbol || current is INamedTypeSymbol; current = current.ContainingSymbol)
            {
                switch (current.DeclaredAccessibility)
                {
                    case Accessibility.Private:
                    case Accessibility.Internal:
                    case Accessibility.ProtectedAndInternal:
                        return true;
                }
            }

            return false;
        }

        /// <summary>[InternalsVisibleTo] naming an assembly other than a test, benchmark or mocking proxy one.</summary>
        internal bool InternalsSeenElsewhere()
        {
            if (_internalsSeenElsewhere is bool known)
            {
                return known;
            }

            bool seen = false;
            foreach (AttributeData attribute in _compilation.Assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "InternalsVisibleToAttribute" && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string friend && !IsTestOrProxy(friend))
                {
                    seen = true;
                    break;
                }
            }

            _internalsSeenElsewhere = seen;
            return seen;
        }

        private static bool IsTestOrProxy(string friend) =>
            friend.IndexOf("Test", System.StringComparison.OrdinalIgnoreCase) >= 0
            || friend.IndexOf("Benchmark", System.StringComparison.OrdinalIgnoreCase) >= 0
            || friend.StartsWith("DynamicProxyGenAssembly2", System.StringComparison.Ordinal);
    }
}
