using System.Globalization;

namespace Docket.Domain.Tasks;

/// <summary>
/// Sort keys that put rows in work order when compared ordinally, so "the best task" is the first row of a range.
/// Pool: prioritised before unprioritised, higher priority first, then oldest queuedAt, then taskId. A queue puts
/// explicitly assigned work before work taken from the pool at the same level of prioritisation (see
/// <see cref="QueuePosition"/>); skipped tasks sort after every other task in it, in the order they were skipped.
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

    /// <summary>
    /// The position in a person's queue within one stage (taskId appended by the caller): unskipped tasks first, in
    /// four groups — explicitly assigned (manual, preAssign, returned by a reject) and prioritised; taken from the
    /// pool and prioritised; explicitly assigned; taken from the pool — each by priority then oldest queuedAt; then
    /// skipped tasks in the order they were skipped.
    /// </summary>
    public static string QueuePosition(AnnotationTask task) =>
        task.Status == AnnotationTaskStatus.Skipped && task.SkippedAt is { } skippedAt
            ? string.Create(CultureInfo.InvariantCulture, $"1|{skippedAt.UtcTicks:D19}")
            : $"0|{QueueGroup(explicitly: task.AssignedBy is not (null or AssignedBy.Auto),
                prioritised: task.Priority is not null)}"
              + ByPriorityThenAge(task.Priority, task.QueuedAt)[1..];

    /// <summary>
    /// The queue position a task claimed from the pool takes, from its pool order (<see cref="ByPriorityThenAge"/>)
    /// alone: equal to <see cref="QueuePosition"/> of the claimed task.
    /// </summary>
    public static string QueuePositionOfClaim(string poolOrder) =>
        $"0|{QueueGroup(explicitly: false, prioritised: poolOrder[0] == '0')}{poolOrder[1..]}";

    static char QueueGroup(bool explicitly, bool prioritised) => (explicitly, prioritised) switch
    {
        (true, true) => '0',
        (false, true) => '1',
        (true, false) => '2',
        _ => '3',
    };
}
