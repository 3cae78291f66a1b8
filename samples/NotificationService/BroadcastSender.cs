namespace NotificationService;

/// <summary>Sends a broadcast notification to every subscriber of a topic.</summary>
public sealed class BroadcastSender(HttpClient http)
{
    public async Task BroadcastAsync(IReadOnlyList<string> subscriberUrls, string message)
    {
        // One POST per subscriber, all at once: a topic with 50,000 subscribers opens 50,000 requests.
        var deliveries = new List<Task>();
        foreach (var url in subscriberUrls)
        {
            deliveries.Add(http.PostAsync(url, new StringContent(message)));
        }

        await Task.WhenAll(deliveries);
    }

    /// <summary>Asks every subscriber endpoint whether it is alive.</summary>
    public Task<bool[]> ProbeAsync(IEnumerable<string> subscriberUrls) =>
        // An async lambda per subscriber, all started at once: the topic's size decides how many requests are in flight.
        Task.WhenAll(subscriberUrls.Select(async url => (await http.GetAsync(url)).IsSuccessStatusCode));
}
