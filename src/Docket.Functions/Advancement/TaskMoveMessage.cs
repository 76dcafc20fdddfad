namespace Docket.Functions.Advancement;

/// <summary>Asks for a task's pending move to be carried out; <see cref="MoveId"/> is the business id that makes it idempotent.</summary>
public sealed record TaskMoveMessage(string ProjectId, string TaskId, string MoveId);
