using Azure.Data.Tables;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;

namespace Docket.Storage.Events;

/// <summary>The feed rows of a shard: one range query from a position, as many rows as asked for.</summary>
public sealed class EventFeedStore(DocketTables tables) : IEventFeed
{
    public async Task<IReadOnlyList<FeedEntry>> ReadShardAsync(Project project, int shard, string? from,
        DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
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

    public async Task<FeedEntry?> ReadEntryAsync(Project project, string taskId, string position,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));
        var found = await tables.Tasks.GetEntityIfExistsAsync<TableEntity>(partition, position,
            cancellationToken: cancellationToken);
        return found.HasValue ? FeedRows.Read(found.Value!) : null;
    }

    public string PositionAt(DateTimeOffset instant) => TaskKeys.FeedRowsUntil(instant);
}
