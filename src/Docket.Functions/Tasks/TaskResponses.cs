using Docket.Domain.Tasks;
using Api = Docket.Contracts;

namespace Docket.Functions.Tasks;

/// <summary>A task and its audit trail as the API shows them.</summary>
public static class TaskResponses
{
    public static Api.DocketTask From(AnnotationTask task) => new()
    {
        TaskId = task.TaskId,
        Name = task.Name,
        StageName = task.StageName,
        Status = task.Status.ToApi(),
        Assignee = task.Assignee,
        AssignedBy = task.AssignedBy?.ToApi(),
        Priority = task.Priority?.ToDecimal(),
        CreatedAt = task.CreatedAt,
        QueuedAt = task.QueuedAt,
        UpdatedAt = task.UpdatedAt,
        Series = Json(task.SeriesJson)!.Value,
        MetaData = task.MetaData,
        PreAssign = task.PreAssign,
        Classification = Json(task.ClassificationJson),
        LastReview = task.LastReview switch { null => null, ReviewOutcome.Passed => "PASSED", _ => "FAILED" },
        LabeledAt = task.LabeledAt,
        ReviewedAt = task.ReviewedAt,
        IssueComment = task.IssueComment,
        PendingMove = task.PendingMove is not { } move
            ? null
            : new Api.PendingMove(move.MoveId, move.Kind.ToString(), move.FromStage, move.ToStage, move.RequestedAt),
    };

    /// <summary>A task's trail: its creation (recorded on the task row itself) first, then its events.</summary>
    public static IReadOnlyList<Api.TaskEvent> Trail(AnnotationTask task, string firstStage,
        IEnumerable<TaskEvent> events) =>
    [
        new(TaskEventTypes.Created, task.CreatedBy, task.UploadId is null ? null : "upload", task.CreatedAt,
            new Dictionary<string, string?> { ["stage"] = firstStage, ["uploadId"] = task.UploadId }),
        .. events.Select(e => new Api.TaskEvent(e.Type, e.Actor, e.How, e.At, e.Details)),
    ];

    static System.Text.Json.JsonElement? Json(string? text) =>
        text is null ? null : System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
}
