using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Domain.Access;

/// <summary>
/// The one place that answers "may this caller see / modify / administer this project or task".
/// Org admins are Admin of every project. Members see only tasks assigned to them; admins and managers see every
/// task; whoever the role, only the assignee works on a task.
/// </summary>
public sealed record ProjectAccess(Caller Caller, Project Project, Membership? Membership)
{
    /// <summary>The caller's effective role, or null when they do not belong to the project.</summary>
    public ProjectRole? Role => Caller.IsOrgAdmin ? ProjectRole.Admin : Membership?.Role;

    public bool CanView => Role is not null;
    public bool CanAdminister => Role == ProjectRole.Admin;
    public bool CanManageTasks => Role is ProjectRole.Admin or ProjectRole.Manager;

    public bool HasStageAccess(string stageName) =>
        Stage.IsWorkStageName(stageName) &&
        (Caller.IsOrgAdmin || (Membership?.HasStageAccess(stageName) ?? false));

    /// <summary>Whether the caller may see a task held by <paramref name="assignee"/> (null when unassigned).</summary>
    public bool CanSeeTask(string? assignee) => CanManageTasks || (CanView && IsCaller(assignee));

    /// <summary>Save, submit, skip, issue and finalize belong to the assignee alone, whatever their role.</summary>
    public bool CanWorkOnTask(string? assignee) => CanView && IsCaller(assignee);

    /// <summary>
    /// Only the assignee acts on a task (save, submit, skip, issue, finalize): a task the caller cannot see does not
    /// exist for them; one they see but do not hold is forbidden.
    /// </summary>
    public Refusal? RefusalToWorkOn(AnnotationTask task) =>
        !CanSeeTask(task.Assignee) ? Refusal.NotFound($"Task '{task.TaskId}' was not found.")
        : !CanWorkOnTask(task.Assignee) ? Refusal.Forbidden("Only the task's assignee may do this.")
        // Holding it is not enough once the stage was taken away: the rebalancing pass gives the task back.
        : !HasStageAccess(task.StageName) && Stage.IsWorkStageName(task.StageName)
            ? Refusal.Forbidden($"You no longer work in stage '{task.StageName}'.")
        : null;

    bool IsCaller(string? email) =>
        email is not null && string.Equals(email, Caller.Email, StringComparison.OrdinalIgnoreCase);
}
