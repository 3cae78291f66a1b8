using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ReliabilityAnalyzers.Tests.Infrastructure
{
    /// <summary>
    /// Runs the audit rules of one family together, the way the held-out corpus is scored (every rule on): a variant is
    /// found when the rule named in its markup reports it, and a negative stays silent under all of them. Other rules'
    /// diagnostics are compared too, so a variant cannot pass because a neighbour happened to report it.
    /// </summary>
    internal static class FamilyVerifier
    {
        public static ImmutableArray<DiagnosticAnalyzer> Exceptions => ImmutableArray.Create<DiagnosticAnalyzer>(
            new ReliabilityAnalyzers.Exceptions.REL102LogAndContinueAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL105CatchAllSwallowsCancellationAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL109InfrastructureFailureHiddenAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL110SideEffectFilterAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL111ContinuationIgnoresFaultAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL112CancellationCaughtWithoutTokenCheckAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL113StartNewAsyncNotUnwrappedAnalyzer(),
            new ReliabilityAnalyzers.Exceptions.REL114UnobservedTaskExceptionSilencedAnalyzer());

        public static ImmutableArray<DiagnosticAnalyzer> Resilience => ImmutableArray.Create<DiagnosticAnalyzer>(
            new ReliabilityAnalyzers.Resilience.REL202UnboundedRetryAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL203RetryWithoutBreakerAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL205InfiniteTimeoutAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL207LimitOutOfReachAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL208RedisFailsHardAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL209DisabledTimeoutAuditAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL210RetryPipelineWithoutBreakerAnalyzer(),
            new ReliabilityAnalyzers.Resilience.REL212RecursiveRetryAnalyzer());

        /// <summary>Common usings and a service class with a logger, a cache, an HTTP client and a data source; members go inside.</summary>
        public static string Service(string members) => """
            using System;
            using System.Collections.Generic;
            using System.Data.Common;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Text.Json;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            using Npgsql;
            using StackExchange.Redis;
            record User(int Id, string Name);
            partial class Service
            {
                readonly ILogger<Service> _logger = null!;
                readonly IDatabase _cache = null!;
                readonly HttpClient _http = null!;
                readonly NpgsqlDataSource _db = null!;
                [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Lookup failed")]
                static partial void LookupFailed(ILogger logger, Exception exception);
                [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Save failed")]
                static partial void SaveFailed(ILogger logger, Exception exception);

            """ + members + """

            }
            static class ServiceLog
            {
                public static void CacheUnavailable(this ILogger logger, Exception exception) => logger.LogWarning(exception, "Cache unavailable");
            }
            """;

        /// <summary>Common usings for resilience code (Polly v7 and v8, the HTTP resilience package, Redis, Npgsql, Kestrel).</summary>
        public static string Resilient(string members) => """
            using System;
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Server.Kestrel.Core;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Http.Resilience;
            using Npgsql;
            using Polly;
            using Polly.CircuitBreaker;
            using Polly.Retry;
            using Polly.Timeout;
            using StackExchange.Redis;
            partial class Setup
            {

            """ + members + """

            }
            """;

        public static Task VerifyAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, string source, params (string Path, string Text)[] additionalFiles)
        {
            var test = new Test(analyzers) { TestCode = source };
            foreach ((string path, string text) in additionalFiles)
            {
                test.TestState.AdditionalFiles.Add((path, text));
            }

            return test.RunAsync(CancellationToken.None);
        }

        private sealed class Test : CSharpAnalyzerTest<ReliabilityAnalyzers.Exceptions.REL102LogAndContinueAnalyzer, DefaultVerifier>
        {
            private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;

            public Test(ImmutableArray<DiagnosticAnalyzer> analyzers)
            {
                _analyzers = analyzers;
                TestConfiguration.Apply(this);
                // REL202 ships two descriptors (warning and suggestion) under one ID: markup takes the first.
                MarkupOptions = MarkupOptions.UseFirstDescriptor;
            }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;
        }
    }
}
