using Azure;
using Azure.Data.Tables;
using Docket.Storage.Tasks;

namespace Docket.Storage;

/// <summary>The range query families of rows are read with: a partition's rows whose key starts with a prefix.</summary>
public static class PrefixQuery
{
    /// <summary>
    /// The rows of <paramref name="partition"/> whose RowKey starts with <paramref name="prefix"/>, in key order.
    /// </summary>
    public static AsyncPageable<TableEntity> QueryPrefixAsync(this TableClient table, string partition, string prefix,
        int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        var end = TaskKeys.PrefixEnd(prefix);
        return table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition && e.RowKey.CompareTo(prefix) >= 0 && e.RowKey.CompareTo(end) < 0,
            maxPerPage, select, cancellationToken);
    }
}
