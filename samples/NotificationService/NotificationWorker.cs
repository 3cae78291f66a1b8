namespace NotificationService;

/// <summary>Sends queued notifications; the place where failures used to vanish.</summary>
public sealed class NotificationWorker(LlmClient llm, SessionStore sessions, ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await llm.SummariseAsync("pending notifications", stoppingToken);
                _ = NotifyAsync(summary);
                Thread.Sleep(1000);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Notification cycle failed");
            }
        }
    }

    private async Task NotifyAsync(string summary)
    {
        try
        {
            await sessions.SaveAsync("last-summary", summary);
        }
        catch (Exception ex)
        {
            throw new ApplicationException("Notification not delivered: " + ex.Message);
        }
    }

    // Called from synchronous code: the task is dropped and a failed delivery is never seen.
    public void Enqueue(string summary)
    {
        NotifyAsync(summary);
    }

    public async void OnTick()
    {
        await NotifyAsync("tick");
    }
}
