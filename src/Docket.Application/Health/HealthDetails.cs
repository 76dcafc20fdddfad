using Docket.Application.Operations;
using Docket.Application.Ports;

namespace Docket.Application.Health;

/// <summary>A project's stage moves pending longer than they should be.</summary>
public sealed record StuckMoves(string ProjectId, int Count);

/// <summary>
/// What an org admin sees beside health: the queues and their poison queues, and the stuck moves per project as the
/// last move sweep counted them (null before any sweep).
/// </summary>
public sealed record HealthDetail(IReadOnlyList<QueueReport> Queues, IReadOnlyList<StuckMoves> StuckMoves,
    DateTimeOffset? MovesSweptAt);

/// <summary>
/// The detail of <c>/api/health?detail=true</c>: every Docket queue's depth (two calls a queue) and the sweep's
/// summary of stuck moves (one read), so it costs the same however many projects there are.
/// </summary>
public sealed class HealthDetails(QueueOverview queues, IStuckMoveSummary stuckMoves, IStorageFaults faults)
{
    /// <returns>The detail; null when storage failed to answer (health then answers unhealthy, in its own shape).
    /// </returns>
    public async Task<HealthDetail?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var reading = queues.ReadAsync(cancellationToken);
            var summary = await stuckMoves.ReadAsync(cancellationToken);
            return new HealthDetail(await reading, summary?.Stuck ?? [], summary?.SweptAt);
        }
        catch (Exception exception) when (faults.IsTransient(exception, cancellationToken))
        {
            return null;
        }
    }
}
