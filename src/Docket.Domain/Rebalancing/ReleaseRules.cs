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
/// What the rebalancer does with a task whose holder is idle, removed or without access to the stage: unstarted
/// automatic assignments (ASSIGNED, SKIPPED) go back to the pool keeping their priority and place in line;
/// manual and preAssigned holds stay, with an event noting the holder once; started work (IN_PROGRESS, STAGED)
/// is never released.
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
        if (state == HolderState.Active || task.Assignee != holder || task.PendingMove is not null ||
            task.Status is not (AnnotationTaskStatus.Assigned or AnnotationTaskStatus.Skipped))
            return TaskChange.To(task);

        var reason = state switch
        {
            HolderState.Idle => "holder inactive",
            HolderState.Removed => "holder removed from the project",
            _ => "holder has no access to the stage",
        };
        if (task.IsManuallyHeld)
        {
            var notice = $"{holder}|{state}";
            return task.HolderNotice == notice ? TaskChange.To(task)
                : TaskChange.To(task with { HolderNotice = notice },
                    TaskEvent.Of("holderNotice", "system", "rebalance", now, ("stage", task.StageName),
                        ("assignee", holder), ("reason", reason)));
        }
        return TaskChange.To(task with
        {
            Status = AnnotationTaskStatus.Unassigned,
            Assignee = null,
            AssignedBy = null,
            SkippedAt = null,
            HolderNotice = null,
            UpdatedAt = now,
        },
            TaskEvent.Of("released", "system", "rebalance", now, ("stage", task.StageName), ("previous", holder),
                ("reason", reason)));
    }
}
