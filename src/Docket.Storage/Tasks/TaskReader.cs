using System.Text.Json;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Storage.Connection;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>
/// Reads tasks and what lives beside them in their shard: the task row, its events, pending-move rows.
/// </summary>
public sealed class TaskReader(DocketTables tables) : ITaskReader
{
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<StoredTask?> GetAsync(Project project, string taskId, CancellationToken cancellationToken)
    {
        if (!TaskIdentity.IsWellFormed(taskId)) return null;
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Tasks.GetEntityIfExistsAsync<TableEntity>(
            TaskRows.PartitionOf(project, taskId), TaskKeys.TaskRow(taskId), cancellationToken: cancellationToken);
        return found.HasValue ? ToStored(found.Value!) : null;
    }

    /// <summary>Several tasks by id, in the order asked, with a bounded number of reads in flight.</summary>
    public async Task<StoredTask?[]> GetManyAsync(Project project, IReadOnlyList<string> taskIds,
        CancellationToken cancellationToken)
    {
        var found = new StoredTask?[taskIds.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, taskIds.Count),
            StorageParallelism.Options(StorageParallelism.PointReads, cancellationToken),
            async (i, ct) => found[i] = await GetAsync(project, taskIds[i], ct));
        return found;
    }

    public async Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(Project project, string taskId,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskRows.PartitionOf(project, taskId);
        var events = new List<TaskEvent>();
        await foreach (var row in tables.Tasks.QueryPrefixAsync(partition, TaskKeys.EventPrefix(taskId),
                           cancellationToken: cancellationToken))
        {
            events.Add(new TaskEvent(row.GetString("Type"), row.GetString("Actor"), row.GetString("How"),
                row.GetDateTimeOffset("At") ?? default,
                JsonSerializer.Deserialize<Dictionary<string, string?>>(row.GetString("Details") ?? "{}", Json)!));
        }
        return events;
    }

    /// <summary>
    /// One page of a shard's task rows, in key order, after <paramref name="continuation"/> (a previous page's); the
    /// next page's continuation, or null after the last.
    /// </summary>
    public async Task<(IReadOnlyList<StoredTask> Tasks, string? Continuation)> ReadPageAsync(Project project, int shard,
        string? continuation, int take, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = TaskKeys.Partition(project.ProjectId, shard);
        var pages = tables.Tasks.QueryPrefixAsync(partition, TaskKeys.TaskRowPrefix, maxPerPage: take,
            cancellationToken: cancellationToken).AsPages(continuation, take);
        await foreach (var page in pages)
            return (page.Values.Select(ToStored).ToList(), page.ContinuationToken);
        return ([], null);
    }

    /// <summary>Set on task rows whose listing and counter rows exist (every task written by this version).</summary>
    internal const string IndexedProperty = "Indexed";

    internal static StoredTask ToStored(TableEntity entity) =>
        new(TaskEntityMapper.ToTask(entity), Versions.Of(entity.ETag), entity.GetString("QueueRow"),
            entity.GetBoolean(IndexedProperty) ?? false);
}
