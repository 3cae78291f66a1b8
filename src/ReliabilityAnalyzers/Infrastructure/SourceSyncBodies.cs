using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Per-compilation answer to "does this sync method, written in this compilation, do only in-memory work, known I/O,
    /// or unknown work?" (REL404: a twin pair declared in source is no evidence of I/O; one whose sync body reaches only
    /// third-party calls that are not known I/O is REL409). A body does no I/O when none of its calls, object
    /// creations or property reads goes to an I/O namespace (System.Net*, System.IO* except in-memory streams, readers,
    /// writers and Path, System.Data*, Microsoft.Data*, Microsoft.EntityFrameworkCore*, Microsoft.Azure*, distributed
    /// caches) or to a method of a third-party assembly, none waits on a task (.Result, .Wait(), GetResult()), none
    /// invokes a delegate (property reads of other assemblies are reads, unless of an I/O namespace), and every source
    /// method it calls does no I/O either (followed up to <see cref="MaxDepth"/>
    /// methods; abstract, interface and overridable callees are unknown, so they count as I/O). Waits on in-memory
    /// primitives (SemaphoreSlim.Wait, Monitor, lock) are in-memory work here. Known I/O: the I/O namespaces above, a
    /// blocking wait on a task, an unreadable or too-deep source callee, or a call <see cref="KnownBlockingApis"/> knows;
    /// unknown work: any other third-party call or a delegate. Cached by method symbol and depth.
    /// </summary>
    internal sealed class SourceSyncBodies
    {
        /// <summary>What a source body was seen to do (the first known I/O wins over unknown work).</summary>
        public enum Work
        {
            /// <summary>Only in-memory work and in-memory waits.</summary>
            InMemory,

            /// <summary>A known I/O or wait API (<see cref="KnownBlockingApis"/>, the I/O namespaces), a blocking wait on a
            /// task, or a source callee whose body cannot be read (interface, virtual, too deep): treated as blocking.</summary>
            KnownIo,

            /// <summary>No known I/O, but a call into a third-party assembly or a delegate: the work is not known.</summary>
            Unknown,
        }

        public const int MaxDepth = 3;

        private static readonly string[] IoNamespaces =
        {
            "System.Net", "System.IO", "System.Data", "Microsoft.Data", "Microsoft.EntityFrameworkCore", "Microsoft.Azure",
            "Microsoft.Extensions.Caching.Distributed",
        };

        private readonly Compilation _compilation;
        private readonly TaskTypes _types;
        private readonly INamedTypeSymbol?[] _inMemoryIo;
        private readonly KnownBlockingApis _knownBlocking;
        private readonly ConcurrentDictionary<(IMethodSymbol, int), Work> _answers = new ConcurrentDictionary<(IMethodSymbol, int), Work>(new KeyComparer());

        private SourceSyncBodies(Compilation compilation, TaskTypes types, KnownTypes known)
        {
            _compilation = compilation;
            _types = types;
            _knownBlocking = KnownBlockingApis.For(compilation);
            _inMemoryIo = new[]
            {
                known.Get("System.IO.MemoryStream"), known.Get("System.IO.StringReader"), known.Get("System.IO.StringWriter"),
                known.Get("System.IO.Path"), known.Get("System.IO.UnmanagedMemoryStream"),
            };
        }

        public static SourceSyncBodies? For(Compilation compilation) =>
            PerCompilation<SourceSyncBodies>.Get(compilation, c =>
            {
                var known = new KnownTypes(c);
                TaskTypes? types = TaskTypes.Create(known);
                return types is null ? null : new SourceSyncBodies(c, types, known);
            });

        /// <summary>
        /// True when <paramref name="method"/> is declared with a body in this compilation, cannot be overridden at the
        /// call, and its body (and the source methods it calls, bounded) does no I/O and no sync-over-async.
        /// </summary>
        public bool DoesNoIo(IMethodSymbol method, CancellationToken cancellationToken) => Classify(method, cancellationToken) == Work.InMemory;

        /// <summary>
        /// What the body of <paramref name="method"/> (declared in this compilation) does, following source callees up to
        /// <see cref="MaxDepth"/>; null for a method of another assembly. A body that cannot be read counts as I/O.
        /// </summary>
        public Work? Classify(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length == 0 || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
            {
                return null;
            }

            return Classify(method, MaxDepth, cancellationToken);
        }

        /// <summary>
        /// What an override does when the receiver is known to be exactly of its type ('new CountingStream()'): unlike
        /// <see cref="Classify(IMethodSymbol, CancellationToken)"/>, an override that a subclass could replace is read.
        /// </summary>
        public Work? ClassifyExactOverride(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (!method.IsOverride || method.IsAbstract || method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.Length == 0
                || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
            {
                return null;
            }

            // Cached under a depth no ordinary classification uses, so the two answers never mix.
            return _answers.GetOrAdd((method, MaxDepth + 1), key => Compute(key.Item1, MaxDepth, cancellationToken));
        }

        private Work Classify(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (!IsReadable(method))
            {
                return Work.KnownIo;
            }

            if (_answers.TryGetValue((method, depth), out Work known))
            {
                return known;
            }

            Work answer = Compute(method, depth, cancellationToken);
            _answers.TryAdd((method, depth), answer);
            return answer;
        }

        private static bool IsReadable(IMethodSymbol method) =>
            (method.MethodKind == MethodKind.Ordinary || method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.Constructor
                || method.MethodKind == MethodKind.PropertyGet)
            && !method.IsAbstract && !method.IsExtern && !method.IsVirtual && method.ContainingType?.TypeKind != TypeKind.Interface
            && !(method.IsOverride && !method.IsSealed && !method.ContainingType!.IsSealed)
            && method.DeclaringSyntaxReferences.Length > 0;

        private Work Compute(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            bool sawBody = false;
            Work seen = Work.InMemory;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                SyntaxNode? body = SyntaxHelpers.BodyOf(declaration);
                if (body is null || !_compilation.ContainsSyntaxTree(body.SyntaxTree))
                {
                    continue;
                }

                sawBody = true;
                SemanticModel model = _compilation.GetSemanticModel(body.SyntaxTree);
                foreach (SyntaxNode node in body.DescendantNodes())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!(node is InvocationExpressionSyntax || node is BaseObjectCreationExpressionSyntax
                        || node is MemberAccessExpressionSyntax && !(node.Parent is InvocationExpressionSyntax call && call.Expression == node)))
                    {
                        continue;
                    }

                    IOperation? operation = model.GetOperation(node, cancellationToken);
                    Work work = operation is null ? Work.InMemory : WorkOf(operation, method, depth, cancellationToken);
                    if (work == Work.KnownIo)
                    {
                        return Work.KnownIo;
                    }

                    if (work == Work.Unknown)
                    {
                        seen = Work.Unknown;
                    }
                }
            }

            return sawBody ? seen : Work.KnownIo;
        }

        private Work WorkOf(IOperation operation, IMethodSymbol caller, int depth, CancellationToken cancellationToken)
        {
            if (BlockingWait.TryMatch(operation, _types, out _))
            {
                return Work.KnownIo; // sync-over-async
            }

            ISymbol? target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                IPropertyReferenceOperation property => property.Property.GetMethod ?? (ISymbol)property.Property,
                _ => null,
            };
            if (target is null)
            {
                return Work.InMemory;
            }

            if (target is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke })
            {
                return Work.Unknown;
            }

            IMethodSymbol? targetMethod = target as IMethodSymbol;
            if (targetMethod != null)
            {
                targetMethod = (targetMethod.ReducedFrom ?? targetMethod).OriginalDefinition;
            }

            if (SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _compilation.Assembly))
            {
                if (targetMethod is null || SymbolEqualityComparer.Default.Equals(targetMethod, caller) || targetMethod.IsImplicitlyDeclared
                    || IsPrimaryConstructor(targetMethod, cancellationToken))
                {
                    return Work.InMemory; // a default or primary constructor only stores its arguments
                }

                if (operation is IPropertyReferenceOperation && (!IsReadable(targetMethod) || IsAutoAccessor(targetMethod, cancellationToken)))
                {
                    return Work.InMemory; // an auto-property or a property of unknown implementation: a read, not work
                }

                return depth > 1 ? Classify(targetMethod, depth - 1, cancellationToken) : Work.KnownIo;
            }

            INamedTypeSymbol? type = target.ContainingType;
            if (type != null && IsInMemoryIoType(type))
            {
                return Work.InMemory;
            }

            string? ns = type?.ContainingNamespace?.ToDisplayString();
            if (ns != null)
            {
                foreach (string io in IoNamespaces)
                {
                    if (ns.StartsWith(io, StringComparison.Ordinal) && (ns.Length == io.Length || ns[io.Length] == '.'))
                    {
                        return Work.KnownIo;
                    }
                }
            }

            if (operation is IInvocationOperation call && _knownBlocking.IsKnownBlocking(call, Operations.UnwrapOrNull(call.Instance)?.Type, includeWaits: false))
            {
                return Work.KnownIo; // a database, cache, messaging or cloud client, a stream argument
            }

            // A property read of another assembly's type (player.GuildId on a referenced project's interface) is a read,
            // not work; a call or construction there may be anything.
            return operation is IPropertyReferenceOperation || IsFrameworkAssembly(target.ContainingAssembly?.Name) ? Work.InMemory : Work.Unknown;
        }

        private static bool IsPrimaryConstructor(IMethodSymbol method, CancellationToken cancellationToken) =>
            method.MethodKind == MethodKind.Constructor && method.DeclaringSyntaxReferences.Length == 1
            && method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is TypeDeclarationSyntax;

        private static bool IsAutoAccessor(IMethodSymbol accessor, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in accessor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsInMemoryIoType(INamedTypeSymbol type)
        {
            foreach (INamedTypeSymbol? inMemory in _inMemoryIo)
            {
                if (type.InheritsFromOrEquals(inMemory))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The runtime and the Microsoft.Extensions / ASP.NET Core framework; anything else is a third-party package.</summary>
        private static bool IsFrameworkAssembly(string? name) =>
            name != null && (name == "mscorlib" || name == "netstandard" || name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
                || name == "Microsoft.CSharp" || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
                || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));

        private sealed class KeyComparer : IEqualityComparer<(IMethodSymbol, int)>
        {
            public bool Equals((IMethodSymbol, int) x, (IMethodSymbol, int) y) =>
                x.Item2 == y.Item2 && SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1);

            public int GetHashCode((IMethodSymbol, int) obj) =>
                SymbolEqualityComparer.Default.GetHashCode(obj.Item1) * 31 + obj.Item2;
        }
    }
}
