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
                    start.RegisterSymbolStartAction(s => AnalyzeQueueFields(s, concurrentQueue), SymbolKind.NamedType);
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
        /// A private ConcurrentQueue field used as a work queue: the type enqueues to it and never reads its Count, so
        /// nothing stops producers when the consumer falls behind (a probe's click tracker fed by every page view). A
        /// queue handed to other code (an argument, a return) may be bounded there and is left alone.
        /// </summary>
        private static void AnalyzeQueueFields(SymbolStartAnalysisContext start, INamedTypeSymbol concurrentQueue)
        {
            var type = (INamedTypeSymbol)start.Symbol;
            var candidates = ImmutableHashSet.CreateBuilder<IFieldSymbol>(SymbolEqualityComparer.Default);
            foreach (ISymbol member in type.GetMembers())
            {
                // A queue of the type's own type parameter ('AsyncQueue<T>' over a ConcurrentQueue<T>) is a reusable container:
                // its users decide the bound (phase 23, a firewall service's async queue helper).
                if (member is IFieldSymbol { DeclaredAccessibility: Accessibility.Private, IsImplicitlyDeclared: false } field
                    && SymbolEqualityComparer.Default.Equals(field.Type.OriginalDefinition, concurrentQueue)
                    && !(field.Type is INamedTypeSymbol { TypeArguments.Length: 1 } queue && queue.TypeArguments[0] is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type }))
                {
                    candidates.Add(field);
                }
            }

            if (candidates.Count == 0)
            {
                return;
            }

            ImmutableHashSet<IFieldSymbol> fields = candidates.ToImmutable();
            var enqueued = new System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
            var boundedOrHandedOn = new System.Collections.Concurrent.ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                IFieldSymbol field = reference.Field.OriginalDefinition;
                if (!fields.Contains(field))
                {
                    return;
                }

                switch (reference.Parent)
                {
                    case IInvocationOperation { TargetMethod.Name: "Enqueue" } invocation when invocation.Instance == reference:
                        enqueued[field] = true;
                        break;
                    case IInvocationOperation { TargetMethod.Name: "TryDequeue" } invocation when invocation.Instance == reference
                        && c.ContainingSymbol is IMethodSymbol { ReturnType: var returned } && field.Type is INamedTypeSymbol { TypeArguments.Length: 1 } queueType
                        && SymbolEqualityComparer.Default.Equals(returned, queueType.TypeArguments[0]):
                        // 'public byte[] Rent() => _free.TryDequeue(out var b) ? b : new byte[n]': a pool hands its items
                        // out and takes them back; it holds at most what was rented, not a backlog.
                        boundedOrHandedOn[field] = true;
                        break;
                    case IInvocationOperation invocation when invocation.Instance == reference:
                        break; // TryDequeue, TryPeek, Clear: the consumer side
                    case IPropertyReferenceOperation { Property.Name: "Count" }:
                        boundedOrHandedOn[field] = true;
                        break;
                    case IPropertyReferenceOperation _:
                        break;
                    case IAssignmentOperation assignment when assignment.Target == reference:
                        break; // '_queue = new ConcurrentQueue<T>()'
                    default:
                        boundedOrHandedOn[field] = true; // an argument, a return, a foreach, a lambda's value: someone else may bound it
                        break;
                }
            }, OperationKind.FieldReference);

            start.RegisterSymbolEndAction(end =>
            {
                foreach (IFieldSymbol field in fields)
                {
                    if (enqueued.ContainsKey(field) && !boundedOrHandedOn.ContainsKey(field) && field.Locations.Length > 0 && field.Locations[0].IsInSource)
                    {
                        end.ReportDiagnostic(Diagnostic.Create(Rule, field.Locations[0],
                            "The ConcurrentQueue '" + field.Name + "', fed by Enqueue without a Count check,"));
                    }
                }
            });
        }
    }
}
