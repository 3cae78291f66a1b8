using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ReliabilityAnalyzers.CodeFixes.Exceptions;
using Xunit;
using Verify = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL124NewExceptionWithoutInnerAuditAnalyzer>;
using VerifyWarning = ReliabilityAnalyzers.Tests.Infrastructure.AnalyzerVerifier<ReliabilityAnalyzers.Exceptions.REL104LostExceptionContextAnalyzer>;
using VerifyFix = ReliabilityAnalyzers.Tests.Infrastructure.CodeFixVerifier<
    ReliabilityAnalyzers.Exceptions.REL124NewExceptionWithoutInnerAuditAnalyzer,
    ReliabilityAnalyzers.CodeFixes.Exceptions.REL124NewExceptionWithoutInnerAuditCodeFix>;

namespace ReliabilityAnalyzers.Tests.Exceptions
{
    /// <summary>REL124 is the audit half of REL104's "new exception without inner": the two never report the same throw.</summary>
    public class REL124NewExceptionWithoutInnerAuditTests
    {
        private static DiagnosticResult Audit(int location) =>
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(location).WithArguments("new InvalidOperationException");

        [Fact]
        public Task CaughtExceptionOfATypeParameter_PassedAsInner_IsNotReported_DroppedIs() => Verify.VerifyAsync("""
            using System;
            class Guard
            {
                // Phase 22 (an embedded database): a generic catch whose exception is passed on as the inner one.
                public static void Wrap<TException>(Action action) where TException : Exception
                {
                    try { action(); }
                    catch (TException ex) { throw new InvalidOperationException("wrapped", ex); }
                }

                public static void Drop<TException>(Action action) where TException : Exception
                {
                    try { action(); }
                    catch (TException) { throw {|#0:new InvalidOperationException("dropped")|}; }
                }
            }
            """,
            Audit(0));

        // Domain, state and input exceptions translated without inner: audit level only.
        private const string Translations = """
            using System;
            using System.Collections.Generic;
            using System.IO;
            class EntityMissingException : Exception
            {
                public EntityMissingException(string message) : base(message) { }
                public EntityMissingException(string message, Exception inner) : base(message, inner) { }
            }
            class BudgetService
            {
                private readonly Dictionary<int, string> _buckets = new Dictionary<int, string>();

                public string Bucket(int id)
                {
                    try { return Find(id); }
                    catch (EntityMissingException) { throw {|#0:new InvalidOperationException($"Bucket {id} does not exist")|}; }
                }

                public void Close(Stream stream)
                {
                    try { stream.Flush(); }
                    catch (NotSupportedException ex) { throw {|#1:new InvalidOperationException("The payload exceeds the fixed buffer: " + ex.Message)|}; }
                }

                public string Name(int id)
                {
                    try { return _buckets[id]; }
                    catch (KeyNotFoundException) { throw {|#2:new InvalidOperationException("unknown bucket")|}; }
                }

                // A missing file: the catch's type is the diagnosis (phase 19, a client library's test helpers).
                public Stream Open(string name)
                {
                    try { return File.OpenRead(name); }
                    catch (FileNotFoundException) { throw {|#3:new InvalidOperationException($"Response file not found: {name}")|}; }
                }

                private string Find(int id) => throw new EntityMissingException("missing " + id);
            }
            """;

        [Fact]
        public Task CaughtExceptionWrittenWholeIntoTheMessage_IsAuditLevel_NotAWarning() => Verify.VerifyAsync("""
            using System;
            using System.IO;
            class Store
            {
                void A() { try { File.ReadAllText("a"); } catch (EndOfStreamException eos) { throw {|#0:new InvalidOperationException(String.Format("[Persistence]: {0}", eos))|}; } }
                void B() { try { File.ReadAllText("a"); } catch (IOException ex) { throw {|#1:new InvalidOperationException("load failed: " + ex)|}; } }
                void C() { try { File.ReadAllText("a"); } catch (Exception ex) { throw {|#2:new InvalidOperationException($"load failed: {ex}")|}; } }
                void D() { try { File.ReadAllText("a"); } catch (Exception ex) { throw {|#3:new InvalidOperationException("load failed: " + ex.ToString())|}; } }
                void E() { try { File.ReadAllText("a"); } catch (Exception ex) { throw new InvalidOperationException("load failed: " + ex, ex); } }
            }
            """,
            Audit(0), Audit(1), Audit(2), Audit(3));

