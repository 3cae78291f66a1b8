using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL310 (audit level): an in-memory cache with no bound — a MemoryCache created or registered without SizeLimit, and
    /// a static dictionary that its type only ever adds to (no Remove / TryRemove / Clear / reassignment / Count check).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL310UnboundedCacheAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnboundedCache,
            title: "In-memory cache without a bound (audit)",
            messageFormat: "{0}. " +
                           "Entries keyed by requests, users or messages accumulate for the life of the process until memory runs out. " +
                           "{1}.",
            description: "A MemoryCache without SizeLimit never evicts for size, and a static dictionary that is only ever added to grows " +
                         "with every distinct key. Both are fine for a fixed key space (types, enum values) and a memory leak for keys that " +
                         "come from input.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var known = new KnownTypes(start.Compilation);
                INamedTypeSymbol? memoryCache = known.Get("Microsoft.Extensions.Caching.Memory.MemoryCache");
                INamedTypeSymbol? cacheOptions = known.Get("Microsoft.Extensions.Caching.Memory.MemoryCacheOptions");
                INamedTypeSymbol? cacheExtensions = known.Get("Microsoft.Extensions.DependencyInjection.MemoryCacheServiceCollectionExtensions");
                if (memoryCache != null && cacheOptions != null)
                {
                    start.RegisterOperationAction(c => AnalyzeMemoryCache(c, memoryCache, cacheOptions, cacheExtensions), OperationKind.ObjectCreation, OperationKind.Invocation);
                }

                ImmutableArray<INamedTypeSymbol> dictionaries = ImmutableArray.CreateRange(new[]
                {
                    known.Get("System.Collections.Generic.Dictionary`2"),
                    known.Get("System.Collections.Concurrent.ConcurrentDictionary`2"),
                    // A set or list used as a seen-before record ('ProcessedEventIds.Add(id)') grows the same way (phase 24).
                    known.Get("System.Collections.Generic.HashSet`1"),
                    known.Get("System.Collections.Generic.List`1"),
                    known.Get("System.Collections.Concurrent.ConcurrentBag`1"),
                }).RemoveAll(t => t is null)!;
                if (!dictionaries.IsEmpty)
                {
                    INamedTypeSymbol? hostedService = known.Get("Microsoft.Extensions.Hosting.IHostedService");
                    Compilation compilation = start.Compilation;
                    var singletons = new System.Lazy<ImmutableHashSet<string>>(() => SingletonRegistrations(compilation, start.CancellationToken));
                    start.RegisterSymbolStartAction(s => AnalyzeType(s, dictionaries, hostedService, singletons), SymbolKind.NamedType);
                }
            });
        }

        private static void AnalyzeMemoryCache(OperationAnalysisContext context, INamedTypeSymbol memoryCache, INamedTypeSymbol cacheOptions, INamedTypeSymbol? extensions)
        {
            if (context.Operation is IObjectCreationOperation creation)
            {
                if (!SymbolEqualityComparer.Default.Equals(creation.Type, memoryCache) || creation.Arguments.Length == 0)
                {
                    return;
                }

                // new MemoryCache(new MemoryCacheOptions()) / new MemoryCache(Options.Create(new MemoryCacheOptions { ... }))
                IOperation options = ResourceHelpers.SkipConversions(creation.Arguments[0].Value);
                if (options is IInvocationOperation { TargetMethod.Name: "Create", Arguments.Length: 1 } wrap)
                {
                    options = ResourceHelpers.SkipConversions(wrap.Arguments[0].Value);
                }

                if (options is IObjectCreationOperation optionsCreation && SymbolEqualityComparer.Default.Equals(optionsCreation.Type, cacheOptions)
                    && !SetsSizeLimit(optionsCreation.Initializer))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(),
                        "This MemoryCache has no SizeLimit, so it never evicts for size",
                        "Set MemoryCacheOptions.SizeLimit and give every entry a Size, or bound the key space"));
                }

                return;
            }

            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.TargetMethod.Name != "AddMemoryCache" || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, extensions))
            {
                return;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                IOperation value = ResourceHelpers.SkipConversions(argument.Value);
                if (value is IDelegateCreationOperation delegateCreation)
                {
                    value = delegateCreation.Target;
                }

                if (value is IAnonymousFunctionOperation lambda)
                {
                    if (SetsSizeLimit(lambda.Body))
                    {
                        return;
                    }
                }
                else if (argument.Parameter?.Type.Name != "IServiceCollection")
                {
                    return; // a method group or a variable: cannot see what it sets
                }
            }

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(),
                "AddMemoryCache registers a MemoryCache with no SizeLimit, so it never evicts for size",
                "Pass AddMemoryCache(o => o.SizeLimit = ...) and give every entry a Size, or bound the key space"));
        }

        private static bool SetsSizeLimit(IOperation? scope)
        {
            if (scope is null)
            {
                return false;
            }

            foreach (IOperation descendant in scope.DescendantsAndSelf())
            {
                if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SizeLimit" } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Per type: static dictionary fields, what the type does with them, reported at the end of the type.</summary>
        /// <summary>
        /// Only a field declaration declares a field this rule tracks (not const, not compiler-generated): a type whose
        /// declarations hold none is skipped before GetMembers builds its member array (most types are models and options).
        /// </summary>
        private static bool DeclaresFields(INamedTypeSymbol type, System.Threading.CancellationToken cancellationToken)
        {
            ImmutableArray<SyntaxReference> references = type.DeclaringSyntaxReferences;
            if (references.IsEmpty)
            {
                return true;
            }

            foreach (SyntaxReference reference in references)
            {
                if (!(reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration))
                {
                    return true; // an unusual declaration: let the members decide
                }

                foreach (MemberDeclarationSyntax member in declaration.Members)
                {
                    if (member is FieldDeclarationSyntax)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static void AnalyzeType(SymbolStartAnalysisContext context, ImmutableArray<INamedTypeSymbol> dictionaries, INamedTypeSymbol? hostedService,
            System.Lazy<ImmutableHashSet<string>> singletons)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!DeclaresFields(type, context.CancellationToken))
            {
                return;
            }

            // A hosted service (BackgroundService, IHostedService) or a class registered as a singleton in this compilation
            // lives as long as the process: its instance fields are as long-lived as static ones. Decided only when the type
            // has an instance dictionary field at all.
            bool? processLifetime = null;
            ImmutableArray<IFieldSymbol>.Builder? tracked = null;
            foreach (ISymbol member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } field
                    && field.DeclaredAccessibility != Accessibility.Public
                    && field.Type is INamedTypeSymbol fieldType && IsDictionary(fieldType, dictionaries) && !IsFixedKeySpace(fieldType.TypeArguments[0])
                    && (field.IsStatic || (processLifetime ??= type.TypeKind == TypeKind.Class && (hostedService != null && ImplementsInterface(type, hostedService)
                        || singletons.Value.Contains(type.Name)))))
                {
                    (tracked ??= ImmutableArray.CreateBuilder<IFieldSymbol>()).Add(field);
                }
            }

            if (tracked is null)
            {
                return;
            }

            ImmutableArray<IFieldSymbol> fields = tracked.ToImmutable();
            var added = new ConcurrentDictionary<IFieldSymbol, byte>(SymbolEqualityComparer.Default);
            var bounded = new ConcurrentDictionary<IFieldSymbol, byte>(SymbolEqualityComparer.Default);
            context.RegisterOperationAction(c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                IFieldSymbol field = reference.Field.OriginalDefinition;
                if (fields.IndexOf(field, SymbolEqualityComparer.Default) < 0)
                {
                    return;
                }

                switch (Classify(reference))
                {
                    case Use.Adds:
                        added.TryAdd(field, 0);
                        break;
                    case Use.Bounds:
                        bounded.TryAdd(field, 0);
                        break;
                }
            }, OperationKind.FieldReference);

            context.RegisterSymbolEndAction(c =>
            {
                foreach (IFieldSymbol field in fields)
                {
                    if (added.ContainsKey(field) && !bounded.ContainsKey(field) && field.Locations.Length > 0)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Rule, field.Locations[0],
                            (field.IsStatic ? "The static " : "The ") + CollectionNoun(field.Type) + " '" + field.Name + "' is only ever added to: nothing in '" + type.Name + "' removes, clears or caps it",
                            "Evict entries (Remove/TryRemove, a size check, or a MemoryCache with SizeLimit and expiration)"));
                    }
                }
            });
        }

        /// <summary>
        /// Names of the classes this compilation registers as singletons or hosted services: the last type argument of
        /// AddSingleton&lt;…&gt; / TryAddSingleton&lt;…&gt; / AddKeyedSingleton&lt;…&gt; / AddHostedService&lt;…&gt;, the last
        /// <c>typeof(…)</c> argument (<c>AddSingleton(typeof(Cache))</c>), an instance (<c>AddSingleton(new Cache())</c>)
        /// and the object a factory lambda returns (<c>AddSingleton&lt;ICache&gt;(sp =&gt; new Cache(...))</c>, also through a
        /// local it returns). Syntax only, computed once per compilation and only when some class has an instance
        /// dictionary field; trees that never mention "Singleton" or "HostedService" are not walked.
        /// </summary>
        private static ImmutableHashSet<string> SingletonRegistrations(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            ImmutableHashSet<string>.Builder names = ImmutableHashSet.CreateBuilder<string>(System.StringComparer.Ordinal);
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                if (!SyntaxHelpers.TextMentions(tree, "Singleton", cancellationToken) && !SyntaxHelpers.TextMentions(tree, "HostedService", cancellationToken))
                {
                    continue;
                }

                foreach (SyntaxNode node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax invocation))
                    {
                        continue;
                    }

                    SimpleNameSyntax? method = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax access => access.Name,
                        SimpleNameSyntax simple => simple,
                        _ => null,
                    };
                    string? methodName = method?.Identifier.ValueText;
                    if (methodName != "AddSingleton" && methodName != "TryAddSingleton" && methodName != "AddKeyedSingleton"
                        && methodName != "TryAddKeyedSingleton" && methodName != "AddHostedService")
                    {
                        continue;
                    }

                    string? registered = null;
                    if (method is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count > 0)
                    {
                        registered = SyntaxHelpers.LastName(generic.TypeArgumentList.Arguments[generic.TypeArgumentList.Arguments.Count - 1]);
                    }

                    foreach (ArgumentSyntax argument in invocation.ArgumentList.Arguments)
                    {
                        // The implementation comes last: AddSingleton(typeof(ICache), typeof(Cache)), AddSingleton<ICache>(sp => new Cache()).
                        string? fromArgument = argument.Expression switch
                        {
                            TypeOfExpressionSyntax typeOf => SyntaxHelpers.LastName(typeOf.Type),
                            ObjectCreationExpressionSyntax creation => SyntaxHelpers.LastName(creation.Type),
                            LambdaExpressionSyntax lambda => FactoryProduct(lambda),
                            _ => null,
                        };
                        if (fromArgument != null)
                        {
                            registered = fromArgument;
                        }
                    }

                    if (registered != null)
                    {
                        names.Add(registered);
                    }
                }
            }

            return names.ToImmutable();
        }

        /// <summary>The class a factory lambda creates and returns: <c>sp =&gt; new Cache(...)</c>, or <c>{ var c = new Cache(); ...; return c; }</c>.</summary>
        private static string? FactoryProduct(LambdaExpressionSyntax lambda)
        {
            if (lambda.ExpressionBody != null)
            {
                return lambda.ExpressionBody is ObjectCreationExpressionSyntax created ? SyntaxHelpers.LastName(created.Type) : null;
            }

            if (lambda.Block is null)
            {
                return null;
            }

            foreach (StatementSyntax statement in lambda.Block.Statements)
            {
                if (!(statement is ReturnStatementSyntax { Expression: { } returned }))
                {
                    continue;
                }

                if (returned is ObjectCreationExpressionSyntax direct)
                {
                    return SyntaxHelpers.LastName(direct.Type);
                }

                if (returned is IdentifierNameSyntax local)
                {
                    foreach (StatementSyntax earlier in lambda.Block.Statements)
                    {
                        if (earlier is LocalDeclarationStatementSyntax declaration)
                        {
                            foreach (VariableDeclaratorSyntax variable in declaration.Declaration.Variables)
                            {
                                if (variable.Identifier.ValueText == local.Identifier.ValueText
                                    && variable.Initializer?.Value is ObjectCreationExpressionSyntax assigned)
                                {
                                    return SyntaxHelpers.LastName(assigned.Type);
                                }
                            }
                        }
                    }
                }

                return null;
            }

            return null;
        }

        private static bool ImplementsInterface(INamedTypeSymbol type, INamedTypeSymbol @interface)
        {
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, @interface))
                {
                    return true;
                }
            }

            return false;
        }

        private enum Use
        {
            Other,
            Adds,
            Bounds,
        }

        private static Use Classify(IFieldReferenceOperation reference)
        {
            IOperation current = reference;
            while (current.Parent is IConversionOperation)
            {
                current = current.Parent;
            }

            IOperation? parent = current.Parent;
            switch (parent)
            {
                case IInvocationOperation call when call.Instance == current:
                    switch (call.TargetMethod.Name)
                    {
                        case "Add" or "AddRange" or "Insert" when IsInConstructor(call.Syntax):
                            return Use.Other; // filled once when the type is set up: a fixed table, not growth with input
                        case "AddRange":
                        case "Insert":
                        case "Add":
                        case "TryAdd":
                        case "GetOrAdd":
                        case "AddOrUpdate":
                            return Use.Adds;
                        case "Remove":
                        case "TryRemove":
                        case "Clear":
                        case "TrimExcess":
                        case "RemoveAt":
                        case "RemoveAll":
                        case "RemoveRange":
                        case "RemoveWhere":
                        case "TryTake":
                            return Use.Bounds;
                        default:
                            return Use.Other;
                    }

                case IPropertyReferenceOperation property when property.Instance == current:
                    if (property.Property.Name == "Count")
                    {
                        // A cap reads it ('if (_cache.Count > Max)', 'Count is < Max', through a local or a helper); a
                        // Count that is only returned or printed ('public int Size => _cache.Count', a metric) bounds
                        // nothing (phase 24, a recall probe).
                        IOperation? reader = property.Parent;
                        while (reader is IConversionOperation)
                        {
                            reader = reader.Parent;
                        }

                        return reader is IReturnOperation || reader is IInterpolationOperation || reader is IInterpolatedStringOperation || IsLogged(property.Syntax)
                            ? Use.Other
                            : Use.Bounds;
                    }

                    // 'd[key] = value' adds to a dictionary; 'list[i] = item' only replaces an element.
                    return property.Property.IsIndexer && property.Parent is ISimpleAssignmentOperation indexerSet && indexerSet.Target == property
                        && property.Property.ContainingType.Name.IndexOf("Dictionary", System.StringComparison.Ordinal) >= 0
                        ? Use.Adds
                        : Use.Other;

                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return Use.Bounds; // replaced: a reset

                case IArgumentOperation _:
                case IReturnOperation _:
                case ISimpleAssignmentOperation _:
                case IVariableInitializerOperation _:
                    return Use.Bounds; // handed to code we do not follow: assume it may evict

                default:
                    return Use.Other;
            }
        }

        /// <summary>An argument of a log call ('LogInformation("{Count} entries", _cache.Count)', 'Console.WriteLine(...)').</summary>
        private static bool IsLogged(SyntaxNode read) =>
            read.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }
            && SyntaxHelpers.CalledName(call) is string name
            && (SyntaxHelpers.IsLogMethodName(name) || LoggingApis.IsLevelMethod(name) || name == "WriteLine");

        private static bool IsInConstructor(SyntaxNode node)
        {
            for (SyntaxNode? current = node.Parent; current != null; current = current.Parent)
            {
                if (current is ConstructorDeclarationSyntax)
                {
                    return true;
                }

                if (current is BaseMethodDeclarationSyntax || current is AnonymousFunctionExpressionSyntax || current is LocalFunctionStatementSyntax || current is AccessorDeclarationSyntax)
                {
                    return false;
                }
            }

            return false;
        }

        private static string CollectionNoun(ITypeSymbol type) => type.Name switch
        {
            "HashSet" => "set",
            "List" => "list",
            "ConcurrentBag" => "bag",
            _ => "dictionary",
        };

        private static bool IsDictionary(INamedTypeSymbol type, ImmutableArray<INamedTypeSymbol> dictionaries)
        {
            foreach (INamedTypeSymbol dictionary in dictionaries)
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, dictionary))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Keys that cannot grow with input: types, reflection members, enums, bool, char, byte.</summary>
        private static bool IsFixedKeySpace(ITypeSymbol key)
        {
            if (key.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (key.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_Byte:
                case SpecialType.System_SByte:
                    return true;
            }

            for (ITypeSymbol? current = key; current != null; current = current.BaseType)
            {
                string? ns = current.ContainingNamespace?.ToDisplayString();
                if (current.Name == "Type" && ns == "System" || ns == "System.Reflection")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
