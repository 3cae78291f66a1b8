using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL303: items lost with no signal — a bounded channel in a Drop* full mode created without the itemDropped
    /// callback, or the bool of TryWrite / TryAdd on a bounded buffer thrown away.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL303SilentDropAnalyzer : DiagnosticAnalyzer
    {
        public const string ChannelType = "System.Threading.Channels.Channel";
        public const string ChannelWriterType = "System.Threading.Channels.ChannelWriter`1";
        public const string FullModeType = "System.Threading.Channels.BoundedChannelFullMode";
        public const string BoundedOptionsType = "System.Threading.Channels.BoundedChannelOptions";
        public const string BlockingCollectionType = "System.Collections.Concurrent.BlockingCollection`1";

        /// <summary>Diagnostic property: "Drop" (missing callback) or "Ignored" (ignored TryWrite/TryAdd).</summary>
        public const string KindProperty = "Kind";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.SilentDrop,
            title: "Items dropped silently",
            messageFormat: "{0}. " +
                           "When the buffer is full, items are discarded and nothing records it, so lost events look like success. " +
                           "{1}.",
            description: "A bounded buffer that drops items is a valid design only when the drop is visible: pass the itemDropped callback to Channel.CreateBounded, or check the result of TryWrite/TryAdd.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? channel = types.Get(ChannelType);
                INamedTypeSymbol? writer = types.Get(ChannelWriterType);
                INamedTypeSymbol? fullMode = types.Get(FullModeType);
                INamedTypeSymbol? options = types.Get(BoundedOptionsType);
                INamedTypeSymbol? blocking = types.Get(BlockingCollectionType);
                if (channel is null && blocking is null)
                {
                    return;
                }

                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (method.Name == "CreateBounded" && channel != null && SymbolEqualityComparer.Default.Equals(method.ContainingType, channel))
                    {
                        if (invocation.Arguments.Length == 1 && options != null
                            && SymbolEqualityComparer.Default.Equals(invocation.Arguments[0].Value.Type, options)
                            && DropModeOf(invocation.Arguments[0].Value, fullMode) is string mode)
                        {
                            Report(c, invocation, "Drop",
                                "Channel.CreateBounded with FullMode = " + mode + " has no itemDropped callback",
                                "Pass an itemDropped callback that logs or counts the dropped item");
                        }

                        return;
                    }

                    if (!(invocation.Parent is IExpressionStatementOperation))
                    {
                        return;
                    }

                    if (method.Name == "TryWrite" && writer != null && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, writer))
                    {
                        if (WaitModeBoundedChannel(invocation, channel, fullMode))
                        {
                            Report(c, invocation, "Ignored", "The result of TryWrite on a bounded channel is ignored",
                                "Check the result and log or count the rejected item, or await WriteAsync to apply backpressure");
                        }
                    }
                    else if (method.Name == "TryAdd" && blocking != null && SymbolEqualityComparer.Default.Equals(method.ContainingType.OriginalDefinition, blocking)
                             && BoundedBlockingCollection(invocation, blocking))
                    {
                        Report(c, invocation, "Ignored", "The result of TryAdd on a bounded BlockingCollection is ignored",
                            "Check the result and log or count the rejected item");
                    }
                }, OperationKind.Invocation);
            });
        }

        private static void Report(OperationAnalysisContext context, IOperation operation, string kind, string what, string fix)
        {
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, what, fix));
        }

        /// <summary>The Drop* mode the options carry (inline initializer, or a local initialised and assigned in this member), or null.</summary>
        private static string? DropModeOf(IOperation optionsValue, INamedTypeSymbol? fullMode)
        {
            IOperation value = ResourceHelpers.SkipConversions(optionsValue);
            if (value is IObjectCreationOperation creation)
            {
                return creation.Initializer is null ? null : DropModeIn(creation.Initializer.Initializers, fullMode);
            }

            if (value is ILocalReferenceOperation local && value.SemanticModel is { } model
                && value.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member)
            {
                foreach (SyntaxNode node in member.DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment && assignment.Left is MemberAccessExpressionSyntax access
                        && access.Name.Identifier.ValueText == "FullMode" && access.Expression is IdentifierNameSyntax target
                        && target.Identifier.ValueText == local.Local.Name
                        && model.GetOperation(assignment) is ISimpleAssignmentOperation op && DropMode(op.Value, fullMode) is string mode)
                    {
                        return mode;
                    }

                    if (node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == local.Local.Name
                        && declarator.Initializer != null
                        && model.GetOperation(declarator.Initializer.Value) is IObjectCreationOperation { Initializer: { } init })
                    {
                        if (DropModeIn(init.Initializers, fullMode) is string initMode)
                        {
                            return initMode;
                        }
                    }
                }
            }

            return null;
        }

        private static string? DropModeIn(ImmutableArray<IOperation> initializers, INamedTypeSymbol? fullMode)
        {
            foreach (IOperation initializer in initializers)
            {
                if (initializer is ISimpleAssignmentOperation assignment && assignment.Target is IPropertyReferenceOperation property
                    && property.Property.Name == "FullMode" && DropMode(assignment.Value, fullMode) is string mode)
                {
                    return mode;
                }
            }

            return null;
        }

        private static string? DropMode(IOperation value, INamedTypeSymbol? fullMode)
        {
            value = ResourceHelpers.SkipConversions(value);
            if (value is IFieldReferenceOperation field && SymbolEqualityComparer.Default.Equals(field.Field.ContainingType, fullMode)
                && field.Field.Name.StartsWith("Drop", System.StringComparison.Ordinal))
            {
                return field.Field.Name;
            }

            return null;
        }

        /// <summary>
        /// x.Writer.TryWrite(...) where x is a field, property or local created by Channel.CreateBounded in Wait mode
        /// (TryWrite returns false when full). Drop modes always return true and are covered by the callback check.
        /// </summary>
        private static bool WaitModeBoundedChannel(IInvocationOperation tryWrite, INamedTypeSymbol? channel, INamedTypeSymbol? fullMode)
        {
            IOperation? receiver = tryWrite.Instance is null ? null : ResourceHelpers.SkipConversions(tryWrite.Instance);
            if (receiver is IPropertyReferenceOperation { Property.Name: "Writer", Instance: { } owner })
            {
                receiver = ResourceHelpers.SkipConversions(owner);
            }

            ISymbol? holder = receiver switch
            {
                IFieldReferenceOperation f => f.Field,
                IPropertyReferenceOperation p => p.Property,
                ILocalReferenceOperation l => l.Local,
                _ => null,
            };
            if (holder is null || tryWrite.SemanticModel is null)
            {
                return false;
            }

            IOperation? created = CreationOf(holder, tryWrite);
            if (!(created is IInvocationOperation create) || create.TargetMethod.Name != "CreateBounded"
                || !SymbolEqualityComparer.Default.Equals(create.TargetMethod.ContainingType, channel))
            {
                return false;
            }

            if (create.Arguments.Length == 1 && create.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32)
            {
                return true; // capacity only: Wait mode
            }

            return create.Arguments.Length >= 1 && DropModeOf(create.Arguments[0].Value, fullMode) is null;
        }

        private static bool BoundedBlockingCollection(IInvocationOperation tryAdd, INamedTypeSymbol blocking)
        {
            IOperation? receiver = tryAdd.Instance is null ? null : ResourceHelpers.SkipConversions(tryAdd.Instance);
            ISymbol? holder = receiver switch
            {
                IFieldReferenceOperation f => f.Field,
                IPropertyReferenceOperation p => p.Property,
                ILocalReferenceOperation l => l.Local,
                _ => null,
            };
            if (holder is null || !(CreationOf(holder, tryAdd) is IObjectCreationOperation creation))
            {
                return false;
            }

            foreach (IArgumentOperation argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "boundedCapacity")
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value a field, property or local is initialised or assigned with, searched in the current file's type.</summary>
        private static IOperation? CreationOf(ISymbol holder, IOperation usage)
        {
            SemanticModel? model = usage.SemanticModel;
            SyntaxNode? scope = holder is ILocalSymbol
                ? usage.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>()
                : usage.Syntax.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (model is null || scope is null)
            {
                return null;
            }

            foreach (SyntaxNode node in scope.DescendantNodes())
            {
                ExpressionSyntax? value = null;
                if (node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == holder.Name && declarator.Initializer != null)
                {
                    value = declarator.Initializer.Value;
                }
                else if (node is PropertyDeclarationSyntax property && property.Identifier.ValueText == holder.Name && property.Initializer != null)
                {
                    value = property.Initializer.Value;
                }
                else if (node is AssignmentExpressionSyntax assignment && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                         && (assignment.Left is IdentifierNameSyntax id && id.Identifier.ValueText == holder.Name
                             || assignment.Left is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access && access.Name.Identifier.ValueText == holder.Name))
                {
                    value = assignment.Right;
                }

                if (value != null && model.GetOperation(value) is { } operation)
                {
                    operation = ResourceHelpers.SkipConversions(operation);
                    if (operation is IInvocationOperation || operation is IObjectCreationOperation)
                    {
                        return operation;
                    }
                }
            }

            return null;
        }
    }
}
