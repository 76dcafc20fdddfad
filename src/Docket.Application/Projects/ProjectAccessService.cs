using Docket.Application.Ports;
using Docket.Domain.Access;
using Docket.Domain.Identity;

namespace Docket.Application.Projects;

/// <summary>What a caller may do in a project, for the per-request access check.</summary>
public sealed class ProjectAccessService(IProjectStore projects, IMemberStore members)
{
    /// <summary>
    /// The caller's access to the project (as read within the last few seconds), or null when the project does not
    /// exist or the caller may not see it.
    /// </summary>
    public async Task<ProjectAccess?> ResolveAsync(Caller caller, string projectId,
        CancellationToken cancellationToken)
    {
        var projectLoad = projects.GetRecentAsync(projectId, cancellationToken);
        var membershipLoad = members.GetRecentAsync(projectId, caller.Email, cancellationToken);
        var project = await projectLoad;
        var membership = await membershipLoad;
        if (project is null) return null;
        var access = new ProjectAccess(caller, project, membership);
        return access.CanView ? access : null;
    }

    /// <summary>Notes a member active now (for the idle release of their queue).</summary>
    public async Task NoteActivityAsync(ProjectAccess access, CancellationToken cancellationToken)
    {
        if (access.Membership is { } membership) await members.TouchAsync(membership, cancellationToken);
    }
}
