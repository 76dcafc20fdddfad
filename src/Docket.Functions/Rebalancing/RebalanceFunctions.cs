using Docket.Application.Messaging;
using Docket.Application.Configuration;
using Docket.Application.Rebalancing;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

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
        [QueueTrigger(QueueNames.Rebalance, Connection = DocketSettings.StorageConnection)] RebalanceMessage message,
        CancellationToken cancellationToken) =>
        rebalancer.RunAsync(message, cancellationToken);

    [Operation("Projects", "Run the rebalancing pass now.")]
    [Answers(200, "What the pass did.", Body = typeof(Api.RebalanceReport))]
    [Function(nameof(RebalanceProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> RebalanceProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/rebalance")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var report = await rebalancer.RunAsync(request.ProjectAccess().Project, cancellationToken);
        return Results.Json(new Api.RebalanceReport(report.ProjectId, report.QueueRowsRead, report.Released,
            report.DraftsDiscarded, report.SkippedManual, report.HealedMoves, report.StuckMoves, report.DurationMs),
            DocketJson.Options);
    }
}
