using System.Text;

namespace NotificationService;

/// <summary>Exports a chat room's transcript to disk for compliance; runs inside the request that asks for it.</summary>
public sealed class TranscriptExporter(ILogger<TranscriptExporter> logger)
{
    private readonly SemaphoreSlim _exportGate = new(1, 1);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "transcripts");

    public async Task<string> ExportAsync(string room, IAsyncEnumerable<string> messages, CancellationToken cancellationToken)
    {
        // One export at a time: a blocking Wait holds a pool thread while another export writes.
        _exportGate.Wait(cancellationToken);
        try
        {
            Directory.CreateDirectory(_root);
            string path = Path.Combine(_root, room + ".txt");
            var builder = new StringBuilder();
            if (File.Exists(path))
            {
                using var previous = new StreamReader(path);
                builder.Append(previous.ReadToEnd());
            }

            await foreach (string message in messages.WithCancellation(cancellationToken))
            {
                builder.AppendLine(message);
            }

            File.WriteAllText(path, builder.ToString());
            logger.LogInformation("Transcript of {Room} exported", room);
            return path;
        }
        finally
        {
            _exportGate.Release();
        }
    }
}
