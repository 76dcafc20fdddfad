using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Connection;
using Docket.Storage.Counters;
using Docket.Storage.Events;
using Docket.Storage.Pool;
using Docket.Storage.Queues;
using Microsoft.Extensions.Options;

namespace Docket.Storage.Tasks;

/// <summary>
/// Writes tasks so that a task and every row that depends on its state — pool row, pending-move row, Data Page
/// listing rows, counter change row, events — change together: one batch transaction in the task's shard,
/// guarded by the task's ETag. The person's queue row, which lives in another table, is written before the batch
/// and the old one removed after it (see <see cref="QueueIndex"/>).
/// </summary>
public sealed class TaskWriter(DocketTables tables, QueueIndex queues, PoolCandidates poolCandidates,
    IOptions<EventOptions> events, TimeProvider clock) : ITaskWriter
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>
    /// Creation batches in flight in this process, whatever upload or chunk they belong to: many chunks ingested
    /// at once must not starve interactive requests of storage (nor a partition of its throughput).
    /// </summary>
    readonly SemaphoreSlim creationGate = new(StorageParallelism.Batches);

    /// <summary>
    /// Writes a new state of an existing task; null when someone else changed it first (read it again).
    /// </summary>
    /// <param name="reservedPlace">A queue row the caller already wrote for the new state (see
    /// <see cref="QueueIndex.ReservePlaceAsync"/>).</param>
    public async Task<StoredTask?> TryUpdateAsync(Project project, StoredTask current, AnnotationTask updated,
        IReadOnlyList<TaskEvent> events, string? reservedPlace = null, CancellationToken cancellationToken = default)
    {
        var queueRowWritten = reservedPlace;
        var plan = Plan(project, current, updated, events, queueRowWritten);
        if (plan.WritesQueueRow && plan.NewQueueRow != queueRowWritten)
            await queues.WriteAsync(project, plan.Updated, plan.NewQueueRow!, cancellationToken);
        return (await SubmitAsync(project, [plan], cancellationToken))?[0];
    }

    /// <summary>
    /// Writes new states of several tasks of one shard, as few batch transactions as the limits allow; each
    /// transaction writes all of its tasks or — when any was changed by someone else first — none. The answer holds
    /// each task as written, or null where its transaction lost (the caller goes task by task for those).
    /// </summary>
    public async Task<IReadOnlyList<StoredTask?>> TryUpdateManyAsync(Project project,
        IReadOnlyList<(StoredTask Current, AnnotationTask Updated, IReadOnlyList<TaskEvent> Events)> changes,
        CancellationToken cancellationToken)
    {
        var plans = changes.Select(c => Plan(project, c.Current, c.Updated, c.Events, null)).ToList();
        await queues.WriteManyAsync(project,
            plans.Where(p => p.WritesQueueRow).Select(p => (p.Updated, p.NewQueueRow!)), cancellationToken);
        var written = new Dictionary<string, StoredTask>();
        foreach (var transaction in
            BatchBudget.Split(plans, p => p.Actions.Select(a => (TableEntity)a.Entity).ToList()))
        {
            var stored = await SubmitAsync(project, transaction, cancellationToken);
            foreach (var task in stored ?? []) written[task.Task.TaskId] = task;
        }
        return changes.Select(c => written.GetValueOrDefault(c.Current.Task.TaskId)).ToList();
    }

    /// <summary>What writing a task's new state takes: its rows in the batch, and where its queue row goes.</summary>
    sealed record UpdatePlan(StoredTask Current, AnnotationTask Updated, string? NewQueueRow, bool WritesQueueRow,
        List<TableTransactionAction> Actions, string? OldPoolRow, string? NewPoolRow, string WriteId,
        DateTimeOffset? FeedPlace);

    UpdatePlan Plan(Project project, StoredTask current, AnnotationTask updated, IReadOnlyList<TaskEvent> events,
        string? queueRowWritten)
    {
        updated = updated with { Version = current.Task.Version + 1 };
        var partition = TaskRows.PartitionOf(project, updated.TaskId);
        var needsQueueRow = TaskRows.NeedsQueueRow(updated);
        var keepsQueuePlace = current.QueuePlace is not null && needsQueueRow &&
                              current.Task.Assignee == updated.Assignee
                                  && current.Task.StageName == updated.StageName &&
                              OrderKeys.QueuePosition(current.Task) == OrderKeys.QueuePosition(updated);
        var stageIndex = TaskRows.StageIndex(project, updated);
        var preWrittenFits = queueRowWritten is not null && needsQueueRow &&
                             queueRowWritten.StartsWith(TaskKeys.QueueRowPrefix(stageIndex, updated),
                                 StringComparison.Ordinal);
        var newQueueRow = !needsQueueRow ? null
            : keepsQueuePlace ? current.QueuePlace
            : preWrittenFits ? queueRowWritten
            : TaskKeys.QueueRow(stageIndex, updated);

        var writeId = NewWriteId();
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace,
                TaskEntity(partition, updated, newQueueRow, writeId), Versions.ETagOf(current.Version)),
        };
        var oldPoolRow = TaskRows.PoolRowOf(project, current.Task);
        var newPoolRow = TaskRows.PoolRowOf(project, updated);
        // A task written before listing and counter rows existed has none to replace: it gets them now.
        AddIndexChanges(actions, TaskRows.ExpectedShardRows(project, current.Task, listed: current.Indexed),
            TaskRows.ExpectedShardRows(project, updated));
        var counted = current.Indexed ? new[] { (TaskRows.CounterKeyOf(project, current.Task), -1) } : [];
        if (CounterIndex.ChangeEntity(partition, [.. counted, (TaskRows.CounterKeyOf(project, updated), 1)],
                clock.GetUtcNow()) is { } change)
            actions.Add(new(TableTransactionActionType.Add, change));
        actions.AddRange(EventActions(partition, updated, events));
        var feedPlace = clock.GetUtcNow();
        var feedRow = FeedRows.Of(partition, updated, TaskOutboundEvents.Of(events), feedPlace);
        if (feedRow is not null) actions.Add(new(TableTransactionActionType.Add, feedRow));
        return new UpdatePlan(current, updated, newQueueRow,
            newQueueRow is not null && newQueueRow != current.QueuePlace,
            actions, oldPoolRow, newPoolRow, writeId, feedRow is null ? null : feedPlace);
    }

    /// <summary>
    /// Submits the plans' rows as one transaction, then removes the queue rows the tasks no longer name.
    /// </summary>
    async Task<List<StoredTask>?> SubmitAsync(Project project, List<UpdatePlan> plans,
        CancellationToken cancellationToken)
    {
        List<ETag> etags;
        try
        {
            var response = await SubmitSkippingMissingRowsAsync(plans, cancellationToken);
            // Each plan's first row is its task: its ETag guards the next write.
            var firstRows = plans.Select((_, i) => plans.Take(i).Sum(p => p.Actions.Count)).ToList();
            etags = firstRows.Select(index => response.Value[index].Headers.ETag ?? ETag.All).ToList();
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            // Lost a race — or won it and lost the reply, so that the SDK's retry found our own write. Decide from
            // the tasks as they are now, never on the assumption that nothing was written.
            var now = await ReadWrittenAsync(project, plans, cancellationToken);
            if (now.Select((t, i) => t.WriteId == plans[i].WriteId).All(ours => ours))
                etags = now.Select(t => t.ETag).ToList();
            else
            {
                for (var i = 0; i < plans.Count; i++)
                    if (plans[i].WritesQueueRow && now[i].QueuePlace != plans[i].NewQueueRow)
                        await queues.DeleteQuietlyAsync(project, plans[i].Updated.Assignee!, plans[i].NewQueueRow!,
                            ETag.All);
                return null;
            }
        }

        foreach (var stageIndex in plans.Where(p => p.NewPoolRow is not null && p.NewPoolRow != p.OldPoolRow)
                     .Select(p => TaskRows.StageIndex(project, p.Updated)).Distinct())
            poolCandidates.Invalidate(project.ProjectId, stageIndex);
        foreach (var plan in plans.Where(p =>
                     p.Current.QueuePlace is not null && p.Current.QueuePlace != p.NewQueueRow))
            await queues.DeleteQuietlyAsync(project, plan.Current.Task.Assignee!, plan.Current.QueuePlace!, ETag.All);
        return plans.Select((p, i) => new StoredTask(p.Updated, Versions.Of(etags[i]), p.NewQueueRow)).ToList();
    }

    /// <summary>
    /// Submits the plans' rows; an index row the batch deletes that is already gone (a repair or a hand edit removed
    /// it) is left out and the rest submitted again. A missing row is not a lost race: taking it for one would
    /// retry the same batch until the task could never be written again.
    /// </summary>
    async Task<Response<IReadOnlyList<Response>>> SubmitSkippingMissingRowsAsync(List<UpdatePlan> plans,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var actions = plans.SelectMany(p => p.Actions).ToList();
            try
            {
                return await WithinFeedWindowAsync(plans.Min(p => p.FeedPlace),
                    () => tables.Tasks.SubmitTransactionAsync(actions, cancellationToken));
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 404
                && exception.FailedTransactionActionIndex is { } index && index < actions.Count
                && actions[index] is { ActionType: TableTransactionActionType.Delete } missing
                && !missing.Entity.RowKey.StartsWith(TaskKeys.TaskRowPrefix, StringComparison.Ordinal))
            {
                foreach (var plan in plans) plan.Actions.Remove(missing);
            }
        }
    }

    /// <summary>
    /// What the plans' task rows hold now: which write they carry, their ETag and the queue row they name.
    /// </summary>
    async Task<List<(string? WriteId, ETag ETag, string? QueuePlace)>> ReadWrittenAsync(Project project,
        List<UpdatePlan> plans, CancellationToken cancellationToken)
    {
        var rows = await Task.WhenAll(plans.Select(p => tables.Tasks.GetEntityIfExistsAsync<TableEntity>(
            TaskRows.PartitionOf(project, p.Updated.TaskId), TaskKeys.TaskRow(p.Updated.TaskId),
            cancellationToken: cancellationToken)));
        return rows.Select(r => r.HasValue
            ? (r.Value!.GetString(WriteIdProperty), r.Value.ETag, r.Value.GetString("QueueRow"))
            : ((string?)null, ETag.All, (string?)null)).ToList();
    }

    /// <summary>
    /// Creates tasks that do not exist yet; tasks whose id (name) is taken are returned as existing, untouched.
    /// Safe to repeat: a second run of the same tasks creates nothing.
    /// </summary>
    public async Task<CreatedTasks> CreateAsync(Project project,
        IReadOnlyList<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> tasks,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var created = new List<StoredTask>();
        var existing = new List<AnnotationTask>();
        var gate = new object();
        // Pre-assigned tasks' queue rows go first (as for every write), a person's rows batched together.
        var queueRows = tasks.Where(t => TaskRows.NeedsQueueRow(t.Task))
            .ToDictionary(t => t.Task.TaskId, t => TaskKeys.QueueRow(TaskRows.StageIndex(project, t.Task), t.Task));
        await queues.WriteManyAsync(project,
            tasks.Select(t => t.Task).Where(t => queueRows.ContainsKey(t.TaskId)).Select(t => (t, queueRows[t.TaskId])),
            cancellationToken);

        var byShard = tasks.GroupBy(t => TaskIdentity.ShardOf(t.Task.TaskId, project.ShardCount));
        await Parallel.ForEachAsync(byShard,
            StorageParallelism.Options(StorageParallelism.Batches, cancellationToken), async (shard, ct) =>
        {
            var partition = TaskKeys.Partition(project.ProjectId, shard.Key);
            // One counter change row per transaction counts all of its tasks.
            var batches = BatchBudget.Split(shard.ToList(),
                t => CreationEntities(project, partition, t.Task, t.Events, queueRows, "", clock.GetUtcNow()).ToList(),
                reservedRows: 1);
            foreach (var batch in batches)
            {
                await creationGate.WaitAsync(ct);
                List<StoredTask> made;
                List<AnnotationTask> found;
                try
                {
                    (made, found) = await CreateBatchAsync(project, partition, batch, queueRows, ct);
                }
                finally
                {
                    creationGate.Release();
                }
                lock (gate)
                {
                    created.AddRange(made);
                    existing.AddRange(found);
                }
            }
        });
        foreach (var stageIndex in created.Where(t => t.Task.Status == AnnotationTaskStatus.Unassigned)
                     .Select(t => TaskRows.StageIndex(project, t.Task)).Distinct())
            poolCandidates.Invalidate(project.ProjectId, stageIndex);
        return new CreatedTasks(created, existing);
    }

    /// <summary>Every row a new task starts with, its own task row first and its feed row last.</summary>
    /// <param name="now">When the batch is written: the feed row's place (taken as late as possible, so that a
    /// batch that waited for its turn does not land behind what readers of the feed have passed).</param>
    static IEnumerable<TableEntity> CreationEntities(Project project, string partition, AnnotationTask task,
        IReadOnlyList<TaskEvent> events, IReadOnlyDictionary<string, string> queueRows, string writeId,
        DateTimeOffset now)
    {
        yield return TaskEntity(partition, task, queueRows.GetValueOrDefault(task.TaskId), writeId);
        foreach (var row in TaskRows.ExpectedShardRows(project, task)) yield return row;
        foreach (var e in EventEntities(partition, task, events)) yield return e;
        yield return FeedRows.Of(partition, task, TaskOutboundEvents.OfCreation(events), now)!;
    }

    async Task<(List<StoredTask> Created, List<AnnotationTask> Existing)> CreateBatchAsync(Project project,
        string partition,
        List<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> batch,
        IReadOnlyDictionary<string, string> queueRows, CancellationToken cancellationToken)
    {
        var existing = new List<AnnotationTask>();
        var createdEarlier = new List<StoredTask>();

        while (batch.Count > 0)
        {
            var writeId = NewWriteId();
            var now = clock.GetUtcNow();
            var actions = batch.SelectMany(t =>
                CreationEntities(project, partition, t.Task, t.Events, queueRows, writeId, now))
                .Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)).ToList();
            if (CounterIndex.ChangeEntity(partition, batch.Select(t => (TaskRows.CounterKeyOf(project, t.Task), 1)),
                clock.GetUtcNow()) is { } counted)
                actions.Add(new(TableTransactionActionType.Add, counted));
            try
            {
                var response = await WithinFeedWindowAsync(now,
                    () => tables.Tasks.SubmitTransactionAsync(actions, cancellationToken));
                var etags = response.Value.Where((_, i) =>
                    actions[i].Entity.RowKey.StartsWith(TaskKeys.TaskRowPrefix, StringComparison.Ordinal))
                    .Select(r => r.Headers.ETag ?? ETag.All).ToList();
                var made = batch.Select((t, i) =>
                    new StoredTask(t.Task, Versions.Of(etags[i]), queueRows.GetValueOrDefault(t.Task.TaskId)));
                return ([.. createdEarlier, .. made], existing);
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 409)
            {
                // Some of these names exist already: find which, keep them as they are, and create the rest. A task
                // that carries this batch's write id was created by it: the reply was lost and the SDK's retry found
                // it.
                var found = await Task.WhenAll(batch.Select(t =>
                    tables.Tasks.GetEntityIfExistsAsync<TableEntity>(partition, TaskKeys.TaskRow(t.Task.TaskId),
                        cancellationToken: cancellationToken)));
                var taken = new HashSet<string>();
                foreach (var entity in found.Where(f => f.HasValue).Select(f => f.Value!))
                {
                    var stored = TaskReader.ToStored(entity);
                    taken.Add(stored.Task.TaskId);
                    if (entity.GetString(WriteIdProperty) == writeId)
                    {
                        createdEarlier.Add(stored);
                        continue;
                    }
                    existing.Add(stored.Task);
                    if (queueRows.TryGetValue(stored.Task.TaskId, out var orphan) && stored.QueuePlace != orphan)
                        await queues.DeleteQuietlyAsync(project,
                            batch.First(t => t.Task.TaskId == stored.Task.TaskId).Task.Assignee!, orphan, ETag.All);
                }
                if (taken.Count == 0) throw;
                batch = batch.Where(t => !taken.Contains(t.Task.TaskId)).ToList();
            }
        }
        return (createdEarlier, existing);
    }

    /// <summary>
    /// Index rows (<see cref="TaskRows.ExpectedShardRows"/>) change with their task: rows only its old state requires
    /// are deleted; rows its new state requires are written unless the old state had them alike (a listing row
    /// carries the task's name, stage and status, so the same key can need new properties).
    /// </summary>
    static void AddIndexChanges(List<TableTransactionAction> actions, IReadOnlyList<TableEntity> oldRows,
        IReadOnlyList<TableEntity> newRows)
    {
        var before = oldRows.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var afterKeys = newRows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in oldRows.Where(r => !afterKeys.Contains(r.RowKey)))
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(gone.PartitionKey, gone.RowKey),
                ETag.All));
        foreach (var row in newRows)
            if (!before.TryGetValue(row.RowKey, out var old) || !SameProperties(old, row))
                actions.Add(new(TableTransactionActionType.UpsertReplace, row));
    }

    static bool SameProperties(TableEntity a, TableEntity b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var value) && Equals(p.Value, value));

    /// <summary>
    /// Marks the write that produced a task row, so a writer whose reply was lost can recognise its own write.
    /// </summary>
    const string WriteIdProperty = "WriteId";

    static string NewWriteId() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>
    /// Submits a batch that carries feed rows placed at <paramref name="placed"/> (the earliest of them): no attempt at
    /// it is sent later than half the feed's settle time after that, so that it has committed (or failed) before the
    /// feed shows its place to readers, who will not look back.
    /// </summary>
    Task<T> WithinFeedWindowAsync<T>(DateTimeOffset? placed, Func<Task<T>> submit) =>
        FeedWindow.SubmitAsync(placed, events.Value.FeedSettle, submit);

    static TableEntity TaskEntity(string partition, AnnotationTask task, string? queueRow, string writeId)
    {
        var entity = TaskEntityMapper.ToEntity(partition, task);
        if (queueRow is not null) entity["QueueRow"] = queueRow;
        entity[WriteIdProperty] = writeId;
        entity[TaskReader.IndexedProperty] = true;
        return entity;
    }

    static IEnumerable<TableTransactionAction> EventActions(string partition, AnnotationTask task,
        IReadOnlyList<TaskEvent> events) =>
        EventEntities(partition, task, events)
            .Select(e => new TableTransactionAction(TableTransactionActionType.Add, e));

    static IEnumerable<TableEntity> EventEntities(string partition, AnnotationTask task,
        IReadOnlyList<TaskEvent> events) =>
        events.Select((e, i) => new TableEntity(partition, TaskKeys.EventRow(task.TaskId, task.Version, i))
        {
            ["Type"] = e.Type,
            ["Actor"] = e.Actor,
            ["How"] = e.How,
            ["At"] = e.At,
            ["Details"] = JsonSerializer.Serialize(e.Details, Json),
        });
}
