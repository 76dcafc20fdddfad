using Docket.Application.DataPage;
using Docket.Application.Tasks;
using Docket.Domain.Tasks;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Tasks;

/// <summary>The Data Page, one task, and a task's audit trail. Members only ever see tasks assigned to them.</summary>
public sealed class TaskQueryFunctions(TaskQueries tasks, DataPageReader dataPage)
{
    [Operation("Tasks", "The Data Page: tasks by search group, stage, assignee and name (members see only their own).")]
    [Answers(200, "One page.", Body = typeof(Api.TaskPage))]
    [QueryParameter("search",
        "QUEUED is a person's whole queue: ASSIGNED, IN_PROGRESS, STAGED (pending finalization) and SKIPPED.",
        Schema = """
            {"type":"string","default":"ALL",
             "enum":["ALL","UNASSIGNED","QUEUED","DRAFT","SKIPPED","COMPLETED","FAILED","ISSUES","GROUNDTRUTH"]}
            """)]
    [QueryParameter("stage", "Only this stage.")]
    [QueryParameter("assignee", "Only this person's tasks (an email, or \"me\"); members always get their own.")]
    [QueryParameter("name", "Names starting with this.")]
    [QueryParameter("sort",
        "queued: assigned+prioritised, unassigned+prioritised, assigned, unassigned (priority then queuedAt), Ground " +
            "Truth last by completion; recent: latest finalization first (in the kind of stage given by stageKind, " +
            "else any), never finalized last.",
        Schema = """{"type":"string","enum":["queued","recent"],"default":"queued"}""")]
    [QueryParameter("limit",
        "Tasks per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":500,"default":50}""")]
    [QueryParameter("cursor", "The nextCursor of the previous page.")]
    [QueryParameter("stageKind",
        "Queued sort: tasks now in a stage of that kind. Recent sort: tasks finalized in a stage of that kind, " +
            "latest first.",
        Schema = """{"type":"string","enum":["Label","Review"]}""")]
    [Function(nameof(ListTasks))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> ListTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/tasks")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (query, errors) = DataPageQuery.Parse(request.Query, access.Project, access.Caller.Email);
        if (query is null) return Problems.Validation(errors);
        var page = await dataPage.ReadAsync(access, query, cancellationToken);
        return page is null
            ? Problems.Validation("cursor", "is not a cursor this query returned")
            : Results.Json(new Api.TaskPage(page.Tasks.Select(TaskResponses.From).ToList(), page.NextCursor),
                DocketJson.Options);
    }

    [Operation("Tasks", "A task.")]
    [Answers(200, "The task.", Body = typeof(Api.DocketTask))]
    [Function(nameof(GetTask))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/tasks/{taskId}")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        return await tasks.GetVisibleAsync(access, taskId, cancellationToken) is { } task
            ? Results.Json(TaskResponses.From(task.Task), DocketJson.Options)
            : Problems.NotFound($"Task '{taskId}' was not found.");
    }

    [Operation("Tasks", "A task's audit trail, oldest first.")]
    [Answers(200, "The events, starting with `created`.", Body = typeof(IReadOnlyList<Api.TaskEvent>))]
    [Function(nameof(GetTaskEvents))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetTaskEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/tasks/{taskId}/events")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        if (await tasks.GetTrailAsync(access, taskId, cancellationToken) is not var (task, events))
            return Problems.NotFound($"Task '{taskId}' was not found.");
        return Results.Json(TaskResponses.Trail(task.Task, access.Project.Workflow.First.Name, events),
            DocketJson.Options);
    }
}
