using System.Text.Json.Nodes;
using Docket.Application.DataPage;
using Docket.Domain.Tasks;
using Docket.Storage.Tasks;

namespace Docket.Functions.Tasks;

/// <summary>The Data Page, one task, and a task's audit trail. Members only ever see tasks assigned to them.</summary>
public sealed class TaskQueryFunctions(TaskStore tasks, DataPageReader dataPage)
{
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
            : Results.Json(new { tasks = page.Tasks.Select(TaskJson.From), nextCursor = page.NextCursor },
                DocketJson.Options);
    }

    [Function(nameof(GetTask))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/tasks/{taskId}")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var task = await tasks.GetAsync(access.Project, taskId, cancellationToken);
        return task is null || !access.CanSeeTask(task.Task.Assignee)
            ? Problems.NotFound($"Task '{taskId}' was not found.")
            : Results.Json(TaskJson.From(task.Task), DocketJson.Options);
    }

    [Function(nameof(GetTaskEvents))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetTaskEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get",
            Route = "projects/{projectId}/tasks/{taskId}/events")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var task = await tasks.GetAsync(access.Project, taskId, cancellationToken);
        if (task is null || !access.CanSeeTask(task.Task.Assignee))
            return Problems.NotFound($"Task '{taskId}' was not found.");

        var events = await tasks.ReadEventsAsync(access.Project, taskId, cancellationToken);
        // Creation is recorded on the task row itself; it opens the trail.
        var created = new JsonObject
        {
            ["type"] = "created",
            ["actor"] = task.Task.CreatedBy,
            ["how"] = task.Task.UploadId is null ? null : "upload",
            ["at"] = task.Task.CreatedAt,
            ["details"] = new JsonObject
            {
                ["stage"] = access.Project.Workflow.First.Name,
                ["uploadId"] = task.Task.UploadId
            },
        };
        var trail = events.Select(e => new JsonObject
        {
            ["type"] = e.Type,
            ["actor"] = e.Actor,
            ["how"] = e.How,
            ["at"] = e.At,
            ["details"] = new JsonObject(e.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        });
        return Results.Json(new[] { created }.Concat(trail), DocketJson.Options);
    }
}
