using Azure.Data.Tables;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Storage.Tasks;

/// <summary>Which index rows a task has in its state: the rules every writer and every checker share.</summary>
public static class TaskRows
{
    /// <summary>Tasks in a queue are named by a queue row; a task with a pending move is in nobody's queue.</summary>
    public static bool NeedsQueueRow(AnnotationTask task) => task.Assignee is not null && task.Status.IsInQueue() && task.PendingMove is null;

    public static string? PoolRowOf(Project project, AnnotationTask task) =>
        task.Status == AnnotationTaskStatus.Unassigned && task.PendingMove is null ? TaskKeys.PoolRow(StageIndex(project, task), task) : null;

    public static string? MoveRowOf(AnnotationTask task) => task.PendingMove is null ? null : TaskKeys.MoveRow(task);

    /// <summary>
    /// Every index row the task's state requires beside it in its own shard partition (today its pool row and its
    /// pending-move row), as written. Batches write exactly these with the task and the consistency check expects
    /// exactly these, so a row family added here is written and checked alike.
    /// </summary>
    public static IReadOnlyList<TableEntity> ExpectedShardRows(Project project, AnnotationTask task)
    {
        var partition = PartitionOf(project, task.TaskId);
        var rows = new List<TableEntity>(2);
        if (PoolRowOf(project, task) is { } poolRow) rows.Add(IndexEntity(partition, poolRow, task));
        if (MoveRowOf(task) is { } moveRow) rows.Add(IndexEntity(partition, moveRow, task));
        return rows;
    }

    public static int StageIndex(Project project, AnnotationTask task) =>
        project.Workflow.Find(task.StageName)?.Index ?? throw new InvalidOperationException($"Unknown stage '{task.StageName}'.");

    public static string PartitionOf(Project project, string taskId) =>
        TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));

    static TableEntity IndexEntity(string partition, string rowKey, AnnotationTask task) =>
        new(partition, rowKey) { ["TaskId"] = task.TaskId };
}
