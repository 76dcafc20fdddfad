using Docket.Application.Projects;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Identity;

public sealed class MeFunction(ProjectService projects)
{
    [Operation("Identity", "Who the caller is and where they work.")]
    [Answers(200, "The caller.", Body = typeof(Api.Me))]
    [Function(nameof(Me))]
    public async Task<IResult> Me(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        var memberships = (await projects.MyProjectsAsync(caller, cancellationToken))
            .Select(p => new Api.MyProject(p.ProjectId, p.Role.ToString(), p.Stages)).ToList();
        return Results.Json(new Api.Me(caller.Email, caller.OrgRole.ToString(), memberships), DocketJson.Options);
    }
}
