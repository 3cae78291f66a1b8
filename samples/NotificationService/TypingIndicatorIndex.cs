using System.Collections.Concurrent;

namespace NotificationService;

/// <summary>Remembers when each user last typed, for the "is typing" indicator.</summary>
public static class TypingIndicatorIndex
{
    // Grows with every user who ever typed: nothing removes an entry.
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastTypedByUser = new();

    public static void Typed(string userId) => LastTypedByUser[userId] = DateTimeOffset.UtcNow;

    public static bool IsTyping(string userId) =>
        LastTypedByUser.TryGetValue(userId, out var at) && DateTimeOffset.UtcNow - at < TimeSpan.FromSeconds(5);
}