        [Fact]
        public Task DomainStateAndInputTranslations_AreAuditLevel() => Verify.VerifyAsync(
            Translations,
            Audit(0),
            Audit(1),
            Audit(2),
            Audit(3));

        [Fact]
        public Task DomainStateAndInputTranslations_AreNotWarnings() => VerifyWarning.VerifyAsync(Translations.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace(")|}", ")"));

        private const string InfrastructureFailures = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Runtime.InteropServices;
            class Native
            {
                [DllImport("codec")] private static extern int codec_init();

                public void Init()
                {
                    try { codec_init(); }
                    catch (DllNotFoundException) { throw {|#0:new PlatformNotSupportedException("the codec library is not installed")|}; }
                }

                public void Send(Socket socket, byte[] data)
                {
                    try { socket.Send(data); }
                    catch (SocketException) { throw {|#1:new IOException("send failed")|}; }
                }

                public void Run(Action work)
                {
                    try { work(); }
                    catch (Exception) { throw {|#2:new InvalidOperationException("work failed")|}; }
                }

                // A filter that narrows the catch-all to an infrastructure failure keeps the warning.
                public void Write(Socket socket, byte[] data)
                {
                    try { socket.Send(data); }
                    catch (Exception ex) when (ex is SocketException or IOException) { throw {|#3:new InvalidOperationException("write failed")|}; }
                }
            }
            """;

        [Fact]
        public Task InfrastructureFailuresAndCatchAlls_AreWarnings() => VerifyWarning.VerifyAsync(
            InfrastructureFailures,
            VerifyWarning.Diagnostic("REL104").WithLocation(0).WithArguments("new PlatformNotSupportedException"),
            VerifyWarning.Diagnostic("REL104").WithLocation(1).WithArguments("new IOException"),
            VerifyWarning.Diagnostic("REL104").WithLocation(2).WithArguments("new InvalidOperationException"),
            VerifyWarning.Diagnostic("REL104").WithLocation(3).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task InfrastructureFailuresAndCatchAlls_AreNotAuditToo() => Verify.VerifyAsync(InfrastructureFailures.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace(")|}", ")"));

        // Malformed input translated into a message that states the expected format, and a throw chosen by the caught
        // exception's own error code: deliberate translations, audit level only.
        private const string ParseTranslations = """
            using System;
            using System.IO;
            class TopicCreationException : Exception
            {
                public TopicCreationException(Exception[] errors) : base("failed") { Code = 1; Reason = "r"; }
                public int Code { get; }
                public string Reason { get; }
            }
            class ChannelFailureException : Exception
            {
                public ChannelFailureException(string message) : base(message) { }
                public ChannelFailureException(string message, Exception inner) : base(message, inner) { }
            }
            static class Startup
            {
                public static byte[] Key(string configured)
                {
                    try { return Convert.FromBase64String(configured); }
                    catch (Exception) { throw {|#0:new ApplicationException("Invalid format encryption key, expected base64 with 32 bytes")|}; }
                }

                public static int NthDay(string text, int index)
                {
                    try
                    {
                        index += 4;
                        int day = ToInt32(text.AsSpan(index));
                        if (day < 1 || day > 5) throw new FormatException("out of range");
                        return day;
                    }
                    catch (Exception) { throw {|#1:new FormatException("A numeric value between 1 and 5 must follow the '#' option")|}; }
                }

                public static int Packet(byte[] data)
                {
                    try { return Decode(new BinaryReader(new MemoryStream(data))); }
                    catch (Exception) { throw {|#2:new InvalidDataException()|}; }
                }

                public static void Create(Action create)
                {
                    try { create(); }
                    catch (TopicCreationException e)
                    {
                        if (e.Code != 36) { throw {|#3:new ChannelFailureException($"Could not create the topic: {e.Reason}")|}; }
                    }
                }

                public static byte[] Encode(string value, string parameterName)
                {
                    try { return System.Text.Encoding.UTF8.GetBytes(value); }
                    catch { throw {|#4:new IOException($"The {parameterName} could not be encoded as UTF-8.")|}; }
                }

                // The caught exception's type chooses the translation: a stream disposed under a read is the connection failure.
                public static int Read(Stream stream, byte[] buffer)
                {
                    try { return stream.Read(buffer, 0, buffer.Length); }
                    catch (Exception ex)
                    {
                        if (ex is ObjectDisposedException) { throw {|#5:new IOException("The connection was closed")|}; }
                        throw;
                    }
                }

                // A catch-all narrowed by its filter to cancellation and timeouts: the method's own acquisition timeout.
                public static void Acquire(System.Threading.SemaphoreSlim gate, System.Threading.CancellationToken token)
                {
                    try { gate.Wait(token); }
                    catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
                    {
                        throw {|#6:new InvalidOperationException("Timed out waiting for a connection")|};
                    }
                    try { gate.Wait(token); }
                    catch (Exception ex) when (ex is OperationCanceledException)
                    {
                        throw {|#7:new InvalidOperationException("Timed out waiting for a connection")|};
                    }
                }

                // A case of a switch on the caught code chooses the translation like the if form (phase 20).
                public static byte[] Locked(string path)
                {
                    try { return File.ReadAllBytes(path); }
                    catch (IOException ex)
                    {
                        switch (ex.HResult & 0xFFFF)
                        {
                            case 32: throw {|#8:new InvalidOperationException("The file is locked by another process")|};
                            default: throw;
                        }
                    }
                }

                static int ToInt32(ReadOnlySpan<char> span) => int.Parse(span);
                static int Decode(BinaryReader reader) => reader.ReadInt32();
            }
            """;

        [Fact]
        public Task ParseTranslations_AndThrowsChosenByTheCaughtCode_AreAuditLevel() => Verify.VerifyAsync(ParseTranslations,
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(0).WithArguments("new ApplicationException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(1).WithArguments("new FormatException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(2).WithArguments("new InvalidDataException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(3).WithArguments("new ChannelFailureException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(4).WithArguments("new IOException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(5).WithArguments("new IOException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(6).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(7).WithArguments("new InvalidOperationException"),
            Verify.Diagnostic("REL124").WithSeverity(DiagnosticSeverity.Info).WithLocation(8).WithArguments("new InvalidOperationException"));

        [Fact]
        public Task ParseTranslations_AndThrowsChosenByTheCaughtCode_AreNotWarnings() => VerifyWarning.VerifyAsync(
            ParseTranslations.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("{|#4:", "").Replace("{|#5:", "").Replace("{|#6:", "").Replace("{|#7:", "").Replace("{|#8:", "").Replace(")|}", ")"));

        [Fact]
        public Task MalformedDataAfterIo_AndParsesThatAlsoReadFiles_StayWarnings() => VerifyWarning.VerifyAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            static class Loader
            {
                public static string[] Config(string path)
                {
                    try { return File.ReadAllText(path).Split(','); }
                    catch (Exception) { throw {|#0:new InvalidDataException("The configuration file is corrupt")|}; }
                }

                public static int Port(Socket socket, byte[] buffer)
                {
                    try { socket.Receive(buffer); return int.Parse(System.Text.Encoding.ASCII.GetString(buffer)); }
                    catch (Exception) { throw {|#1:new FormatException("Bad port reply")|}; }
                }
            }
            """,
            VerifyWarning.Diagnostic("REL104").WithLocation(0).WithArguments("new InvalidDataException"),
            VerifyWarning.Diagnostic("REL104").WithLocation(1).WithArguments("new FormatException"));

        [Fact]
        public Task RecordedOrCarried_IsNotReportedAtAnyLevel() => Task.WhenAll(Verify.VerifyAsync(RecordedOrCarried), VerifyWarning.VerifyAsync(RecordedOrCarried));

        private const string RecordedOrCarried = """
            using System;
            using System.Diagnostics;
            class ErrorInfo { public int Code { get; set; } }
            class QueueException : Exception
            {
                public QueueException(ErrorInfo error) : base("queue error") { Error = error; }
                public QueueException(ErrorInfo error, Exception inner) : base("queue error", inner) { Error = error; }
                public ErrorInfo Error { get; }
            }
            class DeliveryException : Exception
            {
                public DeliveryException(ErrorInfo error) : base("delivery failed") { }
                public DeliveryException(ErrorInfo error, Exception inner) : base("delivery failed", inner) { }
            }
            class PartitionResult { public ErrorInfo Error { get; set; } = new ErrorInfo(); }
            class BatchException : Exception
            {
                public BatchException(PartitionResult[] results) : base("batch failed") { Results = results; }
                public PartitionResult[] Results { get; }
            }
            class Repository
            {
                public void Update(Action save)
                {
                    // Printed whole (this app logs to stdout), then a clean error for the UI.
                    try { save(); }
                    catch (Exception e) { Console.WriteLine(e); throw new Exception("Unable to update the record"); }
                }

                public void Delete(Action remove)
                {
                    try { remove(); }
                    catch (InvalidOperationException e) { Trace.TraceError($"delete failed: {e}"); throw new Exception("Unable to delete the record"); }
                }

                public void Produce(Action send)
                {
                    // The structured error of the caught exception travels on.
                    try { send(); }
                    catch (QueueException ex) { throw new DeliveryException(ex.Error); }
                }

                public void Store(Action store)
                {
                    try { store(); }
                    catch (BatchException ex) { throw new QueueException(ex.Results[0].Error); }
                }

                // A conversion of text that failed, reported with the text: the input is the cause.
                public long SequenceNumber(string value)
                {
                    try { return Convert.ToInt64(value); }
                    catch { throw new Exception("Invalid sequence number '" + value + "'"); }
                }
            }
            """;

        [Fact]
        public Task Fix_PassesTheCaughtException_FixAll() => VerifyFix.VerifyAsync("""
            using System;
            using System.Collections.Generic;
            class Catalog
            {
                private readonly Dictionary<string, int> _prices = new Dictionary<string, int>();

                public int Price(string sku)
                {
                    try { return _prices[sku]; }
                    catch (KeyNotFoundException) { throw {|#0:new InvalidOperationException("unknown sku " + sku)|}; }
                }

                public int Parse(string text)
                {
                    try { return checked(int.Parse(text) * 100); }
                    catch (OverflowException ex) { throw {|#1:new InvalidOperationException("price too large")|}; }
                }
            }
            """, """
            using System;
            using System.Collections.Generic;
            class Catalog
            {
                private readonly Dictionary<string, int> _prices = new Dictionary<string, int>();

                public int Price(string sku)
                {
                    try { return _prices[sku]; }
                    catch (KeyNotFoundException ex) { throw new InvalidOperationException("unknown sku " + sku, ex); }
                }

                public int Parse(string text)
                {
                    try { return checked(int.Parse(text) * 100); }
                    catch (OverflowException ex) { throw new InvalidOperationException("price too large", ex); }
                }
            }
            """,
            REL124NewExceptionWithoutInnerAuditCodeFix.KeepContextKey,
            Audit(0),
            Audit(1));
    }
}
