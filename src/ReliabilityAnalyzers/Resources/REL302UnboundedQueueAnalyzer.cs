using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL302: a queue with no bound — Channel.CreateUnbounded, BlockingCollection without a bounded capacity, a bounded
    /// channel or a SemaphoreSlim sized int.MaxValue — so a producer faster than the consumer grows memory without limit.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL302UnboundedQueueAnalyzer : DiagnosticAnalyzer
    {
        public const string ChannelType = "System.Threading.Channels.Channel";
        public const string BoundedOptionsType = "System.Threading.Channels.BoundedChannelOptions";
        public const string BlockingCollectionType = "System.Collections.Concurrent.BlockingCollection`1";
        public const string SemaphoreSlimType = "System.Threading.SemaphoreSlim";
        public const string ConcurrentQueueType = "System.Collections.Concurrent.ConcurrentQueue`1";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnboundedQueue,
            title: "Unbounded queue",
            messageFormat: "{0} has no bound. " +
                           "When producers outpace the consumer, items pile up in memory until the process runs out of it. " +
                           "Use a bounded channel (FullMode = Wait, or a drop mode with an itemDropped callback) sized for the expected backlog.",
            description: "Unbounded channels and BlockingCollections never push back on producers; a slow or stuck consumer turns into unbounded memory growth, especially when the producer is network input.",
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
                INamedTypeSymbol? options = types.Get(BoundedOptionsType);
                INamedTypeSymbol? blocking = types.Get(BlockingCollectionType);
                INamedTypeSymbol? semaphore = types.Get(SemaphoreSlimType);
                INamedTypeSymbol? concurrentQueue = types.Get(ConcurrentQueueType);
                if (concurrentQueue != null)
                {
                    // A field action, not a symbol-start action per type: only ConcurrentQueue fields pay for the scan.
                    start.RegisterSymbolAction(f => AnalyzeQueueField(f, concurrentQueue), SymbolKind.Field);
                }

                if (channel != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var invocation = (IInvocationOperation)c.Operation;
                        IMethodSymbol method = invocation.TargetMethod;
                        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, channel))
                        {
                            return;
                        }

                        if (method.Name == "CreateUnbounded" || method.Name == "CreateUnboundedPrioritized")
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "Channel." + method.Name));
                        }
                        else if (method.Name == "CreateBounded" && invocation.Arguments.Length > 0
                                 && invocation.Arguments[0].Value.Type?.SpecialType == SpecialType.System_Int32
                                 && ResourceHelpers.IsNoLimitConstant(invocation.Arguments[0].Value, false, true))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), "A bounded channel with capacity int.MaxValue"));
                        }
                    }, OperationKind.Invocation);
                }

                if (options != null || blocking != null || semaphore != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var creation = (IObjectCreationOperation)c.Operation;
                        INamedTypeSymbol? type = creation.Type as INamedTypeSymbol;
                        if (type is null || creation.Constructor is null)
                        {
                            return;
                        }

                        if (blocking != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, blocking))
                        {
                            IArgumentOperation? capacity = null;
                            foreach (IArgumentOperation argument in creation.Arguments)
                            {
                                if (argument.Parameter?.Name == "boundedCapacity")
                                {
                                    capacity = argument;
                                }
                            }

                            if (capacity is null)
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "BlockingCollection without a bounded capacity"));
                            }
                            else if (ResourceHelpers.IsNoLimitConstant(capacity.Value, false, true))
                            {
                                c.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "BlockingCollection with capacity int.MaxValue"));
                            }
                        }
                        else if (options != null && SymbolEqualityComparer.Default.Equals(type, options)
                                 && creation.Arguments.Length == 1 && ResourceHelpers.IsNoLimitConstant(creation.Arguments[0].Value, false, true))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "A bounded channel with capacity int.MaxValue"));
                        }
                        else if (semaphore != null && SymbolEqualityComparer.Default.Equals(type, semaphore)
                                 && creation.Arguments.Length >= 1 && ResourceHelpers.IsNoLimitConstant(creation.Arguments[0].Value, false, true))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), "A SemaphoreSlim that starts with int.MaxValue slots"));
                        }
                    }, OperationKind.ObjectCreation);
                }
            });
        }

        /// <summary>
        /// A private ConcurrentQueue field used as a work queue: its type enqueues to it and never reads its Count, so
        /// nothing stops producers when the consumer falls behind (a probe's click tracker fed by every page view). A
        /// queue handed to other code (an argument, a return) may be bounded there and is left alone; so is a pool (a
        /// method returning the element type takes its item with TryDequeue) and a queue of the type's own type
        /// parameter (a reusable container whose users decide the bound). The uses are read in the field's type only.
        /// </summary>
        private static void AnalyzeQueueField(SymbolAnalysisContext context, INamedTypeSymbol concurrentQueue)
        {
            var field = (IFieldSymbol)context.Symbol;
            if (field.DeclaredAccessibility != Accessibility.Private || field.IsImplicitlyDeclared
                || !(field.Type is INamedTypeSymbol { TypeArguments.Length: 1 } queueType)
                || !SymbolEqualityComparer.Default.Equals(queueType.OriginalDefinition, concurrentQueue)
                || queueType.TypeArguments[0] is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type }
                || field.Locations.Length == 0 || !field.Locations[0].IsInSource)
            {
                return;
            }

            bool enqueued = false;
            foreach (SyntaxReference reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                SyntaxNode type = reference.GetSyntax(context.CancellationToken);
                SemanticModel? model = null;
                foreach (SyntaxNode node in type.DescendantNodes())
                {
                    if (!(node is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name) || name.Identifier.ValueText != field.Name)
                    {
                        continue;
                    }

                    model ??= ResourceHelpers.ModelOf(context.Compilation, type.SyntaxTree);
                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, context.CancellationToken).Symbol?.OriginalDefinition, field.OriginalDefinition))
                    {
                        continue;
                    }

                    switch (Use(name, model, queueType, context.CancellationToken))
                    {
                        case QueueUse.Enqueue:
                            enqueued = true;
                            break;
                        case QueueUse.BoundedOrHandedOn:
                            return;
                    }
                }
            }

            if (enqueued)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, field.Locations[0], "The ConcurrentQueue '" + field.Name + "', fed by Enqueue without a Count check,"));
            }
        }

        private enum QueueUse
        {
            Other,
            Enqueue,
            BoundedOrHandedOn,
        }

        private static QueueUse Use(Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name, SemanticModel model, INamedTypeSymbol queueType,
            System.Threading.CancellationToken cancellationToken)
        {
            SyntaxNode target = name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name: var member } thisAccess && member == name ? thisAccess : name;
            switch (target.Parent)
            {
                case Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access when access.Expression == target:
                    string used = access.Name.Identifier.ValueText;
                    if (used == "Count")
                    {
                        return QueueUse.BoundedOrHandedOn;
                    }

                    if (used == "Enqueue")
                    {
                        return QueueUse.Enqueue;
                    }

                    // 'public byte[] Rent() => _free.TryDequeue(out var b) ? b : new byte[n]': a pool hands its items out and takes
                    // them back; it holds at most what was rented, not a backlog.
                    if (used == "TryDequeue" && model.GetEnclosingSymbol(access.SpanStart, cancellationToken) is IMethodSymbol { ReturnType: var returned }
                        && SymbolEqualityComparer.Default.Equals(returned, queueType.TypeArguments[0]))
                    {
                        return QueueUse.BoundedOrHandedOn;
                    }

                    return QueueUse.Other; // TryDequeue, TryPeek, IsEmpty, Clear: the consumer side
                case Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax assignment when assignment.Left == target:
                    return QueueUse.Other; // '_queue = new ConcurrentQueue<T>()'
                default:
                    return QueueUse.BoundedOrHandedOn; // an argument, a return, a foreach, a lambda's value: someone else may bound it
            }
        }
    }
}
