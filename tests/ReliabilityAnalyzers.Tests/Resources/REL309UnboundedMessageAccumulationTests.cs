using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resources.REL309UnboundedMessageAccumulationAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resources
{
    public class REL309UnboundedMessageAccumulationTests
    {
        private const string Ws = "Count the received bytes and close with WebSocketCloseStatus.MessageTooBig past a maximum message size";
        private const string Body = "Check Request.ContentLength against a maximum first (and set MaxRequestBodySize or [RequestSizeLimit]), or read with a bounded buffer";

        private static DiagnosticResult D(int location, string what, string fix) =>
            new DiagnosticResult("REL309", DiagnosticSeverity.Info).WithLocation(location).WithArguments(what, fix);

        [Fact]
        public Task UnboundedAccumulation_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.WebSockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            class Daemon
            {
                async Task<byte[]> ReceiveBinary(WebSocket socket, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        {|#0:message.Write(buffer, 0, result.Count)|};
                    }
                    while (!result.EndOfMessage);
                    return message.ToArray();
                }

                async Task<string> ReceiveText(WebSocket socket, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    var text = new StringBuilder();
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer, ct);
                        {|#1:text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count))|};
                        if (result.EndOfMessage) return text.ToString();
                    }
                }

                async Task<string> Body(HttpRequest request)
                {
                    using var reader = new StreamReader(request.Body);
                    return await {|#2:reader.ReadToEndAsync()|};
                }

                async Task<byte[]> Copy(HttpContext context)
                {
                    var copy = new MemoryStream();
                    await {|#3:context.Request.Body.CopyToAsync(copy)|};
                    return copy.ToArray();
                }
            }
            """,
            D(0, "A WebSocket receive loop appends every frame to the MemoryStream 'message' until the message ends", Ws),
            D(1, "A WebSocket receive loop appends every frame to the StringBuilder 'text' until the message ends", Ws),
            D(2, "The request body is read to the end into a string", Body),
            D(3, "The request body is copied to the end into a MemoryStream", Body));

        [Fact]
        public Task CappedAccumulation_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.WebSockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            class Daemon
            {
                const int MaxMessage = 64 * 1024;

                async Task<byte[]?> Capped(WebSocket socket, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    using var message = new MemoryStream();
                    WebSocketReceiveResult result;
                    do
                    {
                        result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        message.Write(buffer, 0, result.Count);
                        if (message.Length > MaxMessage) { await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "too big", ct); return null; }
                    }
                    while (!result.EndOfMessage);
                    return message.ToArray();
                }

                async Task<string> Counted(WebSocket socket, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    var text = new StringBuilder();
                    int total = 0;
                    while (true)
                    {
                        var result = await socket.ReceiveAsync(buffer, ct);
                        total += result.Count;
                        if (total > MaxMessage) throw new InvalidOperationException("message too large");
                        text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                        if (result.EndOfMessage) return text.ToString();
                    }
                }

                async Task PerFrame(WebSocket socket, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    while (socket.State == WebSocketState.Open)
                    {
                        var result = await socket.ReceiveAsync(buffer, ct);
                        var frame = new StringBuilder();
                        frame.Append(result.Count);
                    }
                }

                async Task<string> CheckedBody(HttpRequest request)
                {
                    if (request.ContentLength > MaxMessage) return "";
                    using var reader = new StreamReader(request.Body);
                    return await reader.ReadToEndAsync();
                }

                async Task<string> File(string path) { using var reader = new StreamReader(path); return await reader.ReadToEndAsync(); }
            }
            [RequestSizeLimit(1_000_000)]
            class Limited
            {
                async Task<string> Body(HttpRequest request) { using var reader = new StreamReader(request.Body); return await reader.ReadToEndAsync(); }
            }
            """);
    }
}
