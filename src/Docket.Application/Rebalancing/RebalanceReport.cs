namespace Docket.Application.Rebalancing;

/// <summary>What one rebalancing pass did in one project.</summary>
public sealed record RebalanceReport(
    string ProjectId, int QueueRowsRead, int Released, int DraftsDiscarded, int SkippedManual, int HealedMoves,
    int StuckMoves, long DurationMs);

/// <summary>Asks for one project's rebalancing pass.</summary>
public sealed record RebalanceMessage(string ProjectId);
