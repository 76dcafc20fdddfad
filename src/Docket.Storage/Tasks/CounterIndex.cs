using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>
/// The project's statistics, kept beside the tasks in each shard. Every task change that moves a task between
/// cells (stage × status × holder) writes one small change row in its own batch — never a read-modify-write, so
/// writers never contend on a counter. Reads add the change rows to the base rows; folding moves change rows into
/// the bases in one batch transaction guarded by the bases' ETags, so a change is counted exactly once.
/// </summary>
public sealed class CounterIndex(DocketTables tables)
{
    /// <summary>
    /// Change rows folded in one transaction (the rest of the 100 entities are the bases they touch).
    /// </summary>
    const int ChangesPerFold = 60;

    /// <summary>Fold a shard when a read finds more change rows than this.</summary>
    public const int FoldThreshold = 100;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    sealed record Change(int S, string T, string? A, int N);

    /// <summary>The change row recording these moves between cells (null when they cancel out).</summary>
    public static TableEntity? ChangeEntity(string partition, IEnumerable<(CounterKey Key, int Delta)> changes,
        DateTimeOffset at)
    {
        var net = changes.GroupBy(c => c.Key).Select(g => (g.Key, Delta: g.Sum(c => c.Delta))).Where(c => c.Delta != 0)
            .Select(c => new Change(c.Key.StageIndex, c.Key.Status.ToString(), c.Key.Assignee, c.Delta)).ToList();
        return net.Count == 0
            ? null
            : new TableEntity(partition, TaskKeys.CounterChangeRow(at))
            {
                ["Changes"] = JsonSerializer.Serialize(net, Json)
            };
    }

    /// <summary>The counts of every cell of the project: the shards' bases plus their changes not yet folded.</summary>
    public async Task<IReadOnlyDictionary<CounterKey, long>> ReadAsync(Project project,
        CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(Enumerable.Range(0, project.ShardCount).Select(shard =>
            ReadShardAsync(project, shard, cancellationToken)));
        var counts = new Dictionary<CounterKey, long>();
        foreach (var shard in shards)
            foreach (var (key, count) in shard.Counts())
                counts[key] = counts.GetValueOrDefault(key) + count;
        return counts;
    }

    /// <summary>Folds in one pass at most this many times a shard; the next pass goes on.</summary>
    const int MaxFoldsPerPass = 50;

    /// <summary>
    /// Folds, in every shard whose change rows outnumber <see cref="FoldThreshold"/>, the oldest ones until they
    /// no longer do (or another writer folds first). The rebalancing pass calls it for each project.
    /// </summary>
    /// <returns>How many folds were written.</returns>
    public async Task<int> FoldIfDueAsync(Project project, CancellationToken cancellationToken)
    {
        var folded = 0;
        for (var shard = 0; shard < project.ShardCount; shard++)
            for (var round = 0; round < MaxFoldsPerPass; round++)
            {
                var rows = await ReadShardAsync(project, shard, cancellationToken);
                if (rows.Changes.Count <= FoldThreshold || !await TryFoldAsync(project, shard, rows, cancellationToken))
                    break;
                folded++;
            }
        return folded;
    }

    /// <summary>
    /// Folds the oldest change rows of a shard into its bases; false when another writer folded first.
    /// </summary>
    public async Task<bool> TryFoldAsync(Project project, int shard, CancellationToken cancellationToken) =>
        await TryFoldAsync(project, shard, await ReadShardAsync(project, shard, cancellationToken), cancellationToken);

