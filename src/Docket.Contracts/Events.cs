using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Docket.Contracts;

[Description("An event Docket sends out: `id` is the same on every delivery of it, `timestamp` is when its change " +
             "committed, `data` the task as the API showed it after the change.")]
public sealed record DocketEvent(
    [property: Description("Stable for the event: `{taskId}.{version}.{n}`.")] string Id,
    [property: AllowedValues("task.created", "task.assigned", "task.unassigned", "task.submitted", "task.skipped",
        "task.issue_raised", "task.issue_resolved", "task.finalized", "task.entered_stage", "task.completed",
        "task.priority_changed", "task.deleted", "upload.completed", "upload.failed", "move.stuck", "webhook.ping")]
    string Type,
    DateTimeOffset Timestamp,
    string ProjectId,
    DocketTask Data);

[Description("A page of the event feed, in commit order; `nextCursor` continues after its last event (also when " +
             "the page is empty: ask again later with it).")]
public sealed record EventPage(IReadOnlyList<DocketEvent> Events, string NextCursor);
