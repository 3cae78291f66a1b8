using Microsoft.AspNetCore.Server.Kestrel.Core;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using StackExchange.Redis;

namespace NotificationService;

/// <summary>Connection and pipeline settings for the service's dependencies, tuned "so it never gives up".</summary>
public static class DependencySettings
{
    // Reports database: a report may take long, so the command timeout was switched off.
    public const string ReportsDatabase = "Host=reports.internal;Database=reports;Username=reporter;Command Timeout=0";

    /// <summary>The presence cache: start-up must not go on without it.</summary>
    public static ConfigurationOptions PresenceCache() => new ConfigurationOptions
    {
        EndPoints = { "presence.internal:6379" },
        AbortOnConnectFail = true,
    };

    /// <summary>The pipeline the delivery worker resolves by key.</summary>
    public static void AddDeliveryPipeline(IServiceCollection services) =>
        services.AddResiliencePipeline("delivery", builder => builder
            .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 10_000, Delay = TimeSpan.FromSeconds(1) })
            .AddTimeout(TimeSpan.FromSeconds(30)));

    /// <summary>Webhooks to tenants: breaker "just in case", with a ratio it can never reach.</summary>
    public static ResiliencePipeline TenantWebhooks { get; } = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3 })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions { FailureRatio = 1.0 })
        .Build();

    /// <summary>Connects to the presence cache, trying again until it answers.</summary>
    public static async Task<ConnectionMultiplexer> ConnectPresenceAsync(ConfigurationOptions options)
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options);
        }
        catch (RedisConnectionException)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            return await ConnectPresenceAsync(options);
        }
    }

    /// <summary>Long-lived WebSocket clients: no idle limit on the server.</summary>
    public static void ConfigureKestrel(KestrelServerOptions options)
    {
        options.Limits.KeepAliveTimeout = Timeout.InfiniteTimeSpan;
    }
}
