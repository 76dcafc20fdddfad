using Docket.Domain.Projects;
using Docket.Storage.Projects;

namespace Docket.Functions.Identity;

public sealed class MeFunction(MemberStore members, ProjectStore projects)
{
    [Function(nameof(Me))]
    public async Task<IResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        IEnumerable<object> memberships;
        if (caller.IsOrgAdmin)
        {
            // Org admins are Admin of every project.
            memberships = (await projects.ListAsync(cancellationToken)).Select(p => new
            {
                projectId = p.ProjectId,
                role = nameof(ProjectRole.Admin),
                stages = p.Workflow.WorkStages.Select(s => s.Name).ToList(),
            });
        }
        else
        {
            var mine = await members.ListProjectsOfAsync(caller.Email, cancellationToken);
            var workflows = (await projects.ListAsync(cancellationToken))
                .ToDictionary(p => p.ProjectId, p => p.Workflow);
            memberships = mine.Where(m => workflows.ContainsKey(m.ProjectId)).Select(m => new
            {
                projectId = m.ProjectId,
                role = m.Role.ToString(),
                stages = workflows[m.ProjectId].WorkStages.Select(s => s.Name).Where(m.HasStageAccess).ToList(),
            });
        }
        return Results.Json(new { email = caller.Email, orgRole = caller.OrgRole.ToString(), projects = memberships },
            DocketJson.Options);
    }
}
