namespace Docket.Domain.Projects;

/// <summary>How work is handed out in one stage.</summary>
public sealed record StageSettings(bool AutoAssign = true, int QueueSize = StageSettings.DefaultQueueSize,
    decimal ReviewPercent = 1m)
{
    public const int DefaultQueueSize = 5;
    public const int MinQueueSize = 1;
    public const int MaxQueueSize = 100;
}
