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
    
        private const string BodyLoop = "Check Request.ContentLength against a maximum first (and set MaxRequestBodySize or [RequestSizeLimit]), or stop past a maximum size";

        [Fact]
        public Task StringConcatenation_GrowingBuffers_AndRequestBodyReadLoops_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.WebSockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            class Receiver
            {
                async Task<string> Text(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    string message = "";
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(buffer, ct);
                        {|#0:message += Encoding.UTF8.GetString(buffer, 0, r.Count)|};
                    }
                    while (!r.EndOfMessage);
                    return message;
                }

                async Task<byte[]> Grow(WebSocket ws)
                {
                    var buf = new byte[1024];
                    int total = 0;
                    while (true)
                    {
                        var r = await ws.ReceiveAsync(new ArraySegment<byte>(buf, total, buf.Length - total), default);
                        total += r.Count;
                        if (r.EndOfMessage) break;
                        if (total == buf.Length) {|#1:Array.Resize(ref buf, buf.Length * 2)|};
                    }
                    return buf;
                }

                static async Task<byte[]> Body(HttpContext context)
                {
                    var all = new List<byte>();
                    var buf = new byte[8192];
                    int n;
                    while ((n = await context.Request.Body.ReadAsync(buf, 0, buf.Length)) > 0) {|#2:all.AddRange(new ArraySegment<byte>(buf, 0, n))|};
                    return all.ToArray();
                }

                static async Task<long> Pipe(HttpContext context)
                {
                    var ms = new MemoryStream();
                    while (true)
                    {
                        var result = await context.Request.BodyReader.ReadAsync();
                        foreach (var segment in result.Buffer) {|#3:ms.Write(segment.Span)|};
                        context.Request.BodyReader.AdvanceTo(result.Buffer.End);
                        if (result.IsCompleted) break;
                    }
                    return ms.Length;
                }
            }
            """,
            D(0, "A WebSocket receive loop appends every frame to the string 'message' until the message ends", Ws),
            D(1, "A WebSocket receive loop appends every frame to the array 'buf' until the message ends", Ws),
            D(2, "A loop over the request body appends every chunk to the List 'all' until the body ends", BodyLoop),
            D(3, "A loop over the request body appends every chunk to the MemoryStream 'ms' until the body ends", BodyLoop));

        [Fact]
        public Task CappedConcatenation_CappedBodyLoops_PerIterationText_AndStreamingToAFile_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.WebSockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            class Receiver
            {
                async Task<string> Capped(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    string message = "";
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(buffer, ct);
                        if (message.Length > 65536) throw new InvalidOperationException("too big");
                        message += Encoding.UTF8.GetString(buffer, 0, r.Count);
                    }
                    while (!r.EndOfMessage);
                    return message;
                }

                static async Task<byte[]> CappedBody(HttpContext context)
                {
                    var ms = new MemoryStream();
                    var buf = new byte[8192];
                    int n;
                    long total = 0;
                    while ((n = await context.Request.Body.ReadAsync(buf, 0, buf.Length)) > 0)
                    {
                        total += n;
                        if (total > 1_000_000) throw new InvalidOperationException("too big");
                        ms.Write(buf, 0, n);
                    }
                    return ms.ToArray();
                }

                async Task PerFrame(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    while (ws.State == WebSocketState.Open)
                    {
                        var r = await ws.ReceiveAsync(buffer, ct);
                        var text = "";
                        text += Encoding.UTF8.GetString(buffer, 0, r.Count);
                        Console.WriteLine(text);
                    }
                }

                static async Task ToFile(HttpContext context, Stream file)
                {
                    var buf = new byte[8192];
                    int n;
                    while ((n = await context.Request.Body.ReadAsync(buf, 0, buf.Length)) > 0) await file.WriteAsync(buf, 0, n);
                }
            }
            """);
    }
}
