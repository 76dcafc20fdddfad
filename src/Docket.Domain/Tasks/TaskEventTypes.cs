namespace Docket.Domain.Tasks;

/// <summary>The audit trail's event types: one wire name each, as <c>GET …/tasks/{taskId}/events</c> shows them.
/// </summary>
public static class TaskEventTypes
{
    /// <summary>The task was created (the trail's first entry; recorded on the task row itself).</summary>
    public const string Created = "created";

    /// <summary>Someone got the task: a claim, a manual assignment, a pre-assignment or a reject.</summary>
    public const string Assigned = "assigned";

    /// <summary>An admin or manager gave a held task to someone else.</summary>
    public const string Reassigned = "reassigned";

    /// <summary>An admin or manager sent the task back to the pool.</summary>
    public const string Unassigned = "unassigned";

    /// <summary>
    /// The task went back to the pool without an admin: its holder gave it back, or rebalancing took it from an idle,
    /// removed or no-longer-allowed holder.
    /// </summary>
    public const string Released = "released";

    /// <summary>Rebalancing found a manual hold it may not release.</summary>
    public const string HolderNotice = "holderNotice";

    /// <summary>The holder saved work (IN_PROGRESS).</summary>
    public const string Saved = "saved";

    /// <summary>The holder submitted a draft (STAGED).</summary>
    public const string Submitted = "submitted";

    /// <summary>The holder skipped the task (to the end of their queue).</summary>
    public const string Skipped = "skipped";

    /// <summary>The holder raised an issue (PROBLEM).</summary>
    public const string Issue = "issue";

    /// <summary>An admin or manager resolved the issue.</summary>
    public const string Resolve = "resolve";

    /// <summary>The holder finished the stage; its move was decided.</summary>
    public const string Finalized = "finalized";

    /// <summary>A review accepted the work (beside <see cref="Finalized"/>).</summary>
    public const string Accepted = "accepted";

    /// <summary>A review rejected the work (beside <see cref="Finalized"/>).</summary>
    public const string Rejected = "rejected";

    /// <summary>An admin sent the task to another stage.</summary>
    public const string MoveRequested = "moveRequested";

    /// <summary>An admin gave up the pending move.</summary>
    public const string MoveCancelled = "moveCancelled";

    /// <summary>The stage move was carried out: the task is in its new stage.</summary>
    public const string EnteredStage = "enteredStage";

    /// <summary>The task reached Ground Truth.</summary>
    public const string Completed = "completed";

    /// <summary>A rejected task went to the pool: its labeler can no longer take it.</summary>
    public const string PoolInstead = "poolInstead";

    /// <summary>A pre-assignment could not be honoured: the task went to the pool.</summary>
    public const string PreAssignSkipped = "preAssignSkipped";

    /// <summary>The review sample passed the task by.</summary>
    public const string ReviewSkipped = "reviewSkipped";

    /// <summary>The task's priority was set or cleared.</summary>
    public const string PriorityChanged = "priorityChanged";
}
