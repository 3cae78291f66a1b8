using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using StackExchange.Redis;

namespace NotificationService.Fixed;

/// <summary>One shared pipeline per dependency, built once by DI and reused by every call.</summary>
public static class ResilienceSetup
{
    public const string RedisPipeline = "redis";

    public static IServiceCollection AddRedisResilience(this IServiceCollection services)
    {
        var transient = new PredicateBuilder().Handle<RedisConnectionException>().Handle<RedisTimeoutException>();
        services.AddResiliencePipeline(RedisPipeline, pipeline => pipeline
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = transient,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = transient,
            })
            .AddTimeout(TimeSpan.FromSeconds(2)));
        return services;
    }
}
