using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Application.Stats;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Keys;
using Docket.Storage.Tasks;

namespace Docket.Storage.Counters;

/// <summary>
/// The project's statistics, kept beside the tasks in each shard. Every task change that moves a task between
/// cells (stage × status × holder) writes one small change row in its own batch — never a read-modify-write, so
/// writers never contend on a counter. Reads add the change rows to the base rows; folding moves change rows into
/// the bases in one batch transaction guarded by the bases' ETags, so a change is counted exactly once.
/// </summary>
public sealed class CounterIndex(DocketTables tables) : ICounterStore
{
    /// <summary>Entities in one fold transaction: change rows deleted, base and holder rows written.</summary>
    const int MaxEntitiesPerFold = 100;

    /// <summary>Fold a shard when a read finds more change rows than this.</summary>
    public const int FoldThreshold = 100;

    static readonly JsonSerializerOptions Json = StoredJson.Options;

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

    /// <remarks>
    /// A cell's total lives in its base row, each holder's count in a row of its own ("c|h|…"), so that no row grows
    /// with the number of people: a base row that once held every holder in one property passed the 64 KiB a
    /// property may hold at about 800 of them, and folding stopped. Base rows written that way keep their map
    /// (read, never rewritten: their holders' new changes go to holder rows, which add to it).
    /// </remarks>
    async Task<bool> TryFoldAsync(Project project, int shard, ShardRows rows, CancellationToken cancellationToken)
    {
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var totals = new Dictionary<(int S, string T), long>();
        var held = new Dictionary<(int S, string T, string A), long>();
        var folding = new List<ChangeRow>();
        foreach (var row in rows.Changes)
        {
            var cells = totals.Keys.Union(row.Changes.Select(c => (c.S, c.T))).Count();
            var holders = held.Keys.Union(row.Changes.Where(c => c.A is not null).Select(c => (c.S, c.T, c.A!)))
                .Count();
            if (folding.Count + 1 + cells + holders > MaxEntitiesPerFold) break;
            folding.Add(row);
            foreach (var change in row.Changes)
            {
                totals[(change.S, change.T)] = totals.GetValueOrDefault((change.S, change.T)) + change.N;
                if (change.A is { } assignee)
                    held[(change.S, change.T, assignee)] = held.GetValueOrDefault((change.S, change.T, assignee)) + change.N;
            }
        }
        if (folding.Count == 0) return false;

        var actions = new List<TableTransactionAction>();
        foreach (var ((stage, status), delta) in totals)
        {
            var entity = new TableEntity(partition,
                TaskKeys.CounterBaseRow(stage, Enum.Parse<AnnotationTaskStatus>(status)));
            actions.Add(rows.Bases.TryGetValue((stage, status), out var current)
                ? new(TableTransactionActionType.UpdateMerge, WithTotal(entity, current.Total + delta), current.ETag)
                : new(TableTransactionActionType.Add, WithTotal(entity, delta)));
        }
        foreach (var ((stage, status, assignee), delta) in held.Where(h => h.Value != 0))
        {
            var entity = new TableEntity(partition,
                TaskKeys.CounterHolderRow(stage, Enum.Parse<AnnotationTaskStatus>(status), assignee));
            actions.Add(rows.Holders.TryGetValue((stage, status, assignee), out var current)
                ? current.Count + delta == 0
                    ? new(TableTransactionActionType.Delete, entity, current.ETag)
                    : new(TableTransactionActionType.UpdateReplace, WithCount(entity, current.Count + delta),
                        current.ETag)
                : new(TableTransactionActionType.Add, WithCount(entity, delta)));
        }
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

    static TableEntity WithTotal(TableEntity entity, long total)
    {
        entity["Total"] = total;
        return entity;
    }

    static TableEntity WithCount(TableEntity entity, long count)
    {
        entity["Count"] = count;
        return entity;
    }

    sealed record ChangeRow(string RowKey, ETag ETag, IReadOnlyList<Change> Changes);

    /// <param name="Bases">Each cell's total, and the holder counts a base row kept in one property before holder
    /// rows existed.</param>
    sealed record ShardRows(
        Dictionary<(int S, string T), (long Total, Dictionary<string, long> LegacyHeld, ETag ETag)> Bases,
        Dictionary<(int S, string T, string A), (long Count, ETag ETag)> Holders,
        List<ChangeRow> Changes)
    {
        public IEnumerable<(CounterKey Key, long Count)> Counts()
        {
            var counts = new Dictionary<CounterKey, long>();
            foreach (var ((stage, status), (total, legacy, _)) in Bases)
            {
                var parsed = Enum.Parse<AnnotationTaskStatus>(status);
                counts[new CounterKey(stage, parsed, null)] = total;
                foreach (var (assignee, count) in legacy) Move(counts, stage, parsed, assignee, count);
            }
            foreach (var ((stage, status, assignee), (count, _)) in Holders)
                Move(counts, stage, Enum.Parse<AnnotationTaskStatus>(status), assignee, count);
            foreach (var change in Changes.SelectMany(c => c.Changes))
            {
                var key = new CounterKey(change.S, Enum.Parse<AnnotationTaskStatus>(change.T), change.A);
                counts[key] = counts.GetValueOrDefault(key) + change.N;
            }
            return counts.Where(c => c.Value != 0).Select(c => (c.Key, c.Value));
        }

        /// <summary>Counts a holder's tasks of a cell as theirs rather than nobody's (the total includes both).</summary>
        static void Move(Dictionary<CounterKey, long> counts, int stage, AnnotationTaskStatus status, string assignee,
            long count)
        {
            var holder = new CounterKey(stage, status, assignee);
            var nobody = new CounterKey(stage, status, null);
            counts[holder] = counts.GetValueOrDefault(holder) + count;
            counts[nobody] = counts.GetValueOrDefault(nobody) - count;
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
        var bases = new Dictionary<(int, string), (long, Dictionary<string, long>, ETag)>();
        var holders = new Dictionary<(int, string, string), (long, ETag)>();
        var changes = new List<ChangeRow>();
        foreach (var row in counterRows)
        {
            if (row.RowKey.StartsWith(TaskKeys.CounterBasePrefix, StringComparison.Ordinal))
            {
                var parts = row.RowKey.Split('|');
                var legacy = JsonSerializer.Deserialize<Dictionary<string, long>>(row.GetString("Held") ?? "{}", Json)!;
                bases[(int.Parse(parts[2]), parts[3])] = (row.GetInt64("Total") ?? 0, legacy, row.ETag);
            }
            else if (row.RowKey.StartsWith(TaskKeys.CounterHolderPrefix, StringComparison.Ordinal))
            {
                // c|h|{stage}|{status}|{email}: the email is the rest, whatever it holds.
                var parts = row.RowKey.Split('|', 5);
                holders[(int.Parse(parts[2]), parts[3], KeyEncoding.Unescape(parts[4]))] =
                    (row.GetInt64("Count") ?? 0, row.ETag);
            }
            else
                changes.Add(new ChangeRow(row.RowKey, row.ETag,
                    JsonSerializer.Deserialize<List<Change>>(row.GetString("Changes") ?? "[]", Json)!));
        }
        return new ShardRows(bases, holders, changes);
    }
}
