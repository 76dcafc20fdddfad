using Azure;
using Azure.Data.Tables;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.Upload;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;
using Microsoft.Extensions.Options;

namespace Docket.Storage.Events;

/// <summary>
/// The feed rows of a shard: one range query from a position, as many rows as asked for. The project's own events
/// (uploads) live in the Tasks table's partition "{projectId}|ev", beside the shards.
/// </summary>
public sealed class EventFeedStore(DocketTables tables, IOptions<EventOptions> options, TimeProvider clock)
    : IEventFeed
{
    public async Task<IReadOnlyList<FeedEntry>> ReadShardAsync(Project project, int shard, string? from,
        DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = shard == project.ShardCount
            ? TaskKeys.ProjectEventsPartition(project.ProjectId)
            : TaskKeys.Partition(project.ProjectId, shard);
        var until = TaskKeys.FeedRowsUntil(before);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {from ?? TaskKeys.FeedPrefix} and RowKey lt {until}");
        var entries = new List<FeedEntry>(limit);
        await foreach (var row in tables.Tasks.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit, 1000),
                           cancellationToken: cancellationToken))
        {
            entries.Add(FeedRows.Read(row));
            if (entries.Count == limit) break;
        }
        return entries;
    }

    public async Task<FeedEntry?> ReadEntryAsync(Project project, string? taskId, string position,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = taskId is null
            ? TaskKeys.ProjectEventsPartition(project.ProjectId)
            : TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));
        var found = await tables.Tasks.GetEntityIfExistsAsync<TableEntity>(partition, position,
            cancellationToken: cancellationToken);
        return found.HasValue ? FeedRows.Read(found.Value!) : null;
    }

    public string PositionAt(DateTimeOffset instant) => TaskKeys.FeedRowsUntil(instant);

    /// <summary>
    /// One batch: a marker row naming the upload and how it ended ("x|upload|{uploadId}|{ended ticks}"), which
    /// makes the event once only (a second attempt meets it: 409), and the feed row, placed now.
    /// </summary>
    public async Task<bool> AppendUploadEventAsync(Project project, UploadView upload, string type,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.ProjectEventsPartition(project.ProjectId);
        var ended = (upload.CompletedAt ?? upload.CreatedAt).UtcTicks;
        var marker = new TableEntity(partition, $"x|upload|{upload.UploadId}|{ended:D19}");
        var now = clock.GetUtcNow();
        var row = FeedRows.OfUpload(partition, upload, type, $"upload.{upload.UploadId}.{ended}", now);
        try
        {
            await FeedWindow.SubmitAsync(now, options.Value.FeedSettle, () => tables.Tasks.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, marker),
                    new TableTransactionAction(TableTransactionActionType.Add, row),
                ], cancellationToken));
            return true;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    public async Task<int> PruneAsync(Project project, DateTimeOffset before, int max,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var until = TaskKeys.FeedRowsUntil(before);
        var partitions = Enumerable.Range(0, project.ShardCount)
            .Select(shard => TaskKeys.Partition(project.ProjectId, shard))
            .Append(TaskKeys.ProjectEventsPartition(project.ProjectId));
        var deleted = 0;
        foreach (var partition in partitions)
        {
            deleted += await PartitionRows.DeleteAsync(tables.Tasks, partition, TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey ge {TaskKeys.FeedPrefix} and RowKey lt {until}"),
                max - deleted, cancellationToken);
            if (deleted >= max) return deleted;
        }
        // The markers that made each upload's event once: its record was cleaned up long before.
        var events = TaskKeys.ProjectEventsPartition(project.ProjectId);
        return deleted + await PartitionRows.DeleteAsync(tables.Tasks, events, TableClient.CreateQueryFilter(
            $"PartitionKey eq {events} and RowKey ge {"x|"} and RowKey lt {"x}"} and Timestamp lt {before}"),
            max - deleted, cancellationToken);
    }
}
