using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Storage.Moves;

namespace Docket.Storage.Tasks;

/// <summary>
/// A project's rows as they are stored, for the consistency check: every row of its task shards, and single rows
/// read, re-created or deleted under ETags. Task writers never use it: they go through <see cref="TaskWriter"/>.
/// </summary>
public sealed class ProjectRows(DocketTables tables)
{
    public static RowAddress ShardRow(Project project, int shard, string rowKey) =>
        new(DocketTables.TasksTable, TaskKeys.Partition(project.ProjectId, shard), rowKey);

    public static RowAddress QueueRow(Project project, string email, string rowKey) =>
        new(DocketTables.QueuesTable, TaskKeys.QueuePartition(project.ProjectId, email), rowKey);

    /// <summary>Every row of one shard partition: tasks, their index rows and their events, in key order.</summary>
    public async IAsyncEnumerable<TableEntity> ReadShardAsync(Project project, int shard,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        await foreach (var row in tables.Tasks.QueryAsync<TableEntity>(e => e.PartitionKey == partition,
                           cancellationToken: cancellationToken))
            yield return row;
    }

    public async Task<TableEntity?> FindAsync(RowAddress address, CancellationToken cancellationToken)
    {
        var found = await Table(address).GetEntityIfExistsAsync<TableEntity>(address.PartitionKey, address.RowKey,
            cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Writes a shard row unless one is there already: its ETag, or null when a row existed.</summary>
    public async Task<ETag?> TryAddShardRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            return (await tables.Tasks.AddEntityAsync(row, cancellationToken)).Headers.ETag;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }
    }

    /// <summary>
    /// Replaces a shard row only as it was read (its ETag): false when it is gone or has changed since.
    /// </summary>
    public async Task<bool> TryReplaceShardRowAsync(TableEntity row, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Tasks.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a stored row holds exactly the properties of <paramref name="expected"/> (its keys, and nothing the
    /// service adds: ETag and Timestamp).
    /// </summary>
    public static bool HoldsPropertiesOf(TableEntity stored, TableEntity expected)
    {
        var properties = stored.Where(p => p.Key is not ("odata.etag" or "Timestamp")
                                           && !PendingMoveIndex.SweepProperties.Contains(p.Key)).ToList();
        return properties.Count == expected.Count &&
               properties.All(p => expected.TryGetValue(p.Key, out var value) && Equals(p.Value, value));
    }

    /// <summary>Deletes a row only as it was read (its ETag): false when it is gone or has changed since.</summary>
    public async Task<bool> TryDeleteAsync(RowAddress address, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table(address).DeleteEntityAsync(address.PartitionKey, address.RowKey, etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>A task row as stored, with the queue row it names.</summary>
    public static StoredTask ToStored(TableEntity row) => TaskReader.ToStored(row);

    /// <summary>The family of a shard row: the key's first segment ("t", "e", "p", "m", …).</summary>
    public static string FamilyOf(string rowKey) => rowKey.IndexOf('|') is > 0 and var end ? rowKey[..end] : rowKey;

    public const string TaskFamily = "t";
    public const string EventFamily = "e";
    public const string CounterFamily = "c";

    /// <summary>Feed rows: a change's outbound events; their task may have changed or gone since.</summary>
    public const string FeedFamily = "f";

    /// <summary>Reads an event row's key ("e|{taskId}|{version:D10}|{n:D2}").</summary>
    public static bool TryParseEventRow(string rowKey, out string taskId, out long version)
    {
        var parts = rowKey.Split('|');
        taskId = parts.Length == 4 ? parts[1] : "";
        version = 0;
        return parts.Length == 4 && parts[0] == EventFamily && parts[2].Length == 10 && parts[3].Length == 2 &&
               long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out version) &&
               int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    TableClient Table(RowAddress address) => address.Table switch
    {
        DocketTables.TasksTable => tables.Tasks,
        DocketTables.QueuesTable => tables.Queues,
        _ => throw new ArgumentException(
            $"The check reads only {DocketTables.TasksTable} and {DocketTables.QueuesTable} rows.", nameof(address)),
    };
}
