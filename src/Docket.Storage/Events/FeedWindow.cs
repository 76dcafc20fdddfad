using Docket.Application.Configuration;

namespace Docket.Storage.Events;

/// <summary>
/// Bounds a write that carries feed rows to half the feed's settle time after the rows' place: no attempt at it is
/// sent later, so it never lands behind a reader that has moved past its place.
/// </summary>
public static class FeedWindow
{
    public static async Task<T> SubmitAsync<T>(DateTimeOffset? placed, TimeSpan settle, Func<Task<T>> submit)
    {
        // Set here, the deadline holds for this call only: an async method's changes to the flow's values do not
        // flow back to its caller.
        if (placed is { } place)
        {
            var bound = place + settle / 2;
            if (RequestDeadline.Value is not { } deadline || bound < deadline) RequestDeadline.Set(bound);
        }
        return await submit();
    }
}
