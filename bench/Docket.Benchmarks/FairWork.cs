using Azure;
using Azure.Data.Tables;

namespace Docket.Benchmarks;

/// <summary>
/// Claims and issues by hand over a copy of the rows Docket wrote for the same project (tables "FairTasks" and
/// "FairQueues" beside Docket's in the same Azurite, as many rows as Docket's): the baseline that does the storage
/// work a Docket claim does, without Docket's decisions. A claim reads the task row, then writes in one batch of its
/// partition what Docket's claim writes there (the task replaced under its ETag, its pool row deleted, each listing
/// row moved, an event, a feed row carrying the task as the change left it, and a counter change added: 9 entities
/// for a pooled task with two listing rows), then adds the holder's queue row; an issue reads the task again, writes
/// the task, its listing rows, an event, a feed row and a counter change in one batch, and deletes the queue row.
/// </summary>
public sealed class FairWork
{
    const string Prefix = "Fair";

    readonly TableClient tasks;
    readonly TableClient queues;
    readonly Dictionary<string, List<TableEntity>> rowsOf;
    int events;

    FairWork(TableClient tasks, TableClient queues, Dictionary<string, List<TableEntity>> rowsOf)
    {
        this.tasks = tasks;
        this.queues = queues;
        this.rowsOf = rowsOf;
    }

    /// <summary>The pooled tasks of the copy, each to be claimed once.</summary>
    public IReadOnlyList<string> Pooled => [.. rowsOf.Where(r => r.Value.Any(IsPoolRow)).Select(r => r.Key).Order()];

    public static async Task<FairWork> CopyAsync(WrittenRows written, string connectionString)
    {
        await written.InsertAsync(connectionString, tablePrefix: Prefix);
        var service = new TableServiceClient(connectionString);
        var queues = service.GetTableClient(Prefix + WrittenRows.QueuesTable);
        await queues.CreateIfNotExistsAsync();
        return new FairWork(service.GetTableClient(Prefix + WrittenRows.TasksTable), queues,
            written.TaskRowsByTask());
    }

    /// <summary>Read, one batch of 9 entities, one queue row: 3 calls, 10 entities.</summary>
    public async Task ClaimAsync(string taskId, string holder)
    {
        var rows = rowsOf[taskId];
        var task = await ReadAsync(rows);
        task["Status"] = "Assigned";
        task["Assignee"] = holder;
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, task, task.ETag),
            new(TableTransactionActionType.Delete, rows.First(IsPoolRow), ETag.All),
        };
        actions.AddRange(MoveListingRows(rows, ".a"));
        actions.AddRange(EventFeedAndCounter(task, taskId));
        await tasks.SubmitTransactionAsync(actions);
        await queues.AddEntityAsync(new TableEntity(QueuePartition(holder), "0|0|" + taskId) { ["TaskId"] = taskId });
    }

    /// <summary>Read, one batch of 8 entities, one queue row deleted: 3 calls, 9 entities.</summary>
    public async Task IssueAsync(string taskId, string holder)
    {
        var rows = rowsOf[taskId];
        var task = await ReadAsync(rows);
        task["Status"] = "Problem";
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, task, task.ETag),
        };
        actions.AddRange(MoveListingRows(rows, ".a", ".i"));
        actions.AddRange(EventFeedAndCounter(task, taskId));
        await tasks.SubmitTransactionAsync(actions);
        await queues.DeleteEntityAsync(QueuePartition(holder), "0|0|" + taskId, ETag.All);
    }

    async Task<TableEntity> ReadAsync(List<TableEntity> rows)
    {
        var row = rows.First(r => r.RowKey.StartsWith("t|", StringComparison.Ordinal));
        return (await tasks.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey)).Value;
    }

    /// <summary>Each listing row deleted under its old key and added under a new one.</summary>
    static IEnumerable<TableTransactionAction> MoveListingRows(List<TableEntity> rows, string from, string? to = null)
    {
        foreach (var listing in rows.Where(r => r.RowKey.StartsWith("l|", StringComparison.Ordinal)))
        {
            var old = to is null ? listing.RowKey : listing.RowKey + from;
            yield return new(TableTransactionActionType.Delete, new TableEntity(listing.PartitionKey, old), ETag.All);
            yield return new(TableTransactionActionType.Add,
                new TableEntity(listing) { RowKey = listing.RowKey + (to ?? from) });
        }
    }

    /// <summary>The audit event, the feed row (the task's properties, as Docket's feed row holds the task as the
    /// change left it) and the counter change Docket adds to the task's batch.</summary>
    IEnumerable<TableTransactionAction> EventFeedAndCounter(TableEntity task, string taskId)
    {
        var partition = task.PartitionKey;
        var n = Interlocked.Increment(ref events);
        yield return new(TableTransactionActionType.Add,
            new TableEntity(partition, $"e|{taskId}|fair{n:D8}") { ["Type"] = "fair", ["At"] = DateTimeOffset.UtcNow });
        yield return new(TableTransactionActionType.Add,
            new TableEntity(task) { RowKey = $"f|{DateTimeOffset.UtcNow.UtcTicks:D19}|{taskId}|fair{n:D8}" });
        yield return new(TableTransactionActionType.Add,
            new TableEntity(partition, $"c|d|fair{n:D8}") { ["Changes"] = "0|Label|ASSIGNED|1" });
    }

    static bool IsPoolRow(TableEntity row) => row.RowKey.StartsWith("p|", StringComparison.Ordinal);

    static string QueuePartition(string holder) => "fair|" + holder;
}
