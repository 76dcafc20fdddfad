using Docket.Domain.Access;
using Docket.Domain.Projects;
using Docket.Functions.Http;
using Docket.Functions.Identity;
using Docket.Storage.Projects;
using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Projects;

public enum ProjectRequirement
{
    View,
    ManageTasks,
    Administer,
}

/// <summary>
/// Loads the project and the caller's membership for a project-scoped request and applies
/// <see cref="ProjectAccess"/>: a project the caller does not belong to answers 404 (its existence is not
/// revealed), a role that is too low answers 403. Records the member's activity for idle release.
/// </summary>
public sealed class ProjectAuthorizer(ProjectStore projects, MemberStore members)
{
    public sealed record Result(ProjectAccess? Access, IResult? Problem);

    public async Task<Result> AuthorizeAsync(HttpRequest request, string projectId, ProjectRequirement requirement, CancellationToken cancellationToken)
    {
        var caller = AuthenticationFilter.CallerOf(request);
        var notFound = new Result(null, Problems.NotFound($"Project '{projectId}' was not found."));
        if (!ProjectId.IsValid(projectId)) return notFound;

        var projectLoad = projects.GetRecentAsync(projectId, cancellationToken);
        var membershipLoad = members.GetRecentAsync(projectId, caller.Email, cancellationToken);
        var project = await projectLoad;
        var membership = await membershipLoad;
        if (project is null) return notFound;

        var access = new ProjectAccess(caller, project, membership);
        if (!access.CanView) return notFound;
        if (requirement == ProjectRequirement.ManageTasks && !access.CanManageTasks)
            return new Result(null, Problems.Forbidden("Only project admins and managers may do this."));
        if (requirement == ProjectRequirement.Administer && !access.CanAdminister)
            return new Result(null, Problems.Forbidden("Only project admins may do this."));

        if (membership is not null)
            await members.TouchAsync(membership, cancellationToken);
        return new Result(access, null);
    }
}
