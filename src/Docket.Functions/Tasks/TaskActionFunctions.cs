using Docket.Application.Assignment;
using Docket.Application.Tasks;
using Docket.Domain.Tasks;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Tasks;

/// <summary>
/// What the assignee does with a task in their queue (save, submit, skip, raise an issue) and an admin's or
/// manager's resolution of an issue. Only the assignee acts on their task, whatever their role.
/// </summary>
public sealed class TaskActionFunctions(TaskUpdater updater, WorkQueues queues, TimeProvider clock)
{
    [Operation("Work", "Save work (the assignee).", Refuses = [403, 409])]
    [Answers(200, "The task, now IN_PROGRESS.", Body = typeof(Api.DocketTask))]
    [Function(nameof(SaveTask))]
    [RequiresProject(ProjectRequirement.View)]
    public Task<IResult> SaveTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/save")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, taskId, (task, actor) => TaskTransitions.Save(task, actor, clock.GetUtcNow()),
            cancellationToken);

    [Operation("Work", "Submit a draft (the assignee).", Refuses = [403, 409])]
    [Answers(200, "The task, now STAGED.", Body = typeof(Api.DocketTask))]
    [Function(nameof(SubmitTask))]
    [RequiresProject(ProjectRequirement.View)]
    public Task<IResult> SubmitTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/submit")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, taskId, (task, actor) => TaskTransitions.Submit(task, actor, clock.GetUtcNow()),
            cancellationToken);

    [Operation("Work", "Skip to the end of the queue (the assignee), at most the stage's maxSkipped held at once.",
        Refuses = [403, 409])]
    [Answers(200, "The task, now SKIPPED.", Body = typeof(Api.DocketTask))]
    [Function(nameof(SkipTask))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> SkipTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/skip")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        TaskOutcomes.ToResult(await queues.SkipAsync(request.ProjectAccess(), taskId, cancellationToken));

    [Operation("Work", "Give the task back to the stage's pool (the assignee); a draft is discarded.",
        Refuses = [403, 409])]
    [Answers(200, "The task, now UNASSIGNED.", Body = typeof(Api.DocketTask))]
    [Function(nameof(ReleaseTask))]
    [RequiresProject(ProjectRequirement.View)]
    public Task<IResult> ReleaseTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/release")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken) =>
        ActAsync(request, taskId, (task, actor) => TaskTransitions.Release(task, actor, clock.GetUtcNow()),
            cancellationToken);

    [Operation("Work",
        "Raise an issue (the assignee): PROBLEM, out of the queue.",
        Body = typeof(Api.IssueRequest),
        Refuses = [403, 409])]
    [Answers(200, "The task, now PROBLEM.", Body = typeof(Api.DocketTask))]
    [Function(nameof(RaiseIssue))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> RaiseIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/issue")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, cancellationToken: cancellationToken);
        if (problem is not null) return problem;
        var body = TaskRequests.Issue(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        return await ActAsync(request, taskId,
            (task, actor) => TaskTransitions.RaiseIssue(task, actor, body.Comment, clock.GetUtcNow()),
            cancellationToken);
    }

    [Operation("Work",
        "Resolve an issue: back to the assignee.",
        Body = typeof(Api.ResolveRequest),
        BodyOptional = true,
        Refuses = [409])]
    [Answers(200, "The task, ASSIGNED again.", Body = typeof(Api.DocketTask))]
    [Function(nameof(ResolveIssue))]
    [RequiresProject(ProjectRequirement.ManageTasks)]
    public async Task<IResult> ResolveIssue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post",
            Route = "projects/{projectId}/tasks/{taskId}/resolve")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true,
            cancellationToken: cancellationToken);
        if (problem is not null) return problem;
        var body = TaskRequests.Resolve(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var outcome = await updater.UpdateAsync(access.Project, taskId,
            task => TaskTransitions.Resolve(task, access.Caller.Email, body.Comment, clock.GetUtcNow()),
            cancellationToken: cancellationToken);
        return TaskOutcomes.ToResult(outcome);
    }

    async Task<IResult> ActAsync(HttpRequest request, string taskId, Func<AnnotationTask, string, TaskChange> rule,
        CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var outcome = await updater.UpdateAsync(access.Project, taskId, task => rule(task, access.Caller.Email),
            guard: access.RefusalToWorkOn, cancellationToken: cancellationToken);
        return TaskOutcomes.ToResult(outcome);
    }
}
