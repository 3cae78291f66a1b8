namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Every rule ID in one place. The hundreds digit is the family (see DESIGN.md); IDs are never reused.
    /// </summary>
    internal static class RuleIds
    {
        // REL1xx: swallowed exceptions, lost context, unobserved tasks.
        public const string EmptyCatch = "REL101";
        public const string LogAndContinue = "REL102";
        public const string LogWithoutException = "REL103";
        public const string LostExceptionContext = "REL104";

        // REL4xx: blocking calls in async code.
        public const string SyncOverAsync = "REL401";
        public const string SyncOverAsyncOutsideAsync = "REL402";
        public const string ThreadSleepInAsync = "REL403";

        // REL2xx: resilience — circuit breakers, bounded retries, real timeouts.
        public const string HttpClientWithoutResilience = "REL201";
        public const string UnboundedRetry = "REL202";
        public const string RetryWithoutBreaker = "REL203";
        public const string PerCallResilience = "REL204";
        public const string InfiniteTimeout = "REL205";
        public const string UnprotectedExternalCall = "REL206";
    }
}
