using Microsoft.CodeAnalysis;

namespace ReliabilityAnalyzers.Infrastructure
{
    /// <summary>Framework methods that reach outside the process: network, database, file system.</summary>
    internal static class IoApis
    {
        /// <summary>
        /// A method of System.Net*, System.IO* (but in-memory streams, readers and writers, and Path), System.Data*,
        /// Microsoft.Data* or EF Core. Teardown (Dispose, Close, Cancel) is not I/O work.
        /// </summary>
        public static bool IsFrameworkIo(IMethodSymbol method)
        {
            string name = method.Name;
            if (name == "Dispose" || name == "DisposeAsync" || name == "Close" || name == "CloseAsync" || name == "Cancel" || name == "CancelAsync"
                || !(method.ContainingType is { } type))
            {
                return false;
            }

            string ns = type.ContainingNamespace?.ToDisplayString() ?? string.Empty;
            if (ns.StartsWith("System.IO", System.StringComparison.Ordinal))
            {
                return type.Name != "MemoryStream" && type.Name != "UnmanagedMemoryStream" && type.Name != "StringReader"
                    && type.Name != "StringWriter" && type.Name != "Path" && type.Name != "BinaryReader" && type.Name != "InvalidDataException";
            }

            return (ns.StartsWith("System.Net", System.StringComparison.Ordinal) && !IsInMemoryNetworkValue(method))
                || ns.StartsWith("System.Data", System.StringComparison.Ordinal)
                || ns.StartsWith("Microsoft.Data", System.StringComparison.Ordinal) || ns.StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal);
        }

        /// <summary>
        /// System.Net types that parse, format or hold values and never reach the network: 'WebUtility.HtmlEncode(text)',
        /// 'IPAddress.Parse(text)', a cookie or credential, header values ('MediaTypeHeaderValue.Parse'), MIME types, and a
        /// request message or content being built. A project's log helper that HTML-encodes its line is not network work
        /// (phase 19, a weather-station hub).
        /// </summary>
        public static bool IsInMemoryNetworkValue(IMethodSymbol method)
        {
            if (!(method.ContainingType is { } type))
            {
                return false;
            }

            switch (type.ContainingNamespace?.ToDisplayString())
            {
                case "System.Net":
                    return type.Name is "IPAddress" or "IPEndPoint" or "IPNetwork" or "WebUtility" or "DnsEndPoint" or "Cookie" or "CookieCollection"
                        or "CookieContainer" or "NetworkCredential" or "WebHeaderCollection";
                case "System.Net.Http.Headers":
                case "System.Net.Mime":
                    return true;
                case "System.Net.Http":
                    return type.Name is "HttpRequestMessage" or "HttpMethod" or "StringContent" or "ByteArrayContent" or "FormUrlEncodedContent" or "ReadOnlyMemoryContent"
                        && !method.Name.StartsWith("Read", System.StringComparison.Ordinal) && !method.Name.StartsWith("CopyTo", System.StringComparison.Ordinal);
                default:
                    return false;
            }
        }

        /// <summary>HttpClient's sends, by name: 'SendAsync', 'GetAsync', 'PostAsync', 'PutAsync', 'DeleteAsync', 'PatchAsync', 'Send'.</summary>
        public static bool IsHttpSendName(string? name) =>
            name == "SendAsync" || name == "GetAsync" || name == "PostAsync" || name == "PutAsync" || name == "DeleteAsync" || name == "PatchAsync" || name == "Send";

        /// <summary>A send of System.Net.Http.HttpClient itself (by name, see <see cref="IsHttpSendName"/>).</summary>
        public static bool IsHttpClientSend(IMethodSymbol method) =>
            IsHttpSendName(method.Name) && method.ContainingType is { Name: "HttpClient" } client
            && client.ContainingNamespace?.ToDisplayString() == "System.Net.Http";

        /// <summary>No HttpCompletionOption argument, or the constant ResponseContentRead (0): the body is buffered before the send returns.</summary>
        public static bool BuffersResponseContent(Microsoft.CodeAnalysis.Operations.IInvocationOperation send)
        {
            foreach (Microsoft.CodeAnalysis.Operations.IArgumentOperation argument in send.Arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Enum && argument.Parameter.Type.Name == "HttpCompletionOption")
                {
                    Optional<object?> constant = argument.Value.ConstantValue;
                    if (!constant.HasValue || !(constant.Value is int option) || option != 0)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }
}
