using Docket.Application.Operations;
using Docket.Application.Ports;
using Docket.Application.StageMoves;
using Microsoft.Extensions.Options;

namespace Docket.Application.Health;

/// <summary>A project's stage moves pending longer than they should be.</summary>
public sealed record StuckMoves(string ProjectId, int Count);

/// <summary>What an org admin sees beside health: the queues and their poison queues, and the stuck moves.</summary>
public sealed record HealthDetail(IReadOnlyList<QueueReport> Queues, IReadOnlyList<StuckMoves> StuckMoves);

/// <summary>
/// The detail of <c>/api/health?detail=true</c>: every Docket queue's depth, and the moves pending longer than
/// <see cref="StageMoveOptions.StuckAfter"/> in each project, counted from the pending-move index (which holds
/// only moves under way) without reading their tasks.
/// </summary>
public sealed class HealthDetails(QueueOverview queues, IProjectStore projects, IPendingMoveStore pendingMoves,
    IOptions<StageMoveOptions> options, TimeProvider clock)
{
    public async Task<HealthDetail> ReadAsync(CancellationToken cancellationToken)
    {
        var stuckBefore = clock.GetUtcNow() - options.Value.StuckAfter;
        var reading = queues.ReadAsync(cancellationToken);
        var stuck = await Task.WhenAll((await projects.ListAsync(cancellationToken)).Select(async project =>
            new StuckMoves(project.ProjectId,
                (await pendingMoves.ReadDecidedUntilAsync(project, stuckBefore, cancellationToken)).Count)));
        return new HealthDetail(await reading, stuck.Where(s => s.Count > 0).ToList());
    }
}
