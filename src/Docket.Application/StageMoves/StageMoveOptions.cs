namespace Docket.Application.StageMoves;

/// <summary>
/// When the sweep considers a stage move lost, how it backs off re-sending, and when it reports it stuck.
/// </summary>
public sealed class StageMoveOptions
{
    public const string SectionName = "Docket:StageMoves";

    /// <summary>A move still pending this long after it was decided (or last re-sent) is sent again.</summary>
    public TimeSpan PendingMoveAge { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait between re-sends doubles up to this (a long queue outage is retried, not hammered).</summary>
    public TimeSpan MaxResendInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A move pending longer than this is reported as stuck (and still re-sent): an admin may retry or cancel it.
    /// </summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long to wait before re-sending a move already re-sent <paramref name="resends"/> times.</summary>
    public TimeSpan ResendInterval(int resends) =>
        TimeSpan.FromTicks(Math.Min(MaxResendInterval.Ticks, PendingMoveAge.Ticks * (1L << Math.Min(resends, 20))));
}
