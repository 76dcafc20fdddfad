using Azure.Data.Tables;
using Docket.Application.Stats;
using Docket.Domain.DataPage;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>Which index rows a task has in its state: the rules every writer and every checker share.</summary>
public static class TaskRows
{
    /// <summary>Tasks in a queue are named by a queue row; a task with a pending move is in nobody's queue.</summary>
    public static bool NeedsQueueRow(AnnotationTask task) =>
        task.Assignee is not null && task.Status.IsInQueue() && task.PendingMove is null;

    public static string? PoolRowOf(Project project, AnnotationTask task) =>
        task.Status == AnnotationTaskStatus.Unassigned && task.PendingMove is null
            ? TaskKeys.PoolRow(StageIndex(project, task), task)
            : null;

    public static string? MoveRowOf(AnnotationTask task) => task.PendingMove is null ? null : TaskKeys.MoveRow(task);

    /// <summary>
    /// Every index row the task's state requires beside it in its own shard partition — its pool row, its
    /// pending-move row and, once it is indexed (<paramref name="listed"/>), its listing rows — as written. Batches
    /// write exactly these with the task and the consistency check expects exactly these, so a row family added
    /// here is written and checked alike.
    /// </summary>
    public static IReadOnlyList<TableEntity> ExpectedShardRows(Project project, AnnotationTask task, bool listed = true)
    {
        var partition = PartitionOf(project, task.TaskId);
        var rows = new List<TableEntity>(6);
        if (PoolRowOf(project, task) is { } poolRow) rows.Add(IndexEntity(partition, poolRow, task));
        if (MoveRowOf(task) is { } moveRow) rows.Add(IndexEntity(partition, moveRow, task));
        if (listed)
            foreach (var (rowKey, properties) in ListingRowsOf(task))
                rows.Add(ListingEntity(partition, rowKey, properties));
        return rows;
    }

    public static int StageIndex(Project project, AnnotationTask task) =>
        project.Workflow.Find(task.StageName)?.Index
            ?? throw new InvalidOperationException($"Unknown stage '{task.StageName}'.");

    public static string PartitionOf(Project project, string taskId) =>
        TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));

    /// <summary>
    /// The Data Page's listing rows of a task in its state, each with the properties pages are filtered by: its
    /// status view in queued order; recent order (latest finalization first, never finalized last) and, once
    /// finalized in a Label or review stage, recent order in that kind; and, when someone holds it, their own view.
    /// </summary>
    public static IReadOnlyDictionary<string, ListingProperties> ListingRowsOf(AnnotationTask task)
    {
        var properties = new ListingProperties(task.TaskId, task.Name, task.StageName, task.Status.ToString(),
            task.LastReview?.ToString(), task.Assignee);
        var view = DataPageOrder.ViewOf(task);
        var queued = DataPageOrder.QueuedKey(task);
        var rows = new Dictionary<string, ListingProperties>(StringComparer.Ordinal)
        {
            [TaskKeys.ListingRow(TaskKeys.ViewListingPrefix(view), queued, task.TaskId)] = properties,
            [TaskKeys.ListingRow(TaskKeys.RecentListingPrefix(RecentKindKey(RecentKind.Any)),
                DataPageOrder.RecentKey(task, RecentKind.Any), task.TaskId)] = properties,
        };
        foreach (var kind in new[] { RecentKind.Label, RecentKind.Review }
                     .Where(k => DataPageOrder.FinalizedAt(task, k) is not null))
            rows[TaskKeys.ListingRow(TaskKeys.RecentListingPrefix(RecentKindKey(kind)),
                DataPageOrder.RecentKey(task, kind), task.TaskId)] = properties;
        if (task.Assignee is { } assignee)
            rows[TaskKeys.ListingRow(TaskKeys.PersonViewListingPrefix(assignee, view), queued,
                task.TaskId)] = properties;
        return rows;
    }

    public static char RecentKindKey(RecentKind kind) => kind switch
    {
        RecentKind.Label => 'L',
        RecentKind.Review => 'R',
        _ => 'A',
    };

    static TableEntity IndexEntity(string partition, string rowKey, AnnotationTask task) =>
        new(partition, rowKey) { ["TaskId"] = task.TaskId };

    static TableEntity ListingEntity(string partition, string rowKey, ListingProperties properties)
    {
        var entity = new TableEntity(partition, rowKey)
        {
            ["TaskId"] = properties.TaskId,
            ["Name"] = properties.Name,
            ["Stage"] = properties.Stage,
            ["Status"] = properties.Status,
        };
        if (properties.LastReview is not null) entity["LastReview"] = properties.LastReview;
        if (properties.Assignee is not null) entity["Assignee"] = properties.Assignee;
        return entity;
    }

    /// <summary>What a task counts as in the project's statistics.</summary>
    public static CounterKey CounterKeyOf(Project project, AnnotationTask task) =>
        new(StageIndex(project, task), task.Status, task.Assignee);
}

/// <summary>
/// The properties a listing row carries, so that a page's range can be filtered without reading tasks.
/// </summary>
/// <param name="Assignee">Who holds it: a person's recent-order page filters the recent listing by it.</param>
public sealed record ListingProperties(string TaskId, string Name, string Stage, string Status, string? LastReview,
    string? Assignee);
