using Docket.Functions.Configuration;
using Docket.Functions.Http;
using Docket.Functions.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Rebalancing;

public sealed class RebalanceFunctions(Rebalancer rebalancer, ProjectAuthorizer authorizer)
{
    [Function(nameof(RebalanceOnSchedule))]
    public Task RebalanceOnSchedule([TimerTrigger("%" + DocketSettings.RebalanceSchedule + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        rebalancer.RunAsync(cancellationToken);

    [Function(nameof(RebalanceProject))]
    public async Task<IResult> RebalanceProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/rebalance")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.Administer, cancellationToken);
        if (problem is not null) return problem;
        return Results.Json(await rebalancer.RunAsync(access!.Project, cancellationToken), DocketJson.Options);
    }
}
