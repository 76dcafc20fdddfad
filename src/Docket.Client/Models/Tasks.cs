using System.Text.Json;
using System.Text.Json.Serialization;

namespace Docket.Client;

/// <summary>
/// A task. Statuses and other server-defined words are kept as strings so a newer server's values never break an
/// older client. A Data Page listing may leave out the content fields (series, metaData, preAssign,
/// classification, issueComment).
/// </summary>
public sealed record DocketTask
{
    public required string TaskId { get; init; }
    public required string Name { get; init; }
    public required string StageName { get; init; }
    /// <summary>UNASSIGNED, ASSIGNED, IN_PROGRESS, STAGED, SKIPPED, PROBLEM or COMPLETED.</summary>
    public required string Status { get; init; }
    public string? Assignee { get; init; }
    /// <summary>auto, manual, preAssign or reject.</summary>
    public string? AssignedBy { get; init; }
    /// <summary>Exact, up to the billionth; null when the task has none.</summary>
    public decimal? Priority { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public JsonElement? Series { get; init; }
    public IReadOnlyDictionary<string, string>? MetaData { get; init; }
    public IReadOnlyDictionary<string, string>? PreAssign { get; init; }
    public JsonElement? Classification { get; init; }
    /// <summary>PASSED, FAILED or null.</summary>
    public string? LastReview { get; init; }
    public string? IssueComment { get; init; }
    /// <summary>The stage move under way, if any; the task is in nobody's queue meanwhile.</summary>
    public PendingMove? PendingMove { get; init; }
}

/// <summary>A decided stage move; <see cref="ToStage"/> is null until the move works out where the task goes.</summary>
public sealed record PendingMove(string MoveId, string Kind, string FromStage, string? ToStage,
    DateTimeOffset RequestedAt);

/// <summary>One entry of a task's audit trail.</summary>
public sealed record TaskEvent(string Type, string? Actor, string? How, DateTimeOffset At, IReadOnlyDictionary<string,
    string?> Details);

/// <summary>The Data Page's search groups.</summary>
public enum TaskSearch
{
    All,
    Unassigned,
    Queued,
    Draft,
    Skipped,
    Completed,
    Failed,
    Issues,
    GroundTruth,
}

public enum TaskSort
{
    Queued,
    Recent,
}

/// <summary>A Data Page query; what is left null is not filtered on.</summary>
public sealed record TaskQuery
{
    public TaskSearch? Search { get; init; }
    public string? Stage { get; init; }
    public StageKind? StageKind { get; init; }
    /// <summary>An email, or "me".</summary>
    public string? Assignee { get; init; }
    /// <summary>Tasks whose name starts with this.</summary>
    public string? NamePrefix { get; init; }
    public TaskSort? Sort { get; init; }
    /// <summary>Tasks per page, 1 to 500 (the server's default is 50).</summary>
    public int? Limit { get; init; }
    public string? Cursor { get; init; }
}

public sealed record TaskPage(IReadOnlyList<DocketTask> Tasks, string? NextCursor);

/// <summary>One page of a person's queue in a stage (or, by kind, across the stages of one kind).</summary>
public sealed record QueuePage(string? StageName, string? Kind, string Assignee, IReadOnlyList<DocketTask> Tasks,
    string? NextCursor);

/// <summary>What happened to one task of a bulk request.</summary>
public interface IBulkOutcome
{
    string TaskId { get; }
    /// <summary>
    /// changed, unchanged, refused or failed; null from servers that answer only the tasks they changed.
    /// </summary>
    string? Outcome { get; }
    string? Error { get; }
}

public sealed record AssignOutcome(string TaskId, string? Name, string? StageName, string? Outcome, string? Error)
    : IBulkOutcome;

public sealed record PriorityOutcome(string TaskId, string? Name, decimal? Priority, string? Outcome, string? Error)
    : IBulkOutcome;

public sealed record MoveOutcome(string TaskId, string? Name, string? FromStage, string? ToStage, string? Outcome,
    string? Error)
    : IBulkOutcome;

/// <summary>A new priority for one task; null clears it.</summary>
public sealed record PriorityChange(string TaskId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Priority);

[JsonConverter(typeof(JsonStringEnumConverter<ReviewDecision>))]
public enum ReviewDecision
{
    [JsonStringEnumMemberName("accept")] Accept,
    [JsonStringEnumMemberName("reject")] Reject,
}
