using Docket.Domain.Projects;
using Docket.Application.Projects;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

public sealed class ProjectFunctions(ProjectService projects)
{
    const int MaxIdleTimeoutMinutes = ProjectService.MaxIdleTimeoutMinutes;

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
        var autoAssign = fields.Bool("autoAssign");
        var queueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize);
        var idleTimeout = fields.Int("idleTimeoutMinutes", 1, MaxIdleTimeoutMinutes);
        var shards = fields.Int("shardCount", 1, Project.MaxShardCount);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var project = await projects.CreateAsync(
            new NewProject(projectId!, name!, reviewStages, autoAssign, queueSize, idleTimeout, shards),
            cancellationToken);
        if (project is null) return Problems.Conflict($"Project '{projectId}' already exists.");
        return Results.Created($"/api/projects/{project.ProjectId}", ProjectResponses.Project(project));
    }

    [Operation("Projects", "The caller's projects (all for org admins).")]
    [Answers(200, "The projects.", Body = typeof(IReadOnlyList<Api.Project>))]
    [Function(nameof(ListProjects))]
    public async Task<IResult> ListProjects(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var all = await projects.ListForAsync(request.Caller(), cancellationToken);
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

        var updated = await projects.UpdateAsync(projectId, name, idleTimeout, autoAssign, cancellationToken);
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
        if (!stage.IsWorkStage) fields.Fail("stageName", "Ground Truth has no assignment settings");
        var autoAssign = fields.Bool("autoAssign");
        var queueSize = fields.Int("queueSize", StageSettings.MinQueueSize, StageSettings.MaxQueueSize);
        var reviewPercent = ReadReviewPercent(fields, stage);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var updated = await projects.UpdateStageAsync(projectId, stage.Name, autoAssign, queueSize, reviewPercent,
            cancellationToken);
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
