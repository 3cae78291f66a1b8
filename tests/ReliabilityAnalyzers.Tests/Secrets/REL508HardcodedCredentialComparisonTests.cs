using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.Secrets;
using Xunit;
using static ReliabilityAnalyzers.Tests.Secrets.SecretTestKit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Secrets.REL508HardcodedCredentialComparisonAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Secrets
{
    public class REL508HardcodedCredentialComparisonTests
    {
        private static DiagnosticResult Suggestion(int location) => new DiagnosticResult("REL508", DiagnosticSeverity.Info).WithLocation(location);

        [Fact]
        public Task CredentialsComparedWithLiterals_AreReported() => Verify.VerifyAsync("""
            using System;
            using Microsoft.AspNetCore.Http;
            class LoginRequest { public string Password { get; set; } = ""; public string ApiKey { get; set; } = ""; }
            class AuthGate
            {
                bool A(string password) => password == {|#0:"FAKE-backdoor-1"|};
                bool B(string token) => token.Equals({|#1:"FAKE-master-token"|});
                bool C(string apiKey) => string.Equals(apiKey, {|#2:"FAKE-ops-key"|}, StringComparison.Ordinal);
                bool D(LoginRequest request) => {|#3:"FAKE-support"|} == request.Password;
                bool E(LoginRequest request) => request.ApiKey is {|#4:"FAKE-internal"|};
                bool F(HttpRequest request) => request.Headers["X-Api-Key"].ToString() != {|#5:"FAKE-partner"|};
                bool G(string secret) => StringComparer.Ordinal.Equals(secret, {|#6:"FAKE-shared"|});
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5), Suggestion(6));

        [Fact]
        public Task EmptyNullLike_Schemes_Labels_OtherNames_AndNonLiterals_AreNotReported() => Verify.VerifyAsync("""
            using System;
            class C
            {
                const string Expected = "FAKE-const";
                bool A(string password) => password == "";
                bool B(string token) => token == "null";
                bool C1(string token) => token.Equals("Bearer", StringComparison.OrdinalIgnoreCase);
                bool D(string password) => password == "Password";
                bool E(string userName) => userName == "admin";
                bool F(string password, string stored) => password == stored;
                bool G(string tokenType) => tokenType == "refresh_token";
                bool H(string password) => password is null;
                bool I(string token) => token == "undefined";
                bool J(string passwordFormat) => passwordFormat == "Hashed";
                // From real code: an FTP server reply compared with a punctuation marker.
                bool K(string pwd) => pwd.Equals("`''");
            }
            """);

        [Fact]
        public void Message_NeverContainsTheValue_AndTestProjectsAreSkipped()
        {
            const string Source = "class C { bool A(string password) => password == \"FAKE-backdoor-1\"; }";
            Assert.Empty(Run(new REL508HardcodedCredentialComparisonAnalyzer(), Source, testProject: true));
            Diagnostic d = Assert.Single(Run(new REL508HardcodedCredentialComparisonAnalyzer(), Source, testProject: false));
            AssertNotEchoed(d, "FAKE-backdoor-1");
        }
    
        [Fact]
        public Task SwitchCases_SwitchArms_AndFixedTimeEquals_AreReported() => Verify.VerifyAsync("""
            using System.Security.Cryptography;
            using System.Text;
            class Gate
            {
                bool Case(string password)
                {
                    switch (password)
                    {
                        case {|#0:"FAKE-letmein-42"|}: return true;
                        default: return false;
                    }
                }

                bool Arm(string apiKey) => apiKey switch { {|#1:"FAKE-arm-key-77"|} => true, _ => false };

                bool Constant(string token) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes({|#2:"FAKE-fixed-time-1"|}));
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2));

        [Fact]
        public Task SwitchesOverNonCredentials_AndFixedTimeEqualsWithConfiguredValues_AreNotReported() => Verify.VerifyAsync("""
            using System.Security.Cryptography;
            using System.Text;
            class Gate
            {
                string Kind(string grantType)
                {
                    switch (grantType)
                    {
                        case "client_credentials": return "app";
                        default: return "user";
                    }
                }

                bool Scheme(string tokenType) => tokenType switch { "Bearer" => true, _ => false };

                bool Placeholder(string password) => password switch { "changeme" => false, _ => true };

                bool Configured(string token, string expected) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected));
            }
            """);
    
        [Fact]
        public Task ValuesFromCredentialNamedLookups_AreReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Primitives;
            class ApiKeyMiddleware
            {
                private const string ApiKeyHeaderName = "X-Api-Key";

                bool FromDictionary(IDictionary<string, string> headers) =>
                    headers.TryGetValue("X-Api-Key", out var v) && v == {|#0:"FAKE-partner-key-1"|};

                bool FromHeaders(HttpContext context)
                {
                    if (!context.Request.Headers.TryGetValue(ApiKeyHeaderName, out StringValues extracted))
                    {
                        return false;
                    }

                    return extracted == {|#1:"FAKE-partner-key-2"|};
                }

                bool FromQuery(HttpRequest request) =>
                    request.Query.TryGetValue("access_token", out var supplied) && supplied.ToString().Equals({|#2:"FAKE-query-token-3"|});

                bool FromLocal(HttpRequest request)
                {
                    var provided = request.Headers["X-Api-Key"].FirstOrDefault();
                    return provided == {|#3:"FAKE-partner-key-4"|};
                }

                bool FromClaims(ClaimsPrincipal user) =>
                    user.FindFirst("api_key")?.Value == {|#4:"FAKE-claim-key-5"|} || user.FindFirstValue("api_key") == {|#5:"FAKE-claim-key-6"|};
            }
            """,
            Suggestion(0), Suggestion(1), Suggestion(2), Suggestion(3), Suggestion(4), Suggestion(5));

        [Fact]
        public Task ValuesFromOtherLookups_AndNonLookupOutValues_AreNotReported() => Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.Primitives;
            class Gate
            {
                bool ContentType(IDictionary<string, string> headers) =>
                    headers.TryGetValue("Content-Type", out var v) && v == "application/json";

                bool Accept(HttpRequest request) =>
                    request.Headers.TryGetValue("Accept", out StringValues key) && key == "text/event-stream";

                bool Role(ClaimsPrincipal user) => user.FindFirst(ClaimTypes.Role)?.Value == "administrators";

                bool Scheme(HttpRequest request)
                {
                    var authorization = request.Headers["X-Api-Key-Scheme"].FirstOrDefault();
                    return request.Headers.TryGetValue("X-Api-Key", out var supplied) && supplied == "Bearer";
                }

                // An out value that is not the looked-up credential: a validation message.
                bool Validate(string input, out string error) { error = "Too short"; return input.Length > 8; }
                bool Check(string input) => !Validate("password", out var error) && error == "Too short";
            }
            """);

        [Fact]
        public Task SelfDescribedValues_AreReported_PlaceholdersAreNot() => Verify.VerifyAsync("""
            class Gate
            {
                bool Key(string apiKey) => apiKey == {|#0:"MySecretApiKeyFAKE123"|};
                bool Password(string password) => password == {|#1:"mypasswordFAKE123"|};
                bool Placeholder(string password) => password == "your-password-123";
                bool Label(string password) => password == "mypassword";
            }
            """,
            Suggestion(0), Suggestion(1));
    }
}
