namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// Every rule ID in one place. The hundreds digit is the family (see DESIGN.md); IDs are never reused.
    /// </summary>
    internal static class RuleIds
    {
        // REL0xx: the package's own infrastructure (baseline file).
        public const string MalformedBaseline = "REL001";

        // REL1xx: swallowed exceptions, lost context, unobserved tasks.
        public const string EmptyCatch = "REL101";
        public const string LogAndContinue = "REL102";
        public const string LogWithoutException = "REL103";
        public const string LostExceptionContext = "REL104";
        public const string CatchAllSwallowsCancellation = "REL105";
        public const string AsyncVoid = "REL106";
        public const string FireAndForget = "REL107";
        public const string DiscardedTask = "REL108";
        public const string EmptyCatchAllAudit = "REL120";
        public const string NewExceptionWithoutInnerAudit = "REL124";
        public const string AsyncVoidAwaitingAnotherProject = "REL125";
        public const string ExceptionLoggedAsText = "REL126";
        public const string OwnLoggerDropsException = "REL127";
        public const string HandledFailureLogWithoutException = "REL128";
        public const string AsyncVoidEventHandlerUnguarded = "REL129";
        public const string SilentFallbackCatch = "REL130";
        public const string InfrastructureFailureHidden = "REL109";
        public const string SideEffectFilter = "REL110";
        public const string ContinuationIgnoresFault = "REL111";
        public const string CancellationCaughtWithoutTokenCheck = "REL112";
        public const string StartNewAsyncNotUnwrapped = "REL113";
        public const string UnobservedTaskExceptionSilenced = "REL114";

        // REL4xx: blocking calls in async code.
        public const string SyncOverAsync = "REL401";
        public const string SyncOverAsyncInSyncCode = "REL402";
        public const string ThreadSleepInAsync = "REL403";
        public const string BlockingCallWithAsyncTwin = "REL404";
        public const string BlockingCallInSyncHelper = "REL405";
        public const string BlockingPrimitiveInAsync = "REL406";
        public const string BlockingLocalFileIoInAsync = "REL407";
        public const string BlockingCallInStartupCode = "REL408";
        public const string BlockingCallOfUnknownApi = "REL409";
        public const string BlockingWaitInSyncCode = "REL410";
        public const string ThreadOwnedLockAcrossAwait = "REL411";
        public const string CancellationTokenNotForwarded = "REL412";
        public const string TaskOutlivesUsing = "REL413";

        // REL2xx: resilience — circuit breakers, bounded retries, real timeouts.
        public const string HttpClientWithoutResilience = "REL201";
        public const string UnboundedRetry = "REL202";
        public const string RetryWithoutBreaker = "REL203";
        public const string PerCallResilience = "REL204";
        public const string InfiniteTimeout = "REL205";
        public const string UnprotectedExternalCall = "REL206";
        public const string ConfigurationResilienceSetting = "REL220";
        public const string LimitOutOfReach = "REL207";
        public const string RedisFailsHard = "REL208";
        public const string DisabledTimeoutAudit = "REL209";
        public const string RetryPipelineWithoutBreaker = "REL210";
        public const string RecursiveRetry = "REL212";
        public const string AsyncDelegateInSyncExecute = "REL213";
        public const string RetryWithoutPause = "REL214";
        public const string NonIdempotentRetry = "REL215";

        // REL5xx: hardcoded secrets and endpoints.
        public const string ProviderCredential = "REL501";
        public const string CredentialNamedSymbol = "REL502";
        public const string EmbeddedCredential = "REL503";
        public const string ConfigurationFileSecret = "REL504";
        public const string HardcodedEndpoint = "REL505";
        public const string CredentialNamedSymbolAudit = "REL506";
        public const string ReadableConfigurationSecret = "REL510";
        public const string CredentialInHttpHeader = "REL507";
        public const string HardcodedCredentialComparison = "REL508";
        public const string HardcodedKeyMaterial = "REL509";
        public const string CredentialWrittenToLog = "REL511";
        // REL3xx: unbounded resources — connections, queues, fan-out, removed limits.
        public const string ClientPerOperation = "REL301";
        public const string UnboundedQueue = "REL302";
        public const string SilentDrop = "REL303";
        public const string ServerWithoutConnectionLimit = "REL304";
        public const string UnboundedFanOut = "REL305";
        public const string LimitRemoved = "REL306";
        public const string ConfigurationLimitRemoved = "REL320";
        public const string UnboundedConcurrencyAudit = "REL307";
        public const string ClientPerRequestInHandler = "REL308";
        public const string UnboundedMessageAccumulation = "REL309";
        public const string UnboundedCache = "REL310";
        public const string SharedHttpClientMutated = "REL311";
        public const string UndisposedPerCallResource = "REL312";
        public const string TimedLockWaitIgnored = "REL313";
        public const string ClientPerCallNotShownHot = "REL314";
        public const string LockReleasedOutsideFinally = "REL315";
    }
}
