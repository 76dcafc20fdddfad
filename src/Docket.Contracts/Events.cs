using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[Description("An event Docket sends out: `id` is the same on every delivery of it, `timestamp` is when its change " +
             "committed, `data` the task as the API showed it after the change (`task.*`, `move.stuck`) or the " +
             "upload as `GET …/uploads/{uploadId}` shows it (`upload.*`).")]
public sealed record DocketEvent(
    [property: Description("Stable for the event: `{taskId}.{version}.{n}` for a task change, " +
                           "`{taskId}.stuck.{moveId}.0` for a stuck move, `upload.{uploadId}.{n}.0` for an upload.")]
    string Id,
    [property: AllowedValues("task.created", "task.assigned", "task.unassigned", "task.submitted", "task.skipped",
        "task.issue_raised", "task.issue_resolved", "task.finalized", "task.entered_stage", "task.completed",
        "task.priority_changed", "task.deleted", "upload.completed", "upload.failed", "move.stuck", "webhook.ping")]
    string Type,
    DateTimeOffset Timestamp,
    string ProjectId,
    [property: OpenApiSchema("""
        {"oneOf":[{"$ref":"#/components/schemas/DocketTask"},{"$ref":"#/components/schemas/UploadStatus"}]}
        """)]
    JsonElement Data)
{
    /// <summary>The task the event is about (task and move events), else null.</summary>
    [JsonIgnore]
    public DocketTask? Task => Type.StartsWith("upload.", StringComparison.Ordinal)
        ? null
        : Data.Deserialize<DocketTask>(DocketJson.Options);

    /// <summary>The upload the event is about (upload events), else null.</summary>
    [JsonIgnore]
    public UploadStatus? Upload => Type.StartsWith("upload.", StringComparison.Ordinal)
        ? Data.Deserialize<UploadStatus>(DocketJson.Options)
        : null;
}

[Description("A page of the event feed, in commit order; `nextCursor` continues after its last event (also when " +
             "the page is empty: ask again later with it).")]
public sealed record EventPage(IReadOnlyList<DocketEvent> Events, string NextCursor);
