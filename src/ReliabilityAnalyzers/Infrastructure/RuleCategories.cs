namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>The category of a rule follows from its ID block, so it can never disagree with it.</summary>
    internal static class RuleCategories
    {
        public const string Exceptions = "Reliability.Exceptions";
        public const string Resilience = "Reliability.Resilience";
        public const string Resources = "Reliability.Resources";
        public const string Async = "Reliability.Async";
        public const string Secrets = "Security.Secrets";
        public const string Configuration = "Reliability.Configuration";

        /// <summary>
        /// Returns the category for an ID such as "REL104", or null when the ID is outside REL001–REL599
        /// (REL0xx: the package's own infrastructure, such as a malformed baseline file).
        /// </summary>
        public static string? ForId(string id)
        {
            if (id is null || id.Length != 6 || !id.StartsWith("REL", System.StringComparison.Ordinal))
            {
                return null;
            }

            switch (id[3])
            {
                case '0': return Configuration;
                case '1': return Exceptions;
                case '2': return Resilience;
                case '3': return Resources;
                case '4': return Async;
                case '5': return Secrets;
                default: return null;
            }
        }
    }
}
