using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>
/// Reads and writes tasks so that a task, its pool row and its events always change together (one batch
/// transaction in the task's shard, guarded by the task's ETag), and a person's queue index never hides a task:
/// the new queue row is written before the batch and the old one removed after it, and readers check rows
/// against the task (<see cref="QueueRowMatches"/>).
/// </summary>
public sealed class TaskStore(DocketTables tables, PoolCandidates poolCandidates)
{
    /// <summary>A queue row the task does not name is only deleted once it is this old: a writer may be between its two steps.</summary>
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(2);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<StoredTask?> GetAsync(Project project, string taskId, CancellationToken cancellationToken)
    {
        if (!TaskIdentity.IsWellFormed(taskId)) return null;
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tasks.GetEntityIfExistsAsync<TableEntity>(PartitionOf(project, taskId), TaskKeys.TaskRow(taskId), cancellationToken: cancellationToken);
        return found.HasValue ? ToStored(found.Value!) : null;
    }

    /// <summary>Several tasks by id, in the order asked, with a bounded number of reads in flight.</summary>
    public async Task<StoredTask?[]> GetManyAsync(Project project, IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var found = new StoredTask?[taskIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, taskIds.Count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
            async (i, ct) => found[i] = await GetAsync(project, taskIds[i], ct));
        return found;
    }

    /// <summary>Writes a new state of an existing task; null when someone else changed it first (read it again).</summary>
    /// <param name="queueRowWritten">A queue row the caller already wrote for the new state (see <see cref="WriteClaimQueueRowAsync"/>).</param>
    public async Task<StoredTask?> TryUpdateAsync(Project project, StoredTask current, AnnotationTask updated, IReadOnlyList<TaskEvent> events,
        CancellationToken cancellationToken, string? queueRowWritten = null)
    {
        var plan = Plan(project, current, updated, events, queueRowWritten);
        if (plan.WritesQueueRow && plan.NewQueueRow != queueRowWritten)
            await WriteQueueRowAsync(project, plan.Updated, plan.NewQueueRow!, cancellationToken);
        return (await SubmitAsync(project, [plan], cancellationToken))?[0];
    }

    /// <summary>
    /// Writes new states of several tasks of one shard in one batch transaction (at most 100 rows in all): all of
    /// them, or — when any was changed by someone else first — none (null), and the caller goes task by task.
    /// </summary>
    public async Task<IReadOnlyList<StoredTask>?> TryUpdateManyAsync(Project project,
        IReadOnlyList<(StoredTask Current, AnnotationTask Updated, IReadOnlyList<TaskEvent> Events)> changes, CancellationToken cancellationToken)
    {
        var plans = changes.Select(c => Plan(project, c.Current, c.Updated, c.Events, null)).ToList();
        await WriteQueueRowsAsync(project, plans.Where(p => p.WritesQueueRow).Select(p => (p.Updated, p.NewQueueRow!)), cancellationToken);
        return await SubmitAsync(project, plans, cancellationToken);
    }

    /// <summary>What writing a task's new state takes: its rows in the batch, and where its queue row goes.</summary>
    sealed record UpdatePlan(StoredTask Current, AnnotationTask Updated, string? NewQueueRow, bool WritesQueueRow,
        List<TableTransactionAction> Actions, string? OldPoolRow, string? NewPoolRow);

