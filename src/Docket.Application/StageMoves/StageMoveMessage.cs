namespace Docket.Application.StageMoves;

/// <summary>
/// Asks for a task's pending stage move to be carried out; <see cref="MoveId"/> is the business id that makes it
/// idempotent.
/// </summary>
public sealed record StageMoveMessage(string ProjectId, string TaskId, string MoveId);
