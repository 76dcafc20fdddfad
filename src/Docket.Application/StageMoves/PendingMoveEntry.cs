namespace Docket.Application.StageMoves;

/// <summary>
/// A task waiting for its stage move, as the pending-move index lists it: how often the move was asked for again,
/// and when last (kept by storage, so back-off survives restarts and is shared by every instance), and when it was
/// reported stuck.
/// </summary>
public sealed record PendingMoveEntry(int Shard, string Position, string TaskId, int Resends,
    DateTimeOffset? LastResentAt, string Version, DateTimeOffset? StuckReportedAt = null);