    UpdatePlan Plan(Project project, StoredTask current, AnnotationTask updated, IReadOnlyList<TaskEvent> events, string? queueRowWritten)
    {
        updated = updated with { Version = current.Task.Version + 1 };
        var partition = PartitionOf(project, updated.TaskId);
        var keepsQueuePlace = current.QueueRow is not null && NeedsQueueRow(updated) &&
                              current.Task.Assignee == updated.Assignee && current.Task.StageName == updated.StageName &&
                              OrderKeys.QueuePosition(current.Task) == OrderKeys.QueuePosition(updated);
        var preWrittenFits = queueRowWritten is not null && NeedsQueueRow(updated) &&
                             queueRowWritten.StartsWith(TaskKeys.QueueRowPrefix(StageIndex(project, updated), updated), StringComparison.Ordinal);
        var newQueueRow = !NeedsQueueRow(updated) ? null
            : keepsQueuePlace ? current.QueueRow
            : preWrittenFits ? queueRowWritten
            : TaskKeys.QueueRow(StageIndex(project, updated), updated);

        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, TaskEntity(partition, updated, newQueueRow), current.ETag),
        };
        var oldPoolRow = PoolRowOf(project, current.Task);
        var newPoolRow = PoolRowOf(project, updated);
        AddIndexChange(actions, partition, oldPoolRow, newPoolRow, updated);
        AddIndexChange(actions, partition, MoveRowOf(current.Task), MoveRowOf(updated), updated);
        actions.AddRange(EventActions(partition, updated, events));
        return new UpdatePlan(current, updated, newQueueRow, newQueueRow is not null && newQueueRow != current.QueueRow, actions, oldPoolRow, newPoolRow);
    }

    /// <summary>Submits the plans' rows as one transaction, then removes the queue rows the tasks no longer name.</summary>
    async Task<List<StoredTask>?> SubmitAsync(Project project, List<UpdatePlan> plans, CancellationToken cancellationToken)
    {
        List<ETag> etags;
        try
        {
            var response = await tables.Tasks.SubmitTransactionAsync(plans.SelectMany(p => p.Actions), cancellationToken);
            // Each plan's first row is its task: its ETag guards the next write.
            var firstRows = plans.Select((_, i) => plans.Take(i).Sum(p => p.Actions.Count)).ToList();
            etags = firstRows.Select(index => response.Value[index].Headers.ETag ?? ETag.All).ToList();
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            foreach (var plan in plans.Where(p => p.WritesQueueRow))
                await DeleteQueueRowQuietlyAsync(project, plan.Updated.Assignee!, plan.NewQueueRow!, ETag.All);
            return null;
        }

        foreach (var stageIndex in plans.Where(p => p.NewPoolRow is not null && p.NewPoolRow != p.OldPoolRow).Select(p => StageIndex(project, p.Updated)).Distinct())
            poolCandidates.Invalidate(project.ProjectId, stageIndex);
        foreach (var plan in plans.Where(p => p.Current.QueueRow is not null && p.Current.QueueRow != p.NewQueueRow))
            await DeleteQueueRowQuietlyAsync(project, plan.Current.Task.Assignee!, plan.Current.QueueRow!, ETag.All);
        return plans.Select((p, i) => new StoredTask(p.Updated, etags[i], p.NewQueueRow)).ToList();
    }

    public sealed record CreateResult(IReadOnlyList<StoredTask> Created, IReadOnlyList<AnnotationTask> Existing);

    /// <summary>
    /// Creates tasks that do not exist yet; tasks whose id (name) is taken are returned as existing, untouched.
    /// Safe to repeat: a second run of the same tasks creates nothing.
    /// </summary>
    public async Task<CreateResult> CreateAsync(Project project, IReadOnlyList<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> tasks, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var created = new List<StoredTask>();
        var existing = new List<AnnotationTask>();
        var gate = new object();
        // Pre-assigned tasks' queue rows go first (as for every write), a person's rows batched together.
        var queueRows = tasks.Where(t => NeedsQueueRow(t.Task)).ToDictionary(t => t.Task.TaskId, t => TaskKeys.QueueRow(StageIndex(project, t.Task), t.Task));
        await WriteQueueRowsAsync(project, tasks.Select(t => t.Task).Where(t => queueRows.ContainsKey(t.TaskId)).Select(t => (t, queueRows[t.TaskId])), cancellationToken);

        var byShard = tasks.GroupBy(t => TaskIdentity.ShardOf(t.Task.TaskId, project.ShardCount));
        await Parallel.ForEachAsync(byShard, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (shard, ct) =>
        {
            foreach (var batch in Batches(project, shard.ToList()))
            {
                var (made, found) = await CreateBatchAsync(project, TaskKeys.Partition(project.ProjectId, shard.Key), batch, queueRows, ct);
                lock (gate)
                {
                    created.AddRange(made);
                    existing.AddRange(found);
                }
            }
        });
        foreach (var stageIndex in created.Where(t => t.Task.Status == AnnotationTaskStatus.Unassigned).Select(t => StageIndex(project, t.Task)).Distinct())
            poolCandidates.Invalidate(project.ProjectId, stageIndex);
        return new CreateResult(created, existing);
    }

    async Task<(List<StoredTask> Created, List<AnnotationTask> Existing)> CreateBatchAsync(Project project, string partition,
        List<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> batch, IReadOnlyDictionary<string, string> queueRows, CancellationToken cancellationToken)
    {
        var existing = new List<AnnotationTask>();

        while (batch.Count > 0)
        {
            var actions = new List<TableTransactionAction>();
            foreach (var (task, events) in batch)
            {
                queueRows.TryGetValue(task.TaskId, out var queueRow);
                actions.Add(new(TableTransactionActionType.Add, TaskEntity(partition, task, queueRow)));
                if (PoolRowOf(project, task) is { } poolRow) actions.Add(new(TableTransactionActionType.Add, IndexEntity(partition, poolRow, task)));
                actions.AddRange(EventActions(partition, task, events));
            }
            try
            {
                var response = await tables.Tasks.SubmitTransactionAsync(actions, cancellationToken);
                var etags = response.Value.Where((_, i) => actions[i].Entity.RowKey.StartsWith(TaskKeys.TaskRowPrefix, StringComparison.Ordinal))
                    .Select(r => r.Headers.ETag ?? ETag.All).ToList();
                return (batch.Select((t, i) => new StoredTask(t.Task, etags[i], queueRows.GetValueOrDefault(t.Task.TaskId))).ToList(), existing);
            }
            catch (TableTransactionFailedException exception) when (exception.Status == 409)
            {
                // Some of these names exist already: find which, keep them as they are, and create the rest.
                var found = await Task.WhenAll(batch.Select(t => tables.Tasks.GetEntityIfExistsAsync<TableEntity>(partition, TaskKeys.TaskRow(t.Task.TaskId), cancellationToken: cancellationToken)));
                var taken = new HashSet<string>();
                foreach (var entity in found.Where(f => f.HasValue).Select(f => f.Value!))
                {
                    var task = TaskEntityMapper.ToTask(entity);
                    taken.Add(task.TaskId);
                    existing.Add(task);
                    if (queueRows.TryGetValue(task.TaskId, out var orphan))
                        await DeleteQueueRowQuietlyAsync(project, batch.First(t => t.Task.TaskId == task.TaskId).Task.Assignee!, orphan, ETag.All);
                }
                if (taken.Count == 0) throw;
                batch = batch.Where(t => !taken.Contains(t.Task.TaskId)).ToList();
            }
        }
        return ([], existing);
    }

    /// <summary>The rows of a person's queue in one stage, in queue order (unchecked: see <see cref="QueueRowMatches"/>).</summary>
    public async Task<List<QueueEntry>> ReadQueueAsync(Project project, string email, int stageIndex, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.QueuePartition(project.ProjectId, email);
        var from = TaskKeys.QueueStagePrefix(stageIndex);
        var to = TaskKeys.PrefixEnd(from);
        var entries = new List<QueueEntry>();
        await foreach (var row in tables.Queues.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, cancellationToken: cancellationToken))
            entries.Add(new QueueEntry(row.RowKey, row.GetString("TaskId"), row.GetInt32("Shard") ?? 0, row.ETag, row.Timestamp ?? DateTimeOffset.MinValue));
        return entries;
    }

    /// <summary>Every queue row of the project, by person: the index of who holds what, without reading the tasks.</summary>
    public async Task<List<(string Email, QueueEntry Entry)>> ReadAllQueuesAsync(Project project, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var from = project.ProjectId + "|";
        var to = project.ProjectId + "}"; // '}' follows '|': every "{projectId}|…" partition sorts before it
        var rows = new List<(string, QueueEntry)>();
        await foreach (var row in tables.Queues.QueryAsync<TableEntity>(
                           e => e.PartitionKey.CompareTo(from) >= 0 && e.PartitionKey.CompareTo(to) < 0, cancellationToken: cancellationToken))
        {
            var email = Keys.KeyEncoding.Unescape(row.PartitionKey[from.Length..]);
            rows.Add((email, new QueueEntry(row.RowKey, row.GetString("TaskId"), row.GetInt32("Shard") ?? 0, row.ETag, row.Timestamp ?? DateTimeOffset.MinValue)));
        }
        return rows;
    }

    /// <summary>Whether a queue row is the one the task names for its current place in that person's queue.</summary>
    public static bool QueueRowMatches(QueueEntry entry, StoredTask? task, string email) =>
        task is not null && task.QueueRow == entry.RowKey && task.Task.Assignee == email && NeedsQueueRow(task.Task);

    /// <summary>Deletes a queue row no task names, once it is old enough that no writer can still be about to claim it.</summary>
    public async Task RemoveOrphanAsync(Project project, string email, QueueEntry entry, DateTimeOffset now)
    {
        if (now - entry.WrittenAt > OrphanGrace)
            await DeleteQueueRowQuietlyAsync(project, email, entry.RowKey, entry.ETag);
    }

    /// <summary>The first rows of a stage's pool in one shard, best first.</summary>
    public async Task<List<string>> ReadPoolAsync(Project project, int shard, int stageIndex, int take, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var from = TaskKeys.PoolPrefix(stageIndex);
        var to = TaskKeys.PrefixEnd(from);
        var rows = new List<string>(take);
        var pages = tables.Tasks.QueryAsync<TableEntity>(e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0,
            maxPerPage: take, select: ["RowKey"], cancellationToken: cancellationToken).AsPages();
        await foreach (var page in pages)
        {
            rows.AddRange(page.Values.Select(v => v.RowKey).Take(take - rows.Count));
            break;
        }
        return rows;
    }

    /// <summary>The columns that decide a task's place and filters on the Data Page: everything but its content.</summary>
    static readonly string[] SummaryColumns =
        ["TaskId", "Name", "Stage", "Status", "Assignee", "AssignedBy", "Priority", "CreatedAt", "QueuedAt", "UpdatedAt", "Version", "LastReview"];

    /// <summary>
    /// Every task of the project matching an OData filter on task properties (or all), shard by shard, as summaries
    /// (no series, metadata or other content): read the page's tasks whole afterwards.
    /// </summary>
    public async IAsyncEnumerable<AnnotationTask> ScanSummariesAsync(Project project, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        for (var shard = 0; shard < project.ShardCount; shard++)
        {
            var partition = TaskKeys.Partition(project.ProjectId, shard);
            var query = $"PartitionKey eq '{partition}' and RowKey ge 't|' and RowKey lt 't|~'" + (filter is null ? "" : $" and ({filter})");
            await foreach (var entity in tables.Tasks.QueryAsync<TableEntity>(query, select: SummaryColumns, cancellationToken: cancellationToken))
                yield return TaskEntityMapper.ToTask(entity);
        }
    }

    public async Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(Project project, string taskId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = PartitionOf(project, taskId);
        var from = TaskKeys.EventPrefix(taskId);
        var to = TaskKeys.PrefixEnd(from);
        var events = new List<TaskEvent>();
        await foreach (var row in tables.Tasks.QueryAsync<TableEntity>(
                           e => e.PartitionKey == partition && e.RowKey.CompareTo(from) >= 0 && e.RowKey.CompareTo(to) < 0, cancellationToken: cancellationToken))
        {
            events.Add(new TaskEvent(row.GetString("Type"), row.GetString("Actor"), row.GetString("How"),
                row.GetDateTimeOffset("At") ?? default,
                JsonSerializer.Deserialize<Dictionary<string, string?>>(row.GetString("Details") ?? "{}", Json)!));
        }
        return events;
    }

    /// <summary>The tasks of every shard whose stage move was decided before <paramref name="before"/> and is still pending.</summary>
    public async Task<List<string>> ReadPendingMovesAsync(Project project, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var taskIds = new List<string>();
        var to = TaskKeys.MoveRowsBefore(before);
        for (var shard = 0; shard < project.ShardCount; shard++)
        {
            var partition = TaskKeys.Partition(project.ProjectId, shard);
            await foreach (var row in tables.Tasks.QueryAsync<TableEntity>(
                               e => e.PartitionKey == partition && e.RowKey.CompareTo(TaskKeys.MovePrefix) >= 0 && e.RowKey.CompareTo(to) < 0,
                               select: ["TaskId"], cancellationToken: cancellationToken))
                taskIds.Add(row.GetString("TaskId"));
        }
        return taskIds;
    }

    /// <summary>Tasks in a queue are named by a queue row; a task with a pending move is in nobody's queue.</summary>
    public static bool NeedsQueueRow(AnnotationTask task) => task.Assignee is not null && task.Status.IsInQueue() && task.PendingMove is null;

    public static int StageIndex(Project project, AnnotationTask task) =>
        project.Workflow.Find(task.StageName)?.Index ?? throw new InvalidOperationException($"Unknown stage '{task.StageName}'.");

    public static string? PoolRowOf(Project project, AnnotationTask task) =>
        task.Status == AnnotationTaskStatus.Unassigned && task.PendingMove is null ? TaskKeys.PoolRow(StageIndex(project, task), task) : null;

    static string? MoveRowOf(AnnotationTask task) => task.PendingMove is null ? null : TaskKeys.MoveRow(task);

    /// <summary>Index rows (pool, pending move) change with their task: the old one deleted, the new one written.</summary>
    static void AddIndexChange(List<TableTransactionAction> actions, string partition, string? oldRow, string? newRow, AnnotationTask task)
    {
        if (oldRow == newRow) return;
        if (oldRow is not null) actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, oldRow), ETag.All));
        if (newRow is not null) actions.Add(new(TableTransactionActionType.UpsertReplace, IndexEntity(partition, newRow, task)));
    }

    static string PartitionOf(Project project, string taskId) =>
        TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));

    static TableEntity TaskEntity(string partition, AnnotationTask task, string? queueRow)
    {
        var entity = TaskEntityMapper.ToEntity(partition, task);
        if (queueRow is not null) entity["QueueRow"] = queueRow;
        return entity;
    }

    static TableEntity IndexEntity(string partition, string rowKey, AnnotationTask task) =>
        new(partition, rowKey) { ["TaskId"] = task.TaskId };

    static IEnumerable<TableTransactionAction> EventActions(string partition, AnnotationTask task, IReadOnlyList<TaskEvent> events) =>
        events.Select((e, i) => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, TaskKeys.EventRow(task.TaskId, task.Version, i))
        {
            ["Type"] = e.Type,
            ["Actor"] = e.Actor,
            ["How"] = e.How,
            ["At"] = e.At,
            ["Details"] = JsonSerializer.Serialize(e.Details, Json),
        }));

    async Task WriteQueueRowAsync(Project project, AnnotationTask task, string rowKey, CancellationToken cancellationToken) =>
        await tables.Queues.UpsertEntityAsync(QueueEntity(project, task.TaskId, task.Assignee!, rowKey), TableUpdateMode.Replace, cancellationToken);

    async Task WriteQueueRowsAsync(Project project, IEnumerable<(AnnotationTask Task, string RowKey)> rows, CancellationToken cancellationToken)
    {
        var batches = rows.GroupBy(r => r.Task.Assignee!).SelectMany(person => person.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
            await tables.Queues.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                QueueEntity(project, r.Task.TaskId, r.Task.Assignee!, r.RowKey))), ct));
    }

    /// <summary>
    /// Claims write the caller's queue row while the candidate task is being read: its place is known from the
    /// pool row. <see cref="TryUpdateAsync"/> uses it if the task turns out as the pool row said.
    /// </summary>
    public async Task<string> WriteClaimQueueRowAsync(Project project, int stageIndex, PoolCandidate candidate, string email, CancellationToken cancellationToken)
    {
        var rowKey = TaskKeys.QueueRowForClaim(stageIndex, candidate.RowKey);
        await tables.Queues.UpsertEntityAsync(QueueEntity(project, candidate.TaskId, email, rowKey), TableUpdateMode.Replace, cancellationToken);
        return rowKey;
    }

    public Task DeleteClaimQueueRowAsync(Project project, string email, string rowKey) => DeleteQueueRowQuietlyAsync(project, email, rowKey, ETag.All);

    static TableEntity QueueEntity(Project project, string taskId, string email, string rowKey) =>
        new(TaskKeys.QueuePartition(project.ProjectId, email), rowKey)
        {
            ["TaskId"] = taskId,
            ["Shard"] = TaskIdentity.ShardOf(taskId, project.ShardCount),
        };

    async Task DeleteQueueRowQuietlyAsync(Project project, string email, string rowKey, ETag etag)
    {
        try
        {
            await tables.Queues.DeleteEntityAsync(TaskKeys.QueuePartition(project.ProjectId, email), rowKey, etag, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Left behind, the row is an orphan that readers recognise and remove later.
        }
    }

    /// <summary>Splits creations into batch transactions within the service's limits: 100 rows and 4 MiB.</summary>
    static IEnumerable<List<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)>> Batches(Project project, List<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> tasks)
    {
        const int maxRows = 100;
        const long maxBytes = 3_000_000;
        var batch = new List<(AnnotationTask, IReadOnlyList<TaskEvent>)>();
        var rows = 0;
        long bytes = 0;
        foreach (var item in tasks)
        {
            var neededRows = 1 + (PoolRowOf(project, item.Task) is null ? 0 : 1) + item.Events.Count;
            // UTF-16 on the wire counts two bytes a character; 2 KiB covers keys and the small properties.
            var neededBytes = 2L * (item.Task.SeriesJson.Length + item.Task.Name.Length + (item.Task.ClassificationJson?.Length ?? 0)
                                    + item.Task.MetaData.Sum(m => m.Key.Length + m.Value.Length)) + 2048 * neededRows;
            if (batch.Count > 0 && (rows + neededRows > maxRows || bytes + neededBytes > maxBytes))
            {
                yield return batch;
                batch = [];
                rows = 0;
                bytes = 0;
            }
            batch.Add(item);
            rows += neededRows;
            bytes += neededBytes;
        }
        if (batch.Count > 0) yield return batch;
    }

    static StoredTask ToStored(TableEntity entity) => new(TaskEntityMapper.ToTask(entity), entity.ETag, entity.GetString("QueueRow"));
}
