using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL308 (audit level): the REL301 defect where REL301 does not look — a connection-owning client (HttpClient with its
    /// own handler, MongoClient, ConnectionMultiplexer.Connect) created inside a minimal-API route handler or middleware
    /// lambda (MapGet / MapPost / Map... / Run / Use), or inside a local function that is a route handler or belongs to a
    /// method that runs per call. REL301 skips lambdas and local functions because most are DI factories.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL308ClientPerRequestInHandlerAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ClientPerRequestInHandler,
            title: "Client created per request in a handler lambda or local function (audit)",
            messageFormat: "A new {0} is created {1}. " +
                           "Each instance opens its own connections, so under load sockets pile up in TIME_WAIT or the pool is exhausted. " +
                           "Create it once and share it ({2}).",
            description: "Audit-level companion of REL301 for minimal-API route handlers, middleware lambdas and local functions: " +
                         "HttpClient (with its own handler), MongoClient and Redis ConnectionMultiplexer own a connection pool and are meant to live for the whole process.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? http = types.Get(REL301ClientPerOperationAnalyzer.HttpClientType);
                INamedTypeSymbol? multiplexer = types.Get(REL301ClientPerOperationAnalyzer.MultiplexerType);
                INamedTypeSymbol? mongo = types.Get(REL301ClientPerOperationAnalyzer.MongoClientType);
                if (http is null && multiplexer is null && mongo is null)
                {
                    return;
                }

                INamedTypeSymbol? handler = types.Get(REL301ClientPerOperationAnalyzer.HttpMessageHandlerType);
                start.RegisterOperationAction(c =>
                {
                    var creation = (IObjectCreationOperation)c.Operation;
                    if (!(creation.Type is INamedTypeSymbol type))
                    {
                        return;
                    }

                    if (http != null && SymbolEqualityComparer.Default.Equals(type, http) && !REL301ClientPerOperationAnalyzer.HasSharedHandler(creation, handler))
                    {
                        Report(c, creation, "HttpClient", "a 'static readonly' HttpClient with a SocketsHttpHandler that sets PooledConnectionLifetime, or IHttpClientFactory");
                    }
                    else if (mongo != null && SymbolEqualityComparer.Default.Equals(type, mongo))
                    {
                        Report(c, creation, "MongoClient", "register one MongoClient as a singleton");
                    }
                }, OperationKind.ObjectCreation);

                if (multiplexer != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        IMethodSymbol method = invocation.TargetMethod;
                        if ((method.Name == "Connect" || method.Name == "ConnectAsync") && SymbolEqualityComparer.Default.Equals(method.ContainingType, multiplexer))
                        {
                            Report(c, invocation, "ConnectionMultiplexer", "register one IConnectionMultiplexer as a singleton");
                        }
                    }, OperationKind.Invocation);
                }
            });
        }

        private static void Report(OperationAnalysisContext context, IOperation created, string kind, string advice)
        {
            string? where = Where(created, context.ContainingSymbol);
            if (where != null && !REL301ClientPerOperationAnalyzer.IsStoredOrHandedOn(created))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, created.Syntax.GetLocation(), kind, where, advice));
            }
        }

        /// <summary>"in a minimal-API route handler", "in local function 'X' of 'M', ...", or null (REL301's domain or runs once).</summary>
        private static string? Where(IOperation created, ISymbol containing)
        {
            bool innermost = true;
            for (IOperation? current = created.Parent; current != null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda)
                {
                    string? handler = HandlerKind(lambda);
                    if (handler != null)
                    {
                        return "in " + handler + ", which runs for every request";
                    }

                    innermost = false;
                    continue;
                }

                if (current is ILocalFunctionOperation local)
                {
                    if (!innermost)
                    {
                        return null; // a lambda inside a local function: a factory or callback, as REL301 assumes
                    }

                    if (IsRouteHandlerMethodGroup(local.Symbol, local.Syntax))
                    {
                        return "in local function '" + local.Symbol.Name + "', a route handler that runs for every request";
                    }

                    if (containing is IMethodSymbol method && method.MethodKind == MethodKind.Ordinary
                        && !(method.IsStatic && method.Name == "Main") && method.Name != "<Main>$"
                        && !REL301ClientPerOperationAnalyzer.RunsOnce(method) && IsCalled(local.Symbol, local.Syntax))
                    {
                        return "in local function '" + local.Symbol.Name + "' on every call of '" + method.Name + "'";
                    }

                    return null;
                }
            }

            return null; // not in a lambda or local function: REL301 judges it
        }

        /// <summary>A lambda passed as the request delegate of app.MapGet/MapPost/Map.../Run/Use (ASP.NET Core).</summary>
        private static string? HandlerKind(IAnonymousFunctionOperation lambda)
        {
            IOperation current = lambda;
            while (current.Parent is IDelegateCreationOperation || current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            if (!(current.Parent is IArgumentOperation { Parent: IInvocationOperation call }))
            {
                return null;
            }

            foreach (IParameterSymbol parameter in lambda.Symbol.Parameters)
            {
                // app.Map("/admin", branch => ...), MapWhen(..., branch => ...): configuration that runs once.
                string typeName = parameter.Type.Name;
                if (typeName == "IApplicationBuilder" || typeName == "IEndpointRouteBuilder" || typeName == "RouteGroupBuilder")
                {
                    return null;
                }
            }

            return RequestDelegateKind(call.TargetMethod);
        }

        private static string? RequestDelegateKind(IMethodSymbol method)
        {
            string? ns = method.ContainingNamespace?.ToDisplayString();
            if (ns is null || !ns.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            {
                return null;
            }

            string name = method.Name;
            if (name.StartsWith("Map", StringComparison.Ordinal) && name != "MapGroup" && name != "MapHub" && name != "MapControllers")
            {
                return "a minimal-API route handler";
            }

            return name == "Run" || name == "Use" ? "a middleware delegate" : null;
        }

        /// <summary>app.MapGet("/x", Handle) where Handle is this local function.</summary>
        private static bool IsRouteHandlerMethodGroup(IMethodSymbol local, SyntaxNode declaration)
        {
            SyntaxNode? scope = declaration.Parent;
            while (scope != null && !(scope is MemberDeclarationSyntax && !(scope is GlobalStatementSyntax)) && !(scope is CompilationUnitSyntax))
            {
                scope = scope.Parent;
            }

            if (scope is null)
            {
                return false;
            }

            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is ArgumentSyntax { Expression: IdentifierNameSyntax name } argument && name.Identifier.ValueText == local.Name
                    && argument.Parent?.Parent is InvocationExpressionSyntax invocation
                    && invocation.Expression is MemberAccessExpressionSyntax access
                    && access.Name.Identifier.ValueText.StartsWith("Map", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The local function is invoked somewhere in its containing member (not only handed out).</summary>
        private static bool IsCalled(IMethodSymbol local, SyntaxNode declaration)
        {
            SyntaxNode? scope = declaration.Parent;
            while (scope != null && !(scope is MemberDeclarationSyntax))
            {
                scope = scope.Parent;
            }

            if (scope is null)
            {
                return false;
            }

            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } && name.Identifier.ValueText == local.Name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
