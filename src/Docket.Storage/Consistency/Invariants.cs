namespace Docket.Storage.Consistency;

/// <summary>
/// The names of the storage invariants the consistency check verifies: stable, for reports and alerts.
/// </summary>
public static class Invariants
{
    /// <summary>A task row that cannot be read as a task (a missing property, an unknown stage).</summary>
    public const string TaskRowUnreadable = "task-row-unreadable";

    /// <summary>A task row outside its task's shard, or under a key that is not its task's.</summary>
    public const string TaskRowMisplaced = "task-row-misplaced";

    /// <summary>
    /// An index row the task's state requires in its shard (pool, pending move, …) is missing. Repairable.
    /// </summary>
    public const string IndexRowMissing = "index-row-missing";

    /// <summary>
    /// An index row the task's state requires is there with other properties (a listing row showing another name,
    /// stage or status than the task's). Repairable.
    /// </summary>
    public const string IndexRowDiffers = "index-row-differs";

    /// <summary>A row in a task shard that no task's state requires. Repairable past the grace period.</summary>
    public const string IndexRowOrphan = "index-row-orphan";

    /// <summary>A held task's queue row is missing from its assignee's queue. Repairable.</summary>
    public const string QueueRowMissing = "queue-row-missing";

    /// <summary>A queue row older than the grace period that its task does not name. Repairable.</summary>
    public const string QueueRowOrphan = "queue-row-orphan";

    /// <summary>
    /// The queue row a task names does not fit its state: none while held, one while not, or another place.
    /// </summary>
    public const string TaskQueueRowWrong = "task-queue-row-wrong";

    /// <summary>
    /// A task written before listing and counter rows existed: absent from the Data Page and the statistics.
    /// Repairable (as <c>POST …/reindex</c> does for every such task).
    /// </summary>
    public const string TaskNotIndexed = "task-not-indexed";

    /// <summary>
    /// A shard's counter rows do not add up to its indexed tasks, in a snapshot of the shard. Reported, not
    /// repaired: counters change only in their task's batch, so this is a defect to investigate.
    /// </summary>
    public const string CountersDiffer = "counters-differ";

    /// <summary>Event rows of a task that does not exist.</summary>
    public const string EventWithoutTask = "event-without-task";

    /// <summary>
    /// An event row whose key cannot be read, or whose version is not one the task has had (1 … its version).
    /// </summary>
    public const string EventRowInvalid = "event-row-invalid";

    /// <summary>A member of the project without a person row ("my projects"). Repairable.</summary>
    public const string MemberPersonRowMissing = "member-person-row-missing";

    /// <summary>A person row saying another role or other stages than the project's member row. Repairable.</summary>
    public const string MemberPersonRowDiffers = "member-person-row-differs";

    /// <summary>A person row of the project whose member row is gone. Repairable.</summary>
    public const string MemberPersonRowStale = "member-person-row-stale";
}
