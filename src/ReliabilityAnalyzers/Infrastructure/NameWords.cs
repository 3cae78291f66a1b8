using System.Collections.Generic;
using System.Text;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>The lower-case words of an identifier or key: split on camelCase / PascalCase, '_', '-', '.', ':' and other non-alphanumerics.</summary>
    internal static class NameWords
    {
        internal static string[] Split(string name)
        {
            var words = new List<string>(4);
            var current = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                bool separator = !char.IsLetterOrDigit(c);
                bool boundary = i > 0 && char.IsUpper(c)
                    && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                if ((separator || boundary) && current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }

                if (!separator)
                {
                    current.Append(char.ToLowerInvariant(c));
                }
            }

            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }

            return words.ToArray();
        }
    }
}
