using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Secrets
{
    /// <summary>
    /// REL510 (audit level): REL504's finding when the value under a signing-key or secret name does not look random
    /// ("This is IssuerSigningKey", "ThisIsMySuperSecretKey2024!"). Whatever its text, a signing key shipped in a
    /// configuration file lets anyone who has the file forge tokens for every install that keeps it; but readable values
    /// are also development defaults that deployments override, so it is worth a review, not a warning. Reported by
    /// <see cref="REL504ConfigurationFileSecretAnalyzer"/>, which reads each configuration file once; this class holds
    /// the descriptor.
    /// </summary>
    internal static class REL510ReadableConfigurationSecretRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.ReadableConfigurationSecret,
            title: "Readable secret committed in a configuration file",
            messageFormat: "Configuration file '{1}' sets the secret under key '{0}' to a fixed {2}-character value. " +
                           "Every install that keeps the shipped file shares that secret, so anyone with the file can sign or decrypt for them. " +
                           "Leave the value empty in the file and supply it from user secrets, environment variables or a secret store.",
            description: "The audit-level half of REL504: a signing key, JWT key or other secret in appsettings*.json or .env / .env.* whose " +
                         "value is readable text rather than random-looking (a passphrase, a self-describing made-up secret). Placeholders, " +
                         "references, URLs, paths, numbers and flags are not reported. The diagnostic never contains the value.",
            defaultSeverity: DiagnosticSeverity.Info,
            customTags: NonSourceFileSeverity.CustomTag);
    }
}
