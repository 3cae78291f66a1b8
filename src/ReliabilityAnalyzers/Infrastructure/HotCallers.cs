using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// How often a method runs, read from its callers (REL301 / REL314). <b>Hot</b>: a request handler (a controller
    /// action, Razor Pages handler or hub method), or a call inside a loop, a per-item LINQ / Parallel lambda or a
    /// minimal-API endpoint lambda, directly or up the callers. <b>Rare</b>: every call is visible and none is hot — each
    /// comes from the entry point or top-level statements, or from a caller that is itself rare; a private method nothing
    /// calls. <b>Unknown</b> otherwise: a method other assemblies can call (public in a library, an override or
    /// implementation of a framework member), a public method nothing calls in source (a framework convention may run it:
    /// a middleware's InvokeAsync, a POCO controller), a method used as a delegate, a call from a lambda whose rate is not
    /// known (a timer, an event handler, a DI factory), from a constructor or accessor, a same-named interface or virtual
    /// call that may dispatch here, or a path longer than the bound. Calls are matched on canonical symbols (reduced
    /// extension methods, partial methods) through the members the method overrides or implements. Bounded: four levels,
    /// sixty call sites; cached per compilation.
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
            IMethodSymbol key = method.Canonical();
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
                return new Answer(Rate.Hot, depth == 0 ? "a " + kind : "reached from the " + kind + " '" + method.Name + "'");
            }

            if (depth > MaxDepth || (method.MethodKind != MethodKind.Ordinary && method.MethodKind != MethodKind.LocalFunction)
                || IsCallableFromOutside(method))
            {
                return new Answer(Rate.Unknown);
            }

            HashSet<IMethodSymbol> targets = TargetsOf(method);
            bool unknown = false;
            bool found = false;
            foreach ((MethodUses.Use use, IMethodSymbol used) in MethodUses.NamesResolvingTo(_compilation, MethodUses.FilesNaming(_compilation, method.Name, cancellationToken), method.Name, null, cancellationToken))
            {
                if (--budget < 0)
                {
                    return new Answer(Rate.Unknown);
                }

                if (!targets.Contains(used))
                {
                    if (MethodUses.MayDispatchTo(used, method))
                    {
                        return new Answer(Rate.Unknown);
                    }

                    continue;
                }

                SimpleNameSyntax name = use.Name;
                SemanticModel model = use.Model;
                found = true;
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

                if (SymbolEqualityComparer.Default.Equals(caller.Canonical(), method) || IsEntryPoint(caller, cancellationToken))
                {
                    continue; // recursion adds no caller; the entry point runs once
                }

                Answer up = Classify(caller.Canonical(), depth + 1, ref budget, cancellationToken);
                if (up.Rate == Rate.Hot)
                {
                    return up;
                }

                unknown |= up.Rate == Rate.Unknown;
            }

            // Every call found is rare. No call at all is rare only for a private method or local function: a public one
            // may be run by a framework convention nobody calls in source (a middleware's InvokeAsync, a POCO controller).
            return new Answer(unknown || (!found && method.MethodKind != MethodKind.LocalFunction && method.DeclaredAccessibility != Accessibility.Private)
                ? Rate.Unknown : Rate.Rare);
        }

        private bool IsEntryPoint(IMethodSymbol method, CancellationToken cancellationToken) =>
            method.Name == "<Main>$" || (method.IsStatic && method.Name == "Main"
                && SymbolEqualityComparer.Default.Equals(_compilation.GetEntryPoint(cancellationToken)?.Canonical(), method.Canonical()));

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

        /// <summary>The method and the members it overrides or implements: a call through any of them reaches it.</summary>
        private static HashSet<IMethodSymbol> TargetsOf(IMethodSymbol method)
        {
            var targets = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
            for (IMethodSymbol? overridden = method.OverriddenMethod; overridden != null; overridden = overridden.OverriddenMethod)
            {
                targets.Add(overridden.Canonical());
            }

            targets.UnionWith(method.ImplementedInterfaceMembers());
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

            foreach (IMethodSymbol implemented in method.ImplementedInterfaceMembers())
            {
                if (implemented.Locations.IsEmpty || !implemented.Locations[0].IsInSource)
                {
                    return true;
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
    }
}
