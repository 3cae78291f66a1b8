namespace NotificationService;

/// <summary>Status endpoints that report on the upstream providers.</summary>
public static class StatusEndpoints
{
    public static WebApplication MapProviderStatus(this WebApplication app)
    {
        // A new HttpClient (and connection pool) for every status request.
        app.MapGet("/status/providers", async () =>
        {
            using var http = new HttpClient();
            var upstream = await http.GetStringAsync("https://status.llm-provider.example/api/v2/status.json");
            return Results.Text(upstream, "application/json");
        });
        return app;
    }
}
