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
    /// Per-compilation answer to "does this sync method, written in this compilation, do only in-memory work?" (REL404:
    /// a twin pair declared in source is no evidence of I/O). A body does no I/O when none of its calls, object
    /// creations or property reads goes to an I/O namespace (System.Net*, System.IO* except in-memory streams, readers,
    /// writers and Path, System.Data*, Microsoft.Data*, Microsoft.EntityFrameworkCore*, Microsoft.Azure*, distributed
    /// caches) or to a method of a third-party assembly, none waits on a task (.Result, .Wait(), GetResult()), none
    /// invokes a delegate (property reads of other assemblies are reads, unless of an I/O namespace), and every source
    /// method it calls does no I/O either (followed up to <see cref="MaxDepth"/>
    /// methods; abstract, interface and overridable callees are unknown, so they count as I/O). Waits on in-memory
    /// primitives (SemaphoreSlim.Wait, Monitor, lock) are in-memory work here. Cached by method symbol and depth.
    /// </summary>
    internal sealed class SourceSyncBodies
    {
        public const int MaxDepth = 3;

        private static readonly string[] IoNamespaces =
        {
            "System.Net", "System.IO", "System.Data", "Microsoft.Data", "Microsoft.EntityFrameworkCore", "Microsoft.Azure",
            "Microsoft.Extensions.Caching.Distributed",
        };

        private readonly Compilation _compilation;
        private readonly TaskTypes _types;
        private readonly INamedTypeSymbol?[] _inMemoryIo;
        private readonly ConcurrentDictionary<(IMethodSymbol, int), bool> _answers = new ConcurrentDictionary<(IMethodSymbol, int), bool>(new KeyComparer());

        private SourceSyncBodies(Compilation compilation, TaskTypes types, KnownTypes known)
        {
            _compilation = compilation;
            _types = types;
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
        public bool DoesNoIo(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (method.DeclaringSyntaxReferences.Length == 0 || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
            {
                return false;
            }

            return DoesNoIo(method, MaxDepth, cancellationToken);
        }

        private bool DoesNoIo(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (!IsReadable(method))
            {
                return false;
            }

            if (_answers.TryGetValue((method, depth), out bool known))
            {
                return known;
            }

            bool answer = Compute(method, depth, cancellationToken);
            _answers.TryAdd((method, depth), answer);
            return answer;
        }

        private static bool IsReadable(IMethodSymbol method) =>
            (method.MethodKind == MethodKind.Ordinary || method.MethodKind == MethodKind.LocalFunction || method.MethodKind == MethodKind.Constructor
                || method.MethodKind == MethodKind.PropertyGet)
            && !method.IsAbstract && !method.IsExtern && !method.IsVirtual && method.ContainingType?.TypeKind != TypeKind.Interface
            && !(method.IsOverride && !method.IsSealed && !method.ContainingType!.IsSealed)
            && method.DeclaringSyntaxReferences.Length > 0;

        private bool Compute(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            bool sawBody = false;
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
                    if (operation != null && !IsInMemory(operation, method, depth, cancellationToken))
                    {
                        return false;
                    }
                }
            }

            return sawBody;
        }

        private bool IsInMemory(IOperation operation, IMethodSymbol caller, int depth, CancellationToken cancellationToken)
        {
            if (BlockingWait.TryMatch(operation, _types, out _))
            {
                return false; // sync-over-async
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
                return true;
            }

            if (target is IMethodSymbol { MethodKind: MethodKind.DelegateInvoke })
            {
                return false; // unknown work
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
                    return true; // a default or primary constructor only stores its arguments
                }

                if (operation is IPropertyReferenceOperation && (!IsReadable(targetMethod) || IsAutoAccessor(targetMethod, cancellationToken)))
                {
                    return true; // an auto-property or a property of unknown implementation: a read, not work
                }

                return depth > 1 && DoesNoIo(targetMethod, depth - 1, cancellationToken);
            }

            INamedTypeSymbol? type = target.ContainingType;
            if (type != null && IsInMemoryIoType(type))
            {
                return true;
            }

            string? ns = type?.ContainingNamespace?.ToDisplayString();
            if (ns != null)
            {
                foreach (string io in IoNamespaces)
                {
                    if (ns.StartsWith(io, StringComparison.Ordinal) && (ns.Length == io.Length || ns[io.Length] == '.'))
                    {
                        return false;
                    }
                }
            }

            // A property read of another assembly's type (player.GuildId on a referenced project's interface) is a read,
            // not work; a call or construction there may be anything.
            return operation is IPropertyReferenceOperation || IsFrameworkAssembly(target.ContainingAssembly?.Name);
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
