using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resources
{
    /// <summary>
    /// REL305: concurrency with no ceiling — Task.WhenAll over an async Select of input of unknown size that calls an
    /// outbound client, Parallel.For/ForEach with unlimited parallelism. Server accept loops are REL307 (audit level).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL305UnboundedFanOutAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Diagnostic property: "WhenAll", "Parallel" or "Dop".</summary>
        public const string KindProperty = "Kind";

        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.UnboundedFanOut,
            title: "Unbounded fan-out",
            messageFormat: "{0} with no limit on how many run at once. " +
                           "Load or a large input then starts as many concurrent operations as it likes, exhausting threads, sockets or the downstream service. " +
                           "{1}.",
            description: "Every concurrent operation holds memory, a socket or a thread. A fan-out without a gate turns more input into more concurrency until something runs out. Server accept loops are reported at audit level by REL307.",
            defaultSeverity: DiagnosticSeverity.Warning);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var types = new KnownTypes(start.Compilation);
                INamedTypeSymbol? task = types.Get("System.Threading.Tasks.Task");
                INamedTypeSymbol? parallel = types.Get("System.Threading.Tasks.Parallel");
                INamedTypeSymbol? parallelOptions = types.Get("System.Threading.Tasks.ParallelOptions");
                INamedTypeSymbol? enumerable = types.Get("System.Linq.Enumerable");
                if (task is null)
                {
                    return;
                }

                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    IMethodSymbol method = invocation.TargetMethod;
                    if (method.Name == "WhenAll" && SymbolEqualityComparer.Default.Equals(method.ContainingType, task))
                    {
                        if (invocation.Arguments.Length == 1 && IsAsyncSelectOverUnknownInput(invocation.Arguments[0].Value, enumerable))
                        {
                            Report(c, invocation, "WhenAll", "Task.WhenAll over an async Select",
                                "Use Parallel.ForEachAsync with MaxDegreeOfParallelism, or gate the body with a SemaphoreSlim");
                        }

                        return;
                    }

                    if (parallel != null && SymbolEqualityComparer.Default.Equals(method.ContainingType, parallel)
                        && (method.Name == "For" || method.Name == "ForEach"))
                    {
                        bool hasOptions = false;
                        foreach (IArgumentOperation argument in invocation.Arguments)
                        {
                            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, parallelOptions))
                            {
                                hasOptions = true;
                            }
                        }

                        if (!hasOptions && BodyDoesBlockingIo(invocation))
                        {
                            // A migration step runs once, at start-up or on deployment: REL307 lists it at audit level.
                            if (StartupCode.IsInMigrationCode(c.ContainingSymbol))
                            {
                                return;
                            }

                            Report(c, invocation, "Parallel", "Parallel." + method.Name + " runs I/O-bound work",
                                "Pass ParallelOptions with a MaxDegreeOfParallelism, or use Parallel.ForEachAsync with a limit");
                        }

                        return;
                    }

                }, OperationKind.Invocation);

                if (parallelOptions != null)
                {
                    start.RegisterOperationAction(c =>
                    {
                        var assignment = (ISimpleAssignmentOperation)c.Operation;
                        if (assignment.Target is IPropertyReferenceOperation property
                            && property.Property.Name == "MaxDegreeOfParallelism"
                            && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, parallelOptions)
                            && assignment.Value.ConstantValue.HasValue && assignment.Value.ConstantValue.Value is int dop
                            && (dop == -1 || dop == int.MaxValue)
                            && !UsedOnlyByForEachAsync(assignment))
                        {
                            Report(c, assignment, "Dop", "MaxDegreeOfParallelism = " + (dop == -1 ? "-1" : "int.MaxValue") + " runs the loop",
                                "Set MaxDegreeOfParallelism to a finite number such as Environment.ProcessorCount");
                        }
                    }, OperationKind.SimpleAssignment);
                }
            });
        }

        private static void Report(OperationAnalysisContext context, IOperation operation, string kind, string what, string fix)
        {
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, what, fix));
        }

        /// <summary>Parallel.ForEachAsync treats -1 as ProcessorCount; only flag options that can reach For/ForEach/Invoke.</summary>
        private static bool UsedOnlyByForEachAsync(IOperation assignment)
        {
            IOperation? up = assignment.Parent;
            while (up is IObjectOrCollectionInitializerOperation || up is IObjectCreationOperation || up is IConversionOperation)
            {
                up = up.Parent;
            }

            if (up is IArgumentOperation { Parent: IInvocationOperation direct })
            {
                return direct.TargetMethod.Name == "ForEachAsync";
            }

            IOperation root = assignment;
            while (root.Parent != null)
            {
                root = root.Parent;
            }

            bool forEachAsync = false;
            foreach (IOperation descendant in root.Descendants())
            {
                if (descendant is IInvocationOperation call && call.TargetMethod.ContainingType?.Name == "Parallel")
                {
                    if (call.TargetMethod.Name != "ForEachAsync")
                    {
                        return false;
                    }

                    forEachAsync = true;
                }
            }

            return forEachAsync;
        }

        /// <summary>Task.WhenAll(source.Select(async x => ...)) where source is not an array/collection literal.</summary>
        private static bool IsAsyncSelectOverUnknownInput(IOperation argument, INamedTypeSymbol? enumerable)
        {
            IOperation value = ResourceHelpers.SkipConversions(argument);
            if (value is IArrayCreationOperation array && array.Initializer != null && array.Initializer.ElementValues.Length == 1)
            {
                value = ResourceHelpers.SkipConversions(array.Initializer.ElementValues[0]); // params wrapping
            }

            if (value is IInvocationOperation toList && (toList.TargetMethod.Name == "ToList" || toList.TargetMethod.Name == "ToArray")
                && SymbolEqualityComparer.Default.Equals(toList.TargetMethod.ContainingType, enumerable) && toList.Arguments.Length == 1)
            {
                value = ResourceHelpers.SkipConversions(toList.Arguments[0].Value);
            }

            if (!(value is IInvocationOperation select) || select.TargetMethod.Name != "Select"
                || !SymbolEqualityComparer.Default.Equals(select.TargetMethod.ContainingType, enumerable) || select.Arguments.Length != 2)
            {
                return false;
            }

            IOperation selector = ResourceHelpers.SkipConversions(select.Arguments[1].Value);
            if (selector is IDelegateCreationOperation delegateCreation)
            {
                selector = delegateCreation.Target;
            }

            if (!(selector is IAnonymousFunctionOperation lambda) || !lambda.Symbol.IsAsync || !CallsOutbound(lambda.Body, false))
            {
                return false;
            }

            IOperation source = ResourceHelpers.SkipConversions(select.Arguments[0].Value);
            return !(source is IArrayCreationOperation || source is IObjectCreationOperation { Initializer: not null }
                     || source.Kind.ToString() == "CollectionExpression"
                     || source is IInvocationOperation { TargetMethod.Name: "Range" });
        }

        /// <summary>The Parallel body waits on I/O: it calls an async method synchronously or an obviously blocking network/file API.</summary>
        /// <summary>Parallel.For / ForEach without ParallelOptions over blocking I/O (REL305's shape; REL307 takes the migration ones).</summary>
        internal static bool IsUnboundedBlockingParallelLoop(IInvocationOperation invocation)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (!(method.Name == "For" || method.Name == "ForEach") || method.ContainingType?.Name != "Parallel"
                || method.ContainingType.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
            {
                return false;
            }

            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type.Name == "ParallelOptions")
                {
                    return false;
                }
            }

            return BodyDoesBlockingIo(invocation);
        }

        internal static bool BodyDoesBlockingIo(IInvocationOperation parallelCall)
        {
            foreach (IArgumentOperation argument in parallelCall.Arguments)
            {
                IOperation value = ResourceHelpers.SkipConversions(argument.Value);
                if (value is IDelegateCreationOperation creation)
                {
                    value = creation.Target;
                }

                if (!(value is IAnonymousFunctionOperation lambda))
                {
                    continue;
                }

                if (CallsOutbound(lambda.Body, true))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The body calls an outbound client (HTTP, sockets, Redis, ADO.NET, MongoDB, gRPC); optionally also a sync wait on a task.</summary>
        internal static bool CallsOutbound(IOperation body, bool countSyncWaits)
        {
            foreach (IOperation descendant in body.Descendants())
            {
                if (countSyncWaits && descendant is IPropertyReferenceOperation { Property.Name: "Result" } result
                    && result.Property.ContainingType?.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
                {
                    return true;
                }

                if (!(descendant is IInvocationOperation call))
                {
                    continue;
                }

                IMethodSymbol method = call.TargetMethod;
                if (countSyncWaits && (method.Name == "Wait" || method.Name == "GetResult")
                    && method.ContainingType?.ContainingNamespace?.ToDisplayString() is string taskNs
                    && (taskNs == "System.Threading.Tasks" || taskNs == "System.Runtime.CompilerServices"))
                {
                    return true;
                }

                string ns = method.ContainingNamespace?.ToDisplayString() ?? string.Empty;
                if (ns == "System.Net.Http" || ns == "System.Net.Http.Json" || ns == "System.Net.Sockets" || ns == "System.Data.Common"
                    || ns.StartsWith("StackExchange.Redis", System.StringComparison.Ordinal)
                    || ns.StartsWith("MongoDB.Driver", System.StringComparison.Ordinal)
                    || ns.StartsWith("Microsoft.Data.SqlClient", System.StringComparison.Ordinal)
                    || ns.StartsWith("Npgsql", System.StringComparison.Ordinal)
                    || ns.StartsWith("Grpc.", System.StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
