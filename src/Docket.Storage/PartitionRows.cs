using Azure;
using Azure.Data.Tables;

namespace Docket.Storage;

/// <summary>Deleting rows of one partition that a query finds, as many as asked, a batch of 100 at a time.</summary>
public static class PartitionRows
{
    const int MaxBatchOperations = 100;

    /// <param name="filter">A query within <paramref name="partition"/>.</param>
    /// <param name="keep">Rows the query finds that are to stay (read with <paramref name="select"/>).</param>
    /// <returns>How many rows were deleted.</returns>
    public static async Task<int> DeleteAsync(TableClient table, string partition, string filter, int max,
        CancellationToken cancellationToken, Func<TableEntity, bool>? keep = null, string[]? select = null)
    {
        var keys = new List<string>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000),
                           select: select ?? ["RowKey"], cancellationToken: cancellationToken))
        {
            if (keep?.Invoke(row) == true) continue;
            keys.Add(row.RowKey);
            if (keys.Count >= max) break;
        }
        foreach (var chunk in keys.Chunk(MaxBatchOperations))
            await table.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(
                TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)), cancellationToken);
        return keys.Count;
    }
}
