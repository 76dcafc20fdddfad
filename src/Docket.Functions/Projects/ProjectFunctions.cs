using Docket.Domain.Projects;
using Docket.Application.Projects;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Projects;

public sealed class ProjectFunctions(ProjectService projects)
{
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

        var body = ProjectRequests.Create(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var project = await projects.CreateAsync(new NewProject(body.ProjectId, body.Name, body.ReviewStages,
            body.AutoAssign, body.QueueSize, body.IdleTimeoutMinutes, body.ShardCount), cancellationToken);
        if (project is null) return Problems.Conflict($"Project '{body.ProjectId}' already exists.",
            Api.ProblemCodes.AlreadyExists);
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
        var body = ProjectRequests.Update(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var updated = await projects.UpdateAsync(projectId, body.Name, body.IdleTimeoutMinutes, body.AutoAssign,
            cancellationToken);
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
        var body = ProjectRequests.UpdateStage(fields, stage);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var updated = await projects.UpdateStageAsync(projectId, stage.Name, body.AutoAssign, body.QueueSize,
            body.ReviewPercent, body.MaxSkipped, body.SkipHoldMinutes, cancellationToken);
        return updated is null
            ? Problems.NotFound($"Project '{projectId}' was not found.")
            : Results.Json(ProjectResponses.Project(updated), DocketJson.Options);
    }
}
