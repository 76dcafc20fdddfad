using System.Text.Json.Serialization;

namespace Docket.Client;

[JsonConverter(typeof(JsonStringEnumConverter<ProjectRole>))]
public enum ProjectRole
{
    Member,
    Manager,
    Admin,
}

[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    Label,
    Review,
}

public sealed record Project(
    string ProjectId,
    string Name,
    IReadOnlyList<ProjectStage> Stages,
    int IdleTimeoutMinutes,
    int ShardCount,
    DateTimeOffset CreatedAt);

/// <summary>A stage of a project's workflow; Ground Truth carries no assignment settings.</summary>
public sealed record ProjectStage(string Name, string Kind, bool? AutoAssign, int? QueueSize, decimal? ReviewPercent);

public sealed record CreateProjectRequest(string ProjectId, string Name, int ReviewStages = 0)
{
    public bool? AutoAssign { get; init; }
    public int? QueueSize { get; init; }
    public int? IdleTimeoutMinutes { get; init; }
    public int? ShardCount { get; init; }
}

/// <summary>Project settings to change; what is left null stays as it is.</summary>
public sealed record UpdateProjectRequest
{
    public string? Name { get; init; }
    public int? IdleTimeoutMinutes { get; init; }
    /// <summary>Sets automatic assignment in every work stage.</summary>
    public bool? AutoAssign { get; init; }
}

/// <summary>Stage settings to change; what is left null stays as it is.</summary>
public sealed record UpdateStageRequest
{
    public bool? AutoAssign { get; init; }
    public int? QueueSize { get; init; }
    /// <summary>Review stages only: the share of tasks reviewed, 0 to 1.</summary>
    public decimal? ReviewPercent { get; init; }
}

public sealed record Member(string Email, string Role, IReadOnlyList<string> Stages, DateTimeOffset? LastActiveAt);

public sealed record PutMemberRequest(ProjectRole Role)
{
    /// <summary>For members, the stages they may work in (all work stages when none are given).</summary>
    public IReadOnlyList<string>? Stages { get; init; }
}

/// <summary>
/// What a rebalancing pass did; <c>DraftsDiscarded</c> counts the released tasks whose holder (removed, or without
/// the stage) had started them.
/// </summary>
public sealed record RebalanceReport(
    string ProjectId, int QueueRowsRead, int Released, int DraftsDiscarded, int SkippedManual, int HealedMoves,
    int StuckMoves, long DurationMs);

/// <summary>Counts of a project's tasks by stage and status (and by assignee when asked).</summary>
public sealed record ProjectStats(string ProjectId, IReadOnlyList<StageCounts> Stages,
    IReadOnlyList<AssigneeCounts>? Assignees);

public sealed record StageCounts(string StageName, IReadOnlyDictionary<string, long> Counts, long Total);

public sealed record AssigneeCounts(string Email, IReadOnlyList<StageCounts> Stages);

/// <summary>A backfill under way: a page of each shard at a time.</summary>
/// <summary>A project's reindex: Running or Completed; <see cref="Stalled"/> when it made no progress for minutes
/// (asking again resumes it).</summary>
public sealed record ReindexRun(string ProjectId, string ReindexId, string Status, bool Stalled,
    DateTimeOffset StartedAt, DateTimeOffset? CompletedAt, DateTimeOffset LastProgressAt, int Indexed, int Shards,
    int ShardsDone);

/// <summary>The consistency check of a project's rows.</summary>
/// <summary>A consistency check: the first 1,000 problems in <c>Problems</c>, how many in all in <c>ProblemCount</c>.
/// </summary>
public sealed record ProjectCheck(
    string ProjectId, DateTimeOffset CheckedAt, long Tasks, IReadOnlyList<CheckProblem> Problems, int ProblemCount,
    int RepairedCount, int? NextShard = null);

public sealed record CheckProblem(string Invariant, string? TaskId, string Detail, bool Repaired);
