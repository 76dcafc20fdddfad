using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

/// <summary>What happened to one task of a bulk request.</summary>
public interface IBulkOutcome
{
    string TaskId { get; }

    /// <summary>changed, unchanged, refused or failed.</summary>
    string? Outcome { get; }

    /// <summary>Why it did not succeed; null when it did.</summary>
    string? Error { get; }
}

/// <summary>The words of <see cref="IBulkOutcome.Outcome"/>.</summary>
public static class BulkOutcomes
{
    public const string Changed = "changed";
    public const string Unchanged = "unchanged";
    public const string Refused = "refused";
    public const string Failed = "failed";
}

[Description("Gives tasks to a member, or back to the pool when `email` is left out or null.")]
public sealed record AssignRequest(
    [property: Description("Up to 1,000 task ids.")] IReadOnlyList<string> TaskIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), EmailAddress] string? Email = null);

[Description("A task of an assign request: its outcome, and its stage as it is now.")]
public sealed record AssignOutcome(
    string TaskId,
    string? Name,
    string? StageName,
    [property: AllowedValues("changed", "unchanged", "refused", "failed")] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null) : IBulkOutcome;

[Description("New priorities, up to 1,000 tasks.")]
public sealed record PriorityRequest(IReadOnlyList<PriorityChange> Tasks);

[Description("A new priority for one task; null clears it.")]
public sealed record PriorityChange(
    string TaskId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never), Range(0, 1)] decimal? Priority);

[Description("A task of a priority request: its outcome and its priority as it is now.")]
public sealed record PriorityOutcome(
    string TaskId,
    string? Name,
    decimal? Priority,
    [property: AllowedValues("changed", "unchanged", "refused", "failed")] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null) : IBulkOutcome;

[Description("Sends tasks to another stage.")]
public sealed record MoveRequest(
    [property: Description("Up to 1,000 task ids.")] IReadOnlyList<string> TaskIds,
    string StageName);

[Description("A task of a move request: its outcome, and the move asked for.")]
public sealed record MoveOutcome(
    string TaskId,
    string? Name,
    string? FromStage,
    string? ToStage,
    [property: AllowedValues("changed", "unchanged", "refused", "failed")] string? Outcome,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null) : IBulkOutcome;
