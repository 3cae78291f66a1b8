namespace NotificationService.Fixed;

/// <summary>Sends queued notifications; failures are logged at the application boundary and the loop goes on.</summary>
public sealed class NotificationWorker(LlmClient llm, SessionStore sessions, ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await llm.SummariseAsync("pending notifications", stoppingToken);
                await sessions.SaveAsync("last-summary", summary, stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down: the host asked us to stop.
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Notification cycle failed");
            }
        }
    }
}
