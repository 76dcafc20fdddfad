using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Domain.Rebalancing;

public enum HolderState
{
    Active,
    /// <summary>No activity for longer than the project's idle timeout.</summary>
    Idle,
    /// <summary>No longer a member of the project.</summary>
    Removed,
    /// <summary>Still a member, without access to the task's stage.</summary>
    NoStageAccess,
}

/// <summary>
/// What the rebalancer does with a task whose holder is idle, removed or without access to the stage: automatic
/// assignments go back to the pool keeping their priority and place in line — unstarted ones (ASSIGNED, SKIPPED)
/// whatever the reason, started ones (IN_PROGRESS, STAGED) only when the holder was removed or lost the stage, their
/// draft discarded with an event saying so (an idle person may come back to their draft); manual and preAssigned
/// holds stay, with an event noting the holder once. A raised issue (PROBLEM) waits for an admin either way.
/// </summary>
public static class ReleaseRules
{
    public static HolderState StateOf(Membership? member, string stageName, int idleTimeoutMinutes,
        DateTimeOffset now) =>
        StateOf(member, isOrgAdmin: false, stageName, idleTimeoutMinutes, now);

    /// <summary>
    /// Org admins are Admin of every project without being members: one who is not a member holds work as a project
    /// admin would (never "removed"); one who is a member may still go idle.
    /// </summary>
    public static HolderState StateOf(Membership? member, bool isOrgAdmin, string stageName, int idleTimeoutMinutes,
        DateTimeOffset now) =>
        isOrgAdmin
            ? (member?.LastActiveAt is { } seen && now - seen > TimeSpan.FromMinutes(idleTimeoutMinutes)
                ? HolderState.Idle
                : HolderState.Active)
        : member is null ? HolderState.Removed
        : !member.HasStageAccess(stageName) ? HolderState.NoStageAccess
        : member.LastActiveAt is { } last && now - last > TimeSpan.FromMinutes(idleTimeoutMinutes) ? HolderState.Idle
        : HolderState.Active;

    public static TaskChange Apply(AnnotationTask task, string holder, HolderState state, DateTimeOffset now)
    {
        // Re-checked on the task as it is now: it may have been saved, moved or reassigned since the index was read.
        var started = task.Status is AnnotationTaskStatus.InProgress or AnnotationTaskStatus.Staged;
        var releasable = task.Status is AnnotationTaskStatus.Assigned or AnnotationTaskStatus.Skipped
                         || (started && state is HolderState.Removed or HolderState.NoStageAccess);
        if (state == HolderState.Active || task.Assignee != holder || task.PendingMove is not null || !releasable)
            return TaskChange.To(task);

        var reason = state switch
        {
            HolderState.Idle => "holder inactive",
            HolderState.Removed => "holder removed from the project",
            _ => "holder has no access to the stage",
        };
        return task.IsManuallyHeld
            ? Notice(task, holder, state.ToString(), reason, now)
            : TaskTransitions.BackToPool(task, "system", "rebalance", reason, now);
    }

    /// <summary>
    /// A task its holder has kept skipped for longer than the stage's <see cref="StageSettings.SkipHoldMinutes"/>:
    /// an automatic hold goes back to the pool (its place in line and priority kept), a manual or preAssigned hold
    /// stays with a notice, once.
    /// </summary>
    public static TaskChange ApplySkipHold(AnnotationTask task, string holder, int skipHoldMinutes,
        DateTimeOffset now)
    {
        if (task.Status != AnnotationTaskStatus.Skipped || task.Assignee != holder || task.PendingMove is not null
            || task.SkippedAt is not { } skippedAt || now - skippedAt <= TimeSpan.FromMinutes(skipHoldMinutes))
            return TaskChange.To(task);
        var reason = $"skipped for more than {skipHoldMinutes} minutes";
        return task.IsManuallyHeld
            ? Notice(task, holder, "SkipHold", reason, now)
            : TaskTransitions.BackToPool(task, "system", "rebalance", reason, now);
    }

    /// <summary>A manual or preAssigned hold that stays: noted on the task once per holder and cause.</summary>
    static TaskChange Notice(AnnotationTask task, string holder, string cause, string reason, DateTimeOffset now)
    {
        var notice = $"{holder}|{cause}";
        return task.HolderNotice == notice ? TaskChange.To(task)
            : TaskChange.To(task with { HolderNotice = notice },
                TaskEvent.Of(TaskEventTypes.HolderNotice, "system", "rebalance", now, ("stage", task.StageName),
                    ("assignee", holder), ("reason", reason)));
    }
}
