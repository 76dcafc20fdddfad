using System.Diagnostics;
using Azure.Data.Tables;

namespace Docket.Benchmarks;

/// <summary>
/// The rows Docket wrote for one project's tasks (Tasks: task, pool, listing, counter and event rows in their shard
/// partitions; Queues: the holders' queue rows), read back after Docket's run, so a fair baseline can write the very
/// same rows by hand, with the same partitioning, in an Azurite of its own.
/// </summary>
public sealed class WrittenRows
{
    public const string TasksTable = "Tasks";
    public const string QueuesTable = "Queues";

    WrittenRows(Dictionary<(string Table, string Partition), List<TableEntity>> partitions) =>
        Partitions = partitions;

    public IReadOnlyDictionary<(string Table, string Partition), List<TableEntity>> Partitions { get; }

    public int Count => Partitions.Values.Sum(rows => rows.Count);

    public static async Task<WrittenRows> ReadAsync(string connectionString, string projectId)
    {
        var service = new TableServiceClient(connectionString);
        var partitions = new Dictionary<(string, string), List<TableEntity>>();
        // Every partition of the project starts with "{projectId}|" ('}' follows '|').
        foreach (var table in new[] { TasksTable, QueuesTable })
        {
            await foreach (var row in service.GetTableClient(table).QueryAsync<TableEntity>(e =>
                               e.PartitionKey.CompareTo(projectId + "|") >= 0
                               && e.PartitionKey.CompareTo(projectId + "}") < 0))
            {
                var key = (table, row.PartitionKey);
                if (!partitions.TryGetValue(key, out var rows)) partitions[key] = rows = [];
                row.ETag = default;
                row.Timestamp = null;
                rows.Add(row);
            }
        }
        return new WrittenRows(partitions);
    }

    /// <summary>
    /// Inserts every row: batch transactions of up to 100 rows of one partition, <paramref name="parallel"/> at a
    /// time. Returns how long it took.
    /// </summary>
    /// <param name="tablePrefix">Put before each table's name, for a copy beside Docket's own tables.</param>
    public async Task<TimeSpan> InsertAsync(string connectionString, int parallel = RawTable.ParallelBatches,
        string tablePrefix = "")
    {
        var service = new TableServiceClient(connectionString);
        foreach (var table in Partitions.Keys.Select(k => k.Table).Distinct())
            await service.GetTableClient(tablePrefix + table).CreateIfNotExistsAsync();
        var batches = Partitions.SelectMany(p => p.Value.Chunk(RawTable.BatchSize).Select(rows => (p.Key.Table, rows)))
            .ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = parallel },
            async (batch, ct) => await service.GetTableClient(tablePrefix + batch.Table).SubmitTransactionAsync(
                batch.rows.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), ct));
        return clock.Elapsed;
    }

    /// <summary>The Tasks rows that belong to one task (its task row, index rows and events), by task id.</summary>
    public Dictionary<string, List<TableEntity>> TaskRowsByTask() =>
        Partitions.Where(p => p.Key.Table == TasksTable).SelectMany(p => p.Value)
            .Where(row => row.GetString("TaskId") is not null)
            .GroupBy(row => row.GetString("TaskId"))
            .ToDictionary(g => g.Key, g => g.ToList());
}
