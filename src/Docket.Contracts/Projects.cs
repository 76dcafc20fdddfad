using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

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
    [property: Description("Label, the review stages in order, and Ground Truth.")]
    IReadOnlyList<ProjectStage> Stages,
    [property: Description("Minutes without activity after which a member's queue is handed back to the pool.")]
    int IdleTimeoutMinutes,
    [property: Description("How many storage partitions the project's tasks are spread over.")]
    int ShardCount,
    DateTimeOffset CreatedAt);

[Description("A stage of a project's workflow; Ground Truth carries no assignment settings, only review stages a " +
             "review percent.")]
public sealed record ProjectStage(
    string Name,
    [property: AllowedValues("Label", "Review", "GroundTruth")] string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? AutoAssign = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? QueueSize = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Range(0, 1)]
    decimal? ReviewPercent = null)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Work stages: how many tasks one person may hold skipped there (a skip beyond is 409).")]
    public int? MaxSkipped { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Work stages: minutes an automatic hold may stay skipped before rebalancing returns it to the pool.")]
    public int? SkipHoldMinutes { get; init; }
}

public sealed record CreateProjectRequest(
    [property: Description("Lower-case letters, digits and dashes; 3 to 40 characters.")] string ProjectId,
    string Name,
    [property: Range(0, 6)] int ReviewStages = 0)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AutoAssign { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? QueueSize { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IdleTimeoutMinutes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ShardCount { get; init; }
}

[Description("Project settings to change; what is left out stays as it is.")]
public sealed record UpdateProjectRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? IdleTimeoutMinutes { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Sets automatic assignment in every work stage.")]
    public bool? AutoAssign { get; init; }
}

[Description("Stage settings to change; what is left out stays as it is.")]
public sealed record UpdateStageRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? AutoAssign { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? QueueSize { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Range(0, 1)]
    [Description("Review stages only: the share of tasks reviewed, 0 to 1.")]
    public decimal? ReviewPercent { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Range(1, 1000)]
    [Description("How many tasks one person may hold skipped in the stage, 1 to 1,000 (default 20).")]
    public int? MaxSkipped { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Range(1, 525600)]
    [Description("Minutes an automatic hold may stay skipped before rebalancing returns it to the pool, 1 to " +
                 "525,600 (default 1,440); manual and preAssigned holds stay, with a holderNotice event.")]
    public int? SkipHoldMinutes { get; init; }
}

public sealed record Member(
    [property: EmailAddress] string Email,
    [property: AllowedValues("Member", "Manager", "Admin")] string Role,
    [property: Description("The work stages the member may take tasks from.")] IReadOnlyList<string> Stages,
    DateTimeOffset? LastActiveAt);

public sealed record PutMemberRequest(ProjectRole Role)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("For members, the stages they may work in (all work stages when left out).")]
    public IReadOnlyList<string>? Stages { get; init; }
}
