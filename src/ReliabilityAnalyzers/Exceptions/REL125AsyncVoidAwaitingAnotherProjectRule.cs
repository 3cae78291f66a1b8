using Microsoft.CodeAnalysis;
using ReliabilityAnalyzers.Infrastructure;

namespace ReliabilityAnalyzers.Exceptions
{
    /// <summary>
    /// REL125 (audit level): REL106's finding when every await of the async void body goes to a method of another project
    /// of the same solution (a project reference whose body this compilation cannot read) or to a self-guarded method of
    /// this one. Such sends usually catch and log their own failures (measured: a game server's network sessions), but
    /// that cannot be checked here, so it is an audit, not a warning. Same analyzer as REL106
    /// (<see cref="REL106AsyncVoidAnalyzer"/> supports both IDs and classifies each async void body once); this class holds
    /// REL125's descriptor.
    /// </summary>
    internal static class REL125AsyncVoidAwaitingAnotherProjectRule
    {
        internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
            RuleIds.AsyncVoidAwaitingAnotherProject,
            title: "Async void that awaits only another project's work (audit)",
            messageFormat: "{0} is async void and awaits only methods of another project of this solution, whose failure handling is not visible here. " +
                           "If one of them lets an exception escape, it is raised on the thread pool and crashes the process. " +
                           "Return Task and await it, or make sure the awaited methods catch and log their own failures.",
            description: "The share of REL106 whose awaited work lives in another project of the same solution (a project reference) " +
                         "or in self-guarded methods of this one: an async void that cannot be awaited, whose exceptions would crash the process, " +
                         "but whose awaited methods may well handle their own failures. Audit level because their bodies cannot be read here.",
            defaultSeverity: DiagnosticSeverity.Info);
    }
}
