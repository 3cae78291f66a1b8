using System;
using System.Collections.Generic;
using System.Linq;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL511 (audit level): a credential-named string value (a password, secret, API key, access token, or a connection
    /// string, which usually carries a password) handed to a log call as an argument, an interpolation hole or a
    /// concatenated part. Logs are read by more people and kept longer than secrets; the value is never printed here,
    /// only the name. Misses measured on real services: a start-up log of the admin password, a connection string
    /// written to the error log.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class REL511CredentialWrittenToLogAuditAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.CredentialWrittenToLog,
            title: "Credential written to a log (audit)",
            messageFormat: "'{0}' is written to the log. " +
                           "Anyone who can read the logs (operators, a log vendor, a backup) then holds the credential, and logs are kept longer and copied wider than secrets. " +
                           "Log that it is set, or a masked form, never the value.",
            description: "A string variable, parameter, field or property named as a credential (password, secret, API key, access token, client secret) " +
                         "or as a connection string, passed to a logging, console, debug or trace call as an argument, an interpolation hole or a concatenated part. " +
                         "A value passed through a call first (a mask, a length, a hash) is not reported; neither are test projects.",
            defaultSeverity: DiagnosticSeverity.Info);

        // Words after which a name describes something else: 'configPathFromConnectionString', 'lengthOfPassword'.
        // ('signInPassword', 'logInToken' keep their meaning: 'in' and 'to' are not cut.)
        private static readonly string[] LinkWords = { "from", "of", "for" };

        // Cheap test on the raw name before it is split into words: most logged values are not credential-named.
        private static readonly string[] NameHints = { "pass", "pwd", "secret", "key", "token", "cred", "sas", "senha", "contrase", "conn" };

        // The words that make a "...Token" an authentication token.
        private static readonly string[] AuthTokenWords =
        {
            "access", "refresh", "id", "bearer", "api", "auth", "authentication", "authorization", "session", "sas", "jwt", "security",
            "oauth", "personal", "bot", "github", "slack", "user", "client", "service", "app", "identity", "csrf", "xsrf", "reset", "invite",
            "confirmation", "verification", "magic", "login", "device",
        };

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (SecretBinding.IsTestProject(start.Compilation))
                {
                    return;
                }

                LoggingApis logging = LoggingApis.For(new KnownTypes(start.Compilation));
                start.RegisterOperationAction(c => Analyze(c, logging), OperationKind.Invocation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, LoggingApis logging)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (invocation.Arguments.IsEmpty)
            {
                return;
            }

            // The names first (most calls pass no credential-named value), the logging API only then.
            List<IOperation>? found = null;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                Visit(argument.Value, ref found, depth: 0);
            }

            if (found is null || logging.Classify(invocation) == LogApi.None)
            {
                return;
            }

            foreach (IOperation value in found)
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, value.Syntax.GetLocation(), NameOf(value)));
            }
        }

        private static string? NameOf(IOperation value) => value switch
        {
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,
            IFieldReferenceOperation field => field.Field.Name,
            IPropertyReferenceOperation property when property.Arguments.IsEmpty => property.Property.Name,
            _ => null,
        };

        /// <summary>Walks the parts of a logged value that reach the text as they are: conversions, interpolation holes, concatenation, params arrays.</summary>
        private static void Visit(IOperation value, ref List<IOperation>? found, int depth)
        {
            if (depth > 8)
            {
                return;
            }

            switch (value)
            {
                case IConversionOperation conversion:
                    Visit(conversion.Operand, ref found, depth + 1);
                    return;
                case IInterpolatedStringOperation interpolated:
                    foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
                    {
                        if (part is IInterpolationOperation hole)
                        {
                            Visit(hole.Expression, ref found, depth + 1);
                        }
                    }

                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation:
                    Visit(concatenation.LeftOperand, ref found, depth + 1);
                    Visit(concatenation.RightOperand, ref found, depth + 1);
                    return;
                case IArrayCreationOperation { Initializer: { } initializer }:
                    foreach (IOperation element in initializer.ElementValues)
                    {
                        Visit(element, ref found, depth + 1);
                    }

                    return;
                case ICoalesceOperation coalesce:
                    Visit(coalesce.Value, ref found, depth + 1);
                    return;
            }

            string? name = NameOf(value);
            if (name != null && value.Type?.SpecialType == SpecialType.System_String && IsCredentialValueName(name)
                // 'foreach (var token in line.Split(','))': an element of a loop is a lexical token, not a credential.
                && !(value is ILocalReferenceOperation { Local: { } local } && local.ForEachLoopOf() != null))
            {
                (found ??= new List<IOperation>()).Add(value);
            }
        }

        /// <summary>
        /// A credential name (<see cref="SecretDetection.IsCredentialName"/>) judged on its head noun ('pathFromConnectionString'
        /// is a path), with 'token' only as an authentication token ('accessToken', 'idToken', bare 'token'; not a lease's
        /// 'completionToken'), or a connection string, which usually carries a password.
        /// </summary>
        internal static bool IsCredentialValueName(string name)
        {
            bool hinted = false;
            foreach (string hint in NameHints)
            {
                hinted |= name.IndexOf(hint, StringComparison.OrdinalIgnoreCase) >= 0;
            }

            if (!hinted)
            {
                return false;
            }

            string[] words = NameWords.Split(name);
            int head = words.Length;
            for (int i = 1; i < words.Length; i++)
            {
                if (Array.IndexOf(LinkWords, words[i]) >= 0)
                {
                    head = i;
                    break;
                }
            }

            if (head < words.Length)
            {
                words = words.Take(head).ToArray();
                name = string.Join("_", words);
            }

            int token = Array.IndexOf(words, "token");
            if (token > 0 && Array.IndexOf(AuthTokenWords, words[token - 1]) < 0 && Array.IndexOf(words, "password") < 0 && Array.IndexOf(words, "secret") < 0)
            {
                return false; // completionToken, executionToken, leaseToken: a handle, not a credential
            }

            if (SecretDetection.IsCredentialName(name))
            {
                return true;
            }

            if (name.IndexOf("connection", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return false;
            }

            for (int i = 0; i + 1 < words.Length; i++)
            {
                // connectionString, _connString, DbConnectionString; not connectionStringName / connectionStringKey.
                if ((words[i] == "connection" || words[i] == "conn") && (words[i + 1] == "string" || words[i + 1] == "str"))
                {
                    return i + 2 == words.Length;
                }
            }

            return Array.IndexOf(words, "connectionstring") >= 0;
        }
    }
}
