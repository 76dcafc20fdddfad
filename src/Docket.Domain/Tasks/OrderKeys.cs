using System.Globalization;

namespace Docket.Domain.Tasks;

/// <summary>
/// Sort keys that put rows in work order when compared ordinally, so "the best task" is the first row of a range.
/// Pool and queue: prioritised before unprioritised, higher priority first, then oldest queuedAt, then taskId.
/// Skipped tasks sort after every other task in a queue, in the order they were skipped.
/// </summary>
public static class OrderKeys
{
    /// <summary>"{0 prioritised | 1 not}{10-digit inverted priority}|{19-digit queuedAt ticks}".</summary>
    public static string ByPriorityThenAge(Priority? priority, DateTimeOffset queuedAt)
    {
        var prioritised = priority is null ? '1' : '0';
        var inverted = priority is null ? 0 : Priority.Scale - priority.Value.Billionths;
        return string.Create(CultureInfo.InvariantCulture, $"{prioritised}{inverted:D10}|{queuedAt.UtcTicks:D19}");
    }

    /// <summary>The position in a person's queue within one stage (taskId appended by the caller).</summary>
    public static string QueuePosition(AnnotationTask task) =>
        task.Status == AnnotationTaskStatus.Skipped && task.SkippedAt is { } skippedAt
            ? string.Create(CultureInfo.InvariantCulture, $"1|{skippedAt.UtcTicks:D19}")
            : "0|" + ByPriorityThenAge(task.Priority, task.QueuedAt);
}
