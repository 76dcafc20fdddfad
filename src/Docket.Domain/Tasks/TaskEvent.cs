namespace Docket.Domain.Tasks;

/// <summary>
/// One entry of a task's audit trail: what happened, who did it, how (e.g. "auto", "manual", "preAssign",
/// "rebalance"), when, and details such as the stage, the assignee or the old and new priority.
/// </summary>
public sealed record TaskEvent(string Type, string Actor, string? How, DateTimeOffset At,
    IReadOnlyDictionary<string, string?> Details)
{
    public static TaskEvent Of(string type, string actor, string? how, DateTimeOffset at,
        params (string Key, string? Value)[] details) =>
        new(type, actor, how, at, details.ToDictionary(d => d.Key, d => d.Value));
}
