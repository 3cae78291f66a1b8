using System.Text;

namespace NotificationService;

/// <summary>Exports a chat room's transcript to disk for compliance; runs inside the request that asks for it.</summary>
public sealed class TranscriptExporter(ILogger<TranscriptExporter> logger)
{
    private readonly SemaphoreSlim _exportGate = new(1, 1);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "transcripts");

    public async Task<string> ExportAsync(string room, IAsyncEnumerable<string> messages, CancellationToken cancellationToken)
    {
        await _exportGate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(_root);
            string path = Path.Combine(_root, room + ".txt");
            var builder = new StringBuilder();
            if (File.Exists(path))
            {
                using var previous = new StreamReader(path);
                builder.Append(await previous.ReadToEndAsync(cancellationToken));
            }

            await foreach (string message in messages.WithCancellation(cancellationToken))
            {
                builder.AppendLine(message);
            }

            // Reading the built text back is in-memory: no I/O to await.
            using var check = new StringReader(builder.ToString());
            string? firstLine = check.ReadLine();
            await File.WriteAllTextAsync(path, builder.ToString(), cancellationToken);
            logger.LogInformation("Transcript of {Room} exported ({First})", room, firstLine);
            return path;
        }
        finally
        {
            _exportGate.Release();
        }
    }
}
