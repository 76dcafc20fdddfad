using Azure.Data.Tables;
using Docket.Domain.Projects;

namespace Docket.Storage.Tasks;

/// <summary>Reads a stage's pool rows, which sort best task first (see <see cref="TaskKeys.PoolRow"/>).</summary>
public sealed class PoolIndex(DocketTables tables)
{
    /// <summary>The first rows of a stage's pool in one shard, best first.</summary>
    public async Task<List<string>> ReadAsync(Project project, int shard, int stageIndex, int take,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var rows = new List<string>(take);
        var pages = tables.Tasks.QueryPrefixAsync(partition, TaskKeys.PoolPrefix(stageIndex), maxPerPage: take,
            select: ["RowKey"], cancellationToken: cancellationToken).AsPages();
        await foreach (var page in pages)
        {
            rows.AddRange(page.Values.Select(v => v.RowKey).Take(take - rows.Count));
            break;
        }
        return rows;
    }
}
