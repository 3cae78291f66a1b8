using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>
    /// One instance per compilation of a helper that several analyzers build (API tables, answer caches): the first
    /// analyzer to ask builds it, the others reuse it and its caches. Held weakly by the compilation.
    /// </summary>
    internal static class PerCompilation<T>
        where T : class
    {
        private static readonly ConditionalWeakTable<Compilation, StrongBox<T?>> Instances = new ConditionalWeakTable<Compilation, StrongBox<T?>>();

        public static T? Get(Compilation compilation, Func<Compilation, T?> create)
        {
            if (Instances.TryGetValue(compilation, out StrongBox<T?>? known))
            {
                return known.Value;
            }

            // Built outside the lock (two analyzers may both build it; one result is kept): creation may ask for other helpers.
            var created = new StrongBox<T?>(create(compilation));
            lock (Instances)
            {
                if (Instances.TryGetValue(compilation, out known))
                {
                    return known.Value;
                }

                Instances.Add(compilation, created);
            }

            return created.Value;
        }
    }
}
