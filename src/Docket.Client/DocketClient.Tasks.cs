using System.Runtime.CompilerServices;

namespace Docket.Client;

public sealed partial class DocketClient
{
    /// <summary>
    /// GET /api/projects/{projectId}/tasks: one page of the Data Page. Members see only their own tasks.
    /// </summary>
    public Task<TaskPage> ListTasksAsync(string projectId, TaskQuery? query = null,
        CancellationToken cancellationToken = default)
    {
        query ??= new TaskQuery();
        var path = Route("projects", projectId, "tasks") + Query(
            ("search", query.Search?.ToString().ToUpperInvariant()),
            ("stage", query.Stage),
            ("stageKind", query.StageKind?.ToString()),
            ("assignee", query.Assignee),
            ("name", query.NamePrefix),
            ("sort", query.Sort?.ToString().ToLowerInvariant()),
            ("limit", query.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("cursor", query.Cursor));
        return SendAsync<TaskPage>(HttpMethod.Get, path, null, Retry.Safe, cancellationToken);
    }

    /// <summary>Every task the query finds, page after page, following the cursor.</summary>
    public IAsyncEnumerable<DocketTask> EnumerateTasksAsync(string projectId, TaskQuery? query = null,
        CancellationToken cancellationToken = default)
    {
        query ??= new TaskQuery();
        return WalkAsync(query.Cursor, (cursor, ct) => ListTasksAsync(projectId, query with { Cursor = cursor }, ct),
            page => (page.Tasks, page.NextCursor), cancellationToken);
    }

    /// <summary>GET /api/projects/{projectId}/tasks/{taskId}.</summary>
    public Task<DocketTask> GetTaskAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        SendAsync<DocketTask>(HttpMethod.Get, Route("projects", projectId, "tasks", taskId), null, Retry.Safe,
            cancellationToken);

    /// <summary>GET /api/projects/{projectId}/tasks/{taskId}/events: the audit trail, oldest first.</summary>
    public Task<IReadOnlyList<TaskEvent>> GetTaskEventsAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<TaskEvent>>(HttpMethod.Get, Route("projects", projectId, "tasks", taskId, "events"),
            null, Retry.Safe,
            cancellationToken);

    /// <summary>
    /// POST /api/projects/{projectId}/tasks/assign (project admins and managers): gives each task to the person, or
    /// back to the pool when <paramref name="email"/> is null. Retried: it states who holds the tasks, so a repeat
    /// finds them held and changes nothing.
    /// </summary>
    public Task<IReadOnlyList<AssignOutcome>> AssignTasksAsync(string projectId, IEnumerable<string> taskIds,
        string? email,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AssignOutcome>>(HttpMethod.Post, Route("projects", projectId, "tasks", "assign"),
            new AssignRequest(taskIds.ToList(), email), Retry.Safe, cancellationToken);

    /// <summary>Sends the tasks back to their stage's pool.</summary>
    public Task<IReadOnlyList<AssignOutcome>> UnassignTasksAsync(string projectId, IEnumerable<string> taskIds,
        CancellationToken cancellationToken = default) =>
        AssignTasksAsync(projectId, taskIds, null, cancellationToken);

    /// <summary>
    /// POST /api/projects/{projectId}/tasks/priority (project admins and managers), at most
    /// <see cref="MaxTasksPerCall"/> tasks. Retried: it sets values, so a repeat changes nothing.
    /// </summary>
    public Task<IReadOnlyList<PriorityOutcome>> SetPrioritiesAsync(string projectId,
        IReadOnlyList<PriorityChange> changes,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PriorityOutcome>>(HttpMethod.Post, Route("projects", projectId, "tasks", "priority"),
            new PriorityRequest(changes), Retry.Safe, cancellationToken);

    /// <summary>
    /// POST /api/projects/{projectId}/tasks/move (project admins): sends tasks to another stage (answered 202; the
    /// move completes in the background). Not retried: a repeat finds the tasks already moving.
    /// </summary>
    public Task<IReadOnlyList<MoveOutcome>> MoveTasksAsync(string projectId, IEnumerable<string> taskIds,
        string stageName,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<MoveOutcome>>(HttpMethod.Post, Route("projects", projectId, "tasks", "move"),
            new MoveRequest(taskIds.ToList(), stageName), Retry.Never, cancellationToken);

    /// <summary>POST …/tasks/{taskId}/move/retry (project admins): sends the pending stage move again.</summary>
    public Task<DocketTask> RetryMoveAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        SendAsync<DocketTask>(HttpMethod.Post, Route("projects", projectId, "tasks", taskId, "move", "retry"), null,
            Retry.Never,
            cancellationToken);

    /// <summary>
    /// POST …/tasks/{taskId}/move/cancel (project admins): gives up the pending move; the task stays.
    /// </summary>
    public Task<DocketTask> CancelMoveAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        SendAsync<DocketTask>(HttpMethod.Post, Route("projects", projectId, "tasks", taskId, "move", "cancel"), null,
            Retry.Never,
            cancellationToken);
}
