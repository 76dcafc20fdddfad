using Azure;
using Azure.Data.Tables;
using Docket.Application.Assignment;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Connection;
using Docket.Storage.Tasks;

namespace Docket.Storage.Queues;

/// <summary>
/// Each person's queue: one row per held task in the Queues table (partition "{projectId}|{email}"), in work
/// order. A row lives outside its task's partition, so it cannot change in the task's batch: a new row is written
/// before the batch and the old one deleted after it, and readers trust a row only when its task names it
/// (<see cref="Matches"/>). A crash between the steps leaves a stray row, never a hidden task. An entry's position is
/// its row key.
/// </summary>
public sealed class QueueIndex(DocketTables tables) : IWorkQueueStore
{
    /// <summary>
    /// A queue row the task does not name is only deleted once it is this old: a writer may be between its two steps.
    /// </summary>
    public static TimeSpan OrphanGrace => IWorkQueueStore.OrphanGrace;

    /// <summary>Whether a queue row is the one the task names for its current place in that person's queue.</summary>
    public static bool Matches(QueueEntry entry, StoredTask? task, string email) =>
        task is not null && task.QueuePlace == entry.Position && task.Task.Assignee == email
            && TaskRows.NeedsQueueRow(task.Task);

    public bool Confirms(QueueEntry entry, StoredTask? task, string email) => Matches(entry, task, email);

    /// <summary>
    /// The rows of a person's queue in one stage, in queue order (unchecked: see <see cref="Matches"/>).
    /// </summary>
    public async Task<List<QueueEntry>> ReadAsync(Project project, string email, int stageIndex,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.QueuePartition(project.ProjectId, email);
        var entries = new List<QueueEntry>();
        await foreach (var row in tables.Queues.QueryPrefixAsync(partition, TaskKeys.QueueStagePrefix(stageIndex),
                           cancellationToken: cancellationToken))
            entries.Add(ToEntry(row));
        return entries;
    }

    /// <summary>
    /// A page of a person's queue rows in a run of stages (their rows sort by stage, then work order), after the row
    /// <paramref name="after"/>; one more than asked for, so the caller knows whether another page follows.
    /// </summary>
    public async Task<List<QueueEntry>> ReadPageAsync(Project project, string email, int firstStage, int lastStage,
        string? after, int take, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.QueuePartition(project.ProjectId, email);
        var from = after ?? TaskKeys.QueueStagePrefix(firstStage);
        var to = TaskKeys.PrefixEnd(TaskKeys.QueueStagePrefix(lastStage));
        var entries = new List<QueueEntry>(take + 1);
        var query = tables.Queues.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition && e.RowKey.CompareTo(from) > 0 && e.RowKey.CompareTo(to) < 0,
            maxPerPage: take + 1, cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            entries.Add(ToEntry(row));
            if (entries.Count > take) break;
        }
        return entries;
    }

    /// <summary>
    /// Every queue row of the project, by person: the index of who holds what, without reading the tasks.
    /// </summary>
    public async Task<List<(string Email, QueueEntry Entry)>> ReadAllAsync(Project project,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var from = project.ProjectId + "|";
        var to = project.ProjectId + "}"; // '}' follows '|': every "{projectId}|…" partition sorts before it
        var rows = new List<(string, QueueEntry)>();
        await foreach (var row in tables.Queues.QueryAsync<TableEntity>(
                           e => e.PartitionKey.CompareTo(from) >= 0 && e.PartitionKey.CompareTo(to) < 0,
                           cancellationToken: cancellationToken))
            rows.Add((Keys.KeyEncoding.Unescape(row.PartitionKey[from.Length..]), ToEntry(row)));
        return rows;
    }

    /// <summary>
    /// Deletes a queue row no task names, once it is old enough that no writer can still be about to claim it.
    /// </summary>
    public async Task RemoveOrphanAsync(Project project, string email, QueueEntry entry, DateTimeOffset now)
    {
        if (now - entry.WrittenAt > OrphanGrace)
            await DeleteQuietlyAsync(project, email, entry.Position, Versions.ETagOf(entry.Version));
    }

    public async Task WriteAsync(Project project, AnnotationTask task, string rowKey,
        CancellationToken cancellationToken) =>
        await tables.Queues.UpsertEntityAsync(Entity(project, task.TaskId, task.Assignee!, rowKey),
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes several tasks' rows, one batch transaction per person and 100 rows.</summary>
    public async Task WriteManyAsync(Project project, IEnumerable<(AnnotationTask Task, string RowKey)> rows,
        CancellationToken cancellationToken)
    {
        var batches = rows.GroupBy(r => r.Task.Assignee!).SelectMany(person => person.Chunk(BatchBudget.MaxRows))
            .ToList();
        await Parallel.ForEachAsync(batches,
            StorageParallelism.Options(StorageParallelism.Batches, cancellationToken), async (batch, ct) =>
            await tables.Queues.SubmitTransactionAsync(batch.Select(r =>
                new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                Entity(project, r.Task.TaskId, r.Task.Assignee!, r.RowKey))), ct));
    }

    /// <summary>
    /// Claims write the caller's queue row while the candidate task is being read: its place is known from the
    /// pool row. <see cref="TaskWriter.TryUpdateAsync"/> uses it if the task turns out as the pool row said.
    /// </summary>
    public async Task<string> ReservePlaceAsync(Project project, int stageIndex, PoolCandidate candidate,
        string email, CancellationToken cancellationToken)
    {
        var rowKey = TaskKeys.QueueRowForClaim(stageIndex, candidate.Position);
        await tables.Queues.UpsertEntityAsync(Entity(project, candidate.TaskId, email, rowKey), TableUpdateMode.Replace,
            cancellationToken);
        return rowKey;
    }

    public Task ReleasePlaceAsync(Project project, string email, string place) =>
        DeleteQuietlyAsync(project, email, place, ETag.All);

    /// <summary>Deletes a row; one left behind is an orphan that readers recognise and remove later.</summary>
    public async Task DeleteQuietlyAsync(Project project, string email, string rowKey, ETag etag)
    {
        try
        {
            await tables.Queues.DeleteEntityAsync(TaskKeys.QueuePartition(project.ProjectId, email), rowKey, etag,
                CancellationToken.None);
        }
        catch (Exception exception) when (exception is RequestFailedException || StorageFailures.IsTransient(exception))
        {
            // Left behind, the row is an orphan that readers recognise and remove later; the write before this
            // committed, and its answer must not become an error.
        }
    }

    static TableEntity Entity(Project project, string taskId, string email, string rowKey) =>
        new(TaskKeys.QueuePartition(project.ProjectId, email), rowKey)
        {
            ["TaskId"] = taskId,
            ["Shard"] = TaskIdentity.ShardOf(taskId, project.ShardCount),
        };

    static QueueEntry ToEntry(TableEntity row) =>
        new(row.RowKey, row.GetString("TaskId"), TaskKeys.StageIndexOfQueueRow(row.RowKey),
            TaskKeys.IsSkippedQueueRow(row.RowKey), row.GetInt32("Shard") ?? 0, Versions.Of(row.ETag),
            row.Timestamp ?? DateTimeOffset.MinValue);
}
