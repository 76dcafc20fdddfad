using System.Runtime.CompilerServices;

namespace Docket.Client;

/// <summary>
/// Getting work and acting on it. None of these is retried: each would act again (claim another task, skip again,
/// finalize twice), so a transient failure is thrown for the caller to look before trying again.
/// </summary>
public sealed partial class DocketClient
{
    /// <summary>
    /// POST /api/projects/{projectId}/stages/{stageName}/next: the head of the caller's queue, or null when there is no
    /// work.
    /// </summary>
    public Task<DocketTask?> NextAsync(string projectId, string stageName,
        CancellationToken cancellationToken = default) =>
        SendAsync<DocketTask?>(HttpMethod.Post, Route("projects", projectId, "stages", stageName, "next"), null,
            Retry.Never, cancellationToken);

    /// <summary>
    /// POST /api/projects/{projectId}/next?kind=: the next task from any stage of that kind the caller works in.
    /// </summary>
    public Task<DocketTask?> NextAsync(string projectId, StageKind kind,
        CancellationToken cancellationToken = default) =>
        SendAsync<DocketTask?>(HttpMethod.Post, Route("projects", projectId, "next") + Query(("kind", kind.ToString())),
            null, Retry.Never, cancellationToken);

    /// <summary>
    /// GET /api/projects/{projectId}/stages/{stageName}/queue: one page of a person's queue (the caller's by default).
    /// </summary>
    public Task<QueuePage> GetQueueAsync(string projectId, string stageName, string? assignee = null, int? limit = null,
        string? cursor = null, CancellationToken cancellationToken = default) =>
        SendAsync<QueuePage>(HttpMethod.Get, Route("projects", projectId, "stages", stageName,
            "queue") + QueueQuery(assignee, limit, cursor),
            null, Retry.Safe, cancellationToken);

    /// <summary>
    /// GET /api/projects/{projectId}/queue?kind=: one page of a person's queue across the stages of a kind.
    /// </summary>
    public Task<QueuePage> GetQueueAsync(string projectId, StageKind kind, string? assignee = null, int? limit = null,
        string? cursor = null, CancellationToken cancellationToken = default) =>
        SendAsync<QueuePage>(HttpMethod.Get,
            Route("projects", projectId, "queue") + QueueQuery(assignee, limit, cursor, ("kind", kind.ToString())),
            null, Retry.Safe, cancellationToken);

    /// <summary>Every task of a person's queue in a stage, in work order, following the cursor.</summary>
    public IAsyncEnumerable<DocketTask> EnumerateQueueAsync(string projectId, string stageName, string? assignee = null,
        CancellationToken cancellationToken = default) =>
        WalkAsync(null, (cursor, ct) => GetQueueAsync(projectId, stageName, assignee, null, cursor, ct),
            page => (page.Tasks, page.NextCursor), cancellationToken);

    /// <summary>Every task of a person's queue across the stages of a kind, following the cursor.</summary>
    public IAsyncEnumerable<DocketTask> EnumerateQueueAsync(string projectId, StageKind kind, string? assignee = null,
        CancellationToken cancellationToken = default) =>
        WalkAsync(null, (cursor, ct) => GetQueueAsync(projectId, kind, assignee, null, cursor, ct),
            page => (page.Tasks, page.NextCursor), cancellationToken);

    /// <summary>POST …/tasks/{taskId}/save (the assignee): IN_PROGRESS.</summary>
    public Task<DocketTask> SaveTaskAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "save", null, cancellationToken);

    /// <summary>POST …/tasks/{taskId}/submit (the assignee): STAGED.</summary>
    public Task<DocketTask> SubmitTaskAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "submit", null, cancellationToken);

    /// <summary>POST …/tasks/{taskId}/skip (the assignee): SKIPPED, at the end of the queue.</summary>
    public Task<DocketTask> SkipTaskAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "skip", null, cancellationToken);

    /// <summary>POST …/tasks/{taskId}/release (the assignee): back to the stage's pool, a draft discarded.</summary>
    public Task<DocketTask> ReleaseTaskAsync(string projectId, string taskId,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "release", null, cancellationToken);

    /// <summary>POST …/tasks/{taskId}/issue (the assignee): PROBLEM, out of the queue until resolved.</summary>
    public Task<DocketTask> RaiseIssueAsync(string projectId, string taskId, string comment,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "issue", new IssueRequest(comment), cancellationToken);

    /// <summary>POST …/tasks/{taskId}/resolve (project admins and managers): back to the same assignee.</summary>
    public Task<DocketTask> ResolveIssueAsync(string projectId, string taskId, string? comment = null,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "resolve", new ResolveRequest(comment), cancellationToken);

    /// <summary>
    /// POST …/tasks/{taskId}/finalize (the assignee): no decision in a Label stage, accept or reject in a review
    /// stage. Answered 202: the task shows its pending move until the stage move completes.
    /// </summary>
    public Task<DocketTask> FinalizeTaskAsync(string projectId, string taskId, ReviewDecision? review = null,
        CancellationToken cancellationToken = default) =>
        ActAsync(projectId, taskId, "finalize", review is null ? null : new FinalizeRequest(review), cancellationToken);

    Task<DocketTask> ActAsync(string projectId, string taskId, string action, object? body,
        CancellationToken cancellationToken) =>
        SendAsync<DocketTask>(HttpMethod.Post, Route("projects", projectId, "tasks", taskId, action), body,
            Retry.Never, cancellationToken);

    static string QueueQuery(string? assignee, int? limit, string? cursor, params (string, string?)[] more) =>
        Query([.. more, ("assignee", assignee), ("limit",
            limit?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("cursor", cursor)]);


}