    async Task<bool> TryFoldAsync(Project project, int shard, ShardRows rows, CancellationToken cancellationToken)
    {
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var folding = rows.Changes.Take(ChangesPerFold).ToList();
        if (folding.Count == 0) return false;
        var bases = rows.Bases.ToDictionary(
            b => b.Key,
            b => (Total: b.Value.Total, Held: new Dictionary<string, long>(b.Value.Held), b.Value.ETag));
        foreach (var change in folding.SelectMany(c => c.Changes))
        {
            var cell = (change.S, change.T);
            var current = bases.TryGetValue(cell, out var found)
                ? found
                : (0, new Dictionary<string, long>(), default(ETag?));
            var held = current.Held;
            if (change.A is { } assignee) held[assignee] = held.GetValueOrDefault(assignee) + change.N;
            bases[cell] = (current.Total + change.N, held, current.ETag);
        }
        var touched = folding.SelectMany(c => c.Changes).Select(c => (c.S, c.T)).Distinct().ToList();
        var actions = touched.Select(cell =>
        {
            var (total, held, etag) = bases[cell];
            var entity = new TableEntity(partition,
                TaskKeys.CounterBaseRow(cell.S, Enum.Parse<AnnotationTaskStatus>(cell.T)))
            {
                ["Total"] = total,
                ["Held"] = JsonSerializer.Serialize(held.Where(h => h.Value != 0).ToDictionary(), Json),
            };
            return etag is { } known
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, known)
                : new TableTransactionAction(TableTransactionActionType.Add, entity);
        }).ToList();
        actions.AddRange(folding.Select(c => new TableTransactionAction(TableTransactionActionType.Delete,
            new TableEntity(partition, c.RowKey), c.ETag)));
        try
        {
            await tables.Tasks.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    sealed record ChangeRow(string RowKey, ETag ETag, IReadOnlyList<Change> Changes);

    sealed record ShardRows(
        Dictionary<(int S, string T), (long Total, Dictionary<string, long> Held, ETag? ETag)> Bases,
        List<ChangeRow> Changes)
    {
        public IEnumerable<(CounterKey Key, long Count)> Counts()
        {
            var counts = new Dictionary<CounterKey, long>();
            foreach (var ((stage, status), (total, held, _)) in Bases)
            {
                var parsed = Enum.Parse<AnnotationTaskStatus>(status);
                foreach (var (assignee, count) in held) counts[new CounterKey(stage, parsed, assignee)] = count;
                counts[new CounterKey(stage, parsed, null)] = total - held.Values.Sum();
            }
            foreach (var change in Changes.SelectMany(c => c.Changes))
            {
                var key = new CounterKey(change.S, Enum.Parse<AnnotationTaskStatus>(change.T), change.A);
                counts[key] = counts.GetValueOrDefault(key) + change.N;
            }
            return counts.Where(c => c.Value != 0).Select(c => (c.Key, c.Value));
        }
    }

    async Task<ShardRows> ReadShardAsync(Project project, int shard, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var rows = new List<TableEntity>();
        await foreach (var row in tables.Tasks.QueryPrefixAsync(partition, TaskKeys.CounterPrefix,
                           cancellationToken: cancellationToken))
            rows.Add(row);
        return ShardRowsOf(rows);
    }

    /// <summary>The counts a shard's counter rows ("c|…") add up to, for the consistency check's own scan.</summary>
    public static IReadOnlyDictionary<CounterKey, long> CountsOf(IEnumerable<TableEntity> counterRows) =>
        ShardRowsOf(counterRows).Counts().ToDictionary(c => c.Key, c => c.Count);

    static ShardRows ShardRowsOf(IEnumerable<TableEntity> counterRows)
    {
        var bases = new Dictionary<(int, string), (long, Dictionary<string, long>, ETag?)>();
        var changes = new List<ChangeRow>();
        foreach (var row in counterRows)
        {
            if (row.RowKey.StartsWith(TaskKeys.CounterBasePrefix, StringComparison.Ordinal))
            {
                var parts = row.RowKey.Split('|');
                var held = JsonSerializer.Deserialize<Dictionary<string, long>>(row.GetString("Held") ?? "{}", Json)!;
                bases[(int.Parse(parts[2]), parts[3])] = (row.GetInt64("Total") ?? 0, held, row.ETag);
            }
            else
                changes.Add(new ChangeRow(row.RowKey, row.ETag,
                    JsonSerializer.Deserialize<List<Change>>(row.GetString("Changes") ?? "[]", Json)!));
        }
        return new ShardRows(bases, changes);
    }
}
