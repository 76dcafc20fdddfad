using Docket.Application.Configuration;
using Docket.Application.Rebalancing;

namespace Docket.Functions.Rebalancing;

public sealed class RebalanceFunctions(Rebalancer rebalancer)
{
    [Function(nameof(RebalanceOnSchedule))]
    public Task RebalanceOnSchedule([TimerTrigger("%" + DocketSettings.RebalanceSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        rebalancer.RunAsync(cancellationToken);

    [Function(nameof(RebalanceProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RebalanceProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/rebalance")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
        => Results.Json(await rebalancer.RunAsync(request.ProjectAccess().Project, cancellationToken),
            DocketJson.Options);
}
