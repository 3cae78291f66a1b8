using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL103LogWithoutExceptionAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL103LogWithoutExceptionCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL103LogWithoutExceptionTests
    {
        [Fact]
        public Task MessageOnlyLogs_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:_logger.LogWarning("read failed: " + ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#1:_logger.LogInformation($"read failed: {ex}")|}; } }
                void C() { try { File.ReadAllText("a"); } catch { {|#2:_logger.LogError("read failed for {Path}", "a")|}; } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#3:_logger.Log(LogLevel.Warning, "failed: {Reason}", ex.Message)|}; } }
                void E() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#4:_serilog.Error("failed: {Reason}", ex.Message)|}; } }
                void F() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#5:Serilog.Log.Warning("failed " + ex.ToString())|}; } }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"),
            // The exception written whole into the text (B, F) is REL126, the audit half of this rule.
            new DiagnosticResult("REL126", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("LogInformation"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(3).WithArguments("Log"),
            Verify.Diagnostic("REL103").WithLocation(4).WithArguments("Error"),
            new DiagnosticResult("REL126", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(5).WithArguments("Warning"));

        // Phase 21, a mail archiver: the fallback attempt inside a catch that already logged the first failure with its
        // exception object; the line that closes the fallback is audit level. Without the earlier log it is a warning.
        [Fact]
        public Task FallbackAfterALoggedFailure_IsAuditLevel_WithoutTheEarlierLogItIsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Restorer
            {
                private readonly ILogger _logger;
                Restorer(ILogger logger) { _logger = logger; }

                void Open(string folder)
                {
                    try { File.OpenWrite(folder).Dispose(); }
                    catch (Exception openEx)
                    {
                        _logger.LogWarning(openEx, "Could not open {Folder} for writing, trying read-only", folder);
                        try { File.OpenRead(folder).Dispose(); }
                        catch
                        {
                            {|#0:_logger.LogError("Could not open {Folder} at all, skipping", folder)|};
                        }
                    }
                }

                // A call that is not a log line (tracking, rollback bookkeeping) does not put the first failure in the log.
                void OpenTracked(string folder, Action<Exception> track)
                {
                    try { File.OpenWrite(folder).Dispose(); }
                    catch (Exception openEx)
                    {
                        track(openEx);
                        try { File.OpenRead(folder).Dispose(); }
                        catch
                        {
                            {|#2:_logger.LogError("Could not open {Folder} at all, skipping", folder)|};
                        }
                    }
                }

                void OpenQuietly(string folder)
                {
                    try { File.OpenWrite(folder).Dispose(); }
                    catch (Exception)
                    {
                        try { File.OpenRead(folder).Dispose(); }
                        catch
                        {
                            {|#1:_logger.LogError("Could not open {Folder} at all, skipping", folder)|};
                        }
                    }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"));

        [Fact]
        public Task DebugOrTraceWithTheMessage_IsNotReported_TheExceptionBoundToAnArgumentThereIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class LockManager
            {
                private readonly ILogger _logger;
                LockManager(ILogger logger) { _logger = logger; }
                bool Acquire(string id)
                {
                    try { File.WriteAllText(id, ""); return true; }
                    catch (Exception ex) { _logger.LogDebug($"Failed to acquire lock {id} - {ex.Message}"); return false; }
                }
                bool Probe(string id)
                {
                    try { File.WriteAllText(id, ""); return true; }
                    catch (Exception ex) { _logger.Log(LogLevel.Trace, "probe of {Id} failed: {Reason}", id, ex.Message); return false; }
                }
                bool Poll(string id)
                {
                    try { File.WriteAllText(id, ""); return true; }
                    catch (Exception ex) { {|#0:_logger.LogDebug("Polling exception: {Error}", ex)|}; return false; }
                }
                bool Save(string id)
                {
                    try { File.WriteAllText(id, ""); return true; }
                    catch (Exception ex) { {|#1:_logger.LogInformation("save of {Id} failed: {Reason}", id, ex.Message)|}; return false; }
                }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogDebug"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("LogInformation"));

        [Fact]
        public Task Log4Net_ExceptionWrittenWhole_IsNotReported_MessageOnlyOrUnplaced_Is() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using log4net;
            class Store
            {
                private static readonly ILog Log = LogManager.GetLogger(typeof(Store));
                void A() { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.Error(e); } }
                void B(string table) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.ErrorFormat("Error saving {0}\n{1}", table, e); } }
                void B2(string url) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.FatalFormat("Reading {0} failed\n" + e.ToString(), url); } }
                void C() { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.Error("save failed: " + e); } }
                void D() { try { File.WriteAllText("a", ""); } catch (Exception ex) { Log.Error($"save failed: {ex}"); } }
                void E() { try { File.WriteAllText("a", ""); } catch (Exception ex) { Log.Warn("save failed: " + ex.ToString()); } }
                void E2(int id) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.Error(string.Format("target:{0} exception:{1}", id, e)); } }
                void E3(int a, int b, int c) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.Error(string.Format("{0} {1} {2} {3}", a, b, c, e)); } }
                void E4(int id) { try { File.WriteAllText("a", ""); } catch (Exception e) { {|#3:Log.Error(string.Format("target:{0}", id, e))|}; } }
                void F() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#0:Log.Error("save failed: " + ex.Message)|}; } }
                void G(int count) { try { File.WriteAllText("a", ""); } catch (Exception e) { {|#1:Log.ErrorFormat("trying to send (" + count + ")", e)|}; } }
                void H(int count) { try { File.WriteAllText("a", ""); } catch (Exception e) { {|#2:Log.ErrorFormat("send {0} failed", count, e)|}; } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("Error"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("ErrorFormat"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("ErrorFormat"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("Error"));

        [Fact]
        public Task StructuredLogger_ExceptionAsFormatArgument_IsStillReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                // Sinks of a structured logger get no exception object: the shape the rule is for.
                void A() { try { File.WriteAllText("a", ""); } catch (Exception ex) { {|#0:_logger.LogError("save failed: {Error}", ex)|}; } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"));

        [Fact]
        public Task ANoteBesideAStatementThatLogsTheException_BeforeOrAfter_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using log4net;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private static readonly ILog Log = LogManager.GetLogger(typeof(Store));
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void A(string key) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.ErrorFormat("load failed: {0}", e); Log.ErrorFormat("key {0}", key); } }
                void B(string key) { try { File.WriteAllText("a", ""); } catch (Exception e) { Log.Error("key " + key + " failed"); Log.Error(e.ToString()); } }
                void C(string key) { try { File.WriteAllText("a", ""); } catch (Exception e) { _logger.LogError("key {Key} failed", key); _logger.LogError(e, "save failed"); } }
                // Only when the statement always runs: a conditional log of the exception does not cover the note.
                void D(string key, bool verbose) { try { File.WriteAllText("a", ""); } catch (Exception e) { {|#0:_logger.LogError("key {Key} failed", key)|}; if (verbose) _logger.LogError(e, "details"); } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"));

        [Fact]
        public Task SpecificExceptionAtInformation_AndMessagePlusStack_AreNotReported_CatchAllAtInformation_Is() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using log4net;
            class Client
            {
                private static readonly ILog Log = LogManager.GetLogger(typeof(Client));
                void A(Socket s) { try { s.Send(new byte[1]); } catch (SocketException e) { Log.Info(string.Format("{0} {1}", s.RemoteEndPoint, e.Message)); } }
                void B(Socket s) { try { s.Send(new byte[1]); } catch (Exception e) { Log.ErrorFormat("send failed {0} {1}", e.Message, e.StackTrace); } }
                void C(Socket s) { try { s.Send(new byte[1]); } catch (Exception e) { {|#0:Log.Info("send failed: " + e.Message)|}; } }
                void D(Socket s) { try { s.Send(new byte[1]); } catch (SocketException e) { {|#1:Log.Warn("send failed: " + e.Message)|}; } }
            }
            class Handler
            {
                private readonly Microsoft.Extensions.Logging.ILogger _logger;
                Handler(Microsoft.Extensions.Logging.ILogger logger) { _logger = logger; }
                // The exception itself bound to a format placeholder of a structured logger: the rule's own shape, at any level.
                void E(Socket s) { try { s.Send(new byte[1]); } catch (SocketException ex) { {|#2:Microsoft.Extensions.Logging.LoggerExtensions.LogDebug(_logger, "receive failed, exception: {0}", ex)|}; } }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("Info"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("Warn"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogDebug"));

        [Fact]
        public Task InMemoryFrameworkWorkOnly_AndTypePlusMessageWarning_AreNotReported_ProjectOrReflectionWork_Is() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using log4net;
            class Guild
            {
                private static readonly ILog Log = LogManager.GetLogger(typeof(Guild));
                void A(SortedList<string, string> list, string key, string member)
                {
                    try { list.Add(key, member); }
                    catch { Log.Error(string.Format("Duplicate entry {0} for {1}", key, member)); }
                }
                string B(string text, object[] args)
                {
                    try { return string.Format(text, args); }
                    catch { Log.ErrorFormat("Parameter count wrong for '{0}'", text); return text; }
                }
                void C(Action send)
                {
                    try { send(); }
                    catch (Exception e) { Log.Warn("client went linkdead (" + e.GetType() + ": " + e.Message + ")"); }
                }
                void D(Type brain)
                {
                    try { Activator.CreateInstance(brain); }
                    catch { {|#0:Log.ErrorFormat("cannot create brain {0}", brain)|}; }
                }
                void E(string key)
                {
                    try { Save(key); }
                    catch { {|#1:Log.Error("save failed for " + key)|}; }
                }
                // The log prints only the exception's message: type, stack and inner are lost even over framework work.
                void G(Dictionary<int, string> slots, string first)
                {
                    try { slots.Add(Convert.ToInt32("-" + first), "x"); }
                    catch (Exception e) { {|#3:Log.Error(e.Message)|}; }
                }
                void F(Action send)
                {
                    try { send(); }
                    catch (Exception e) { {|#2:Log.Error("send failed (" + e.GetType() + ": " + e.Message + ")")|}; }
                }
                // Parsing text already in memory: the message states the condition.
                void H(string response)
                {
                    try { System.Text.Json.JsonDocument.Parse(response).Dispose(); }
                    catch (Exception) { Log.Warn("Unable to locate a JSON array in the response"); }
                }
                // Parsing a stream reads it: a network failure would be hidden.
                void I(System.IO.Stream body)
                {
                    try { System.Text.Json.JsonDocument.Parse(body).Dispose(); }
                    catch (Exception) { {|#4:Log.Warn("Unable to read the response")|}; }
                }
                void Save(string key) { }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("ErrorFormat"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("Error"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("Error"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("Error"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("Warn"));

        [Fact]
        public Task FrameworkHttpFailureCaughtByType_WithItsMessage_IsNotReported_TypeNameOnlyOrBoundToATemplateIs() => Verify.VerifyAsync("""
            #pragma warning disable SYSLIB0014
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class RegionClient
            {
                private readonly ILogger<RegionClient> _logger;
                private readonly HttpClient _http = new HttpClient();
                public RegionClient(ILogger<RegionClient> logger) { _logger = logger; }

                public async Task<bool> PostAsync(string uri, HttpContent body)
                {
                    try { (await _http.PostAsync(uri, body)).EnsureSuccessStatusCode(); return true; }
                    catch (HttpRequestException e)
                    {
                        _logger.LogWarning("POST {Uri} failed ({Status}): {Reason}", uri, e.StatusCode, e.Message);
                        return false;
                    }
                }

                public string Fetch(string uri)
                {
                    try { return new WebClient().DownloadString(uri); }
                    catch (WebException e) { _logger.LogWarning("GET " + uri + " failed: " + e.Message + " " + e.Status); return ""; }
                }

                public async Task<bool> NotifyAsync(string uri, HttpContent body)
                {
                    try { (await _http.PostAsync(uri, body)).EnsureSuccessStatusCode(); return true; }
                    catch (HttpRequestException e) { {|#0:_logger.LogWarning("Notify {Uri} failed with {Type}", uri, e.GetType().Name)|}; return false; }
                }

                public async Task<bool> SendAsync(string uri, HttpContent body)
                {
                    try { (await _http.PutAsync(uri, body)).EnsureSuccessStatusCode(); return true; }
                    catch (HttpRequestException e) { {|#1:_logger.LogError("PUT {Uri} failed: {Error}", uri, e)|}; return false; }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task CatchThatAnswersAClientError_IsNotReported_OneThatAnswersAServerErrorIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net;
            using System.Text.Json;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;
            class AgentMessage { public string? Name { get; set; } }
            class AgentHandler
            {
                private readonly ILogger<AgentHandler> _logger;
                public AgentHandler(ILogger<AgentHandler> logger) { _logger = logger; }

                public void Handle(HttpContext context, string body)
                {
                    try { JsonSerializer.Deserialize<AgentMessage>(File.ReadAllText(body)); }
                    catch (Exception ex)
                    {
                        _logger.LogWarning("Could not unpack the agent message: {Reason}", ex.Message);
                        context.Response.StatusCode = (int)HttpStatusCode.BadRequest;
                        return;
                    }
                }

                public void Store(HttpContext context, string body)
                {
                    try { File.WriteAllText("agents", body); }
                    catch (Exception ex)
                    {
                        {|#0:_logger.LogWarning("Could not store the agent: {Reason}", ex.Message)|};
                        context.Response.StatusCode = 500;
                    }
                }
            }
            class AgentController : ControllerBase
            {
                private readonly ILogger<AgentController> _logger;
                public AgentController(ILogger<AgentController> logger) { _logger = logger; }

                public IActionResult Post(string body)
                {
                    try { return Ok(JsonSerializer.Deserialize<AgentMessage>(System.IO.File.ReadAllText(body))); }
                    catch (Exception ex) { _logger.LogWarning("Rejected agent message: {Reason}", ex.Message); return BadRequest("malformed message"); }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"));

        [Fact]
        public Task NoteInABranchOnTheExceptionsMessage_IsNotReported_TheOtherBranchIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Importer
            {
                private readonly ILogger<Importer> _logger;
                public Importer(ILogger<Importer> logger) { _logger = logger; }

                public void Transfer(string source, string destination)
                {
                    try { File.Move(source, destination); }
                    catch (Exception ex)
                    {
                        var message = ex.Message.ToLowerInvariant();
                        if (message.Contains("cross-device") || message.Contains("different volume"))
                        {
                            _logger.LogWarning("Hardlink failed across volumes, falling back to copy: {Reason}", ex.Message);
                        }
                        else if (ex.Message.StartsWith("Access to the path", StringComparison.Ordinal))
                        {
                            _logger.LogWarning("Hardlink refused by the file system, copying instead");
                        }
                        else
                        {
                            {|#0:_logger.LogWarning("Transfer failed: {Reason}", ex.Message)|};
                        }

                        File.Copy(source, destination);
                    }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"));

        [Fact]
        public Task ProjectsOwnHttpException_LoggedWithMessageOnly_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;
            class PaymentApiException : Exception
            {
                public PaymentApiException(HttpStatusCode status, string body) : base("payment API returned " + status) { Status = status; Body = body; }
                public HttpStatusCode Status { get; }
                public string Body { get; }
            }
            class GatewayException : HttpRequestException { public GatewayException(string m) : base(m) { } }
            class InvoiceNotFoundException : Exception { }
            class PaymentClient
            {
                private readonly ILogger<PaymentClient> _logger;
                public PaymentClient(ILogger<PaymentClient> logger) { _logger = logger; }

                public async Task<bool> CaptureAsync(string id)
                {
                    try { await SendAsync(id); return true; }
                    catch (PaymentApiException ex)
                    {
                        {|#0:_logger.LogWarning("Capture of {Id} failed: {Error}", id, ex.Message)|};
                        return false;
                    }
                }

                public async Task RefundAsync(string id)
                {
                    try { await SendAsync(id); }
                    catch (GatewayException ex) { {|#1:_logger.LogError("Refund failed: " + ex.Message)|}; }
                }

                // Not a transport failure, and the message does not use the exception: an expected case.
                public async Task VoidAsync(string id)
                {
                    try { await SendAsync(id); }
                    catch (InvoiceNotFoundException ex) { _logger.LogWarning("Invoice {Id} not found: {Error}", id, ex.Message); }
                    catch (PaymentApiException) { _logger.LogWarning("Void of {Id} was rejected", id); }
                }

                private Task SendAsync(string id) => Task.CompletedTask;
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Threading;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void Passed() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogWarning(ex, "read failed"); } }
                void PassedLevel() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.Log(LogLevel.Error, ex, "read failed"); } }
                void Rethrown() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError("read failed: " + ex.Message); throw; } }
                void Wrapped() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError("read failed"); throw new InvalidOperationException("x", ex); } }
                void Canceled(CancellationToken t) { try { t.ThrowIfCancellationRequested(); } catch (OperationCanceledException) { _logger.LogWarning("canceled"); } }
                void LowLevelNote() { try { File.ReadAllText("a"); } catch (FileNotFoundException) { _logger.LogDebug("no cache file, starting fresh"); } }
                void Outside() { _logger.LogWarning("not in a catch"); }
                void InLambda() { try { File.ReadAllText("a"); } catch (IOException ex) { _logger.LogError(ex, "x"); Action a = () => _logger.LogWarning("later"); a(); } }
                void Specific() { try { File.ReadAllText("a"); } catch (ArgumentException ex) { _logger.LogWarning("bad path: " + ex.Message); } }
                void FilteredCatch() { try { File.ReadAllText("a"); } catch (Exception ex) when (ex is UnauthorizedAccessException) { _logger.LogWarning("no access: {Reason}", ex.Message); } }
                void Console_() { try { File.ReadAllText("a"); } catch (IOException ex) { Console.WriteLine("failed: " + ex.Message); } }
            }
            """);

        [Fact]
        public Task TypeBranch_ReadOnlyLookup_ConfigRead_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;
            class Weather { public string Summary { get; set; } = ""; }
            class AuditLog { public void Write(string line) { } }
            interface IThemeStore { bool SaveTheme(string name, string css); }
            class FileThemeStore : IThemeStore
            {
                public bool SaveTheme(string name, string css)
                {
                    var path = System.IO.Path.Combine("themes", name + ".css");
                    try { System.IO.File.WriteAllText(path, css); return true; }
                    catch (Exception) { return false; }
                }
            }
            class Dashboard
            {
                private readonly ILogger _logger;
                private readonly IHttpClientFactory _factory;
                private readonly IConfiguration _configuration;
                Dashboard(ILogger logger, IHttpClientFactory factory, IConfiguration configuration) { _logger = logger; _factory = factory; _configuration = configuration; }

                // The branch runs for one exception type only: an expected case, like a catch of that type.
                async Task StopAsync(Func<Task> stop)
                {
                    try { await stop().WaitAsync(TimeSpan.FromSeconds(5)); }
                    catch (Exception error)
                    {
                        if (error is TimeoutException)
                            _logger.LogError("Stopping took longer than {Seconds}s", 5);
                        else
                            _logger.LogError(error, "Stopping failed");
                        switch (error)
                        {
                            case InvalidOperationException _: _logger.LogWarning("already stopped"); break;
                        }
                    }
                }

                // Optional display data fetched with a GET, an empty value on failure: the message names host and status.
                async Task<Weather> ForecastAsync(string city)
                {
                    try
                    {
                        var client = _factory.CreateClient();
                        return await client.GetFromJsonAsync<Weather>("https://weather.example/" + city) ?? new Weather();
                    }
                    catch (Exception ex)
                    {
                        _logger.LogError($"Forecast unavailable: {ex.Message}");
                        return new Weather();
                    }
                }

                async Task<string> BannerAsync(HttpClient client)
                {
                    try { return await client.GetStringAsync("https://cdn.example/banner.txt"); }
                    catch (HttpRequestException ex) { _logger.LogWarning("No banner: {Reason}", ex.Message); return ""; }
                }

                // A GET whose result is shaped by the project's own helpers and noted in its own log writer.
                async Task<string> HeadlineAsync(HttpClient client, AuditLog audit)
                {
                    try
                    {
                        var text = await client.GetStringAsync("https://news.example/top");
                        audit.Write("fetched headline");
                        return Trim(text);
                    }
                    catch (Exception ex) { _logger.LogError("No headline: {Reason}", ex.Message); return ""; }
                }

                private static string Trim(string text) => text.Trim();

                // A download saved through a store that catches its own write failures: only the GET can fail here.
                async Task<bool> InstallThemeAsync(HttpClient client, IThemeStore store, string name)
                {
                    try
                    {
                        var css = await client.GetStringAsync("https://themes.example/" + name);
                        return store.SaveTheme(name, css);
                    }
                    catch (Exception ex) { _logger.LogError($"Theme download failed: {ex.Message}"); return false; }
                }

                // Host name resolution with a null fallback: the socket error message and the host are the whole cause.
                IPAddress[]? Resolve(string host)
                {
                    try { return Dns.GetHostAddresses(host); }
                    catch (Exception ex) { _logger.LogError("Cannot resolve {Host}: {Reason}", host, ex.Message); }
                    return null;
                }

                // Configuration read or parse with a default, logged below Error: nothing in the try does I/O.
                int Port(string value)
                {
                    try { return string.IsNullOrWhiteSpace(value) ? 8080 : int.Parse(value); }
                    catch (Exception ex) { _logger.LogWarning($"Invalid port setting, using 8080: {ex.Message}"); return 8080; }
                }

                string Setting(string key, string fallback)
                {
                    try { return _configuration[key] ?? fallback; }
                    catch (Exception ex) { _logger.LogWarning("Setting {Key} unreadable: {Reason}", key, ex.Message); return fallback; }
                }
            }
            """);

        [Fact]
        public Task LookalikesOfTheExemptShapes_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;
            class Order { public int Id { get; set; } }
            interface IOrderStore { void SaveOrder(Order order); }
            class OrderRegistry { public void UpdateOrder(Order order) { } }
            interface IMirrorStore { void SaveCopy(Order order); }
            class FileMirrorStore : IMirrorStore
            {
                public void SaveCopy(Order order)
                {
                    try { Console.WriteLine(order.Id); } catch (Exception) { }
                    File.WriteAllText("mirror.txt", order.Id.ToString());
                }
            }
            class Sync
            {
                private readonly ILogger _logger;
                private readonly HttpClient _client;
                private readonly IOrderStore _store;
                private readonly IConfiguration _configuration;
                private readonly OrderRegistry _registry = new OrderRegistry();
                Sync(ILogger logger, HttpClient client, IOrderStore store, IConfiguration configuration) { _logger = logger; _client = client; _store = store; _configuration = configuration; }

                // A GET followed by a save: the failure may be the database's, whose stack matters.
                async Task ImportAsync()
                {
                    try
                    {
                        var order = await _client.GetFromJsonAsync<Order>("https://shop.example/orders/1");
                        _store.SaveOrder(order!);
                    }
                    catch (Exception ex) { {|#0:_logger.LogError($"Import failed: {ex.Message}")|}; }
                }

                // A POST changes the remote side: not a read-only lookup.
                async Task<bool> NotifyAsync(Order order)
                {
                    try { (await _client.PostAsJsonAsync("https://hooks.example/orders", order)).EnsureSuccessStatusCode(); return true; }
                    catch (Exception ex) { {|#1:_logger.LogError("Webhook failed: " + ex.Message)|}; return false; }
                }

                // The branch tests something other than the exception's type.
                void Write(string path, bool verbose)
                {
                    try { File.WriteAllText(path, "x"); }
                    catch (Exception ex)
                    {
                        if (verbose) { {|#2:_logger.LogError("Write failed: " + ex.Message)|}; }
                        if (ex is not UnauthorizedAccessException) { {|#3:_logger.LogError("Write failed again: " + ex.Message)|}; }
                        // A branch on a broad infrastructure type is judged like a catch of it: still reported.
                        if (ex is IOException) { {|#7:_logger.LogError("Disk problem: " + ex.Message)|}; }
                    }
                }

                // A configuration read next to a file read, or logged at Error: not a plain default.
                string Template(string key)
                {
                    try { return File.ReadAllText(_configuration[key] ?? "t.html"); }
                    catch (Exception ex) { {|#4:_logger.LogWarning("Template unreadable: " + ex.Message)|}; return ""; }
                }

                // A GET followed by the project's own state change (not named Save): still the change's failure to trace.
                async Task RefreshAsync(Order order)
                {
                    try
                    {
                        var fresh = await _client.GetFromJsonAsync<Order>("https://shop.example/orders/" + order.Id);
                        _registry.UpdateOrder(fresh!);
                    }
                    catch (Exception ex) { {|#6:_logger.LogError("Refresh failed: " + ex.Message)|}; }
                }

                // The store's one implementation writes outside any try: its failure reaches this catch.
                async Task MirrorAsync(IMirrorStore mirror)
                {
                    try
                    {
                        var order = await _client.GetFromJsonAsync<Order>("https://shop.example/orders/2");
                        mirror.SaveCopy(order!);
                    }
                    catch (Exception ex) { {|#8:_logger.LogError("Mirror failed: " + ex.Message)|}; }
                }

                int Retries()
                {
                    try { return int.Parse(_configuration["Retries"] ?? "3"); }
                    catch (Exception ex) { {|#5:_logger.LogError("Bad retries setting: " + ex.Message)|}; return 3; }
                }

                // Phase 22: a GET whose failure is bound whole to a template argument: the call meant the exception parameter.
                async Task<Order?> BinAsync(string sku)
                {
                    try { return await _client.GetFromJsonAsync<Order>($"bins/{sku}"); }
                    catch (Exception ex) { {|#9:_logger.LogError("Bin refresh for {Sku} failed: {Error}", sku, ex)|}; return null; }
                }

                async Task<string> StatusAsync()
                {
                    try { return await _client.GetStringAsync("https://status.example/"); }
                    catch (HttpRequestException ex) { {|#10:_logger.LogWarning("Status unavailable: {Error}", ex)|}; return ""; }
                }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(3).WithArguments("LogError"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(4).WithArguments("LogWarning"),
            Verify.Diagnostic("REL103").WithLocation(5).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(6).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(7).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(8).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(9).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(10).WithArguments("LogWarning"));

        [Fact]
        public Task LineOnlyDebugBuildsCompile_IsAuditLevel_TheReleaseLineStaysReported() => Verify.VerifyAsync("""
            #define DEBUG
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Models
            {
                private readonly ILogger _logger;
                Models(ILogger logger) { _logger = logger; }

                // Phase 22: a debug-only catch never ships.
                void Refresh(string path)
                {
                    try { File.WriteAllText(path, "models"); }
            #if DEBUG
                    catch (Exception e) { {|#0:_logger.LogError("Refresh failed: " + e.Message)|}; }
            #else
                    catch (Exception) { }
            #endif
                }

                void Save(string path)
                {
                    try { File.WriteAllText(path, "models"); }
                    catch (Exception e) { {|#1:_logger.LogError("Save failed: " + e.Message)|}; }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task EachCallBelongsToItsNearestCatch() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                Store(ILogger logger) { _logger = logger; }
                void Nested()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex)
                    {
                        // In a try inside the catch-all: still this catch's call.
                        try { {|#0:_logger.LogWarning("cleanup after " + ex.Message)|}; } finally { }
                        // An inner catch of a specific type is judged on its own: an expected case, not reported.
                        try { int.Parse("a"); } catch (FormatException inner) { _logger.LogWarning("not a number: " + inner.Message); }
                        // A local function runs later, elsewhere.
                        void Later() => _logger.LogWarning("later");
                        Later();
                    }
                }
            }
            """,
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("LogWarning"));

        [Fact]
        public Task NoLoggingLibrary_NothingRegistered() => Verify.VerifyAsync("""
            using System;
            class C { void M() { try { } catch (Exception ex) { Console.WriteLine(ex.Message); } } }
            """);

        [Fact]
        public Task BrokenCode_DoesNotThrow()
        {
            var test = Verify.Create("""
                using Microsoft.Extensions.Logging;
                class C { ILogger l; void M() { try { } catch (Exception ex { l.LogWarning("x" + ex.Message }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            return test.RunAsync();
        }

        [Fact]
        public Task CatchThatHandsTheStackToTheCaller_IsNotReported_OnlyTheMessageIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class ActionResult { public string? Message { get; set; } public string? StackTrace { get; set; } public Exception? Error { get; set; } }
            class Driver
            {
                private readonly ILogger _logger;
                Driver(ILogger logger) { _logger = logger; }
                // The result the caller reads carries the stack (or the exception): the log line is a note.
                ActionResult A() { var r = new ActionResult(); try { File.ReadAllText("a"); } catch (Exception ex) { r.Message = ex.Message; r.StackTrace = ex.StackTrace; _logger.LogError(ex.Message); } return r; }
                ActionResult B() { var r = new ActionResult(); try { File.ReadAllText("a"); } catch (Exception ex) { r.Error = ex; _logger.LogError("read failed: " + ex.Message); } return r; }
                // Only the message travels on: the stack is lost.
                ActionResult C() { var r = new ActionResult(); try { File.ReadAllText("a"); } catch (Exception ex) { r.Message = ex.Message; {|#0:_logger.LogError(ex.Message)|}; } return r; }
                // A local that nobody reads is not a hand-over.
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { var trace = ex.StackTrace; {|#1:_logger.LogError(ex.Message)|}; } }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            Verify.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"));

        [Fact]
        public Task Fix_PassesTheException() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#0:_logger.LogError("read failed: {Reason}", ex.Message)|}; } }
                void B() { try { File.ReadAllText("a"); } catch { {|#1:_logger.LogError("read failed")|}; } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#2:_logger.Log(LogLevel.Error, "failed: " + ex.Message)|}; } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { {|#3:_serilog.Error("failed: {Reason}", ex.Message)|}; } }
            }
            """, """
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Store
            {
                private readonly ILogger _logger;
                private readonly Serilog.ILogger _serilog;
                Store(ILogger logger, Serilog.ILogger serilog) { _logger = logger; _serilog = serilog; }
                void A() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.LogError(ex, "read failed: {Reason}", ex.Message); } }
                void B() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.LogError(ex, "read failed"); } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { _logger.Log(LogLevel.Error, ex, "failed: " + ex.Message); } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { _serilog.Error(ex, "failed: {Reason}", ex.Message); } }
            }
            """,
            REL103LogWithoutExceptionCodeFix.PassExceptionKey,
            VerifyFix.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            VerifyFix.Diagnostic("REL103").WithLocation(1).WithArguments("LogError"),
            VerifyFix.Diagnostic("REL103").WithLocation(2).WithArguments("Log"),
            VerifyFix.Diagnostic("REL103").WithLocation(3).WithArguments("Error"));

        [Fact]
        public Task NoteAfterTheExceptionWasLogged_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Loader
            {
                private readonly ILogger _logger;
                Loader(ILogger logger) { _logger = logger; }
                void A(string type)
                {
                    try { File.ReadAllText(type); }
                    catch (Exception e)
                    {
                        _logger.LogError(e, "Could not load {Type}", type);
                        _logger.LogError("Falling back to the defaults");
                    }
                }
            }
            """);

        [Fact]
        public Task NoteBesideAConditionalOrForeignExceptionLog_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class Loader
            {
                private readonly ILogger _logger;
                private readonly Exception _last = new Exception();
                Loader(ILogger logger) { _logger = logger; }
                void A(string type, bool verbose)
                {
                    try { File.ReadAllText(type); }
                    catch (Exception e)
                    {
                        if (verbose) { _logger.LogError(e, "Could not load {Type}", type); }
                        {|#0:_logger.LogError("Could not load {Type}: {Error}", type, e.Message)|};
                    }
                }
                void B(string type)
                {
                    try { File.ReadAllText(type); }
                    catch (Exception e)
                    {
                        // The next statement always logs the exception object: the note before it loses nothing.
                        _logger.LogError("Could not load {Type}: {Error}", type, e.Message);
                        _logger.LogError(e, "Details");
                    }
                }
                // A branch that logs the reason and keeps the stack at Debug beside it loses nothing; a foreign exception does not count.
                void D(string type, bool known)
                {
                    try { File.ReadAllText(type); }
                    catch (Exception e)
                    {
                        if (known)
                        {
                            _logger.LogWarning("Could not load {Type}: {Reason}", type, e.Message);
                            _logger.LogDebug(e, "Known failure stack");
                        }
                        else
                        {
                            {|#1:_logger.LogWarning("Retrying {Type}: {Reason}", type, e.Message)|};
                            _logger.LogDebug(_last, "Previous failure");
                        }
                    }
                }
                void C(string type)
                {
                    try { File.ReadAllText(type); }
                    catch (Exception e)
                    {
                        _logger.LogError(_last, "Previous failure");
                        {|#2:_logger.LogError("Could not load {Type}: {Error}", type, e.Message)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("REL103").WithLocation(0).WithArguments("LogError"),
            new DiagnosticResult("REL128", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(1).WithArguments("LogWarning"),
            Verify.Diagnostic("REL103").WithLocation(2).WithArguments("LogError"));
    }
}
