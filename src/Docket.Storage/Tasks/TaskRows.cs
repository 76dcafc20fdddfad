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

    public static int StageIndex(Project project, AnnotationTask task) =>
        project.Workflow.Find(task.StageName)?.Index ?? throw new InvalidOperationException($"Unknown stage '{task.StageName}'.");

    public static string PartitionOf(Project project, string taskId) =>
        TaskKeys.Partition(project.ProjectId, TaskIdentity.ShardOf(taskId, project.ShardCount));
}
