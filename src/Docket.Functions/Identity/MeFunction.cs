using Docket.Domain.Projects;
using Docket.Storage.Projects;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Identity;

public sealed class MeFunction(MemberStore members, ProjectStore projects)
{
    [Operation("Identity", "Who the caller is and where they work.")]
    [Answers(200, "The caller.", Body = typeof(Api.Me))]
    [Function(nameof(Me))]
    public async Task<IResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        IEnumerable<Api.MyProject> memberships;
        if (caller.IsOrgAdmin)
        {
            // Org admins are Admin of every project.
            memberships = (await projects.ListAsync(cancellationToken)).Select(p => new Api.MyProject(
                p.ProjectId, nameof(ProjectRole.Admin), p.Workflow.WorkStages.Select(s => s.Name).ToList()));
        }
        else
        {
            var mine = await members.ListProjectsOfAsync(caller.Email, cancellationToken);
            var workflows = (await projects.ListAsync(cancellationToken))
                .ToDictionary(p => p.ProjectId, p => p.Workflow);
            memberships = mine.Where(m => workflows.ContainsKey(m.ProjectId)).Select(m => new Api.MyProject(
                m.ProjectId, m.Role.ToString(),
                workflows[m.ProjectId].WorkStages.Select(s => s.Name).Where(m.HasStageAccess).ToList()));
        }
        return Results.Json(new Api.Me(caller.Email, caller.OrgRole.ToString(), memberships.ToList()),
            DocketJson.Options);
    }
}
