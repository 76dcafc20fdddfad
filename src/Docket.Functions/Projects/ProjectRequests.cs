using Docket.Application.Projects;
using Docket.Domain.Projects;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

/// <summary>
/// The bodies of the project and member routes, read into their contract records. Every problem is noted on the
/// reader with its field, so that a route answers them all at once; a record read with problems is not used.
/// </summary>
public static class ProjectRequests
{
    public static Api.CreateProjectRequest Create(FieldReader fields)
    {
        var projectId = fields.String("projectId", required: true, maxLength: 40);
        if (projectId is not null && !ProjectId.IsValid(projectId))
            fields.Fail("projectId", "must be 3-40 characters of a-z, 0-9 and '-'");
        var name = fields.String("name", required: true, maxLength: 200);
        return new Api.CreateProjectRequest(projectId ?? "", name ?? "",
            fields.Int("reviewStages", 0, Workflow.MaxReviewStages) ?? 0)
        {
            AutoAssign = fields.Bool("autoAssign"),
            QueueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize),
            IdleTimeoutMinutes = fields.Int("idleTimeoutMinutes", 1, ProjectService.MaxIdleTimeoutMinutes),
            ShardCount = fields.Int("shardCount", 1, Project.MaxShardCount),
        };
    }

    public static Api.UpdateProjectRequest Update(FieldReader fields) => new()
    {
        Name = fields.Has("name") ? fields.String("name", required: true, maxLength: 200) : null,
        IdleTimeoutMinutes = fields.Int("idleTimeoutMinutes", 1, ProjectService.MaxIdleTimeoutMinutes),
        AutoAssign = fields.Bool("autoAssign"),
    };

    /// <param name="stage">The stage the route names: only work stages have settings, only review stages a
    /// review percent.</param>
    public static Api.UpdateStageRequest UpdateStage(FieldReader fields, Stage stage)
    {
        if (!stage.IsWorkStage) fields.Fail("stageName", "Ground Truth has no assignment settings");
        return new Api.UpdateStageRequest
        {
            AutoAssign = fields.Bool("autoAssign"),
            QueueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize),
            ReviewPercent = ReviewPercent(fields, stage),
            MaxSkipped = fields.Int("maxSkipped", StageSettings.MinMaxSkipped, StageSettings.MaxMaxSkipped),
            SkipHoldMinutes = fields.Int("skipHoldMinutes", StageSettings.MinSkipHoldMinutes,
                StageSettings.MaxSkipHoldMinutes),
        };
    }

    /// <param name="workflow">The project's stages, which a member's stage list must name (work stages only).
    /// </param>
    public static Api.PutMemberRequest PutMember(FieldReader fields, Workflow workflow)
    {
        var role = fields.Enum<Api.ProjectRole>("role", required: true);
        var stages = fields.StringList("stages", maxCount: 10);
        for (var i = 0; i < (stages?.Count ?? 0); i++)
        {
            var stage = workflow.Find(stages![i]);
            if (stage is null) fields.Fail($"stages[{i}]", $"'{stages[i]}' is not a stage of this project");
            else if (!stage.IsWorkStage) fields.Fail($"stages[{i}]", Stage.NobodyWorksInGroundTruth);
        }
        return new Api.PutMemberRequest(role ?? Api.ProjectRole.Member) { Stages = stages };
    }

    static decimal? ReviewPercent(FieldReader fields, Stage stage)
    {
        if (fields.Raw("reviewPercent") is not { } raw) return null;
        if (stage.Kind != StageKind.Review)
        {
            fields.Fail("reviewPercent", "applies to review stages only");
            return null;
        }
        if (raw.ValueKind != System.Text.Json.JsonValueKind.Number || !raw.TryGetDecimal(out var value)
            || value is < 0 or > 1)
        {
            fields.Fail("reviewPercent", "must be a number between 0 and 1");
            return null;
        }
        return value;
    }
}
