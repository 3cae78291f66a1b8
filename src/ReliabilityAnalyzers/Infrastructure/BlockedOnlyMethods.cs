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
            if (!(MethodUses.For(_compilation).Of(method, function, model, cancellationToken) is { } uses) || uses.Count == 0)
            {
                return false;
            }

            foreach (MethodUses.Use use in uses)
            {
                if (!IsBlockedOn(use.Name))
                {
                    return false; // awaited, returned, passed as a delegate or stored: not only run synchronously
                }
            }

            return true;
        }

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
