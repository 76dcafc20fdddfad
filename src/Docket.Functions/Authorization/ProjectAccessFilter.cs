using Docket.Domain.Access;
using Docket.Domain.Identity;
using Docket.Domain.Projects;
using Docket.Functions.Hosting;
using Docket.Functions.Identity;
using Docket.Application.Projects;

namespace Docket.Functions.Authorization;

/// <summary>
/// Enforces what a function declares (<see cref="RequiresOrgAdminAttribute"/>, <see cref="RequiresProjectAttribute"/>)
/// before it runs, and before it reads its body. For project routes it loads the project and the caller's
/// membership and applies <see cref="ProjectAccess"/>: a project the caller does not belong to answers 404 (its
/// existence is not revealed), a role that is too low 403. It records the member's activity for idle release.
/// </summary>
public sealed class ProjectAccessFilter(HttpFunctionDeclarations declarations, ProjectAccessService projects)
    : IHttpFunctionFilter
{
    const string AccessItem = "Docket.ProjectAccess";
    const string StageItem = "Docket.WorkStage";

    public async ValueTask<IResult?> BeforeFunctionAsync(HttpFunctionCall call, CancellationToken cancellationToken)
    {
        if (declarations.Of<RequiresOrgAdminAttribute>(call.FunctionName) is not null && !Caller(call).IsOrgAdmin)
            return Problems.Forbidden("Only org admins may do this.");
        if (declarations.Of<RequiresOrgAdminOrSelfAttribute>(call.FunctionName) is { } self
            && !IsOrgAdminOrSelf(call, self.EmailParameter))
            return Problems.Forbidden("Only org admins may do this for other users.");
        if (declarations.Of<RequiresProjectAttribute>(call.FunctionName) is not { } required) return null;

        var projectId = call.RouteValue("projectId") ?? "";
        var notFound = Problems.NotFound($"Project '{projectId}' was not found.");
        if (!ProjectId.IsValid(projectId)) return notFound;
        if (await projects.ResolveAsync(Caller(call), projectId, cancellationToken) is not { } access)
            return notFound;
        var project = access.Project;
        if (required.Requirement == ProjectRequirement.ManageTasks && !access.CanManageTasks)
            return Problems.Forbidden("Only project admins and managers may do this.");
        if (required.Requirement == ProjectRequirement.Administer && !access.CanAdminister)
            return Problems.Forbidden("Only project admins may do this.");
        if (required.WorkStage is { } stageParameter)
        {
            var stageName = call.RouteValue(stageParameter) ?? "";
            var stage = project.Workflow.Find(stageName);
            if (stage is null) return Problems.NotFound($"Stage '{stageName}' was not found.");
            if (!stage.IsWorkStage) return Problems.Validation("stageName", Stage.NobodyWorksInGroundTruth);
            if (required.StageAccess && !access.HasStageAccess(stage.Name))
                return Problems.Forbidden($"You have no access to stage '{stage.Name}'.");
            call.HttpContext.Items[StageItem] = stage;
        }

        await projects.NoteActivityAsync(access, cancellationToken);
        call.HttpContext.Items[AccessItem] = access;
        return null;
    }

    public IResult? OnException(HttpFunctionCall call, Exception exception) => null;

    /// <summary>
    /// The caller's access to the route's project; only functions that declare <see cref="RequiresProjectAttribute"/>
    /// have it.
    /// </summary>
    public static ProjectAccess AccessOf(HttpRequest request) =>
        request.HttpContext.Items[AccessItem] as ProjectAccess
        ?? throw new InvalidOperationException("No project access: does this function declare [RequiresProject]?");

    /// <summary>
    /// The work stage the route names; only functions that declare <see cref="RequiresProjectAttribute.WorkStage"/>
    /// have it.
    /// </summary>
    public static Stage WorkStageOf(HttpRequest request) =>
        request.HttpContext.Items[StageItem] as Stage
        ?? throw new InvalidOperationException(
            "No work stage: does this function declare [RequiresProject(WorkStage = ...)]?");

    static Caller Caller(HttpFunctionCall call) => AuthenticationFilter.CallerOf(call.HttpContext.Request);

    static bool IsOrgAdminOrSelf(HttpFunctionCall call, string emailParameter)
    {
        var caller = Caller(call);
        return caller.IsOrgAdmin ||
               (EmailAddress.TryNormalize(call.RouteValue(emailParameter), out var email) && email == caller.Email);
    }
}
