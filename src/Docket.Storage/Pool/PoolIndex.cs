using Azure;
using Azure.Data.Tables;
using Docket.Application.Assignment;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Connection;
using Docket.Storage.Tasks;

namespace Docket.Storage.Pool;

/// <summary>Reads a stage's pool rows, which sort best task first (see <see cref="TaskKeys.PoolRow"/>).</summary>
public sealed class PoolIndex(DocketTables tables, PoolCandidates candidates) : IPoolStore
{
    public Task<PoolCandidate?> TakeAsync(Project project, int stageIndex, CancellationToken cancellationToken) =>
        candidates.TakeAsync(project.ProjectId, stageIndex, project.ShardCount,
            (shard, ct) => ReadAsync(project, shard, stageIndex, PoolCandidates.RowsPerShard, ct), cancellationToken);

    public bool IsPlaceOf(Project project, AnnotationTask task, PoolCandidate candidate) =>
        TaskRows.PoolRowOf(project, task) == candidate.Position;

    /// <summary>The first rows of a stage's pool in one shard, best first, each with the ETag it was read with.
    /// </summary>
    public async Task<List<(string RowKey, string Version)>> ReadAsync(Project project, int shard, int stageIndex,
        int take, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var rows = new List<(string, string)>(take);
        var pages = tables.Tasks.QueryPrefixAsync(partition, TaskKeys.PoolPrefix(stageIndex), maxPerPage: take,
            select: ["RowKey"], cancellationToken: cancellationToken).AsPages();
        await foreach (var page in pages)
        {
            rows.AddRange(page.Values.Select(v => (v.RowKey, Versions.Of(v.ETag))).Take(take - rows.Count));
            break;
        }
        return rows;
    }

    /// <summary>
    /// Deletes a pool row no task names, only as it was read: a row re-created since (its task back in the pool with
    /// the same key) has another ETag and stays. Pool rows change only in their task's batch, so no writer is
    /// between two steps here.
    /// </summary>
    public async Task DeleteOrphanAsync(Project project, PoolCandidate orphan, CancellationToken cancellationToken)
    {
        // Without the ETag it was read with the delete would be unconditional: never.
        if (orphan.Version.Length == 0) return;
        try
        {
            await tables.Tasks.DeleteEntityAsync(TaskKeys.Partition(project.ProjectId, orphan.Shard), orphan.Position,
                Versions.ETagOf(orphan.Version), cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
        }
    }
}
