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
    /// Per-compilation answer to "does this sync source method block, directly or through the sync source methods it
    /// calls?" (REL405). Bounded: at most <see cref="MaxDepth"/> methods along a chain; each method body is read once per
    /// compilation (facts cached by method symbol) and bound only when it mentions a blocking API name or a name declared
    /// in source. Lambdas and local functions inside a helper are not followed (they may run later, elsewhere).
    /// </summary>
    internal sealed class BlockingHelperSummaries
    {
        public const int MaxDepth = 3;

        private sealed class Facts
        {
            public static readonly Facts None = new Facts(null, Array.Empty<IMethodSymbol>());

            public Facts(string? blocking, IReadOnlyList<IMethodSymbol> callees)
            {
                Blocking = blocking;
                Callees = callees;
            }

            /// <summary>The first blocking call in the body, as shown to the user (<c>Dns.GetHostAddresses</c>).</summary>
            public string? Blocking { get; }

            public IReadOnlyList<IMethodSymbol> Callees { get; }
        }

        /// <summary>A chain from a helper to a blocking call: <c>Resolve → Dns.GetHostAddresses</c>.</summary>
        internal sealed class Chain
        {
            public Chain(string blocking, string path)
            {
                Blocking = blocking;
                Path = path;
            }

            public string Blocking { get; }

            public string Path { get; }
        }

        private static readonly Chain NoChain = new Chain(string.Empty, string.Empty);

        private readonly Compilation _compilation;
        private readonly TaskTypes _types;
        private readonly BlockingApis _apis;
        private readonly ConcurrentDictionary<IMethodSymbol, Facts> _facts = new ConcurrentDictionary<IMethodSymbol, Facts>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(IMethodSymbol, int), Chain> _chains = new ConcurrentDictionary<(IMethodSymbol, int), Chain>(new ChainKeyComparer());
        private readonly Lazy<HashSet<string>> _sourceMemberNames;

        public BlockingHelperSummaries(Compilation compilation, TaskTypes types, BlockingApis apis)
        {
            _compilation = compilation;
            _types = types;
            _apis = apis;
            _sourceMemberNames = new Lazy<HashSet<string>>(() => CollectSourceMemberNames(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>True for a method whose body this analysis may read: ordinary or local, in source, not async, with a body.</summary>
        public static bool IsFollowable(IMethodSymbol method) =>
            (method.MethodKind == MethodKind.Ordinary || method.MethodKind == MethodKind.LocalFunction)
            && !method.IsAsync && !method.IsAbstract && !method.IsExtern && method.DeclaringSyntaxReferences.Length > 0;

        /// <summary>The shortest known chain (within <see cref="MaxDepth"/> methods) from <paramref name="helper"/> to a blocking call, or null.</summary>
        public Chain? Find(IMethodSymbol helper, CancellationToken cancellationToken)
        {
            Chain chain = Find(helper.OriginalDefinition, MaxDepth, cancellationToken);
            return ReferenceEquals(chain, NoChain) ? null : chain;
        }

        private Chain Find(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            if (_chains.TryGetValue((method, depth), out Chain? cached))
            {
                return cached;
            }

            Facts facts = GetFacts(method, cancellationToken);
            Chain result = NoChain;
            if (facts.Blocking != null)
            {
                result = new Chain(facts.Blocking, method.Name + " → " + facts.Blocking);
            }
            else if (depth > 1)
            {
                foreach (IMethodSymbol callee in facts.Callees)
                {
                    if (SymbolEqualityComparer.Default.Equals(callee, method))
                    {
                        continue;
                    }

                    Chain inner = Find(callee, depth - 1, cancellationToken);
                    if (!ReferenceEquals(inner, NoChain))
                    {
                        result = new Chain(inner.Blocking, method.Name + " → " + inner.Path);
                        break;
                    }
                }
            }

            _chains.TryAdd((method, depth), result);
            return result;
        }

        private Facts GetFacts(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_facts.TryGetValue(method, out Facts? cached))
            {
                return cached;
            }

            Facts facts = ComputeFacts(method, cancellationToken);
            _facts.TryAdd(method, facts);
            return facts;
        }

        private Facts ComputeFacts(IMethodSymbol method, CancellationToken cancellationToken)
        {
            // An iterator's call only creates the enumerator; its body blocks when enumerated, not where it is called.
            if (!IsFollowable(method) || AsyncContext.HasAsyncFlagParameter(method) || SyntaxHelpers.IsSourceIterator(method, cancellationToken))
            {
                return Facts.None;
            }

            List<IMethodSymbol>? callees = null;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                SyntaxNode declaration = reference.GetSyntax(cancellationToken);
                SyntaxNode? body = SyntaxHelpers.BodyOf(declaration);
                if (body is null || !_compilation.ContainsSyntaxTree(body.SyntaxTree))
                {
                    continue;
                }

                SemanticModel? model = null;
                foreach (SyntaxNode node in body.DescendantNodes(n => !(n is AnonymousFunctionExpressionSyntax) && !(n is LocalFunctionStatementSyntax)))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    string? name;
                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation:
                            name = NameOf(invocation.Expression);
                            break;
                        case MemberAccessExpressionSyntax { Name: { Identifier: { ValueText: "Result" } } } access when !(access.Parent is InvocationExpressionSyntax):
                            name = "Result";
                            break;
                        case ObjectCreationExpressionSyntax creation:
                            name = NameOf(creation.Type);
                            break;
                        default:
                            continue;
                    }

                    if (name is null)
                    {
                        continue;
                    }

                    if (_apis.IsCandidateName(name) && !AsyncContext.IsUnderAsyncFlag(node, declaration))
                    {
                        model ??= _compilation.GetSemanticModel(body.SyntaxTree);
                        string? blocking = _apis.Describe(model.GetOperation(node, cancellationToken), model, _types, cancellationToken);
                        if (blocking != null)
                        {
                            return new Facts(blocking, Array.Empty<IMethodSymbol>());
                        }
                    }

                    if (node is InvocationExpressionSyntax call && IsDeclaredInSource(name))
                    {
                        model ??= _compilation.GetSemanticModel(body.SyntaxTree);
                        if (model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol target)
                        {
                            target = (target.ReducedFrom ?? target).OriginalDefinition;
                            if (IsFollowable(target))
                            {
                                (callees ??= new List<IMethodSymbol>()).Add(target);
                            }
                        }
                    }
                }
            }

            return callees is null ? Facts.None : new Facts(null, callees);
        }

        private bool IsDeclaredInSource(string name) => _sourceMemberNames.Value.Contains(name);

        /// <summary>
        /// Every member name declared in this compilation's source, read once from the declarations (no binding):
        /// asking the declaration table per name walks all of it each time.
        /// </summary>
        private static HashSet<string> CollectSourceMemberNames(Compilation compilation)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(compilation.Assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                INamespaceOrTypeSymbol current = pending.Pop();
                if (current is INamedTypeSymbol type)
                {
                    names.UnionWith(type.MemberNames);
                    foreach (INamedTypeSymbol nested in type.GetTypeMembers())
                    {
                        pending.Push(nested);
                    }
                }
                else if (current is INamespaceSymbol ns)
                {
                    foreach (INamespaceOrTypeSymbol member in ns.GetMembers())
                    {
                        pending.Push(member);
                    }
                }
            }

            return names;
        }

        private static string? NameOf(SyntaxNode expression) => expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            GenericNameSyntax generic => generic.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            _ => null,
        };

        private sealed class ChainKeyComparer : IEqualityComparer<(IMethodSymbol, int)>
        {
            public bool Equals((IMethodSymbol, int) x, (IMethodSymbol, int) y) =>
                x.Item2 == y.Item2 && SymbolEqualityComparer.Default.Equals(x.Item1, y.Item1);

            public int GetHashCode((IMethodSymbol, int) obj) =>
                SymbolEqualityComparer.Default.GetHashCode(obj.Item1) * 31 + obj.Item2;
        }
    }

    /// <summary>
    /// The blocking calls REL405 follows helpers to: sync DNS, socket, file and HTTP I/O, sync ADO.NET, Thread.Sleep,
    /// SemaphoreSlim.Wait, Process.WaitForExit, and waits on tasks not proven complete (.Result, .Wait(), GetResult()).
    /// Types resolved once per compilation.
    /// </summary>
    internal sealed class BlockingApis
    {
        private static readonly string[][] Catalogue =
        {
            new[] { "System.Net.Dns", "GetHostEntry", "GetHostAddresses", "GetHostByName", "GetHostByAddress", "Resolve" },
            new[] { "System.Net.Sockets.Socket", "Connect", "Accept", "Receive", "ReceiveFrom", "ReceiveMessageFrom", "Send", "SendTo", "SendFile" },
            new[] { "System.Net.Sockets.TcpClient", "Connect" },
            new[] { "System.Net.Sockets.TcpListener", "AcceptTcpClient", "AcceptSocket" },
            new[] { "System.Net.Sockets.UdpClient", "Receive", "Send" },
            new[] { "System.IO.File", "ReadAllText", "ReadAllBytes", "ReadAllLines", "WriteAllText", "WriteAllBytes", "WriteAllLines", "AppendAllText", "AppendAllLines" },
            new[] { "System.Net.Http.HttpClient", "Send" },
            new[] { "System.Net.WebClient", "DownloadString", "DownloadData", "DownloadFile", "UploadString", "UploadData", "UploadValues", "UploadFile", "OpenRead" },
            new[] { "System.Net.WebRequest", "GetResponse", "GetRequestStream" },
            new[] { "System.Net.Mail.SmtpClient", "Send" },
            new[] { "System.Net.NetworkInformation.Ping", "Send" },
            new[] { "System.Data.Common.DbConnection", "Open" },
            new[] { "System.Data.Common.DbCommand", "ExecuteReader", "ExecuteNonQuery", "ExecuteScalar" },
            new[] { "System.Threading.Thread", "Sleep" },
            new[] { "System.Threading.SemaphoreSlim", "Wait" },
            new[] { "System.Diagnostics.Process", "WaitForExit" },
        };

        private readonly List<(INamedTypeSymbol Type, HashSet<string> Methods)> _entries = new List<(INamedTypeSymbol, HashSet<string>)>();
        private readonly HashSet<string> _names = new HashSet<string>(StringComparer.Ordinal) { "Result", "Wait", "WaitAll", "WaitAny", "GetResult", "TcpClient" };
        private readonly INamedTypeSymbol? _tcpClient;

        public BlockingApis(KnownTypes types)
        {
            foreach (string[] row in Catalogue)
            {
                INamedTypeSymbol? type = types.Get(row[0]);
                if (type is null)
                {
                    continue;
                }

                var methods = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 1; i < row.Length; i++)
                {
                    methods.Add(row[i]);
                    _names.Add(row[i]);
                }

                _entries.Add((type, methods));
            }

            _tcpClient = types.Get("System.Net.Sockets.TcpClient");
        }

        /// <summary>Cheap syntax pre-filter: only nodes with one of these names are bound.</summary>
        public bool IsCandidateName(string name) => _names.Contains(name);

        /// <summary>A display name for a blocking operation (<c>Dns.GetHostAddresses</c>, <c>.Result</c>), or null.</summary>
        public string? Describe(IOperation? operation, SemanticModel model, TaskTypes types, CancellationToken cancellationToken)
        {
            if (operation is null)
            {
                return null;
            }

            if (BlockingWait.TryMatch(operation, types, out BlockingWait wait))
            {
                bool proven = wait.Task != null
                    ? AsyncContext.IsProvenComplete(wait.Task, wait.Syntax, model, types, cancellationToken)
                    : TaskCompletion.AllArgumentsProven((InvocationExpressionSyntax)wait.Syntax, model, types, cancellationToken);
                return proven ? null : wait.Display;
            }

            if (operation is IObjectCreationOperation creation)
            {
                // new TcpClient(host, port) connects in its constructor.
                return _tcpClient != null && creation.Arguments.Length == 2
                    && SymbolEqualityComparer.Default.Equals(creation.Type?.OriginalDefinition, _tcpClient) ? "new TcpClient(host, port)" : null;
            }

            if (!(operation is IInvocationOperation invocation))
            {
                return null;
            }

            IMethodSymbol method = invocation.TargetMethod;
            if (method.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) == true)
            {
                return null; // documented: SQLite has no async I/O, so there is nothing better to call
            }

            foreach ((INamedTypeSymbol type, HashSet<string> methods) in _entries)
            {
                if (methods.Contains(method.Name) && method.ContainingType.InheritsFromOrEquals(type))
                {
                    if (IsZeroWait(invocation))
                    {
                        return null;
                    }

                    return type.Name + "." + method.Name;
                }
            }

            return null;
        }

        /// <summary>Thread.Sleep(0), SemaphoreSlim.Wait(0): a yield or a probe, not a wait.</summary>
        private static bool IsZeroWait(IInvocationOperation invocation)
        {
            if (invocation.Arguments.Length == 0 || (invocation.TargetMethod.Name != "Sleep" && invocation.TargetMethod.Name != "Wait"))
            {
                return false;
            }

            IOperation value = invocation.Arguments[0].Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value.ConstantValue.HasValue && value.ConstantValue.Value is int i && i == 0;
        }
    }
}
