using Docket.Application.Configuration;
using Docket.Application.Rebalancing;
using Docket.Storage.Messaging;

namespace Docket.Functions.Rebalancing;

public sealed class RebalanceFunctions(Rebalancer rebalancer)
{
    /// <summary>Asks for every project's pass, each on the "rebalance" queue.</summary>
    [Function(nameof(RebalanceOnSchedule))]
    public Task RebalanceOnSchedule([TimerTrigger("%" + DocketSettings.RebalanceSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        rebalancer.ScheduleAllAsync(cancellationToken);

    /// <summary>One project's pass; a message redelivered runs the pass again, which is safe.</summary>
    [Function(nameof(RebalanceProjectPass))]
    public Task RebalanceProjectPass(
        [QueueTrigger(DocketQueues.Rebalance, Connection = DocketSettings.StorageConnection)] RebalanceMessage message,
        CancellationToken cancellationToken) =>
        rebalancer.RunAsync(message, cancellationToken);

    [Function(nameof(RebalanceProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RebalanceProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/rebalance")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
        => Results.Json(await rebalancer.RunAsync(request.ProjectAccess().Project, cancellationToken),
            DocketJson.Options);
}
