using Docket.Domain.Projects;
using Docket.Storage.Projects;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

public sealed class ProjectFunctions(ProjectStore projects, MemberStore members, TimeProvider clock)
{
    /// <summary>A week: an idle timeout beyond it would never release anything in practice.</summary>
    const int MaxIdleTimeoutMinutes = 7 * 24 * 60;

    [Operation("Projects", "Create a project.", Body = typeof(Api.CreateProjectRequest), Refuses = [409])]
    [Answers(201,
        "Created.",
        Body = typeof(Api.Project),
        Header = "Location",
        HeaderDescription = "The project's URL.")]
    [Function(nameof(CreateProject))]
    [RequiresOrgAdmin]
    public async Task<IResult> CreateProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (problem is not null) return problem;

        var projectId = fields.String("projectId", required: true, maxLength: 40);
        if (projectId is not null && !ProjectId.IsValid(projectId))
            fields.Fail("projectId", "must be 3-40 characters of a-z, 0-9 and '-'");
        var name = fields.String("name", required: true, maxLength: 200);
        var reviewStages = fields.Int("reviewStages", 0, Workflow.MaxReviewStages) ?? 0;
        var autoAssign = fields.Bool("autoAssign") ?? true;
        var queueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize)
            ?? StageSettings.DefaultQueueSize;
        var idleTimeout = fields.Int("idleTimeoutMinutes", 1, MaxIdleTimeoutMinutes)
            ?? Project.DefaultIdleTimeoutMinutes;
        var shards = fields.Int("shardCount", 1, Project.MaxShardCount) ?? Project.DefaultShardCount;
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var workflow = Workflow.WithReviewStages(reviewStages);
        var settings = workflow.WorkStages.ToDictionary(s => s.Name, _ => new StageSettings(autoAssign, queueSize));
        var project = new Project(projectId!, name!, workflow, settings, idleTimeout, shards, clock.GetUtcNow());
        if (!await projects.TryCreateAsync(project, cancellationToken))
            return Problems.Conflict($"Project '{projectId}' already exists.");
        return Results.Created($"/api/projects/{project.ProjectId}", ProjectResponses.Project(project));
    }

    [Operation("Projects", "The caller's projects (all for org admins).")]
    [Answers(200, "The projects.", Body = typeof(IReadOnlyList<Api.Project>))]
    [Function(nameof(ListProjects))]
    public async Task<IResult> ListProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var caller = request.Caller();
        var all = await projects.ListAsync(cancellationToken);
        if (!caller.IsOrgAdmin)
        {
            var mine = (await members.ListProjectsOfAsync(caller.Email, cancellationToken)).Select(m => m.ProjectId)
                .ToHashSet();
            all = all.Where(p => mine.Contains(p.ProjectId)).ToList();
        }
        return Results.Json(all.Select(ProjectResponses.Project).ToList(), DocketJson.Options);
    }

    [Operation("Projects", "A project.")]
    [Answers(200, "The project.", Body = typeof(Api.Project))]
    [Function(nameof(GetProject))]
    [RequiresProject(ProjectRequirement.View)]
    public IResult GetProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}")] HttpRequest request,
        string projectId) =>
        Results.Json(ProjectResponses.Project(request.ProjectAccess().Project), DocketJson.Options);

    /// <summary>
    /// Project settings after creation: name, idle timeout, and automatic assignment for every work stage at once.
    /// </summary>
    [Operation("Projects",
        "Change a project's name, idle timeout or automatic assignment.",
        Body = typeof(Api.UpdateProjectRequest))]
    [Answers(200, "The project as it is now.", Body = typeof(Api.Project))]
    [Function(nameof(UpdateProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> UpdateProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "projects/{projectId}")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        var name = fields.Has("name") ? fields.String("name", required: true, maxLength: 200) : null;
        var idleTimeout = fields.Int("idleTimeoutMinutes", 1, MaxIdleTimeoutMinutes);
        var autoAssign = fields.Bool("autoAssign");
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var updated = await projects.UpdateAsync(projectId, project => project with
        {
            Name = name ?? project.Name,
            IdleTimeoutMinutes = idleTimeout ?? project.IdleTimeoutMinutes,
            StageSettings = autoAssign is { } on
                ? project.Workflow.WorkStages
                    .ToDictionary(s => s.Name, s => project.SettingsOf(s) with { AutoAssign = on })
                : project.StageSettings,
        }, cancellationToken);
        return updated is null
            ? Problems.NotFound($"Project '{projectId}' was not found.")
            : Results.Json(ProjectResponses.Project(updated), DocketJson.Options);
    }

    [Operation("Projects", "Change a stage's assignment settings.", Body = typeof(Api.UpdateStageRequest))]
    [Answers(200, "The project as it is now.", Body = typeof(Api.Project))]
    [Function(nameof(UpdateStage))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> UpdateStage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch",
            Route = "projects/{projectId}/stages/{stageName}")] HttpRequest request,
        string projectId, string stageName, CancellationToken cancellationToken)
    {
        var stage = request.ProjectAccess().Project.Workflow.Find(stageName);
        if (stage is null) return Problems.NotFound($"Stage '{stageName}' was not found in project '{projectId}'.");

        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (bodyProblem is not null) return bodyProblem;
        if (stage.IsTerminal) fields.Fail("stageName", "Ground Truth has no assignment settings");
        var autoAssign = fields.Bool("autoAssign");
        var queueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize);
        var reviewPercent = ReadReviewPercent(fields, stage);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var updated = await projects.UpdateStageSettingsAsync(projectId, stage.Name, settings => settings with
        {
            AutoAssign = autoAssign ?? settings.AutoAssign,
            QueueSize = queueSize ?? settings.QueueSize,
            ReviewPercent = reviewPercent ?? settings.ReviewPercent,
        }, cancellationToken);
        return updated is null
            ? Problems.NotFound($"Project '{projectId}' was not found.")
            : Results.Json(ProjectResponses.Project(updated), DocketJson.Options);
    }

    static decimal? ReadReviewPercent(FieldReader fields, Stage stage)
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
