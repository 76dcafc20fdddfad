using Azure;
using Azure.Data.Tables;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.StageMoves;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Domain.Events;
using Docket.Storage.Connection;
using Docket.Storage.Events;
using Docket.Storage.Tasks;
using Microsoft.Extensions.Options;

namespace Docket.Storage.Moves;

/// <summary>
/// The pending-move rows ("m|{ticks}|{taskId}" in each shard, written and deleted with their task): which moves
/// are older than they should be, and how often the sweep has re-sent each (kept on the row, so back-off survives
/// restarts and is shared by every instance).
/// </summary>
public sealed class PendingMoveIndex(DocketTables tables, IOptions<EventOptions> events) : IPendingMoveStore
{
    public bool IsOf(PendingMoveEntry entry, AnnotationTask task) => TaskRows.MoveRowOf(task) == entry.Position;

    /// <summary>The pending moves of every shard decided at or before <paramref name="until"/>.</summary>
    public async Task<List<PendingMoveEntry>> ReadDecidedUntilAsync(Project project, DateTimeOffset until,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var entries = new List<PendingMoveEntry>();
        var to = TaskKeys.MoveRowsUntil(until);
        for (var shard = 0; shard < project.ShardCount; shard++)
        {
            var partition = TaskKeys.Partition(project.ProjectId, shard);
            await foreach (var row in tables.Tasks.QueryAsync<TableEntity>(
                               e => e.PartitionKey == partition && e.RowKey.CompareTo(TaskKeys.MovePrefix) >= 0
                                   && e.RowKey.CompareTo(to) < 0,
                               cancellationToken: cancellationToken))
                entries.Add(ToEntry(shard, row));
        }
        return entries;
    }

    /// <summary>
    /// Records a re-send on the row (<paramref name="resends"/> 0 restarts the back-off). A row gone or changed
    /// meanwhile (the move happened, or another instance recorded first) is left as it is.
    /// </summary>
    public async Task RecordResendAsync(Project project, PendingMoveEntry entry, int resends, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var row = new TableEntity(TaskKeys.Partition(project.ProjectId, entry.Shard), entry.Position)
        {
            [ResendsProperty] = resends,
            [LastResentAtProperty] = at,
        };
        try
        {
            await tables.Tasks.UpdateEntityAsync(row, Versions.ETagOf(entry.Version), TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
        }
    }

    /// <summary>The row of the task's pending move, or null (no move pending, or its row is gone).</summary>
    public async Task<PendingMoveEntry?> FindAsync(Project project, AnnotationTask task,
        CancellationToken cancellationToken)
    {
        if (TaskRows.MoveRowOf(task) is not { } rowKey) return null;
        var shard = TaskIdentity.ShardOf(task.TaskId, project.ShardCount);
        var found = await tables.Tasks.GetEntityIfExistsAsync<TableEntity>(TaskKeys.Partition(project.ProjectId, shard),
            rowKey, cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        return ToEntry(shard, found.Value!);
    }

    public async Task<PendingMoveEntry?> ReportStuckAsync(Project project, PendingMoveEntry entry,
        AnnotationTask task, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var partition = TaskKeys.Partition(project.ProjectId, entry.Shard);
        var feedRow = FeedRows.Of(partition, task, [new TaskOutboundEvent(OutboundEventTypes.MoveStuck)], at,
            idPrefix: $"{task.TaskId}.stuck.{task.PendingMove!.MoveId}")!;
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.UpdateMerge,
                new TableEntity(partition, entry.Position) { [StuckReportedAtProperty] = at },
                Versions.ETagOf(entry.Version)),
            new(TableTransactionActionType.Add, feedRow),
        ];
        try
        {
            var response = await FeedWindow.SubmitAsync(at, events.Value.FeedSettle,
                () => tables.Tasks.SubmitTransactionAsync(actions, cancellationToken));
            return entry with
            {
                StuckReportedAt = at,
                Version = Versions.Of(response.Value[0].Headers.ETag ?? ETag.All),
            };
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 404 or 412)
        {
            return null;
        }
    }

    static PendingMoveEntry ToEntry(int shard, TableEntity row) => new(shard, row.RowKey, row.GetString("TaskId"),
        row.GetInt32(ResendsProperty) ?? 0, row.GetDateTimeOffset(LastResentAtProperty), Versions.Of(row.ETag),
        row.GetDateTimeOffset(StuckReportedAtProperty));

    const string ResendsProperty = "Resends";
    const string LastResentAtProperty = "LastResentAt";
    const string StuckReportedAtProperty = "StuckReportedAt";

    /// <summary>
    /// What the sweep keeps on a pending-move row beside what its task gives it: no task write sets them, so a
    /// comparison of the row with its task leaves them out (and a repair must not wipe the back-off).
    /// </summary>
    public static readonly IReadOnlySet<string> SweepProperties =
        new HashSet<string>(StringComparer.Ordinal)
        {
            ResendsProperty, LastResentAtProperty, StuckReportedAtProperty,
        };
}
