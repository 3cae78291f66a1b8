using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL312 (audit level): a database connection, or a CancellationTokenSource that holds a timer or a registration on
    /// another token, created in a method and never disposed there: not in a using, no Dispose/Close on any path, not
    /// returned, stored or handed to another method. Per call, the connection pool runs dry, and a linked source stays
    /// registered on a long-lived token (measured miss: a per-request timeout source and its linked source in an identity
    /// library's instance-metadata probe).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL312UndisposedPerCallResourceAnalyzer : DiagnosticAnalyzer
    {
        private const string ConnectionWhy = "Its connection goes back to the pool only when it is disposed, so under load the pool runs dry and requests time out waiting for one.";
        private const string ContextWhy = "It keeps its change tracker, and any connection or transaction it opened, until the garbage collector finds it.";
        private const string TimerWhy = "Its timer stays queued until it fires, one per call.";
        private const string ClientWhy = "Its socket is released only when it is disposed, so a failure before it disconnects leaves the connection open until the garbage collector finds it.";
        private const string ChannelWhy = "It holds a channel or session on the broker or server until it is disposed, so one per call exhausts the connection's channel limit.";
        private const string ScopeWhy = "Every scoped service it resolved, a DbContext and its connection among them, stays alive until the scope is disposed.";
        private const string LinkWhy = "It stays registered on the token it links to until that token is cancelled or disposed, so a long-lived token collects one registration per call.";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UndisposedPerCallResource,
            title: "Connection, DbContext, network client or cancellation source created per call and never disposed (audit)",
            messageFormat: "This {0} is created here and never disposed. {1} Create it in a 'using' declaration.",
            description: "A DbConnection (SqlConnection, NpgsqlConnection, ...), an EF Core DbContext (new, or IDbContextFactory.CreateDbContext), a disposable network client with a Connect method (SmtpClient, TcpClient, SshClient) or a CancellationTokenSource with a timeout or a link " +
                         "(CreateLinkedTokenSource, CancelAfter) created in a method that neither disposes nor closes it on any path, returns it, " +
                         "stores it or hands it to another method. Not in start-up code or test projects.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                INamedTypeSymbol? connection = known.Get("System.Data.Common.DbConnection");
                INamedTypeSymbol? command = known.Get("System.Data.Common.DbCommand");
                INamedTypeSymbol? source = known.Get("System.Threading.CancellationTokenSource");
                INamedTypeSymbol? context = known.Get("Microsoft.EntityFrameworkCore.DbContext");
                INamedTypeSymbol? disposable = known.Get("System.IDisposable");
                if (TestSupport.IsTestSupportCompilation(start.Compilation) || (connection is null && source is null && context is null && disposable is null))
                {
                    return;
                }

                var connecting = new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(c => Analyze(c, connection, command, source, context, disposable, connecting), OperationKind.ObjectCreation, OperationKind.Invocation);
            });
        }

        /// <summary>
        /// A disposable made by a Create* method of a long-lived messaging or server connection ('IConnection.CreateModel()',
        /// 'CreateSession()', 'CreateSender(queue)'): the receiver's type is named a connection or a client and is disposable
        /// itself. A database command is not: it holds no server resource of its own.
        /// </summary>
        private static bool IsOpenedOnAConnection(IInvocationOperation invocation, ITypeSymbol? type, INamedTypeSymbol disposable, INamedTypeSymbol? command)
        {
            ITypeSymbol? receiver = invocation.Instance?.Type;
            return receiver != null && type != null && type.IsOrImplements(disposable)
                && (receiver.Name.EndsWith("Connection", System.StringComparison.Ordinal) || receiver.Name.EndsWith("Client", System.StringComparison.Ordinal))
                && receiver.IsOrImplements(disposable)
                && !(command != null && type.InheritsFromOrEquals(command))
                && type.Name.IndexOf("Command", System.StringComparison.Ordinal) < 0;
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol? connection, INamedTypeSymbol? command, INamedTypeSymbol? source,
            INamedTypeSymbol? dbContext, INamedTypeSymbol? disposable, System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, bool> connecting)
        {
            IOperation created = context.Operation;
            ITypeSymbol? type = created.Type;
            string? why;
            bool isSource = false;
            if (created is IObjectCreationOperation creation)
            {
                if (connection != null && type.InheritsFromOrEquals(connection))
                {
                    why = ConnectionWhy;
                }
                else if (dbContext != null && type.InheritsFromOrEquals(dbContext))
                {
                    why = ContextWhy; // a DbContext made by hand (a probe's nightly job: 'var db = new ShopDbContext(options)', never disposed)
                }
                else if (source != null && type.InheritsFromOrEquals(source))
                {
                    isSource = true;
                    why = creation.Arguments.IsEmpty ? null : TimerWhy; // 'new CancellationTokenSource()' holds nothing until CancelAfter
                }
                else if (disposable != null && type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } client
                         && connecting.GetOrAdd(client.OriginalDefinition, t => IsConnectingClient(t, disposable)))
                {
                    why = ClientWhy; // 'var smtp = new SmtpClient(); smtp.Connect(...)' (phase 25, a recall probe's mail sender)
                }
                else
                {
                    return;
                }
            }
            else if (created is IInvocationOperation invocation)
            {
                IMethodSymbol method = invocation.TargetMethod;
                if (source != null && method.Name == "CreateLinkedTokenSource" && SymbolEqualityComparer.Default.Equals(method.ContainingType, source))
                {
                    isSource = true;
                    why = LinkWhy;
                }
                else if (connection != null && method.Name.StartsWith("Create", System.StringComparison.Ordinal) && type.InheritsFromOrEquals(connection))
                {
                    why = ConnectionWhy; // DbProviderFactory.CreateConnection(), a project's own connection factory
                }
                else if ((method.Name == "CreateScope" || method.Name == "CreateAsyncScope") && (type?.Name == "IServiceScope" || type?.Name == "AsyncServiceScope"))
                {
                    why = ScopeWhy; // 'var scope = _services.CreateScope();' per connection or per message (phase 26, a fleet tracker's listener)
                }
                else if (disposable != null && method.Name.StartsWith("Create", System.StringComparison.Ordinal) && IsOpenedOnAConnection(invocation, type, disposable, command))
                {
                    why = ChannelWhy; // 'var channel = _connection.CreateModel();' per publish (phase 26, a recall probe's event publisher)
                }
                else if (dbContext != null && method.Name.StartsWith("CreateDbContext", System.StringComparison.Ordinal) && type.InheritsFromOrEquals(dbContext))
                {
                    why = ContextWhy; // IDbContextFactory<T>.CreateDbContext(): the caller owns the context it hands out
                }
                else if (dbContext != null && method.Name == "CreateDbContextAsync"
                         && (invocation.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == invocation
                             ? configured.Parent : invocation.Parent) is IAwaitOperation awaited
                         && type is INamedTypeSymbol { TypeArguments.Length: 1 } task && task.TypeArguments[0].InheritsFromOrEquals(dbContext))
                {
                    why = ContextWhy; // 'var db = await factory.CreateDbContextAsync(ct)': the awaited context is what the local holds
                    created = awaited;
                    type = task.TypeArguments[0];
                }
                else
                {
                    return;
                }
            }
            else
            {
                return;
            }

            SyntaxNode? function = AsyncContext.EnclosingFunction(created.Syntax);
            if (function is null || created.SemanticModel is not SemanticModel model || created.Parent is null)
            {
                return;
            }

            IOperation parent = created.Parent;
            while ((parent is IConversionOperation || parent is IParenthesizedOperation) && parent.Parent != null)
            {
                parent = parent.Parent;
            }

            ILocalSymbol? local = null;
            switch (parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    if (IsUsingDeclaration(declarator))
                    {
                        return;
                    }

                    local = declarator.Symbol;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation }:
                    // Only a plain statement: in 'a = b = Create(...)' the value flows on to 'a', which may be the one disposed.
                    local = target.Local;
                    break;
                case IPropertyReferenceOperation { Property.Name: "Token" }:
                case IInvocationOperation { Instance: { } instance } when Unwrap(instance) == created:
                    // 'new CancellationTokenSource(timeout).Token', 'new SqlConnection(cs).Open()': nothing can dispose it.
                    break;
                default:
                    return; // a using, a return, a field, an argument: someone else owns it
            }

            // 'return command.ExecuteReader(CommandBehavior.CloseConnection)': the reader owns the connection and closes it.
            if (why == ConnectionWhy && function.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "CloseConnection"))
            {
                return;
            }

            if (local != null)
            {
                LocalUse use = ScanLocal(local, function, model, command, isSource, context.CancellationToken);
                if (use == LocalUse.DisposedOrEscapes)
                {
                    return;
                }

                if (why is null)
                {
                    if (use != LocalUse.CancelAfter)
                    {
                        return;
                    }

                    why = TimerWhy;
                }
            }

            // Once per process (the entry point, seeding, migration): checked last, it is the costly test.
            if (why is null || (function is BaseMethodDeclarationSyntax && context.ContainingSymbol is IMethodSymbol member
                && StartupCode.IsOncePerProcess(function, member, model.Compilation, context.CancellationToken)))
            {
                return;
            }

            string display = type?.Name ?? "object";
            context.ReportDiagnostic(Diagnostic.Create(Rule, created.Syntax.GetLocation(), display, why));
        }

        /// <summary>
        /// A disposable network client that opens its own connection: it has a 'Connect' / 'ConnectAsync' method (MailKit's
        /// SmtpClient and ImapClient, SSH.NET's SshClient, TcpClient, ClientWebSocket, FTP clients).
        /// </summary>
        private static bool IsConnectingClient(INamedTypeSymbol type, INamedTypeSymbol disposable)
        {
            if (!type.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default))
            {
                return false;
            }

            for (INamedTypeSymbol? current = type; current != null; current = current.BaseType)
            {
                if (!current.GetMembers("Connect").IsEmpty || !current.GetMembers("ConnectAsync").IsEmpty)
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation Unwrap(IOperation operation) => Operations.Unwrap(operation);

        private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
        {
            for (IOperation? current = declarator.Parent; current != null; current = current.Parent)
            {
                switch (current)
                {
                    case IUsingDeclarationOperation _:
                    case IUsingOperation _:
                        return true;
                    case IVariableDeclarationOperation _:
                    case IVariableDeclarationGroupOperation _:
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private enum LocalUse
        {
            Undisposed,
            CancelAfter,
            DisposedOrEscapes,
        }

        /// <summary>
        /// Reads every use of the local in the function: disposed (Dispose, Close, a using of it), or handed on (returned,
        /// stored, passed as an argument: someone else may dispose it; a connection given to a command stays ours).
        /// </summary>
        private static LocalUse ScanLocal(ILocalSymbol local, SyntaxNode function, SemanticModel model, INamedTypeSymbol? command, bool isSource,
            System.Threading.CancellationToken cancellationToken)
        {
            LocalUse result = LocalUse.Undisposed;
            foreach (SyntaxNode node in function.DescendantNodes())
            {
                if (!(node is IdentifierNameSyntax identifier) || identifier.Identifier.ValueText != local.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
                {
                    continue;
                }

                SyntaxNode? parent = identifier.Parent;
                while ((parent is ParenthesizedExpressionSyntax || parent is CastExpressionSyntax) && parent.Parent != null)
                {
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case MemberAccessExpressionSyntax access when access.Expression.Span.Contains(identifier.Span):
                        string name = access.Name.Identifier.ValueText;
                        if (name == "Dispose" || name == "DisposeAsync" || name == "Close" || name == "CloseAsync")
                        {
                            return LocalUse.DisposedOrEscapes;
                        }

                        // 'await using (connection.ConfigureAwait(false))' / 'await using var _ = connection.ConfigureAwait(false);':
                        // the using disposes the local through its configured wrapper (phase 22, an ORM's connections).
                        if (name == "ConfigureAwait" && access.Parent is InvocationExpressionSyntax configured
                            && (configured.Parent is UsingStatementSyntax
                                || configured.Parent is EqualsValueClauseSyntax { Parent.Parent.Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } }))
                        {
                            return LocalUse.DisposedOrEscapes;
                        }

                        if (isSource && name == "CancelAfter")
                        {
                            result = LocalUse.CancelAfter;
                        }

                        break;
                    case ConditionalAccessExpressionSyntax conditional when conditional.Expression.Span.Contains(identifier.Span):
                        if (conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding }
                            && (binding.Name.Identifier.ValueText == "Dispose" || binding.Name.Identifier.ValueText == "Close"))
                        {
                            return LocalUse.DisposedOrEscapes;
                        }

                        break;
                    case UsingStatementSyntax _:
                    case ReturnStatementSyntax _:
                    case YieldStatementSyntax _:
                    case ArrowExpressionClauseSyntax _:
                    case EqualsValueClauseSyntax _:
                    case InitializerExpressionSyntax _:
                    case AnonymousObjectMemberDeclaratorSyntax _:
                    case TupleExpressionSyntax _:
                        return LocalUse.DisposedOrEscapes;
                    case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connection" } } when !isSource:
                        break; // 'command.Connection = connection': the command uses it and does not own it
                    case AssignmentExpressionSyntax assignment when assignment.Right.Span.Contains(identifier.Span):
                        return LocalUse.DisposedOrEscapes;
                    case ArgumentSyntax argument:
                        // 'new SqlCommand(sql, connection)': the command uses the connection and does not own it.
                        if (command != null && argument.Parent?.Parent is ObjectCreationExpressionSyntax commandCreation
                            && model.GetTypeInfo(commandCreation, cancellationToken).Type.InheritsFromOrEquals(command))
                        {
                            break;
                        }

                        return LocalUse.DisposedOrEscapes;
                }
            }

            return result;
        }
    }
}
