using Docket.Domain.Items;
using Docket.Domain.Projects;

namespace Docket.Domain.Tasks;

/// <summary>Turns an items-file entry into a task in the workflow's first stage.</summary>
public static class NewTask
{
    /// <param name="queuedAt">The task's place in line: uploads give each entry its own tick, so file order breaks
    /// ties.</param>
    /// <param name="mayWork">Whether a person may hold tasks in a stage now (members can change between validation and
    /// ingestion).</param>
    public static (AnnotationTask Task, IReadOnlyList<TaskEvent> Events) FromEntry(
        ItemsFileEntry entry, Workflow workflow, DateTimeOffset createdAt, DateTimeOffset queuedAt, string? uploadId,
        string actor, Func<string, string, bool> mayWork)
    {
        var stage = workflow.First;
        var task = new AnnotationTask
        {
            TaskId = TaskIdentity.IdFor(entry.Name),
            Name = entry.Name,
            StageName = stage.Name,
            Status = AnnotationTaskStatus.Unassigned,
            Priority = entry.Priority,
            CreatedAt = createdAt,
            QueuedAt = queuedAt,
            UpdatedAt = createdAt,
            Version = 1,
            SeriesJson = entry.SeriesJson,
            MetaData = entry.MetaData,
            PreAssign = entry.PreAssign,
            ClassificationJson = entry.ClassificationJson,
            UploadId = uploadId,
            CreatedBy = actor,
        };

        if (!entry.PreAssign.TryGetValue(stage.Name, out var assignee))
            return (task, []);
        if (!mayWork(assignee, stage.Name))
            return (task, [TaskEvent.Of(TaskEventTypes.PreAssignSkipped, actor, "preAssign", createdAt,
                ("stage", stage.Name),
                ("email", assignee), ("reason", "no longer a member with access to the stage"))]);
        return (task with
        {
            Status = AnnotationTaskStatus.Assigned,
            Assignee = assignee,
            AssignedBy = AssignedBy.PreAssign
        },
            [TaskEvent.Of(TaskEventTypes.Assigned, actor, "preAssign", createdAt, ("stage", stage.Name),
                ("assignee", assignee))]);
    }
}
