using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// The resilience-related APIs (Polly v7, Polly v8, HttpClientFactory and its resilience packages), resolved once
    /// per compilation. Every test is by symbol: a type from its assembly, or a method whose containing type is one.
    /// </summary>
    internal sealed class ResilienceApis
    {
        public const string PollyAssembly = "Polly";
        public const string PollyCoreAssembly = "Polly.Core";
        public const string HttpResilienceAssembly = "Microsoft.Extensions.Http.Resilience";
        public const string HttpPollyAssembly = "Microsoft.Extensions.Http.Polly";

        /// <summary>The compilation's shared instance: seven rules read the same tables.</summary>
        public static ResilienceApis For(Compilation compilation) => PerCompilation<ResilienceApis>.Get(compilation, c => new ResilienceApis(c))!;

        public ResilienceApis(Compilation compilation)
        {
            var types = new KnownTypes(compilation);
            HttpClientFactoryExtensions = types.Get("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions");
            HttpClientBuilder = types.Get("Microsoft.Extensions.DependencyInjection.IHttpClientBuilder");
            GrpcClientExtensions = types.Get("Microsoft.Extensions.DependencyInjection.GrpcClientServiceExtensions");
            ResilienceHandlerExtensions = types.Get("Microsoft.Extensions.DependencyInjection.ResilienceHttpClientBuilderExtensions");
            HttpClient = types.Get("System.Net.Http.HttpClient");
            HttpRequestMessage = types.Get("System.Net.Http.HttpRequestMessage");
            HttpResponseMessage = types.Get("System.Net.Http.HttpResponseMessage");

            PolicyBuilder = types.Get("Polly.PolicyBuilder");
            PolicyBuilderOfT = types.Get("Polly.PolicyBuilder`1");
            PollyPolicy = types.Get("Polly.Policy");
            PollyPolicyOfT = types.Get("Polly.Policy`1");
            IsPolicy = types.Get("Polly.IsPolicy");

            PipelineBuilderBase = types.Get("Polly.ResiliencePipelineBuilderBase");
            RetryOptions = types.Get("Polly.Retry.RetryStrategyOptions`1");
            BreakerOptions = types.Get("Polly.CircuitBreaker.CircuitBreakerStrategyOptions`1");
            TimeoutOptions = types.Get("Polly.Timeout.TimeoutStrategyOptions");
            RetryPipelineExtensions = types.Get("Polly.RetryResiliencePipelineBuilderExtensions");
            BreakerPipelineExtensions = types.Get("Polly.CircuitBreakerResiliencePipelineBuilderExtensions");
            TimeoutPipelineExtensions = types.Get("Polly.TimeoutResiliencePipelineBuilderExtensions");
            RateLimiterPipelineExtensions = types.Get("Polly.RateLimiterResiliencePipelineBuilderExtensions");
            Pipeline = types.Get("Polly.ResiliencePipeline");
            PipelineOfT = types.Get("Polly.ResiliencePipeline`1");
        }

        public INamedTypeSymbol? HttpClientFactoryExtensions { get; }
        public INamedTypeSymbol? HttpClientBuilder { get; }
        public INamedTypeSymbol? GrpcClientExtensions { get; }
        public INamedTypeSymbol? ResilienceHandlerExtensions { get; }
        public INamedTypeSymbol? HttpClient { get; }
        public INamedTypeSymbol? HttpRequestMessage { get; }
        public INamedTypeSymbol? HttpResponseMessage { get; }
        public INamedTypeSymbol? PolicyBuilder { get; }
        public INamedTypeSymbol? PolicyBuilderOfT { get; }
        public INamedTypeSymbol? PollyPolicy { get; }
        public INamedTypeSymbol? PollyPolicyOfT { get; }
        public INamedTypeSymbol? IsPolicy { get; }
        public INamedTypeSymbol? PipelineBuilderBase { get; }
        public INamedTypeSymbol? RetryOptions { get; }
        public INamedTypeSymbol? BreakerOptions { get; }
        public INamedTypeSymbol? TimeoutOptions { get; }
        public INamedTypeSymbol? RetryPipelineExtensions { get; }
        public INamedTypeSymbol? BreakerPipelineExtensions { get; }
        public INamedTypeSymbol? TimeoutPipelineExtensions { get; }
        public INamedTypeSymbol? RateLimiterPipelineExtensions { get; }
        public INamedTypeSymbol? Pipeline { get; }
        public INamedTypeSymbol? PipelineOfT { get; }

        public bool HasPollyV7 => PolicyBuilder != null;

        public bool HasPollyV8 => PipelineBuilderBase != null;

        public static bool IsFrom(ISymbol? symbol, string assemblyName) =>
            symbol?.ContainingAssembly?.Name == assemblyName;

        /// <summary>AddHttpClient(...) / AddHttpClient&lt;T&gt;(...) / AddGrpcClient&lt;T&gt;(...) that returns a builder.</summary>
        public bool IsClientRegistration(IMethodSymbol method)
        {
            INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
            if (container is null || HttpClientBuilder is null || !method.ReturnType.IsOrImplements(HttpClientBuilder))
            {
                return false;
            }

            return (SymbolEqualityComparer.Default.Equals(container, HttpClientFactoryExtensions) && method.Name == "AddHttpClient")
                || (GrpcClientExtensions != null && SymbolEqualityComparer.Default.Equals(container, GrpcClientExtensions) && method.Name == "AddGrpcClient");
        }

        /// <summary>
        /// A builder call that adds resilience: any Add* on IHttpClientBuilder from Microsoft.Extensions.Http.Resilience
        /// (standard, custom and hedging handlers) or Microsoft.Extensions.Http.Polly (policy handlers).
        /// </summary>
        public static bool IsResilienceHandlerMethod(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Add", System.StringComparison.Ordinal))
            {
                return false; // the name first: it rules out almost every call
            }

            string? assembly = method.ContainingAssembly?.Name;
            return assembly == HttpResilienceAssembly || assembly == HttpPollyAssembly;
        }

        /// <summary>The extension-method receiver (or instance) of an invocation.</summary>
        public static IOperation? Receiver(IInvocationOperation invocation)
        {
            if (invocation.Instance != null)
            {
                return invocation.Instance;
            }

            if (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0)
            {
                IArgumentOperation? first = null;
                foreach (IArgumentOperation argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                    {
                        first = argument;
                        break;
                    }
                }

                return first?.Value is IConversionOperation conversion && conversion.IsImplicit ? conversion.Operand : first?.Value;
            }

            return null;
        }

        /// <summary>The invocation that consumes <paramref name="operation"/> as its receiver, when it is the next call in a fluent chain.</summary>
        public static IInvocationOperation? NextInChain(IOperation operation)
        {
            IOperation? parent = operation.Parent;
            while (parent is IConversionOperation conversion && conversion.IsImplicit)
            {
                operation = parent;
                parent = parent.Parent;
            }

            if (parent is IInvocationOperation instanceCall && instanceCall.Instance == operation)
            {
                return instanceCall;
            }

            if (parent is IArgumentOperation argument && argument.Parameter?.Ordinal == 0
                && argument.Parent is IInvocationOperation extensionCall && extensionCall.TargetMethod.IsExtensionMethod)
            {
                return extensionCall;
            }

            return null;
        }

        /// <summary>Polly v7: an extension method on PolicyBuilder / PolicyBuilder&lt;T&gt; from the Polly assembly.</summary>
        public bool IsV7PolicyBuilderExtension(IMethodSymbol method)
        {
            if (!IsFrom(method, PollyAssembly) || !method.IsExtensionMethod)
            {
                return false;
            }

            IMethodSymbol definition = method.ReducedFrom ?? method.OriginalDefinition;
            if (definition.Parameters.Length == 0)
            {
                return false;
            }

            ITypeSymbol receiver = definition.Parameters[0].Type.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(receiver, PolicyBuilder)
                || SymbolEqualityComparer.Default.Equals(receiver, PolicyBuilderOfT);
        }

        public bool IsV7Retry(IMethodSymbol method) =>
            IsV7PolicyBuilderExtension(method) && IsRetryName(method.Name);

        public bool IsV7Breaker(IMethodSymbol method) =>
            IsV7PolicyBuilderExtension(method) && IsBreakerName(method.Name);

        /// <summary>Polly v7 stateful policies created from the static Policy class: bulkhead, rate limit.</summary>
        public bool IsV7StatefulStatic(IMethodSymbol method)
        {
            if (!method.IsStatic || !IsFrom(method, PollyAssembly))
            {
                return false;
            }

            INamedTypeSymbol? container = method.ContainingType?.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(container, PollyPolicy) && !SymbolEqualityComparer.Default.Equals(container, PollyPolicyOfT))
            {
                return false;
            }

            switch (method.Name)
            {
                case "Bulkhead":
                case "BulkheadAsync":
                case "RateLimit":
                case "RateLimitAsync":
                    return true;
                default:
                    return false;
            }
        }

        public static bool IsRetryName(string name)
        {
            switch (name)
            {
                case "Retry":
                case "RetryAsync":
                case "RetryForever":
                case "RetryForeverAsync":
                case "WaitAndRetry":
                case "WaitAndRetryAsync":
                case "WaitAndRetryForever":
                case "WaitAndRetryForeverAsync":
                    return true;
                default:
                    return false;
            }
        }

        public static bool IsForeverName(string name) =>
            name == "RetryForever" || name == "RetryForeverAsync" || name == "WaitAndRetryForever" || name == "WaitAndRetryForeverAsync";

        public static bool IsBreakerName(string name) =>
            name == "CircuitBreaker" || name == "CircuitBreakerAsync" || name == "AdvancedCircuitBreaker" || name == "AdvancedCircuitBreakerAsync";

        /// <summary>Polly v8 strategy extension: AddRetry, AddCircuitBreaker, AddTimeout, AddRateLimiter/AddConcurrencyLimiter.</summary>
        public bool IsV8Strategy(IMethodSymbol method, INamedTypeSymbol? extensionsType)
        {
            return extensionsType != null && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, extensionsType);
        }

        public bool IsV8Retry(IMethodSymbol method) => IsV8Strategy(method, RetryPipelineExtensions) && method.Name == "AddRetry";

        public bool IsV8Breaker(IMethodSymbol method) => IsV8Strategy(method, BreakerPipelineExtensions) && method.Name == "AddCircuitBreaker";

        public bool IsV8Timeout(IMethodSymbol method) => IsV8Strategy(method, TimeoutPipelineExtensions) && method.Name == "AddTimeout";

        public bool IsV8RateLimiter(IMethodSymbol method) => IsV8Strategy(method, RateLimiterPipelineExtensions);

        /// <summary>Execute*/ExecuteAsync/ExecuteAndCapture* on a Polly v7 policy or a Polly v8 pipeline.</summary>
        public static bool IsPollyExecute(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Execute", System.StringComparison.Ordinal))
            {
                return false;
            }

            string? assembly = method.ContainingAssembly?.Name;
            return assembly == PollyAssembly || assembly == PollyCoreAssembly;
        }
    }
}
