namespace NotificationService.Fixed;

/// <summary>Sends a broadcast notification to every subscriber of a topic, at most 16 at a time.</summary>
public sealed class BroadcastSender(HttpClient http)
{
    public Task BroadcastAsync(IReadOnlyList<string> subscriberUrls, string message, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            subscriberUrls,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (url, token) =>
            {
                using var response = await http.PostAsync(url, new StringContent(message), token);
                response.EnsureSuccessStatusCode();
            });

    /// <summary>Asks every subscriber endpoint whether it is alive, at most 16 at a time.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> ProbeAsync(IEnumerable<string> subscriberUrls, CancellationToken cancellationToken)
    {
        var alive = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>();
        await Parallel.ForEachAsync(
            subscriberUrls,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (url, token) =>
            {
                using var response = await http.GetAsync(url, token);
                alive[url] = response.IsSuccessStatusCode;
            });
        return alive;
    }
}
