using System.Collections.Concurrent;

namespace NotificationService.Fixed;

/// <summary>Remembers when each user last typed, for the "is typing" indicator; entries leave with the user.</summary>
public static class TypingIndicatorIndex
{
    private static readonly ConcurrentDictionary<string, DateTimeOffset> LastTypedByUser = new();

    public static void Typed(string userId) => LastTypedByUser[userId] = DateTimeOffset.UtcNow;

    public static void Disconnected(string userId) => LastTypedByUser.TryRemove(userId, out _);

    public static bool IsTyping(string userId) =>
        LastTypedByUser.TryGetValue(userId, out var at) && DateTimeOffset.UtcNow - at < TimeSpan.FromSeconds(5);
}
