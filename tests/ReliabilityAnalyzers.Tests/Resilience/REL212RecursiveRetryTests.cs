using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Resilience.REL212RecursiveRetryAnalyzer>;

namespace ReliabilityAnalyzers.Tests.Resilience
{
    public class REL212RecursiveRetryTests
    {
        private static DiagnosticResult Diagnostic(int location, string method) =>
            new DiagnosticResult("REL212", DiagnosticSeverity.Info).WithLocation(location).WithArguments(method);

        [Fact]
        public Task CatchCallingItselfWithTheSameArguments_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();

                async Task<string> GetAsync(string url, CancellationToken token)
                {
                    try { return await _http.GetStringAsync(url, token); }
                    catch (HttpRequestException)
                    {
                        await Task.Delay(1000, token);
                        return await {|#0:GetAsync(url, token)|};
                    }
                }

                string Read(string path)
                {
                    try { return File.ReadAllText(path); }
                    catch (IOException) { Thread.Sleep(500); return {|#1:this.Read(path)|}; }
                }

                async Task SendAsync(string body, int attempt = 0)
                {
                    try { await _http.PostAsync("https://example.org", new StringContent(body)); }
                    catch (Exception) { await {|#2:SendAsync(body: body)|}; }
                }

                T Load<T>(Func<T> load)
                {
                    try { return load(); }
                    catch { return {|#3:Load<T>(load)|}; }
                }

                void Outer()
                {
                    void Connect(string host)
                    {
                        try { new System.Net.Sockets.TcpClient().Connect(host, 80); }
                        catch (System.Net.Sockets.SocketException) { {|#4:Connect(host)|}; }
                    }

                    Connect("db");
                }
            }
            """,
            Diagnostic(0, "GetAsync"), Diagnostic(1, "Read"), Diagnostic(2, "SendAsync"), Diagnostic(3, "Load"), Diagnostic(4, "Connect"));

        [Fact]
        public Task CatchCallingANeverReturningThrowHelper_IsNotReported_AnOrdinaryHelperIs() => Verify.VerifyAsync("""
            using System;
            using System.Diagnostics.CodeAnalysis;
            using System.IO;
            using System.Threading;
            static class Throw
            {
                [DoesNotReturn]
                public static void ReadFailure(Exception inner) => throw new InvalidOperationException("read failed", inner);
                public static void Note(Exception inner) { Console.WriteLine(inner); }
            }
            class Client
            {
                string Read(string path)
                {
                    try { return File.ReadAllText(path); }
                    catch (IOException e) { if (path.Length > 100) Throw.ReadFailure(e); Thread.Sleep(500); return Read(path); }
                }

                string Load(string path)
                {
                    try { return File.ReadAllText(path); }
                    catch (IOException e) { Throw.Note(e); Thread.Sleep(500); return {|#0:Load(path)|}; }
                }
            }
            """,
            Diagnostic(0, "Load"));

        [Fact]
        public Task BoundedOrDifferentCalls_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class Client
            {
                readonly HttpClient _http = new HttpClient();

                async Task<string> WithAttempt(string url, int attempt = 0)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch (HttpRequestException) { await Task.Delay(100); return await WithAttempt(url, attempt + 1); }
                }

                async Task<string> Filtered(string url, int attempt)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch (HttpRequestException) when (attempt < 3) { return await Filtered(url, attempt); }
                }

                async Task<string> GivesUp(string url, int retries)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch (HttpRequestException) { if (retries <= 0) throw; return await GivesUp(url, retries); }
                }

                async Task<string> Fallback(string url, bool useMirror = false)
                {
                    try { return await _http.GetStringAsync(useMirror ? "https://mirror.example.org" : url); }
                    catch (HttpRequestException) { return await Fallback(url, true); }
                }

                async Task<string> Cancelled(string url, CancellationToken token)
                {
                    try { return await _http.GetStringAsync(url, token); }
                    catch (OperationCanceledException) { return await Cancelled(url, CancellationToken.None); }
                }

                async Task<string> Other(string url)
                {
                    try { return await _http.GetStringAsync(url); }
                    catch (HttpRequestException) { return await Other2(url); }
                }

                Task<string> Other2(string url) => Task.FromResult(url);

                void Later(string path)
                {
                    try { File.ReadAllText(path); }
                    catch (IOException) { Action again = () => Later(path); }
                }

                int Walk(Node node)
                {
                    try { return node.Value; }
                    catch (NullReferenceException) { return node.Next is null ? 0 : Walk(node.Next); }
                }

                sealed class Node { public int Value; public Node? Next; }
            }
            """);

        [Fact]
        public Task FailureStatusBranchCallingItselfAgain_IsReported_BoundedOrPollingIsNot() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            class ChatClient
            {
                private readonly HttpClient _http = new HttpClient();

                // Phase 26, a recall probe: re-posted for as long as the workspace throttles.
                public async Task PostMessageAsync(string channel, string text, CancellationToken ct)
                {
                    using var response = await _http.PostAsync("chat.postMessage?channel=" + channel, new StringContent(text), ct);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                        await {|#0:PostMessageAsync(channel, text, ct)|};
                        return;
                    }
                }

                public async Task<string> FetchAsync(string url)
                {
                    var response = await _http.GetAsync(url);
                    if (!response.IsSuccessStatusCode)
                    {
                        return await {|#1:FetchAsync(url)|};
                    }

                    return await response.Content.ReadAsStringAsync();
                }

                // Bounded by an attempt count passed on; a 202 polls for a state, not a failure.
                public async Task<string> FetchBoundedAsync(string url, int attempt = 0)
                {
                    var response = await _http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 3)
                    {
                        return await FetchBoundedAsync(url, attempt + 1);
                    }

                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<string> WaitForReportAsync(string url)
                {
                    var response = await _http.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        await Task.Delay(1000);
                        return await WaitForReportAsync(url);
                    }

                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<string> FetchOrFailAsync(string url)
                {
                    var response = await _http.GetAsync(url);
                    if ((int)response.StatusCode >= 500)
                    {
                        if (url.Length > 2000) throw new InvalidOperationException("gave up");
                        return await FetchOrFailAsync(url);
                    }

                    return await response.Content.ReadAsStringAsync();
                }
            }
            """,
            new DiagnosticResult("REL212", DiagnosticSeverity.Info).WithLocation(0).WithArguments("PostMessageAsync"),
            new DiagnosticResult("REL212", DiagnosticSeverity.Info).WithLocation(1).WithArguments("FetchAsync"));

        [Fact]
        public Task BrokenCode_DoesNotThrow() => Verify.VerifyAsync("""
            class C
            {
                int M(int x)
                {
                    try { return x; }
                    catch { return {|CS0103:Missing|}(x); }
                }
            }
            """);
    }
}
