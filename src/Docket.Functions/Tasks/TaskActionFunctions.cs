using System.Text.Json;
using Docket.Domain.Access;
using Docket.Domain.Tasks;
using Docket.Functions.Http;
using Docket.Functions.Projects;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Tasks;

/// <summary>
/// What the assignee does with a task in their queue (save, submit, skip, raise an issue) and an admin's or
/// manager's resolution of an issue. Only the assignee acts on their task, whatever their role.
/// </summary>
public sealed class TaskActionFunctions(TaskUpdater updater, ProjectAuthorizer authorizer, TimeProvider clock)
{
    [Function(nameof(SaveTask))]
    public Task<IResult> SaveTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/save")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, projectId, taskId, (task, actor) => TaskTransitions.Save(task, actor, clock.GetUtcNow()), cancellationToken);

    [Function(nameof(SubmitTask))]
    public Task<IResult> SubmitTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/submit")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, projectId, taskId, (task, actor) => TaskTransitions.Submit(task, actor, clock.GetUtcNow()), cancellationToken);

    [Function(nameof(SkipTask))]
    public Task<IResult> SkipTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/skip")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, projectId, taskId, (task, actor) => TaskTransitions.Skip(task, actor, clock.GetUtcNow()), cancellationToken);

    [Function(nameof(RaiseIssue))]
    public async Task<IResult> RaiseIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/issue")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (problem is not null) return problem;
        var comment = fields!.String("comment", required: true, maxLength: 2000);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        return await ActAsync(request, projectId, taskId, (task, actor) => TaskTransitions.RaiseIssue(task, actor, comment!, clock.GetUtcNow()), cancellationToken);
    }

    [Function(nameof(ResolveIssue))]
    public async Task<IResult> ResolveIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/tasks/{taskId}/resolve")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.ManageTasks, cancellationToken);
        if (problem is not null) return problem;
        var (fields, bodyProblem) = await JsonBody.ReadObjectAsync(request, cancellationToken, allowEmpty: true);
        if (bodyProblem is not null) return bodyProblem;
        var comment = fields!.String("comment", maxLength: 2000);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcome = await updater.UpdateAsync(access!.Project, taskId, _ => null,
            task => TaskTransitions.Resolve(task, access.Caller.Email, comment, clock.GetUtcNow()), cancellationToken);
        return outcome.Problem ?? Results.Json(TaskJson.From(outcome.Task!.Task), DocketJson.Options);
    }

    async Task<IResult> ActAsync(HttpRequest request, string projectId, string taskId, Func<AnnotationTask, string, TaskChange> rule, CancellationToken cancellationToken)
    {
        var (access, problem) = await authorizer.AuthorizeAsync(request, projectId, ProjectRequirement.View, cancellationToken);
        if (problem is not null) return problem;
        var outcome = await updater.UpdateAsync(access!.Project, taskId, task => AssigneeOnly(access, task),
            task => rule(task, access.Caller.Email), cancellationToken);
        return outcome.Problem ?? Results.Json(TaskJson.From(outcome.Task!.Task), DocketJson.Options);
    }

    /// <summary>A task the caller cannot see does not exist for them (404); one they see but do not hold is 403.</summary>
    public static IResult? AssigneeOnly(ProjectAccess access, AnnotationTask task) =>
        !access.CanSeeTask(task.Assignee) ? Problems.NotFound($"Task '{task.TaskId}' was not found.")
        : !access.CanWorkOnTask(task.Assignee) ? Problems.Forbidden("Only the task's assignee may do this.")
        : null;
}
