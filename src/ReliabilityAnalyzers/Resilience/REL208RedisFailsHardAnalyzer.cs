using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Resilience
{
    /// <summary>
    /// REL208 (audit): a StackExchange.Redis connection told to fail hard when Redis is not there at connect time —
    /// "abortConnect=true" in a connection string, or ConfigurationOptions.AbortOnConnectFail = true. The service then
    /// crashes at start-up (or throws on first use) during a Redis blip instead of connecting in the background and
    /// recovering when Redis comes back.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class REL208RedisFailsHardAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.RedisFailsHard,
            title: "Redis connection fails hard when Redis is unavailable",
            messageFormat: "'{0}' makes the Redis connection throw when Redis cannot be reached at connect time. " +
                           "A Redis restart or failover during start-up then takes the whole service down, with no multiplexer left to reconnect when Redis is back. " +
                           "Set abortConnect=false (AbortOnConnectFail = false) so the client connects in the background and recovers.",
            description: "With abortConnect=true, ConnectionMultiplexer.Connect throws if Redis is not reachable at that moment, and no multiplexer exists to reconnect later. Services should use abortConnect=false and handle RedisConnectionException per call.",
            defaultSeverity: DiagnosticSeverity.Info);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? options = new KnownTypes(start.Compilation).Get("StackExchange.Redis.ConfigurationOptions");
                if (options is null)
                {
                    return; // no Redis client in this compilation
                }

                start.RegisterOperationAction(c => AnalyzeAssignment(c, options), OperationKind.SimpleAssignment);
                start.RegisterSyntaxNodeAction(AnalyzeLiteral, SyntaxKind.StringLiteralExpression, SyntaxKind.InterpolatedStringText);
            });
        }

        private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol options)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation target && target.Property.Name == "AbortOnConnectFail"
                && assignment.Value.ConstantValue.HasValue && assignment.Value.ConstantValue.Value is true
                && target.Property.ContainingType.InheritsFromOrEquals(options))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, assignment.Syntax.GetLocation(), "AbortOnConnectFail = true"));
            }
        }

        private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
        {
            string text = context.Node is LiteralExpressionSyntax literal
                ? literal.Token.ValueText
                : ((InterpolatedStringTextSyntax)context.Node).TextToken.ValueText;
            if (HasAbortConnectTrue(text))
            {
                context.ReportDiagnostic(Diagnostic.Create(Rule, context.Node.GetLocation(), "abortConnect=true"));
            }
        }

        /// <summary>'abortConnect=true' as an option of a Redis configuration string. Shared with REL220 (configuration files).</summary>
        internal static bool HasAbortConnectTrue(string text)
        {
            int at = text.IndexOf("abortConnect", StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            // ",abortConnect = true" as a connection-string option: the key starts an option, '=' follows, then true.
            // The option starts the string or follows a comma (spaces allowed): prose that mentions it is not a configuration.
            int before = at - 1;
            while (before >= 0 && char.IsWhiteSpace(text[before]))
            {
                before--;
            }

            if (before >= 0 && text[before] != ',')
            {
                return false;
            }

            int i = at + "abortConnect".Length;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length || text[i] != '=')
            {
                return false;
            }

            i++;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (string.Compare(text, i, "true", 0, 4, StringComparison.OrdinalIgnoreCase) != 0)
            {
                return false;
            }

            // ... and ends at the next comma or at the end.
            int after = i + 4;
            while (after < text.Length && char.IsWhiteSpace(text[after]))
            {
                after++;
            }

            if (after < text.Length && text[after] != ',')
            {
                return false;
            }

            return true;
        }
    }
}
