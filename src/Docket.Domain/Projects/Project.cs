namespace Docket.Domain.Projects;

/// <summary>
/// A project: its workflow shape, per-stage settings and how its tasks are spread over storage shards.
/// </summary>
public sealed record Project(
    string ProjectId,
    string Name,
    Workflow Workflow,
    IReadOnlyDictionary<string, StageSettings> StageSettings,
    int IdleTimeoutMinutes,
    int ShardCount,
    DateTimeOffset CreatedAt)
{
    public const int DefaultIdleTimeoutMinutes = 60;
    public const int DefaultShardCount = 4;
    public const int MaxShardCount = 32;

    public StageSettings SettingsOf(Stage stage) =>
        StageSettings.TryGetValue(stage.Name, out var settings) ? settings : new StageSettings();
}
