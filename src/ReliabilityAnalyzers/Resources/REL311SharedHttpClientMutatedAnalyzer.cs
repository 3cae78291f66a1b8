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
    /// REL311 (audit level): a shared HttpClient — static, or injected (a field or property assigned from a constructor
    /// parameter, a captured primary-constructor parameter) — whose BaseAddress, Timeout or DefaultRequestHeaders are
    /// changed outside its construction, i.e. per call. Those defaults are shared by every concurrent request.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL311SharedHttpClientMutatedAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SharedHttpClientMutated,
            title: "Shared HttpClient changed per call (audit)",
            messageFormat: "{0} is changed on the {1} HttpClient '{2}' outside its construction. " +
                           "Its defaults are shared by every concurrent request and are not thread-safe, so one call's address or credentials leak into another's and requests reach the wrong provider. " +
                           "Put per-call values on an HttpRequestMessage (RequestUri, Headers), or use one configured client per provider.",
            description: "HttpClient.BaseAddress, Timeout and DefaultRequestHeaders may only be set before the first request. Changing them on a " +
                         "static or injected client per call races with requests in flight on other threads.",
            defaultSeverity: DiagnosticSeverity.Info);

        private static readonly ImmutableHashSet<string> ClientProperties = ImmutableHashSet.Create(
            StringComparer.Ordinal, "BaseAddress", "Timeout", "MaxResponseContentBufferSize", "DefaultRequestVersion", "DefaultVersionPolicy");

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                INamedTypeSymbol? httpClient = known.Get("System.Net.Http.HttpClient");
                INamedTypeSymbol? headers = known.Get("System.Net.Http.Headers.HttpHeaders");
                if (httpClient is null)
                {
                    return;
                }

                start.RegisterOperationAction(c =>
                {
                    var assignment = (ISimpleAssignmentOperation)c.Operation;
                    if (!(assignment.Target is IPropertyReferenceOperation property) || property.Instance is null)
                    {
                        return;
                    }

                    if (ClientProperties.Contains(property.Property.Name) && property.Property.ContainingType.InheritsFromOrEquals(httpClient))
                    {
                        Check(c, property.Instance, property.Property.Name, httpClient);
                    }
                    else if (property.Property.ContainingType.InheritsFromOrEquals(headers))
                    {
                        // client.DefaultRequestHeaders.Authorization = ...
                        Check(c, property.Instance, "DefaultRequestHeaders." + property.Property.Name, httpClient);
                    }
                }, OperationKind.SimpleAssignment);

                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    string name = invocation.TargetMethod.Name;
                    if (invocation.Instance is null || !(name == "Add" || name == "Remove" || name == "Clear" || name == "TryAddWithoutValidation" || name == "ParseAdd"))
                    {
                        return;
                    }

                    // client.DefaultRequestHeaders.Add(...), client.DefaultRequestHeaders.Accept.Add(...)
                    INamedTypeSymbol type = invocation.TargetMethod.ContainingType;
                    if (type.InheritsFromOrEquals(headers) || type.OriginalDefinition.Name == "HttpHeaderValueCollection")
                    {
                        Check(c, invocation.Instance, "DefaultRequestHeaders (" + name + ")", httpClient);
                    }
                }, OperationKind.Invocation);
            });
        }

        private static void Check(OperationAnalysisContext context, IOperation receiver, string what, INamedTypeSymbol httpClient)
        {
            // Walk from the headers collection back to the client: client.DefaultRequestHeaders[.Accept].
            IOperation current = ResourceHelpers.SkipConversions(receiver);
            bool throughHeaders = false;
            for (int guard = 0; guard < 4 && current is IPropertyReferenceOperation { Instance: not null } member && !member.Type.InheritsFromOrEquals(httpClient); guard++)
            {
                throughHeaders |= member.Property.Name == "DefaultRequestHeaders";
                current = ResourceHelpers.SkipConversions(member.Instance!);
            }

            if (!current.Type.InheritsFromOrEquals(httpClient) || (what.StartsWith("DefaultRequestHeaders", StringComparison.Ordinal) && !throughHeaders))
            {
                return;
            }

            if (InConstruction(context.ContainingSymbol) || UnderOneTimeGuard(context.Operation.Syntax, what))
            {
                return;
            }

            string? sharing = Sharing(current, context.ContainingSymbol, out string? name);
            if (sharing is null || name is null)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, context.Operation.Syntax.GetLocation(), what, sharing, name));
        }

        /// <summary>Constructors, static constructors, field/property initializers: the client is still being built.</summary>
        private static bool InConstruction(ISymbol containing) =>
            containing is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
            || containing is IFieldSymbol || containing is IPropertySymbol
            || containing is IMethodSymbol method && IsSetUpMethod(method.Name);

        /// <summary>One-time set-up methods (Init, Initialize, Setup, Configure…, StartAsync): configuring there is construction.</summary>
        private static bool IsSetUpMethod(string name) =>
            name.StartsWith("Init", StringComparison.Ordinal) || name.StartsWith("Setup", StringComparison.Ordinal)
            || name.StartsWith("SetUp", StringComparison.Ordinal) || name.StartsWith("Configure", StringComparison.Ordinal)
            || REL301ClientPerOperationAnalyzer.RunsOnce(name);

        /// <summary>if (client.BaseAddress == null) client.BaseAddress = ...: a one-time lazy configuration.</summary>
        private static bool UnderOneTimeGuard(SyntaxNode site, string what)
        {
            string member = what.Split(' ')[0].Split('.')[0];
            for (SyntaxNode? node = site.Parent; node != null && !(node is MemberDeclarationSyntax); node = node.Parent)
            {
                if (node is IfStatementSyntax ifStatement)
                {
                    foreach (SyntaxNode part in ifStatement.Condition.DescendantNodesAndSelf())
                    {
                        if (part is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == member)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>"static" or "injected" with the member's name, or null for a client this code owns (a local, a parameter).</summary>
        private static string? Sharing(IOperation client, ISymbol containing, out string? name)
        {
            name = null;
            switch (client)
            {
                case IFieldReferenceOperation field:
                    name = field.Field.Name;
                    return field.Field.IsStatic ? "static" : AssignedFromConstructorParameter(field.Field) ? "injected" : null;
                case IPropertyReferenceOperation property when !property.Property.IsIndexer:
                    name = property.Property.Name;
                    return property.Property.IsStatic ? "static" : AssignedFromConstructorParameter(property.Property) ? "injected" : null;
                case IParameterReferenceOperation parameter
                    when parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor
                         && !SymbolEqualityComparer.Default.Equals(ctor, containing):
                    // A captured primary-constructor parameter.
                    name = parameter.Parameter.Name;
                    return "injected";
                default:
                    return null;
            }
        }

        /// <summary>_client = client; (or this._client = client;) in a constructor, where client is a constructor parameter.</summary>
        private static bool AssignedFromConstructorParameter(ISymbol member)
        {
            foreach (IMethodSymbol constructor in member.ContainingType.InstanceConstructors)
            {
                foreach (SyntaxReference reference in constructor.DeclaringSyntaxReferences)
                {
                    if (!(reference.GetSyntax() is ConstructorDeclarationSyntax declaration))
                    {
                        if (reference.GetSyntax() is TypeDeclarationSyntax primary && IsInitializedFromPrimaryParameter(primary, member, constructor))
                        {
                            return true;
                        }

                        continue;
                    }

                    foreach (SyntaxNode node in declaration.DescendantNodes())
                    {
                        if (node is AssignmentExpressionSyntax assignment
                            && TargetName(assignment.Left) == member.Name
                            && IsFromParameter(assignment.Right, constructor))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>class C(HttpClient http) { private readonly HttpClient _http = http; }</summary>
        private static bool IsInitializedFromPrimaryParameter(TypeDeclarationSyntax type, ISymbol member, IMethodSymbol constructor)
        {
            foreach (SyntaxReference reference in member.DeclaringSyntaxReferences)
            {
                SyntaxNode syntax = reference.GetSyntax();
                ExpressionSyntax? initializer = syntax switch
                {
                    VariableDeclaratorSyntax variable => variable.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value,
                    _ => null,
                };

                if (initializer != null && IsFromParameter(initializer, constructor))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The injected client itself (<c>_http = http</c>), or one the injected factory made for this service and kept
        /// (<c>_http = factory.CreateClient("x")</c>): either lives as long as the service that mutates it per call.
        /// </summary>
        private static bool IsFromParameter(ExpressionSyntax value, IMethodSymbol constructor)
        {
            while (value is ParenthesizedExpressionSyntax parenthesized)
            {
                value = parenthesized.Expression;
            }

            if (value is BinaryExpressionSyntax coalesce && coalesce.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.CoalesceExpression))
            {
                value = coalesce.Left; // _http = http ?? throw new ArgumentNullException(nameof(http))
            }

            return value switch
            {
                IdentifierNameSyntax identifier => HasParameter(constructor, identifier.Identifier.ValueText),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax factory, Name.Identifier.ValueText: "CreateClient" } }
                    => HasParameter(constructor, factory.Identifier.ValueText),
                _ => false,
            };
        }

        private static string? TargetName(ExpressionSyntax left) => left switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => access.Name.Identifier.ValueText,
            _ => null,
        };

        private static bool HasParameter(IMethodSymbol constructor, string name)
        {
            foreach (IParameterSymbol parameter in constructor.Parameters)
            {
                if (parameter.Name == name)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
