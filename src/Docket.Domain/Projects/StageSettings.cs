namespace Docket.Domain.Projects;

/// <summary>How work is handed out in one stage.</summary>
/// <param name="MaxSkipped">How many tasks one person may hold skipped in the stage; a skip beyond is refused.
/// </param>
public sealed record StageSettings(bool AutoAssign = true, int QueueSize = StageSettings.DefaultQueueSize,
    decimal ReviewPercent = 1m, int MaxSkipped = StageSettings.DefaultMaxSkipped)
{
    public const int DefaultQueueSize = 5;
    public const int MinQueueSize = 1;
    public const int MaxQueueSize = 100;

    public const int DefaultMaxSkipped = 20;
    public const int MinMaxSkipped = 1;
    public const int MaxMaxSkipped = 1_000;
}
