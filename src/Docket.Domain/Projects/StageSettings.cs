namespace Docket.Domain.Projects;

/// <summary>How work is handed out in one stage.</summary>
/// <param name="MaxSkipped">How many tasks one person may hold skipped in the stage; a skip beyond is refused.
/// </param>
/// <param name="SkipHoldMinutes">How long an automatic hold may stay skipped before rebalancing returns it to the
/// pool.</param>
public sealed record StageSettings(bool AutoAssign = true, int QueueSize = StageSettings.DefaultQueueSize,
    decimal ReviewPercent = 1m, int MaxSkipped = StageSettings.DefaultMaxSkipped,
    int SkipHoldMinutes = StageSettings.DefaultSkipHoldMinutes)
{
    public const int DefaultSkipHoldMinutes = 1_440;
    public const int MinSkipHoldMinutes = 1;
    public const int MaxSkipHoldMinutes = 525_600;

    public const int DefaultQueueSize = 5;
    public const int MinQueueSize = 1;
    public const int MaxQueueSize = 100;

    public const int DefaultMaxSkipped = 20;
    public const int MinMaxSkipped = 1;
    public const int MaxMaxSkipped = 1_000;
}
