namespace NotificationService.Fixed;

/// <summary>Status endpoints that report on the upstream providers, through the shared client factory.</summary>
public static class StatusEndpoints
{
    public static WebApplication MapProviderStatus(this WebApplication app)
    {
        app.MapGet("/status/providers", async (IHttpClientFactory factory, CancellationToken cancellationToken) =>
        {
            var upstream = await factory.CreateClient("status").GetStringAsync("api/v2/status.json", cancellationToken);
            return Results.Text(upstream, "application/json");
        });
        return app;
    }
}
