using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// "Every caller blocks on this async method" (REL403, REL404): an async method or local function whose every use in
    /// the code that can call it is <c>M(...).GetAwaiter().GetResult()</c>, <c>.Wait()</c> or <c>.Result</c> runs
    /// synchronously on its caller's thread; a blocking call inside it frees no thread when awaited (the callers'
    /// waits are REL401 / REL402 findings). Who can call it: a local function's enclosing body, a private method's type,
    /// or, for a method the assembly does not expose (internal, or inside an internal or private type; not virtual, not
    /// an override or interface member), the whole compilation, when no non-test assembly sees its internals (phase 22:
    /// a connector's internal transaction scope whose dual <c>RollbackAsync(..., execAsync)</c> is only blocked on from
    /// the synchronous System.Transactions callbacks). A method used any other way (awaited, returned, passed as a
    /// delegate) is not. Cached per method per compilation; the whole-compilation scan reads only the files whose text
    /// names the method.
    /// </summary>
    internal sealed class BlockedOnlyMethods
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, bool> _answers = new ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);
        private bool? _internalsSeenElsewhere;

        private BlockedOnlyMethods(Compilation compilation)
        {
            _compilation = compilation;
        }

        public static BlockedOnlyMethods For(Compilation compilation) =>
            PerCompilation<BlockedOnlyMethods>.Get(compilation, c => new BlockedOnlyMethods(c))!;

        /// <summary>True when <paramref name="function"/> (a method or local function) is only ever run by blocking on it.</summary>
        public bool IsOnlyRunSynchronously(SyntaxNode function, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || !(function is MethodDeclarationSyntax || function is LocalFunctionStatementSyntax)
                || !(model.GetDeclaredSymbol(function, cancellationToken) is IMethodSymbol method))
            {
                return false;
            }

            IMethodSymbol key = method.OriginalDefinition;
            if (_answers.TryGetValue(key, out bool known))
            {
                return known;
            }

            bool answer = Compute(key, function, model, cancellationToken);
            _answers.TryAdd(key, answer);
            return answer;
        }

        private bool Compute(IMethodSymbol method, SyntaxNode function, SemanticModel model, CancellationToken cancellationToken)
        {
            IEnumerable<SyntaxNode> scopes;
            if (method.MethodKind == MethodKind.LocalFunction)
            {
                if (function.Parent is null)
                {
                    return false;
                }

                scopes = new[] { function.Parent };
            }
            else if (method.MethodKind != MethodKind.Ordinary || method.IsOverride || method.IsVirtual || method.IsAbstract
                || !method.ExplicitInterfaceImplementations.IsEmpty || method.ContainingType is not { } type)
            {
                return false;
            }
            else if (method.DeclaredAccessibility == Accessibility.Private)
            {
                scopes = DeclarationsOf(type, cancellationToken);
            }
            else if (IsAssemblyOnly(method) && !ImplementsInterfaceMember(method, type) && !InternalsSeenElsewhere())
            {
                scopes = FilesNaming(method.Name, cancellationToken);
            }
            else
            {
                return false;
            }

            int uses = 0;
            foreach (SyntaxNode scope in scopes)
            {
                SemanticModel scopeModel = scope.SyntaxTree == model.SyntaxTree ? model : _compilation.GetSemanticModel(scope.SyntaxTree);
                foreach (SyntaxNode node in scope.DescendantNodes())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // A simple name: 'LoadAsync(5)' and the generic 'LoadAsync<int>(5)'.
                    if (!(node is SimpleNameSyntax name) || name.Identifier.ValueText != method.Name)
                    {
                        continue;
                    }

                    SymbolInfo info = scopeModel.GetSymbolInfo(name, cancellationToken);
                    ISymbol? symbol = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
                    if (!SymbolEqualityComparer.Default.Equals(symbol?.OriginalDefinition, method))
                    {
                        continue;
                    }

                    if (!IsBlockedOn(name))
                    {
                        return false; // awaited, returned, passed as a delegate or stored: not only run synchronously
                    }

                    uses++;
                }
            }

            return uses > 0;
        }

        private static IEnumerable<SyntaxNode> DeclarationsOf(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                yield return reference.GetSyntax(cancellationToken);
            }
        }

        /// <summary>The roots of the files whose text contains the name: a cheap text test before any tree is walked.</summary>
        private IEnumerable<SyntaxNode> FilesNaming(string name, CancellationToken cancellationToken)
        {
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                if (SyntaxHelpers.TextMentions(tree, name, cancellationToken))
                {
                    yield return tree.GetRoot(cancellationToken);
                }
            }
        }

        /// <summary>Not callable from another assembly: the method or one of its containing types is private or internal.</summary>
        private static bool IsAssemblyOnly(IMethodSymbol method)
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

        private static bool ImplementsInterfaceMember(IMethodSymbol method, INamedTypeSymbol type)
        {
            foreach (INamedTypeSymbol contract in type.AllInterfaces)
            {
                foreach (ISymbol member in contract.GetMembers(method.Name))
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>[InternalsVisibleTo] naming an assembly other than a test, benchmark or mocking proxy one.</summary>
        private bool InternalsSeenElsewhere()
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

        /// <summary>'M(...).GetAwaiter().GetResult()', 'M(...).Wait()', 'M(...).Result', optionally with '.ConfigureAwait(x)' first.</summary>
        private static bool IsBlockedOn(SimpleNameSyntax name)
        {
            SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (!(callee.Parent is InvocationExpressionSyntax call) || call.Expression != callee)
            {
                return false;
            }

            ExpressionSyntax current = call;
            if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
                && configure.Parent is InvocationExpressionSyntax configured)
            {
                current = configured;
            }

            if (!(current.Parent is MemberAccessExpressionSyntax next))
            {
                return false;
            }

            switch (next.Name.Identifier.ValueText)
            {
                case "Result":
                    return true;
                case "Wait":
                    // '.Wait()' only: after '.Wait(timeout)' returns the method may still be running on its own.
                    return next.Parent is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 };
                case "GetAwaiter":
                    return next.Parent is InvocationExpressionSyntax awaiter
                        && awaiter.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } result
                        && result.Parent is InvocationExpressionSyntax;
                default:
                    return false;
            }
        }
    }
}
