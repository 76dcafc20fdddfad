using Docket.Application.Assignment;
using Docket.Application.Consistency;
using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>
/// The audit of a project's stored rows against the storage design's invariants (every task in exactly one place),
/// with the repairs that are safe while the project is in use.
/// </summary>
public interface IConsistencyAudit
{
    /// <param name="fromShard">Where a check that stopped before the end goes on (its report's NextShard).</param>
    /// <param name="scanUntil">No shard is begun after this; the report then says which shard comes next.</param>
    Task<ConsistencyReport> RunAsync(Project project, bool repair, CancellationToken cancellationToken,
        int fromShard = 0, DateTimeOffset? scanUntil = null);

    /// <summary>Removes the queue entries among <paramref name="entries"/> that no task confirms, once old enough.
    /// </summary>
    /// <returns>How many were removed.</returns>
    Task<int> RemoveQueueOrphansAsync(Project project, IReadOnlyList<(string Email, QueueEntry Entry)> entries,
        CancellationToken cancellationToken);
}
