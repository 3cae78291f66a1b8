using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// How often a method runs, read from its callers (REL301 / REL314). <b>Hot</b>: a request handler open to every
    /// caller (a controller action, Razor Pages handler or hub method without a role restriction), or a call inside a
    /// loop, a per-item LINQ / Parallel lambda or a minimal-API endpoint lambda, directly or up the callers. <b>Rare</b>:
    /// every path is visible and none is hot — each caller runs once (the entry point, start-up, top-level statements),
    /// is an administrators' handler (<c>[Authorize(Roles = ...)]</c>), or is itself rare; a method nothing calls in an
    /// application. <b>Unknown</b> otherwise: a method other assemblies can call (public in a library, an override or
    /// implementation of a framework member), a method used as a delegate, a call from a lambda whose rate is not known
    /// (a timer, an event handler, a DI factory), a constructor or accessor, or a path longer than the bound. Call sites
    /// are found in the files whose text names the method, through the members it overrides or implements in source.
    /// Bounded: four levels, a fixed number of call sites; cached per compilation.
    /// </summary>
    internal sealed class HotCallers
    {
        private const int MaxDepth = 4;
        private const int MaxCallSites = 60;

        private static readonly HashSet<string> PerItemMethods = new HashSet<string>
        {
            "Select", "SelectMany", "ForEach", "ForEachAsync", "ConvertAll",
        };

        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly bool _isLibrary;
        private readonly ConcurrentDictionary<IMethodSymbol, Answer> _answers = new ConcurrentDictionary<IMethodSymbol, Answer>(SymbolEqualityComparer.Default);

        private HotCallers(Compilation compilation)
        {
            _compilation = compilation;
            _types = new KnownTypes(compilation);
            _isLibrary = compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary || compilation.Options.OutputKind == OutputKind.NetModule;
        }

        internal enum Rate
        {
            Unknown,
            Hot,
            Rare,
        }

        /// <summary>A rate, with how a hot method is reached ("called in a loop in 'X'") when it is hot.</summary>
        internal readonly struct Answer
        {
            public Answer(Rate rate, string? path = null)
            {
                Rate = rate;
                Path = path;
            }

            public Rate Rate { get; }

            public string? Path { get; }
        }

        public static HotCallers For(Compilation compilation) => PerCompilation<HotCallers>.Get(compilation, c => new HotCallers(c))!;

        public Answer RateOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            IMethodSymbol key = method.OriginalDefinition;
            if (_answers.TryGetValue(key, out Answer known))
            {
                return known;
            }

            int budget = MaxCallSites;
            Answer answer = Classify(key, 0, ref budget, cancellationToken);
            _answers.TryAdd(key, answer);
            return answer;
        }

        private Answer Classify(IMethodSymbol method, int depth, ref int budget, CancellationToken cancellationToken)
        {
            if (RequestHandlers.KindOf(method, _types) is { } kind)
            {
                return IsRoleRestricted(method) ? new Answer(Rate.Rare)
                    : new Answer(Rate.Hot, depth == 0 ? "a " + kind + " open to every caller" : "reached from the " + kind + " '" + method.Name + "'");
            }

            if (depth > MaxDepth || (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction)
                || IsCallableFromOutside(method))
            {
                return new Answer(Rate.Unknown);
            }

            HashSet<IMethodSymbol> targets = TargetsOf(method);
            bool unknown = false;
            foreach (SyntaxTree tree in _compilation.SyntaxTrees)
            {
                if (!SyntaxHelpers.TextMentions(tree, method.Name, cancellationToken))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is SimpleNameSyntax name) || name.Identifier.ValueText != method.Name)
                    {
                        continue;
                    }

                    if (--budget < 0)
                    {
                        return new Answer(Rate.Unknown);
                    }

                    model ??= _compilation.GetSemanticModel(tree);
                    SymbolInfo info = model.GetSymbolInfo(name, cancellationToken);
                    if (!((info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null)) is IMethodSymbol used)
                        || !targets.Contains(used.OriginalDefinition))
                    {
                        continue;
                    }

                    SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                    if (!(callee.Parent is InvocationExpressionSyntax call) || call.Expression != callee)
                    {
                        return new Answer(Rate.Unknown); // a method group: run by whoever holds the delegate, at a rate nobody here shows
                    }

                    SyntaxNode? callerDeclaration = null;
                    Context around = ContextOf(call, ref callerDeclaration);
                    string callerName = callerDeclaration is null ? "top-level code"
                        : (model.GetDeclaredSymbol(callerDeclaration, cancellationToken)?.Name ?? "?");
                    switch (around)
                    {
                        case Context.Loop:
                        case Context.PerItem:
                        case Context.Endpoint:
                            string how = around == Context.Loop ? "in a loop" : around == Context.PerItem ? "for every item" : "for every request to an endpoint";
                            return new Answer(Rate.Hot, "called " + how + " in '" + callerName + "'" + (depth == 0 ? string.Empty : " through '" + method.Name + "'"));
                        case Context.TopLevel:
                            continue; // top-level statements run once
                        case Context.Unknown:
                            unknown = true;
                            continue;
                    }

                    if (!(callerDeclaration is { } declaration) || !(model.GetDeclaredSymbol(declaration, cancellationToken) is IMethodSymbol caller))
                    {
                        unknown = true; // a constructor, accessor or field initializer: runs once per instance, whose rate is unknown
                        continue;
                    }

                    if (SymbolEqualityComparer.Default.Equals(caller.OriginalDefinition, method)
                        || StartupCode.IsOncePerProcess(declaration, caller, _compilation, cancellationToken))
                    {
                        continue; // recursion adds no caller; start-up code runs once
                    }

                    Answer up = Classify(caller.OriginalDefinition, depth + 1, ref budget, cancellationToken);
                    if (up.Rate == Rate.Hot)
                    {
                        return up;
                    }

                    unknown |= up.Rate == Rate.Unknown;
                }
            }

            // Nothing in this application calls it (dead code, or reflection nobody can follow): no rate shown anywhere.
            return new Answer(unknown ? Rate.Unknown : Rate.Rare);
        }

        private enum Context
        {
            Caller,
            Loop,
            PerItem,
            Endpoint,
            TopLevel,
            Unknown,
        }

        /// <summary>
        /// What runs the call: a loop, a per-item lambda, an endpoint lambda, top-level statements, another lambda (unknown:
        /// a timer, an event, a factory), or the method / local function that holds it (<paramref name="declaration"/>).
        /// </summary>
        private static Context ContextOf(SyntaxNode call, ref SyntaxNode? declaration)
        {
            for (SyntaxNode? current = call.Parent; current != null; current = current.Parent)
            {
                if (SyntaxHelpers.IsLoop(current))
                {
                    declaration = EnclosingDeclaration(current);
                    return Context.Loop;
                }

                if (current is AnonymousFunctionExpressionSyntax lambda)
                {
                    declaration = EnclosingDeclaration(current);
                    if (lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invoked } }
                        && SyntaxHelpers.CalledName(invoked) is { } name)
                    {
                        if (PerItemMethods.Contains(name) || invoked.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "Parallel" } })
                        {
                            return Context.PerItem;
                        }

                        if (name.StartsWith("Map", System.StringComparison.Ordinal) && name.Length > 3 && name != "MapFrom")
                        {
                            return Context.Endpoint;
                        }
                    }

                    return Context.Unknown;
                }

                switch (current)
                {
                    case BaseMethodDeclarationSyntax _:
                    case LocalFunctionStatementSyntax _:
                        declaration = current;
                        return Context.Caller;
                    case GlobalStatementSyntax _:
                        return Context.TopLevel;
                    case AccessorDeclarationSyntax _:
                    case TypeDeclarationSyntax _:
                    case ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }:
                        declaration = null;
                        return Context.Caller;
                }
            }

            return Context.Unknown;
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

        /// <summary>The method and the members it overrides or implements in source: a call through any of them reaches it.</summary>
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
        /// Other assemblies may call it: public in a library (or internal seen by a non-test friend), or an override or
        /// implementation of a member declared outside this compilation (a framework calls it: a plug-in's Run, a handler).
        /// </summary>
        private bool IsCallableFromOutside(IMethodSymbol method)
        {
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                if (!overridden.Locations.IsEmpty && !overridden.Locations[0].IsInSource)
                {
                    return true;
                }
            }

            if (method.ContainingType is { } type)
            {
                foreach (INamedTypeSymbol contract in type.AllInterfaces)
                {
                    if (contract.Locations.IsEmpty || contract.Locations[0].IsInSource)
                    {
                        continue;
                    }

                    foreach (ISymbol member in contract.GetMembers(method.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method))
                        {
                            return true;
                        }
                    }
                }
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                return false;
            }

            return MethodUses.IsAssemblyOnly(method)
                ? method.DeclaredAccessibility != Accessibility.Private && MethodUses.For(_compilation).InternalsSeenElsewhere()
                : _isLibrary;
        }

        /// <summary>[Authorize(Roles = ...)] on the handler or its type: an administrators' page, not every caller's.</summary>
        private static bool IsRoleRestricted(IMethodSymbol method) =>
            HasRoles(method.GetAttributes()) || (method.ContainingType is { } type && HasRoles(type.GetAttributes()));

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
