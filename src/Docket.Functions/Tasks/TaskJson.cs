using System.Text.Json.Nodes;
using Docket.Domain.Tasks;

namespace Docket.Functions.Tasks;

/// <summary>
/// The task JSON of the API. Priority is written from its exact decimal text, never through a double.
/// </summary>
public static class TaskJson
{
    public static JsonObject From(AnnotationTask task) => new()
    {
        ["taskId"] = task.TaskId,
        ["name"] = task.Name,
        ["stageName"] = task.StageName,
        ["status"] = task.Status.ToApi(),
        ["assignee"] = task.Assignee,
        ["assignedBy"] = task.AssignedBy switch
        {
            null => null,
            AssignedBy.Auto => "auto",
            AssignedBy.Manual => "manual",
            AssignedBy.PreAssign => "preAssign",
            _ => "reject",
        },
        ["priority"] = task.Priority is { } priority ? JsonNode.Parse(priority.ToString()) : null,
        ["createdAt"] = task.CreatedAt,
        ["queuedAt"] = task.QueuedAt,
        ["updatedAt"] = task.UpdatedAt,
        ["series"] = JsonNode.Parse(task.SeriesJson),
        ["metaData"] = new JsonObject(task.MetaData.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
        ["preAssign"] = new JsonObject(task.PreAssign.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["classification"] = task.ClassificationJson is null ? null : JsonNode.Parse(task.ClassificationJson),
        ["lastReview"] = task.LastReview switch { null => null, ReviewOutcome.Passed => "PASSED", _ => "FAILED" },
        ["labeledAt"] = task.LabeledAt,
        ["reviewedAt"] = task.ReviewedAt,
        ["issueComment"] = task.IssueComment,
        ["pendingMove"] = task.PendingMove is not { } move ? null : new JsonObject
        {
            ["moveId"] = move.MoveId,
            ["kind"] = move.Kind.ToString(),
            ["fromStage"] = move.FromStage,
            ["toStage"] = move.ToStage,
            ["requestedAt"] = move.RequestedAt,
        },
    };
}
