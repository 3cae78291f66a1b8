using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>How the twin's parameters relate to the blocking method's.</summary>
    internal enum TwinShape
    {
        /// <summary>The same parameters: the call's arguments can be passed unchanged.</summary>
        Same,

        /// <summary>The same parameters plus a trailing CancellationToken.</summary>
        SamePlusToken,

        /// <summary>Span/array+offset+count replaced by Memory/ReadOnlyMemory: no mechanical rewrite.</summary>
        Memory,

        /// <summary>
        /// The same parameters less the optional 'buffered' flag the async form does not have (Dapper's 'Query(..., bool buffered =
        /// true, ...)' → 'QueryAsync(...)'): a true twin, but an argument passed to the flag would have to go, so no mechanical rewrite.
        /// </summary>
        SameLessOptionalFlag,
    }

    /// <summary>A true async twin of a blocking method.</summary>
    internal sealed class AsyncTwin
    {
        public AsyncTwin(IMethodSymbol method, TwinShape shape, bool tokenRequired, bool needsQueryableReceiver)
        {
            Method = method;
            Shape = shape;
            TokenRequired = tokenRequired;
            NeedsQueryableReceiver = needsQueryableReceiver;
        }

        public IMethodSymbol Method { get; }

        public TwinShape Shape { get; }

        /// <summary>The trailing CancellationToken parameter has no default value.</summary>
        public bool TokenRequired { get; }

        /// <summary>EF Core twin of a LINQ operator: only valid when the receiver is an EF query.</summary>
        public bool NeedsQueryableReceiver { get; }
    }

    /// <summary>
    /// Decides, by symbols, whether a blocking method has a true async twin: <c>XAsync</c> on the same type, a base type,
    /// an implemented interface, or EF Core's queryable extensions; awaitable; the same parameters (optionally plus a
    /// trailing CancellationToken, or Memory in place of span / array+offset+count); the matching result type; not
    /// [Obsolete]; not a <c>Task.Run</c>/<c>Task.FromResult</c> wrapper written in source. One instance per compilation;
    /// answers are cached per method.
    /// </summary>
    internal sealed class AsyncTwinMatcher
    {
        private static readonly ImmutableHashSet<string> ExcludedNamespaces = ImmutableHashSet.Create(
            "Xunit", "NUnit", "Microsoft.VisualStudio.TestTools", "FluentAssertions", "Shouldly", "TUnit", "Moq", "NSubstitute",
            "FluentValidation", "System.Xml", "System.Threading.Tasks",
            // Documented false twins: Microsoft.Data.Sqlite's async ADO.NET methods run synchronously (SQLite has no async I/O).
            "Microsoft.Data.Sqlite");

        /// <summary>Framework types whose XAsync members only wrap the sync member (Task.FromResult(Get(key))).</summary>
        // Types whose *Async methods only wrap the synchronous one: an in-memory cache, and MVC's input-formatter result
        // factories (SuccessAsync / FailureAsync / NoValueAsync are Task.FromResult of Success / Failure / NoValue).
        private static readonly ImmutableHashSet<string> SyncWrapperTypes = ImmutableHashSet.Create(
            "Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache",
            "Microsoft.AspNetCore.Mvc.Formatters.InputFormatterResult");

        private static readonly ImmutableHashSet<string> SyncWrapperNames = ImmutableHashSet.CreateRange(
            System.Linq.Enumerable.Select(SyncWrapperTypes, full => full.Substring(full.LastIndexOf('.') + 1)));

        private readonly ConcurrentDictionary<IMethodSymbol, AsyncTwin?> _cache = new ConcurrentDictionary<IMethodSymbol, AsyncTwin?>(SymbolEqualityComparer.Default);
        private readonly Compilation _compilation;
        private readonly INamedTypeSymbol _task;
        private readonly INamedTypeSymbol? _taskOfT;
        private readonly INamedTypeSymbol? _valueTask;
        private readonly INamedTypeSymbol? _valueTaskOfT;
        private readonly INamedTypeSymbol _cancellationToken;
        private readonly INamedTypeSymbol? _memory;
        private readonly INamedTypeSymbol? _readOnlyMemory;
        private readonly INamedTypeSymbol? _span;
        private readonly INamedTypeSymbol? _readOnlySpan;
        private readonly INamedTypeSymbol? _obsolete;
        private readonly INamedTypeSymbol? _enumerable;
        private readonly INamedTypeSymbol? _queryable;
        private readonly INamedTypeSymbol? _efQueryableExtensions;
        private readonly INamedTypeSymbol? _dbContext;
        private readonly INamedTypeSymbol? _dbSet;
        private readonly INamedTypeSymbol? _dbDataReader;
        private readonly INamedTypeSymbol? _cancellationTokenSource;
        private readonly INamedTypeSymbol? _cancellationTokenRegistration;
        private readonly INamedTypeSymbol? _timer;
        private readonly INamedTypeSymbol? _pipeWriter;
        private readonly INamedTypeSymbol? _pipeReader;
        private readonly INamedTypeSymbol? _thread;

        private AsyncTwinMatcher(KnownTypes types, INamedTypeSymbol task, INamedTypeSymbol cancellationToken)
        {
            _compilation = types.Compilation;
            _task = task;
            _cancellationToken = cancellationToken;
            _taskOfT = types.Get("System.Threading.Tasks.Task`1");
            _valueTask = types.Get("System.Threading.Tasks.ValueTask");
            _valueTaskOfT = types.Get("System.Threading.Tasks.ValueTask`1");
            _memory = types.Get("System.Memory`1");
            _readOnlyMemory = types.Get("System.ReadOnlyMemory`1");
            _span = types.Get("System.Span`1");
            _readOnlySpan = types.Get("System.ReadOnlySpan`1");
            _obsolete = types.Get("System.ObsoleteAttribute");
            _enumerable = types.Get("System.Linq.Enumerable");
            _queryable = types.Get("System.Linq.Queryable");
            _efQueryableExtensions = types.Get("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
            _dbContext = types.Get("Microsoft.EntityFrameworkCore.DbContext");
            _dbSet = types.Get("Microsoft.EntityFrameworkCore.DbSet`1");
            _dbDataReader = types.Get("System.Data.Common.DbDataReader");
            _cancellationTokenSource = types.Get("System.Threading.CancellationTokenSource");
            _cancellationTokenRegistration = types.Get("System.Threading.CancellationTokenRegistration");
            _timer = types.Get("System.Threading.Timer");
            _pipeWriter = types.Get("System.IO.Pipelines.PipeWriter");
            _pipeReader = types.Get("System.IO.Pipelines.PipeReader");
            _thread = types.Get("System.Threading.Thread");
        }

        /// <summary>Null when the compilation has no Task or CancellationToken (nothing to suggest).</summary>
        /// <summary>The compilation's shared matcher (REL404 and REL405 ask about the same methods): its answers are cached once.</summary>
        public static AsyncTwinMatcher? For(KnownTypes types) => PerCompilation<AsyncTwinMatcher>.Get(types.Compilation, _ => Create(types));

        public static AsyncTwinMatcher? Create(KnownTypes types)
        {
            INamedTypeSymbol? task = types.Get("System.Threading.Tasks.Task");
            INamedTypeSymbol? token = types.Get("System.Threading.CancellationToken");
            return task is null || token is null ? null : new AsyncTwinMatcher(types, task, token);
        }

        public INamedTypeSymbol CancellationToken => _cancellationToken;

        public INamedTypeSymbol? DbSet => _dbSet;

        /// <summary>The true async twin of <paramref name="method"/>, or null. Cached.</summary>
        public AsyncTwin? Find(IMethodSymbol method)
        {
            IMethodSymbol key = (method.ReducedFrom ?? method).OriginalDefinition;
            if (_cache.TryGetValue(key, out AsyncTwin? cached))
            {
                return cached;
            }

            AsyncTwin? twin = Compute(key);
            _cache.TryAdd(key, twin);
            return twin;
        }

        /// <summary>True when the method's own result is awaitable (then it is not a blocking call at all).</summary>
        public bool IsAwaitable(ITypeSymbol? type)
        {
            if (!(type is INamedTypeSymbol named))
            {
                return false;
            }

            INamedTypeSymbol definition = named.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(definition, _task)
                || SymbolEqualityComparer.Default.Equals(definition, _taskOfT)
                || SymbolEqualityComparer.Default.Equals(definition, _valueTask)
                || SymbolEqualityComparer.Default.Equals(definition, _valueTaskOfT)
                || named.InheritsFromOrEquals(_task);
        }

        private AsyncTwin? Compute(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.Name.EndsWith("Async", System.StringComparison.Ordinal)
                || IsAwaitable(method.ReturnType) || IsExcluded(method))
            {
                return null;
            }

            string twinName = method.Name + "Async";

            // EF Core: LINQ operators over an EF query have twins in EntityFrameworkQueryableExtensions.
            if (_efQueryableExtensions != null && method.IsStatic
                && (SymbolEqualityComparer.Default.Equals(method.ContainingType, _queryable) || SymbolEqualityComparer.Default.Equals(method.ContainingType, _enumerable)))
            {
                HashSet<IMethodSymbol>? none = null;
                return FindIn(_efQueryableExtensions, twinName, method, queryable: true, ref none);
            }

            // A fake twin that overrides a base member (CacheQueryAsync => Task.FromResult(Query(...)) overriding an abstract
            // QueryAsync) is what a call on this type dispatches to: the base declaration it overrides is no twin either.
            HashSet<IMethodSymbol>? overriddenByFake = null;
            for (INamedTypeSymbol? type = method.ContainingType; type != null; type = type.BaseType)
            {
                AsyncTwin? found = FindIn(type, twinName, method, queryable: false, ref overriddenByFake)
                    ?? FindEventBasedTwin(type, twinName, method, ref overriddenByFake);
                if (found != null)
                {
                    return found;
                }
            }

            if (method.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (INamedTypeSymbol implemented in method.ContainingType.AllInterfaces)
                {
                    AsyncTwin? found = FindIn(implemented, twinName, method, queryable: false, ref overriddenByFake);
                    if (found != null)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        // Namespaces are few and shared by many methods: format each one once per compilation.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamespaceSymbol, bool> _excludedNamespaces =
            new System.Collections.Concurrent.ConcurrentDictionary<INamespaceSymbol, bool>(SymbolEqualityComparer.Default);

        private bool InExcludedNamespace(INamespaceSymbol? ns)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return false;
            }

            if (!_excludedNamespaces.TryGetValue(ns, out bool excluded))
            {
                excluded = ExcludedNamespaces.Contains(ns.ToDisplayString()) || InExcludedNamespace(ns.ContainingNamespace);
                _excludedNamespaces.TryAdd(ns, excluded);
            }

            return excluded;
        }

        private bool IsExcluded(IMethodSymbol method)
        {
            INamedTypeSymbol type = method.ContainingType;
            string name = method.Name;

            // Dispose has DisposeAsync, but sync disposal in finally / using is routine and rarely blocks on I/O that matters;
            // so is a socket's Disconnect on a failure path before it is disposed.
            if (name == "Dispose" || name == "Close" || name == "Disconnect")
            {
                return true;
            }

            // A project's own 'Complete()' that only completes other things ('pipe.Reader.Complete(); pipe.Writer.Complete();'
            // over an in-memory Pipe; phase 25, an MQTT broker's connection adapter), as the pipe reader/writer below.
            if (name == "Complete" && (CompletesAPipe(method) || OnlyCompletes(method)))
            {
                return true;
            }

            if (InExcludedNamespace(type.ContainingNamespace))
            {
                return true;
            }

            if (type.InheritsFromOrEquals(_thread))
            {
                return true;
            }

            // EF Core Add/AddRange: the async versions exist only for special value generators.
            if ((name == "Add" || name == "AddRange" || name == "Attach" || name == "Update" || name == "Remove")
                && (type.InheritsFromOrEquals(_dbContext) || (_dbSet != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _dbSet))))
            {
                return true;
            }

            // Column getters after Read() work on the buffered row.
            if (type.InheritsFromOrEquals(_dbDataReader) && name != "Read" && name != "NextResult")
            {
                return true;
            }

            // HttpContent.ReadAsStream only hands out the (buffered or connection) stream; reading it is what waits.
            if (name == "ReadAsStream" && type.ToDisplayString() == "System.Net.Http.HttpContent")
            {
                return true;
            }

            // The display string is built only for a type of a listed name (one per callee type cost a third of this check).
            if (SyncWrapperNames.Contains(type.Name) && SyncWrapperTypes.Contains(type.ToDisplayString()))
            {
                return true;
            }

            // Known false twins: CancelAsync only helps callbacks that block; Complete/Dispose of these are cheap.
            if (type.InheritsFromOrEquals(_cancellationTokenSource)
                || SymbolEqualityComparer.Default.Equals(type, _cancellationTokenRegistration)
                || type.InheritsFromOrEquals(_timer)
                || type.InheritsFromOrEquals(_pipeWriter)
                || type.InheritsFromOrEquals(_pipeReader))
            {
                return true;
            }

            return false;
        }

        /// <summary>
        /// An extension 'Complete' on a System.IO.Pipelines type (another project's 'pipe.Complete()' helper, read from metadata
        /// where its body cannot be seen): its receiver is the first parameter, or, for a C# 14 extension block member, the
        /// block's parameter (read by name: the Roslyn this package compiles against does not know extension blocks).
        /// </summary>
        // INamedTypeSymbol.ExtensionParameter of the host's Roslyn (4.14 and later); null on older hosts.
        private static readonly System.Reflection.PropertyInfo? ExtensionParameter = typeof(INamedTypeSymbol).GetProperty("ExtensionParameter");

        private static bool CompletesAPipe(IMethodSymbol method)
        {
            IMethodSymbol definition = method.ReducedFrom ?? method;
            ITypeSymbol? receiver = definition.IsExtensionMethod && definition.Parameters.Length > 0
                ? definition.Parameters[0].Type
                : (definition.ContainingType is { } block ? ExtensionParameter?.GetValue(block) as IParameterSymbol : null)?.Type;
            return receiver?.ContainingNamespace?.ToDisplayString() == "System.IO.Pipelines";
        }

        // A method of this compilation whose body only completes other things; one read from metadata is CompletesAPipe's.
        private static bool OnlyCompletes(IMethodSymbol method)
        {
            IMethodSymbol definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return definition.DeclaringSyntaxReferences.Length == 1
                && SyntaxHelpers.BodyOf(definition.DeclaringSyntaxReferences[0].GetSyntax()) is { } body && BodyOnlyCompletes(body);
        }

        private static bool BodyOnlyCompletes(SyntaxNode body)
        {
            bool completes = false;
            foreach (SyntaxNode node in body.DescendantNodes())
            {
                if (node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call)
                {
                    string? called = SyntaxHelpers.CalledName(call);
                    if (called == "Complete")
                    {
                        completes = true;
                    }
                    else if (called != "ThrowIfNull")
                    {
                        return false;
                    }
                }
            }

            return completes;
        }

        private AsyncTwin? FindIn(INamedTypeSymbol type, string twinName, IMethodSymbol method, bool queryable, ref HashSet<IMethodSymbol>? overriddenByFake)
        {
            AsyncTwin? best = null;
            foreach (ISymbol member in type.GetMembers(twinName))
            {
                if (member is IMethodSymbol overriding && overriding.IsOverride && overriding.OverriddenMethod != null
                    && (overriddenByFake?.Contains(overriding) == true || IsFakeTwin(overriding, method.Name)))
                {
                    overriddenByFake ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
                    overriddenByFake.Add(overriding.OverriddenMethod.OriginalDefinition);
                }

                if (!(member is IMethodSymbol candidate) || candidate.IsStatic != method.IsStatic
                    || overriddenByFake?.Contains(candidate.OriginalDefinition) == true
                    || candidate.TypeParameters.Length != method.TypeParameters.Length
                    || candidate.DeclaredAccessibility != Accessibility.Public && !SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, method.ContainingAssembly)
                    || IsObsolete(candidate) || !ResultMatches(method, candidate) || IsFakeTwin(candidate, method.Name)
                    || ImplementedOnlyByFakeTwins(candidate, method.Name)
                    || IsDefaultInterfaceWrapper(method, candidate))
                {
                    continue;
                }

                TwinShape? shape = MatchParameters(method, candidate, queryable, out bool tokenRequired);
                if (shape is null)
                {
                    continue;
                }

                var twin = new AsyncTwin(candidate, shape.Value, tokenRequired, queryable);
                if (best is null || Rank(twin.Shape) < Rank(best.Shape))
                {
                    best = twin;
                }
            }

            return best;
        }

        /// <summary>
        /// The event-based asynchronous pattern (WebClient, SmtpClient, Ping): there <c>XAsync</c> returns void and reports
        /// through an event, and the awaitable twin carries a longer name that starts with the sync name and ends with
        /// Async (<c>DownloadStringTaskAsync</c>, <c>SendMailAsync</c>, <c>SendPingAsync</c>). Only looked for when the
        /// type declares such a void <c>XAsync</c>; the candidates go through the same checks as a plain twin.
        /// </summary>
        private AsyncTwin? FindEventBasedTwin(INamedTypeSymbol type, string twinName, IMethodSymbol method, ref HashSet<IMethodSymbol>? overriddenByFake)
        {
            bool eventBased = false;
            foreach (ISymbol member in type.GetMembers(twinName))
            {
                eventBased |= member is IMethodSymbol { ReturnsVoid: true } eap && eap.IsStatic == method.IsStatic;
            }

            if (!eventBased)
            {
                return null;
            }

            string syncName = method.Name;
            foreach (string name in type.MemberNames)
            {
                if (name.Length > twinName.Length && name.StartsWith(syncName, System.StringComparison.Ordinal)
                    && name.EndsWith("Async", System.StringComparison.Ordinal))
                {
                    AsyncTwin? found = FindIn(type, name, method, queryable: false, ref overriddenByFake);
                    if (found != null)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// An interface whose sync member is abstract and whose async member has a default body (EF Core's
        /// IDbContextFactory.CreateDbContextAsync) delegates to the sync member by design: not a twin.
        /// </summary>
        private static bool IsDefaultInterfaceWrapper(IMethodSymbol method, IMethodSymbol candidate) =>
            candidate.ContainingType.TypeKind == TypeKind.Interface && !candidate.IsStatic && !candidate.IsAbstract && method.IsAbstract;

        private static int Rank(TwinShape shape) => shape == TwinShape.SamePlusToken ? 0 : shape == TwinShape.Same ? 1 : 2;

        private bool IsObsolete(IMethodSymbol candidate)
        {
            foreach (AttributeData attribute in candidate.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _obsolete))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>void → Task/ValueTask; R → Task&lt;R&gt;/ValueTask&lt;R&gt;.</summary>
        private bool ResultMatches(IMethodSymbol method, IMethodSymbol candidate)
        {
            if (!(candidate.ReturnType is INamedTypeSymbol result))
            {
                return false;
            }

            INamedTypeSymbol definition = result.OriginalDefinition;
            if (method.ReturnsVoid)
            {
                return SymbolEqualityComparer.Default.Equals(definition, _task) || SymbolEqualityComparer.Default.Equals(definition, _valueTask);
            }

            if ((SymbolEqualityComparer.Default.Equals(definition, _taskOfT) || SymbolEqualityComparer.Default.Equals(definition, _valueTaskOfT))
                && result.TypeArguments.Length == 1)
            {
                return TypesMatch(method.ReturnType, result.TypeArguments[0]);
            }

            return false;
        }

        private TwinShape? MatchParameters(IMethodSymbol method, IMethodSymbol candidate, bool queryable, out bool tokenRequired)
        {
            tokenRequired = false;
            ImmutableArray<IParameterSymbol> source = method.Parameters;
            ImmutableArray<IParameterSymbol> target = candidate.Parameters;

            int count = target.Length;
            bool token = false;
            // Find(params object[] keys) → FindAsync(object[] keys, CancellationToken) is not a drop-in: the token would join the keys.
            bool sourceEndsWithParams = source.Length > 0 && source[source.Length - 1].IsParams;
            if (count > 0 && SymbolEqualityComparer.Default.Equals(target[count - 1].Type, _cancellationToken) && !sourceEndsWithParams
                && !(source.Length == count && SymbolEqualityComparer.Default.Equals(source[count - 1].Type, _cancellationToken)))
            {
                token = true;
                tokenRequired = !target[count - 1].HasExplicitDefaultValue;
                count--;
            }

            if (count == source.Length && SameParameters(source, target, count, queryable))
            {
                return token ? TwinShape.SamePlusToken : TwinShape.Same;
            }

            if (count + 1 == source.Length && !sourceEndsWithParams)
            {
                for (int flag = 0; flag < source.Length; flag++)
                {
                    // Only a 'buffered' flag (a data-access library's choice of how rows are handed back): any other flag may
                    // select other work ('includeDeleted', 'dryRun') that the async form does not do.
                    if (source[flag].HasExplicitDefaultValue && source[flag].Type.SpecialType == SpecialType.System_Boolean && source[flag].Name == "buffered"
                        && SameParameters(source.RemoveAt(flag), target, count, queryable))
                    {
                        return TwinShape.SameLessOptionalFlag;
                    }
                }
            }

            // Read(Span<byte>) → ReadAsync(Memory<byte>); Read(byte[], int, int) → ReadAsync(Memory<byte>).
            if (!queryable && IsMemoryForm(source, target, count))
            {
                return TwinShape.Memory;
            }

            return null;
        }

        private bool SameParameters(ImmutableArray<IParameterSymbol> source, ImmutableArray<IParameterSymbol> target, int count, bool queryable)
        {
            for (int i = 0; i < count; i++)
            {
                if (source[i].RefKind != target[i].RefKind)
                {
                    return false;
                }

                // Enumerable.ToList(IEnumerable<T>) over an EF query → ToListAsync(IQueryable<T>): checked at the call site.
                if (queryable && i == 0)
                {
                    continue;
                }

                if (!TypesMatch(source[i].Type, target[i].Type) && !Widens(source[i], target[i]))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>WriteAllLines(string, string[]) → WriteAllLinesAsync(string, IEnumerable&lt;string&gt;): the argument converts.</summary>
        private bool Widens(IParameterSymbol source, IParameterSymbol target)
        {
            if (source.RefKind != RefKind.None || source.IsParams != target.IsParams || ContainsTypeParameter(source.Type) || ContainsTypeParameter(target.Type))
            {
                return false;
            }

            Microsoft.CodeAnalysis.Operations.CommonConversion conversion = _compilation.ClassifyCommonConversion(source.Type, target.Type);
            return conversion.IsImplicit && (conversion.IsReference || conversion.IsIdentity);
        }

        private static bool ContainsTypeParameter(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol _ => true,
            IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter),
            _ => false,
        };

        private bool IsMemoryForm(ImmutableArray<IParameterSymbol> source, ImmutableArray<IParameterSymbol> target, int count)
        {
            if (count != 1 || source.Length == 0 || !(target[0].Type is INamedTypeSymbol memory) || memory.TypeArguments.Length != 1)
            {
                return false;
            }

            INamedTypeSymbol memoryDefinition = memory.OriginalDefinition;
            bool isMemory = SymbolEqualityComparer.Default.Equals(memoryDefinition, _memory);
            bool isReadOnly = SymbolEqualityComparer.Default.Equals(memoryDefinition, _readOnlyMemory);
            if (!isMemory && !isReadOnly)
            {
                return false;
            }

            ITypeSymbol element = memory.TypeArguments[0];
            if (source.Length == 1 && source[0].Type is INamedTypeSymbol span && span.TypeArguments.Length == 1
                && TypesMatch(span.TypeArguments[0], element))
            {
                INamedTypeSymbol spanDefinition = span.OriginalDefinition;
                return (isMemory && SymbolEqualityComparer.Default.Equals(spanDefinition, _span))
                    || (isReadOnly && SymbolEqualityComparer.Default.Equals(spanDefinition, _readOnlySpan));
            }

            return source.Length == 3 && source[0].Type is IArrayTypeSymbol array && TypesMatch(array.ElementType, element)
                && source[1].Type.SpecialType == SpecialType.System_Int32 && source[2].Type.SpecialType == SpecialType.System_Int32;
        }

        /// <summary>Type equality across two overloads: their own method type parameters match by position (also used by REL412).</summary>
        internal static bool TypesMatch(ITypeSymbol a, ITypeSymbol b)
        {
            if (a is ITypeParameterSymbol pa && b is ITypeParameterSymbol pb)
            {
                return pa.TypeParameterKind == pb.TypeParameterKind
                    && (pa.TypeParameterKind == TypeParameterKind.Method ? pa.Ordinal == pb.Ordinal : SymbolEqualityComparer.Default.Equals(pa, pb));
            }

            if (a is IArrayTypeSymbol aa && b is IArrayTypeSymbol ab)
            {
                return aa.Rank == ab.Rank && TypesMatch(aa.ElementType, ab.ElementType);
            }

            if (a is INamedTypeSymbol na && b is INamedTypeSymbol nb && na.IsGenericType && nb.IsGenericType)
            {
                if (!SymbolEqualityComparer.Default.Equals(na.OriginalDefinition, nb.OriginalDefinition) || na.TypeArguments.Length != nb.TypeArguments.Length)
                {
                    return false;
                }

                for (int i = 0; i < na.TypeArguments.Length; i++)
                {
                    if (!TypesMatch(na.TypeArguments[i], nb.TypeArguments[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            return SymbolEqualityComparer.Default.Equals(a, b);
        }

        /// <summary>
        /// A twin written in source that is no twin, because awaiting it still blocks a thread:
        /// it offloads to the pool (<c>Task.Run</c> / <c>Task.Factory.StartNew</c>, async or not), it is not async and
        /// only wraps a value (<c>Task.FromResult</c> / <c>Task.CompletedTask</c>), or it delegates to the sync member
        /// itself (<c>Read(...)</c>, <c>this.Read(...)</c>, <c>base.Read(...)</c> in <c>ReadAsync</c>).
        /// </summary>
        private static bool IsFakeTwin(IMethodSymbol candidate, string syncName) => IsFakeTwin(candidate, syncName, 0);

        private static bool IsFakeTwin(IMethodSymbol candidate, string syncName, int depth)
        {
            if (candidate.DeclaringSyntaxReferences.Length == 0)
            {
                return false;
            }

            foreach (SyntaxReference reference in candidate.DeclaringSyntaxReferences)
            {
                if (!(reference.GetSyntax() is MethodDeclarationSyntax declaration))
                {
                    continue;
                }

                SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body is null)
                {
                    continue;
                }

                bool isAsync = candidate.IsAsync;
                foreach (SyntaxNode node in body.DescendantNodes())
                {
                    if (node is MemberAccessExpressionSyntax access)
                    {
                        string member = access.Name.Identifier.ValueText;
                        if (member == "Run" || member == "StartNew")
                        {
                            return true;
                        }

                        if (!isAsync && (member == "FromResult" || member == "CompletedTask"))
                        {
                            return true;
                        }
                    }
                    else if (node is InvocationExpressionSyntax invocation && CallsOwnMember(invocation.Expression, syncName))
                    {
                        return true;
                    }
                    else if (!isAsync && node is BaseObjectCreationExpressionSyntax created
                        && (created is ImplicitObjectCreationExpressionSyntax || (created is ObjectCreationExpressionSyntax { Type: var type } && type.ToString().StartsWith("ValueTask", System.StringComparison.Ordinal)))
                        && created.Parent is ReturnStatementSyntax or ArrowExpressionClauseSyntax)
                    {
                        return true; // 'return new(Scope(name));': a ValueTask wrapping a value computed synchronously
                    }
                }

                // 'async GetItemAsync<T>(key) { var o = await this.GetItemAsync(key); return (T)o; }': an async twin whose
                // every await is of another twin of its type that is fake itself (one level; phase 24, a Kerberos
                // library's ticket caches).
                if (isAsync && depth == 0 && candidate.ContainingType is { } self && AwaitsOnlyFakeOwnTwins(body, self, depth))
                {
                    return true;
                }

                // 'DefaultScopeAsync() => ScopeAsync(DefaultName)': a non-async twin that only returns another twin of its
                // type, which is fake itself (one level).
                if (!isAsync && depth == 0 && ReturnedOwnCall(body) is { } delegated && delegated.EndsWith("Async", System.StringComparison.Ordinal)
                    && candidate.ContainingType is { } owner)
                {
                    foreach (ISymbol member in owner.GetMembers(delegated))
                    {
                        if (member is IMethodSymbol other && IsFakeTwin(other, delegated.Substring(0, delegated.Length - "Async".Length), depth + 1))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>At least one await, and every await (outside lambdas) awaits an own 'XAsync(...)' twin that is fake.</summary>
        private static bool AwaitsOnlyFakeOwnTwins(SyntaxNode body, INamedTypeSymbol owner, int depth)
        {
            int awaits = 0;
            foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
            {
                if (!(node is AwaitExpressionSyntax awaitExpression))
                {
                    continue;
                }

                ExpressionSyntax awaited = BlockingWait.StripConfigureAwait(awaitExpression.Expression);

                string? called = awaited is InvocationExpressionSyntax call
                    ? call.Expression switch
                    {
                        IdentifierNameSyntax id => id.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var name } => name.Identifier.ValueText,
                        _ => null,
                    }
                    : null;
                if (called is null || !called.EndsWith("Async", System.StringComparison.Ordinal))
                {
                    return false;
                }

                // Overloads are told apart by their number of parameters (the call is not bound here): a fake
                // 'GetAsync(key)' beside a real 'GetAsync(key, ct)' must not make an await of the real one fake.
                int arguments = ((InvocationExpressionSyntax)awaited).ArgumentList.Arguments.Count;
                bool fake = false;
                foreach (ISymbol member in owner.GetMembers(called))
                {
                    fake |= member is IMethodSymbol { IsAsync: false } other && other.Parameters.Length == arguments
                        && IsFakeTwin(other, called.Substring(0, called.Length - "Async".Length), depth + 1);
                }

                if (!fake)
                {
                    return false;
                }

                awaits++;
            }

            return awaits > 0;
        }

        /// <summary>The name of the own member that a body returns the call of (<c>=> ScopeAsync(x)</c>, <c>{ Check(); return ScopeAsync(x); }</c>), if it is the only return.</summary>
        private static string? ReturnedOwnCall(SyntaxNode body)
        {
            ExpressionSyntax? returned = body is ArrowExpressionClauseSyntax arrow ? arrow.Expression : null;
            if (body is BlockSyntax block)
            {
                foreach (SyntaxNode node in block.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    if (node is ReturnStatementSyntax ret)
                    {
                        if (returned != null)
                        {
                            return null;
                        }

                        returned = ret.Expression;
                    }
                }
            }

            return returned is InvocationExpressionSyntax { Expression: IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } } call
                ? (call.Expression is IdentifierNameSyntax id ? id.Identifier.ValueText : ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText)
                : null;
        }

        // Per compilation: interface / abstract twin declared in source -> every implementation in source is a fake twin.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool> _fakeByImplementations =
            new System.Collections.Concurrent.ConcurrentDictionary<IMethodSymbol, bool>(SymbolEqualityComparer.Default);

        /// <summary>
        /// 'IScope.CollectionAsync(name)' whose implementations in this compilation all wrap the sync member
        /// ('=> new(Collection(name))'): through the interface, the twin blocks just the same.
        /// </summary>
        private bool ImplementedOnlyByFakeTwins(IMethodSymbol candidate, string syncName)
        {
            if (!candidate.IsAbstract || candidate.DeclaringSyntaxReferences.IsEmpty || candidate.ContainingType is null)
            {
                return false;
            }

            return _fakeByImplementations.GetOrAdd(candidate.OriginalDefinition, twin =>
            {
                ImmutableArray<IMethodSymbol> implementations = SourceImplementations.For(_compilation).Of(twin, System.Threading.CancellationToken.None);
                foreach (IMethodSymbol implementation in implementations)
                {
                    if (!IsFakeTwin(implementation, syncName))
                    {
                        return false;
                    }
                }

                return implementations.Length > 0;
            });
        }

        private static bool CallsOwnMember(ExpressionSyntax callee, string name) => callee switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
            GenericNameSyntax generic => generic.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax _ } access => access.Name.Identifier.ValueText == name,
            MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax _ } access => access.Name.Identifier.ValueText == name,
            _ => false,
        };
    }
}
