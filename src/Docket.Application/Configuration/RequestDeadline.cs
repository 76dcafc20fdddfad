namespace Docket.Application.Configuration;

/// <summary>
/// The time by which the work in progress (an HTTP request) must have its answer. Storage calls made on its
/// behalf stop there, however many retries they had left, so a caller gets a 503 within the budget rather than a
/// request that hangs for minutes while storage does.
/// </summary>
public static class RequestDeadline
{
    static readonly AsyncLocal<DateTimeOffset?> Current = new();

    /// <summary>Sets the deadline for the calling flow and everything it awaits from here.</summary>
    public static void Set(DateTimeOffset deadline) => Current.Value = deadline;

    public static DateTimeOffset? Value => Current.Value;
}
