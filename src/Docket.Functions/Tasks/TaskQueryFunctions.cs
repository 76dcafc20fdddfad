using System.Text.Json.Nodes;
using Docket.Domain.Tasks;
using Docket.Functions.Authorization;
using Docket.Functions.Http;
using Docket.Storage.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Docket.Functions.Tasks;

/// <summary>The Data Page, one task, and a task's audit trail. Members only ever see tasks assigned to them.</summary>
public sealed class TaskQueryFunctions(TaskStore tasks)
{
    [Function(nameof(ListTasks))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> ListTasks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/tasks")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var (query, errors) = DataPageQuery.Parse(request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
        if (query is null) return Problems.Validation(errors);
        if (query.Stage is not null && access.Project.Workflow.Find(query.Stage) is null)
            return Problems.Validation("stage", $"'{query.Stage}' is not a stage of this project");
        if (!access.CanManageTasks)
            query = query with { Assignee = access.Caller.Email };

        // Keep only the page's worth of best keys while scanning summaries, so memory stays bounded by the limit.
        var page = new SortedList<string, AnnotationTask>(StringComparer.Ordinal);
        await foreach (var task in tasks.ScanSummariesAsync(access.Project, query.ODataFilter(), cancellationToken))
        {
            if (!query.Matches(task)) continue;
            var key = query.SortKey(task);
            if (query.After is not null && string.CompareOrdinal(key, query.After) <= 0) continue;
            page.Add(key, task);
            if (page.Count > query.Limit + 1) page.RemoveAt(page.Count - 1);
        }
        var hasMore = page.Count > query.Limit;
        var shown = page.Take(query.Limit).ToList();
        var whole = await Task.WhenAll(shown.Select(p => tasks.GetAsync(access.Project, p.Value.TaskId, cancellationToken)));
        return Results.Json(new
        {
            // A task changed between the scan and this read shows as it is now, and only if the caller may still see it.
            tasks = whole.Where(t => t is not null && access.CanSeeTask(t.Task.Assignee)).Select(t => TaskJson.From(t!.Task)),
            nextCursor = hasMore ? DataPageQuery.EncodeCursor(shown[^1].Key) : null,
        }, DocketJson.Options);
    }

    [Function(nameof(GetTask))]
    [RequiresProject(ProjectRequirement.View)]
    public async Task<IResult> GetTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/tasks/{taskId}")] HttpRequest request,
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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/tasks/{taskId}/events")] HttpRequest request,
        string projectId, string taskId, CancellationToken cancellationToken)
    {
        var access = request.ProjectAccess();
        var task = await tasks.GetAsync(access.Project, taskId, cancellationToken);
        if (task is null || !access.CanSeeTask(task.Task.Assignee)) return Problems.NotFound($"Task '{taskId}' was not found.");

        var events = await tasks.ReadEventsAsync(access.Project, taskId, cancellationToken);
        // Creation is recorded on the task row itself; it opens the trail.
        var created = new JsonObject
        {
            ["type"] = "created", ["actor"] = task.Task.CreatedBy, ["how"] = task.Task.UploadId is null ? null : "upload",
            ["at"] = task.Task.CreatedAt, ["details"] = new JsonObject { ["stage"] = access.Project.Workflow.First.Name, ["uploadId"] = task.Task.UploadId },
        };
        var trail = events.Select(e => new JsonObject
        {
            ["type"] = e.Type, ["actor"] = e.Actor, ["how"] = e.How, ["at"] = e.At,
            ["details"] = new JsonObject(e.Details.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Value))),
        });
        return Results.Json(new[] { created }.Concat(trail), DocketJson.Options);
    }
}
