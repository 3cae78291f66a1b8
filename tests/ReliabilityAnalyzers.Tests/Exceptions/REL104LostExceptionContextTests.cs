using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL104LostExceptionContextAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL104LostExceptionContextAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL104LostExceptionContextCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    public class REL104LostExceptionContextTests
    {
        [Fact]
        public Task ThrowEx_AndWrapWithoutInner_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:throw ex;|} } }
                void B() { try { File.ReadAllText("a"); } catch (IOException ex) { throw {|#1:new InvalidOperationException("load failed: " + ex.Message)|}; } }
                void C() { try { File.ReadAllText("a"); } catch { throw {|#2:new InvalidOperationException("load failed")|}; } }
                string D(string? s) { try { return File.ReadAllText("a"); } catch (Exception ex) { return s ?? {|#3:throw ex|}; } }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("ex"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(2).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(3).WithArguments("ex"));

        [Fact]
        public Task Negatives() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class NoInnerException : Exception { public NoInnerException(string m) : base(m) { } }
            class Store
            {
                void Rethrow() { try { File.ReadAllText("a"); } catch (IOException) { throw; } }
                void Wrapped() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException("load failed", ex); } }
                void Aggregate() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new AggregateException(ex); } }
                void Filter() { try { File.ReadAllText("a"); } catch (IOException ex) when (ex.HResult == 5) { throw; } }
                void NoCtor() { try { File.ReadAllText("a"); } catch (IOException) { throw new NoInnerException("x"); } }
                void Outside() { throw new InvalidOperationException("not in a catch"); }
                void FreshLocal() { try { File.ReadAllText("a"); } catch (IOException ex) { var wrapped = new InvalidOperationException("x", ex); throw wrapped; } }
                void LambdaInCatch() { try { File.ReadAllText("a"); } catch (IOException) { Action a = () => throw new InvalidOperationException("later"); a(); throw; } }
                void Cancellation() { try { File.ReadAllText("a"); } catch (IOException ex) when (ex.HResult == 995) { throw new OperationCanceledException(); } }
                void Stringified() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException("load failed: " + ex); } }
                void Interpolated() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException($"load failed: {ex}"); } }
                void ToStringed() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException("load failed: " + ex.ToString()); } }
                void Formatted() { try { File.ReadAllText("a"); } catch (EndOfStreamException eos) { throw new Exception(String.Format("[Persistence]: {0}", eos)); } }
                void Concatenated() { try { File.ReadAllText("a"); } catch (Exception ex) { throw new Exception(string.Concat("load failed: ", ex)); } }
                void CanceledToDisposed() { try { File.ReadAllText("a"); } catch (OperationCanceledException) { throw new ObjectDisposedException("store"); } }
                void CatchInLambda() { Action a = () => { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException("x", ex); } }; }
            }
            """);

        [Fact]
        public Task CaughtExceptionBoundToParamsFormatArgs_OrOnlyItsMessageFormatted_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class MappingException : Exception
            {
                public MappingException(int code, string message, params object[] args) : base(string.Format(message, args)) { }
                public MappingException(string message, Exception inner) : base(message, inner) { }
            }
            class Mapper
            {
                void Map(Type type)
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex) { throw {|#0:new MappingException(1, $"Error in '{type.Name}' mapping: {ex.Message}", ex)|}; }
                }

                void Load()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex) { throw {|#1:new InvalidOperationException(String.Format("load failed: {0}", ex.Message))|}; }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new MappingException"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task NativeLibraryLoadFailure_DroppingTheCause_IsReported() => Verify.VerifyAsync("""
            using System;
            using System.Runtime.InteropServices;
            static class Codec
            {
                public static IntPtr Load(string path)
                {
                    try { return NativeLibrary.Load(path); }
                    catch (DllNotFoundException)
                    {
                        throw {|#0:new PlatformNotSupportedException("The codec library is not installed on this machine.")|};
                    }
                }
            }
            class Uploader
            {
                private int _failures;
                public void Upload(Action send)
                {
                    try { send(); }
                    catch (System.IO.IOException)
                    {
                        var failures = ++_failures;
                        if (failures > 3) { throw {|#3:new InvalidOperationException("Upload failed three times")|}; }
                    }
                }
            }
            class HostResolver
            {
                // The resolver's error (host not found or network down) is what the caller needed.
                public System.Net.IPAddress[] Resolve(string host)
                {
                    try { return System.Net.Dns.GetHostAddresses(host); }
                    catch { throw {|#2:new System.IO.IOException("Failed to connect to host.")|}; }
                }
            }
            class LogOnly
            {
                void Format(Microsoft.Extensions.Logging.ILogger logger)
                {
                    try { System.IO.File.ReadAllText("a"); }
                    catch (System.IO.IOException ex)
                    {
                        // The exception goes to a params object[] format argument, not to the logger's exception parameter.
                        Microsoft.Extensions.Logging.LoggerExtensions.LogError(logger, "read failed {Error}", ex);
                        throw {|#1:new InvalidOperationException("read failed")|};
                    }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new PlatformNotSupportedException"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(2).WithArguments("new IOException"),
            Verify.Diagnostic("REL104").WithLocation(3).WithArguments("new InvalidOperationException"));

        // 'var cause = ex.InnerException ?? ex;' logged whole before the throw (phase 20, a blockchain node's plug-in runner);
        // an exception made from something else, or a local reassigned later, records nothing of the caught one.
        [Fact]
        public Task CauseLocalOfTheCaughtException_LoggedBeforeTheThrow_IsNotReported() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            using Microsoft.Extensions.Logging;
            class PluginRunner
            {
                private readonly ILogger _logger;
                public PluginRunner(ILogger logger) { _logger = logger; }

                public void Run(string path)
                {
                    try { File.WriteAllText(path, "x"); }
                    catch (IOException ex)
                    {
                        var cause = ex.InnerException ?? ex;
                        _logger.LogError(cause, "Plug-in failed: {Message}", cause.Message);
                        throw new InvalidOperationException("The plug-in stopped the node.");
                    }
                }

                public void Other(string path)
                {
                    try { File.WriteAllText(path, "x"); }
                    catch (IOException ex)
                    {
                        var note = new Exception(ex.Message);
                        _logger.LogError(note, "Plug-in failed: {Message}", ex.Message);
                        throw {|#0:new InvalidOperationException("The plug-in stopped the node.")|};
                    }
                }

                public void Reassigned(string path, Exception previous)
                {
                    try { File.WriteAllText(path, "x"); }
                    catch (IOException ex)
                    {
                        var cause = ex.InnerException ?? ex;
                        cause = previous;
                        _logger.LogError(cause, "Plug-in failed");
                        throw {|#1:new InvalidOperationException("The plug-in stopped the node.")|};
                    }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task ClientFacingTranslations_AndRecordedCauses_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using Microsoft.Extensions.Logging;
            class ApiError : Exception
            {
                public ApiError(HttpStatusCode status, string message) : base(message) { Status = status; }
                public ApiError(HttpStatusCode status, string message, Exception inner) : base(message, inner) { Status = status; }
                public HttpStatusCode Status { get; }
            }
            class BadHttpRequestException : Exception
            {
                public BadHttpRequestException(string message) : base(message) { }
                public BadHttpRequestException(string message, Exception inner) : base(message, inner) { }
            }
            class ValidationFailedException : Exception
            {
                public ValidationFailedException(string message) : base(message) { }
                public ValidationFailedException(string message, Exception inner) : base(message, inner) { }
            }
            class OrdersController
            {
                private readonly ILogger<OrdersController> _logger;
                public OrdersController(ILogger<OrdersController> logger) { _logger = logger; }

                // Logged with the exception object, then a client-facing error that hides internals.
                public void Place(string body)
                {
                    try { File.WriteAllText("orders.json", body); }
                    catch (IOException ex)
                    {
                        _logger.LogError(ex, "Could not store order");
                        throw new InvalidOperationException("The order could not be placed. Try again later.");
                    }
                }

                // An HTTP status among the arguments: the message is the whole story for the client.
                public int Quantity(string text)
                {
                    try { return int.Parse(text); }
                    catch (FormatException) { throw new ApiError(HttpStatusCode.BadRequest, "quantity must be a number"); }
                }

                // Validation: failure means rejection, the new message names the bad value.
                public DateTime Date(string text)
                {
                    try { return DateTime.Parse(text); }
                    catch (FormatException) { throw new ArgumentException("not a date: " + text, nameof(text)); }
                }

                public void Validate(string text)
                {
                    try { JsonDocument.Parse(text).Dispose(); }
                    catch (JsonException) { throw new ValidationFailedException("body is not JSON"); }
                }

                // ASP.NET Core's 400: the probe of a user-given directory failed, reported to the caller.
                public void CheckWritable(string path)
                {
                    try { File.WriteAllText(Path.Combine(path, ".probe"), "ok"); }
                    catch (Exception e) { throw new BadHttpRequestException($"{path} is not writable: {e.Message}"); }
                }

                // The filter pins the cause: a 401 is "API key invalid".
                public async System.Threading.Tasks.Task<string> FetchAsync(HttpClient client)
                {
                    try { return await client.GetStringAsync("https://api.example.test/items"); }
                    catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
                    {
                        throw new InvalidOperationException("API key invalid");
                    }
                }

                // The filter pins the cause to one known message text: the new message names it whole.
                public async System.Threading.Tasks.Task EmulateAsync(Func<System.Threading.Tasks.Task> send, string zone)
                {
                    try { await send(); }
                    catch (Exception ex) when (ex.Message.Contains("Invalid timezone"))
                    {
                        throw new InvalidOperationException($"Invalid timezone ID: {zone}");
                    }
                }
            }
            // A lookup made while handling the conflict came back empty: the new exception states that new fact.
            class SagaStore
            {
                public async System.Threading.Tasks.Task ResolveAsync(Func<System.Threading.Tasks.Task> save, Func<System.Threading.Tasks.Task<object?>> find, string id)
                {
                    try { await save(); }
                    catch (InvalidOperationException)
                    {
                        var fresh = await find();
                        if (fresh == null)
                        {
                            throw new KeyNotFoundException("Saga " + id + " was deleted while resolving a conflict");
                        }
                    }
                }
            }
            // Timeouts: the socket error or the disposal is how the timeout was noticed; the message is the cause.
            class FtpConnector
            {
                public void Connect(System.Net.Sockets.Socket socket, System.Net.IPAddress address, int attempt)
                {
                    try { socket.Connect(address, 21); }
                    catch (ObjectDisposedException) { throw new TimeoutException("Timed out trying to connect!"); }
                    catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.TimedOut)
                    {
                        throw new IOException("Connect to " + address + " timed out");
                    }
                    catch (TimeoutException) { throw new TimeoutException("Timed out trying to connect to IP #" + attempt); }
                }
            }
            // The JSON-converter idiom: the serializer completes the JsonException with the path.
            class UnixTimeConverter : JsonConverter<DateTimeOffset>
            {
                public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                {
                    try { return DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64()); }
                    catch (InvalidOperationException) { throw new JsonException(); }
                }

                public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
                    writer.WriteNumberValue(value.ToUnixTimeSeconds());
            }
            """);

        [Fact]
        public Task CancellationFilteredTranslation_AndFailedParseWithItsInput_AreNotReported() => Verify.VerifyAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            class BrokerException : Exception
            {
                public BrokerException(string message) : base(message) { }
                public BrokerException(string message, Exception inner) : base(message, inner) { }
            }
            class BrokerLink
            {
                private Socket? _socket;

                // The connect timeout disposes the socket; the filter pins the cause to that cancellation.
                public async Task OpenAsync(string host, int port, CancellationToken token)
                {
                    _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    using var registration = token.Register(() => _socket.Dispose());
                    try { await _socket.ConnectAsync(host, port); }
                    catch (ObjectDisposedException) when (token.IsCancellationRequested)
                    {
                        throw new BrokerException("Connecting to " + host + " timed out.");
                    }
                    catch (Exception error) when (token.IsCancellationRequested && error is SocketException)
                    {
                        throw new BrokerException("Connect was cancelled.");
                    }
                }

                // A second reply format tried as a fallback; the error names the reply that neither format could read.
                public static int ReadPort(string reply)
                {
                    if (reply.StartsWith("PORT ", StringComparison.Ordinal))
                    {
                        return int.Parse(reply.Substring(5));
                    }

                    try
                    {
                        ParseLegacyReply(reply, out int port);
                        return port;
                    }
                    catch
                    {
                        throw new BrokerException("Cannot read a port from the reply: " + reply);
                    }
                }

                private static void ParseLegacyReply(string reply, out int port) => port = int.Parse(reply.Split(',')[4]);
            }
            """);

        [Fact]
        public Task CauseDiagnosedByAProbeInTheCatch_IsNotReported_AGuardOnOuterStateIs() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class FileLock
            {
                private int _attempts;

                public FileStream Open(string name)
                {
                    while (true)
                    {
                        try { return new FileStream(name, FileMode.OpenOrCreate); }
                        catch (UnauthorizedAccessException)
                        {
                            // The probe finds the cause: the path is a directory.
                            if (Directory.Exists(name))
                            {
                                throw new InvalidOperationException($"'{name}' is already the name of a directory");
                            }

                            // A fact held by a local of this catch.
                            FileAttributes attributes;
                            try { attributes = File.GetAttributes(name); } catch { attributes = FileAttributes.Normal; }
                            if (attributes.HasFlag(FileAttributes.ReadOnly))
                            {
                                throw new NotSupportedException($"Locking on read-only file '{name}' is not supported");
                            }

                            // Outer state is no new fact: the access failure is the cause, and it is dropped.
                            if (++_attempts > 3)
                            {
                                throw {|#0:new IOException("gave up opening " + name)|};
                            }
                        }
                    }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new IOException"));

        [Fact]
        public Task NegatedOrAlternativeMessageFilter_DoesNotPinTheCause() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Loader
            {
                public string Read(string path)
                {
                    try { return File.ReadAllText(path); }
                    catch (IOException ex) when (!ex.Message.Contains("being used by another process"))
                    {
                        throw {|#0:new InvalidOperationException("cannot read " + path)|};
                    }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task TruncatedDataTranslated_IsNotReported_OtherReadFailuresAre() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class DataException2 : Exception
            {
                public DataException2(string message) : base(message) { }
                public DataException2(string message, Exception inner) : base(message, inner) { }
            }
            class SliceReader
            {
                // The caught type is the whole cause: the file ended early.
                public int ReadCount(BinaryReader reader)
                {
                    try { return reader.ReadInt32(); }
                    catch (EndOfStreamException) { throw new DataException2("Data is corrupted."); }
                }

                // Any other I/O failure carries its own cause (a sharing violation, a lost network share).
                public int ReadHeader(BinaryReader reader)
                {
                    try { return reader.ReadInt32(); }
                    catch (IOException) { throw {|#0:new DataException2("Cannot read the header.")|}; }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new DataException2"));

        [Fact]
        public Task NotFoundTranslated_AndAnImpossibleDefaultArm_AreNotWarnings_ASwitchOnTheCaughtOneIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Threading.Tasks;
            enum Strategy { SkipAhead, WindowStep }
            class Loader
            {
                private Strategy _strategy;
                private readonly Dictionary<string, string> _responses = new Dictionary<string, string>();

                // A missing file, folder or key: the catch's type is the whole cause (REL124 lists these at audit level).
                public Stream OpenResponse(string folder, string name)
                {
                    try { return File.OpenRead(Path.Combine(folder, name + ".txt")); }
                    catch (FileNotFoundException) { throw new Exception($"Response file not found for {name}: {folder}"); }
                }

                public string Response(string name)
                {
                    try { return _responses[name]; }
                    catch (KeyNotFoundException) { throw new InvalidOperationException("No response for " + name); }
                }

                // A missing file from deeper down (a plugin's dependency) loses which file: still reported.
                public object? Plugin(string path)
                {
                    try { return System.Reflection.Assembly.LoadFrom(path).CreateInstance("Plugin"); }
                    catch (FileNotFoundException) { throw {|#4:new InvalidOperationException("plugin load failed")|}; }
                }

                // The throw guards a value that cannot occur; it does not translate the read failure.
                public async Task<int> LoadAsync()
                {
                    try { return await Task.Run(() => File.ReadAllBytes("events.bin").Length); }
                    catch (IOException)
                    {
                        _strategy = _strategy == Strategy.SkipAhead ? Strategy.WindowStep : Strategy.SkipAhead;
                        return _strategy switch
                        {
                            Strategy.SkipAhead => 1,
                            Strategy.WindowStep => 2,
                            _ => throw new InvalidOperationException("Unexpected strategy")
                        };
                    }
                }

                public int Mode()
                {
                    try { return File.ReadAllBytes("mode.bin").Length; }
                    catch (IOException)
                    {
                        switch (_strategy)
                        {
                            case Strategy.SkipAhead: return 1;
                            case Strategy.WindowStep: return 2;
                            default: throw new NotSupportedException("Unexpected strategy " + _strategy);
                        }
                    }
                }

                // A switch on something the catch computed, or a default that is the main path: still reported.
                public int Status(string path)
                {
                    try { return File.ReadAllBytes(path).Length; }
                    catch (IOException ex)
                    {
                        var code = ex.HResult & 0xFFFF;
                        return code switch { 32 => -1, _ => throw {|#2:new InvalidOperationException("unreadable")|} };
                    }
                }

                public int Cached(string path, bool offline)
                {
                    try { return File.ReadAllBytes(path).Length; }
                    catch (IOException)
                    {
                        switch (offline)
                        {
                            case true: return 0;
                            default: throw {|#3:new ApplicationException("storage down")|};
                        }
                    }
                }

                // A switch on the caught exception's code: its default section is every other code, whose cause is lost (a
                // case that names one code chooses the translation, REL124). The same for a '_' arm.
                public byte[] Read(string path)
                {
                    try { return File.ReadAllBytes(path); }
                    catch (IOException ex)
                    {
                        switch (ex.HResult)
                        {
                            case 32: throw new InvalidOperationException("locked");
                            default: throw {|#0:new InvalidOperationException("unreadable")|};
                        }
                    }
                }

                public byte[] ReadArm(string path)
                {
                    try { return File.ReadAllBytes(path); }
                    catch (IOException ex)
                    {
                        return ex.HResult switch { 32 => throw new InvalidOperationException("locked"), _ => throw {|#1:new InvalidOperationException("unreadable")|} };
                    }
                }

                // Catch-all patterns are every other code too: 'var c', 'not 32'.
                public byte[] ReadPatterns(string path)
                {
                    try { return File.ReadAllBytes(path); }
                    catch (IOException ex)
                    {
                        switch (ex.HResult)
                        {
                            case 32: throw new InvalidOperationException("locked");
                            case var other: throw {|#5:new InvalidOperationException("unreadable " + other)|};
                        }
                    }
                }

                public byte[] ReadNot(string path)
                {
                    try { return File.ReadAllBytes(path); }
                    catch (IOException ex)
                    {
                        return ex.HResult switch { not 32 => throw {|#6:new InvalidOperationException("unreadable")|}, _ => Array.Empty<byte>() };
                    }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(2).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(3).WithArguments("new ApplicationException"),
            Verify.Diagnostic("REL104").WithLocation(4).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(5).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL104").WithLocation(6).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task LookalikesOfCancellationAndParseShapes_AreReported() => Verify.VerifyAsync("""
            using System;
            using System.Net;
            using System.Threading;
            class ResolveException : Exception
            {
                public ResolveException(string message) : base(message) { }
                public ResolveException(string message, Exception inner) : base(message, inner) { }
            }
            class Resolver
            {
                // The filter says the caller did NOT cancel: this is a real failure, and its cause is dropped.
                public IPAddress[] Resolve(string host, CancellationToken token)
                {
                    try { return Dns.GetHostAddresses(host); }
                    catch (Exception) when (!token.IsCancellationRequested)
                    {
                        throw {|#0:new ResolveException("Failed to resolve " + host)|};
                    }
                }

                // A lookup, not a parse, and a message that does not carry the input.
                public IPAddress[] Lookup(string host)
                {
                    try { return Dns.GetHostAddresses(host); }
                    catch { throw {|#1:new ResolveException("Failed to connect to host.")|}; }
                }

                // A try that only parses: whatever it throws means the input was malformed (REL124, audit level).
                public int Port(string text)
                {
                    try { int.TryParse(text, out int port); return port; }
                    catch { throw new ResolveException("Bad port"); }
                }
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new ResolveException"),
            Verify.Diagnostic("REL104").WithLocation(1).WithArguments("new ResolveException"));

        [Fact]
        public Task Fix_BothKinds_InOneFixAllPass() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch (IOException ex) { {|#0:throw ex;|} } }
                void B() { try { File.ReadAllText("a"); } catch (IOException) { throw {|#1:new InvalidOperationException("load failed")|}; } }
            }
            """, """
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch (IOException) { throw; } }
                void B() { try { File.ReadAllText("a"); } catch (IOException ex) { throw new InvalidOperationException("load failed", ex); } }
            }
            """,
            REL104LostExceptionContextCodeFix.KeepContextKey,
            VerifyFix.Diagnostic("REL104").WithLocation(0).WithArguments("ex"),
            VerifyFix.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task GeneratedCode_IsNotReported() => Verify.VerifyAsync("""
            // <auto-generated/>
            using System.IO;
            class Store { void A() { try { File.ReadAllText("a"); } catch (IOException ex) { throw ex; } } }
            """);

        [Fact]
        public Task Fix_ThrowEx_BecomesRethrow_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex)
                    {
                        Console.WriteLine(ex.Message);
                        {|#0:throw ex;|}
                    }
                }

                void B() { try { File.ReadAllText("a"); } catch (Exception e) { {|#1:throw e;|} } }
            }
            """, """
            using System;
            using System.IO;
            class Store
            {
                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex)
                    {
                        Console.WriteLine(ex.Message);
                        throw;
                    }
                }

                void B() { try { File.ReadAllText("a"); } catch (Exception) { throw; } }
            }
            """,
            REL104LostExceptionContextCodeFix.KeepContextKey,
            VerifyFix.Diagnostic("REL104").WithLocation(0).WithArguments("ex"),
            VerifyFix.Diagnostic("REL104").WithLocation(1).WithArguments("e"));

        [Fact]
        public Task Fix_ThrowEx_NotOfferedInsideFinallyOrExpression()
        {
            const string source = """
                using System;
                using System.IO;
                class Store
                {
                    void A() { try { File.ReadAllText("a"); } catch (IOException ex) { try { } finally { {|#0:throw ex;|} } } }
                    string B(string? s) { try { return File.ReadAllText("a"); } catch (Exception ex) { return s ?? {|#1:throw ex|}; } }
                }
                """;
            var test = new VerifyFix.Test { TestCode = source, FixedCode = source, CodeActionEquivalenceKey = REL104LostExceptionContextCodeFix.KeepContextKey };
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL104").WithLocation(0).WithArguments("ex"));
            test.ExpectedDiagnostics.Add(VerifyFix.Diagnostic("REL104").WithLocation(1).WithArguments("ex"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_PassInner_AddsVariableWhenMissing_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex)
                    {
                        throw {|#0:new InvalidOperationException("load failed: " + ex.Message)|};
                    }
                }

                void B()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException)
                    {
                        throw {|#1:new InvalidOperationException("load failed")|};
                    }
                }

                void C()
                {
                    try { File.ReadAllText("a"); }
                    catch
                    {
                        throw {|#2:new InvalidDataException(message: "corrupt store")|};
                    }
                }
            }
            """, """
            using System;
            using System.IO;
            class Store
            {
                void A()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex)
                    {
                        throw new InvalidOperationException("load failed: " + ex.Message, ex);
                    }
                }

                void B()
                {
                    try { File.ReadAllText("a"); }
                    catch (IOException ex)
                    {
                        throw new InvalidOperationException("load failed", ex);
                    }
                }

                void C()
                {
                    try { File.ReadAllText("a"); }
                    catch (Exception ex)
                    {
                        throw new InvalidDataException(message: "corrupt store", innerException: ex);
                    }
                }
            }
            """,
            REL104LostExceptionContextCodeFix.KeepContextKey,
            VerifyFix.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidOperationException"),
            VerifyFix.Diagnostic("REL104").WithLocation(1).WithArguments("new InvalidOperationException"),
            VerifyFix.Diagnostic("REL104").WithLocation(2).WithArguments("new InvalidDataException"));

        [Fact]
        public Task IncompleteCode_DoesNotCrash()
        {
            var test = Verify.Create("""
                class Store
                {
                    void A() { try { } catch (System.Exception ex) { throw new Missing(ex.; throw ex } }
                }
                """);
            test.CompilerDiagnostics = CompilerDiagnostics.None;
            test.ExpectedDiagnostics.Add(Verify.Diagnostic("REL104").WithSpan(3, 77, 3, 86).WithArguments("ex"));
            return test.RunAsync();
        }

        [Fact]
        public Task CoalesceGuardOnALookupMadeWhileHandling_IsNotReported_ATranslationIs() => Verify.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            using System.Net.Sockets;
            public sealed record EventIds(int Id, string Name);
            public sealed class Listener(IDictionary<string, EventIds> settings)
            {
                // Phase 24, a mail server: the event id for the log line is looked up in the catch; a missing one is a new fact.
                public void Accept(TcpListener listener)
                {
                    try { listener.AcceptTcpClient(); }
                    catch (Exception ex)
                    {
                        var ids = settings.TryGetValue("AcceptError", out var found) ? found : null;
                        var config = Find("AcceptError") ?? throw new InvalidOperationException("Missing AcceptError");
                        Console.Error.WriteLine(config.Name + ": " + ex);
                    }
                }

                public void Start(TcpListener listener)
                {
                    try { listener.Start(); }
                    catch (SocketException)
                    {
                        throw {|#0:new InvalidOperationException("Could not start the listener")|};
                    }
                }

                private EventIds? Find(string key) => settings.TryGetValue(key, out var ids) ? ids : null;
            }
            """,
            Verify.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidOperationException"));
    }
}
