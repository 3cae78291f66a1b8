using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL511CredentialWrittenToLogAuditAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL511CredentialWrittenToLogAuditTests
    {
        private static DiagnosticResult Diagnostic(int location, string name) =>
            new DiagnosticResult("REL511", DiagnosticSeverity.Info).WithLocation(location).WithArguments(name);

        [Fact]
        public Task CredentialNamedValuesInLogCalls_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics;
            using Microsoft.Extensions.Logging;
            public class Options { public string ApiKey { get; set; } = ""; public string ConnectionString { get; set; } = ""; }
            public class Setup
            {
                private readonly ILogger<Setup> _logger;
                private readonly string _clientSecret = Environment.GetEnvironmentVariable("SECRET") ?? "";
                public Setup(ILogger<Setup> logger) { _logger = logger; }

                public void Created(string user, string password, Options options, Exception ex, string signInPassword)
                {
                    _logger.LogWarning("Sign-in with {Secret}", {|#5:signInPassword|});     // 'in' does not cut the name
                    _logger.LogInformation("Admin account created: {User} / {Password}", user, {|#0:password|});
                    _logger.LogError(ex, $"Cannot open the database with '{{|#1:options.ConnectionString|}}'");
                    Console.WriteLine("Key: " + {|#2:options.ApiKey|});
                    Debug.WriteLine({|#3:_clientSecret|});
                    var accessToken = user + ":" + DateTime.UtcNow.Ticks;
                    _logger.LogDebug("Token {Token}", {|#4:accessToken|} ?? "none");
                }
            }
            """,
            Diagnostic(0, "password"),
            Diagnostic(1, "ConnectionString"),
            Diagnostic(2, "ApiKey"),
            Diagnostic(3, "_clientSecret"),
            Diagnostic(4, "accessToken"),
            Diagnostic(5, "signInPassword"));

        [Fact]
        public Task MaskedQualifiedCursorAndNonLogUses_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Threading;
            using Microsoft.Extensions.Logging;
            public class Setup
            {
                private readonly ILogger<Setup> _logger;
                public Setup(ILogger<Setup> logger) { _logger = logger; }
                private static string Mask(string s) => new string('*', s.Length);

                public void Run(string password, string tokenType, string secretName, string connectionStringName,
                    string continuationToken, CancellationToken cancellationToken, int passwordLength,
                    string completionToken, string configFilePathFromConnectionString)
                {
                    // A lease receipt and a path named after where it came from are not credentials.
                    _logger.LogDebug("Completed {Token} from {Path}", completionToken, configFilePathFromConnectionString);
                    _logger.LogInformation("Password set: {Set}, masked {Masked}", password.Length > 0, Mask(password));
                    _logger.LogInformation("Using {Type} for {Secret} from {Name}", tokenType, secretName, connectionStringName);
                    _logger.LogDebug("Page {Next}, cancelled {Cancelled}, length {Length}", continuationToken, cancellationToken, passwordLength);
                    foreach (var token in "a,b".Split(','))
                    {
                        _logger.LogWarning("Unknown entry {Token}", token);          // a lexical token of a loop
                    }
                    Environment.SetEnvironmentVariable("X", password);
                }
            }
            """);
    }
}
