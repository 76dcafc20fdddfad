using System.Diagnostics.CodeAnalysis;
using Docket.Domain.Tasks;

namespace Docket.Application.Tasks;

public enum TaskOutcomeKind
{
    /// <summary>This call wrote the task.</summary>
    Changed,
    /// <summary>The rule found nothing to do: the task already was as asked.</summary>
    Unchanged,
    /// <summary>
    /// The domain refused (see <see cref="TaskOutcome.Refusal"/>: not found, forbidden, conflict, invalid).
    /// </summary>
    Refused,
    /// <summary>Others kept changing the task; nothing was written and trying again later may succeed.</summary>
    Busy,
    /// <summary>
    /// Storage failed for this task (in a bulk request, where the others go on); it may or may not have changed.
    /// </summary>
    Failed,
}

/// <summary>
/// What an attempt to change one task came to. The HTTP edge, queue functions and bulk routes read it alike.
/// </summary>
public sealed record TaskOutcome(TaskOutcomeKind Kind, StoredTask? Task, Refusal? Refusal, string? BusyReason = null)
{
    public static TaskOutcome Changed(StoredTask task) => new(TaskOutcomeKind.Changed, task, null);
    public static TaskOutcome Unchanged(StoredTask task) => new(TaskOutcomeKind.Unchanged, task, null);
    public static TaskOutcome Refused(Refusal refusal) => new(TaskOutcomeKind.Refused, null, refusal);
    public static TaskOutcome NotFound(string taskId) =>
        Refused(Domain.Tasks.Refusal.NotFound($"Task '{taskId}' was not found."));
    public static TaskOutcome Busy(string reason) => new(TaskOutcomeKind.Busy, null, null, reason);
    public static TaskOutcome Failed(string reason) => new(TaskOutcomeKind.Failed, null, null, reason);

    /// <summary>Changed or unchanged: the task is in the state asked for.</summary>
    [MemberNotNullWhen(true, nameof(Task))]
    public bool Succeeded => Kind is TaskOutcomeKind.Changed or TaskOutcomeKind.Unchanged;

    public bool IsNotFound => Refusal?.Kind == RefusalKind.NotFound;

    /// <summary>Why it did not succeed, in words; null when it did.</summary>
    public string? Error => Refusal?.Reason ?? BusyReason;
}
