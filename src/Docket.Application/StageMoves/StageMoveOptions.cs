namespace Docket.Application.StageMoves;

/// <summary>When the sweeper considers a stage move lost, and when it stops re-sending and reports it stuck.</summary>
public sealed class StageMoveOptions
{
    public const string SectionName = "Docket:StageMoves";

    public TimeSpan PendingMoveAge { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromHours(1);
}
