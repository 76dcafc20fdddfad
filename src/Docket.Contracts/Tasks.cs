using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

/// <summary>
/// A task. Statuses and other server-defined words are strings, so a newer server's values never break an older
/// client.
/// </summary>
[Description("A task: where it is in the workflow, who holds it, and its content.")]
public sealed record DocketTask
{
    [Description("20 base-32 characters derived from the name.")]
    public required string TaskId { get; init; }

    public required string Name { get; init; }

    public required string StageName { get; init; }

    [AllowedValues("UNASSIGNED", "ASSIGNED", "IN_PROGRESS", "STAGED", "SKIPPED", "PROBLEM", "COMPLETED")]
    public required string Status { get; init; }

    [EmailAddress]
    public required string? Assignee { get; init; }

    [AllowedValues("auto", "manual", "preAssign", "reject", null)]
    public required string? AssignedBy { get; init; }

    [Description("Exact, up to nine decimals."), Range(0, 1)]
    public required decimal? Priority { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset QueuedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    [Description("The series of the items file entry, as uploaded.")]
    public JsonElement Series { get; init; }

    public IReadOnlyDictionary<string, string> MetaData { get; init; } = new Dictionary<string, string>();

    [Description("Who each stage's task goes to on arrival, by stage name.")]
    public IReadOnlyDictionary<string, string> PreAssign { get; init; } = new Dictionary<string, string>();

    [Description("Any JSON the labeler's tool stores with the task.")]
    public JsonElement? Classification { get; init; }

    [AllowedValues("PASSED", "FAILED", null)]
    public required string? LastReview { get; init; }

    [Description("When the task was last finalized in a Label stage (its move carried out).")]
    public required DateTimeOffset? LabeledAt { get; init; }

    [Description("When the task was last finalized in a review stage (its move carried out).")]
    public required DateTimeOffset? ReviewedAt { get; init; }

    public string? IssueComment { get; init; }

    [Description("While a stage move is under way (the task is in nobody's queue meanwhile).")]
    public required PendingMove? PendingMove { get; init; }
}

[Description("A decided stage move; `toStage` is null until the move works out where the task goes.")]
public sealed record PendingMove(
    string MoveId,
    [property: AllowedValues("Finalize", "Accept", "Reject", "Send")] string Kind,
    string FromStage,
    string? ToStage,
    DateTimeOffset RequestedAt);

[Description("One entry of a task's audit trail, oldest first; the first is its creation.")]
public sealed record TaskEvent(
    string Type,
    [property: Description("Who acted: an email, or null for Docket itself.")] string? Actor,
    [property: Description("How: auto, manual, upload, timeout, …; null when there is nothing to add.")] string? How,
    DateTimeOffset At,
    [property: Description("What the event is about: stage, assignee, from, to, comment, …; a value may be null."),
               OpenApiSchema("""{"type":"object","additionalProperties":{"type":["string","null"]}}""")]
    IReadOnlyDictionary<string, string?> Details);

[Description("One page of the Data Page; `nextCursor` is null on the last page.")]
public sealed record TaskPage(IReadOnlyList<DocketTask> Tasks, string? NextCursor);

[Description("One page of a person's queue in a stage (`stageName`) or across the stages of a kind (`kind`), in " +
             "work order.")]
public sealed record QueuePage(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StageName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), AllowedValues("Label", "Review")]
    string? Kind,
    [property: EmailAddress] string Assignee,
    IReadOnlyList<DocketTask> Tasks,
    string? NextCursor);
