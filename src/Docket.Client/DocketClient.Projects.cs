using System.Globalization;

namespace Docket.Client;

public sealed partial class DocketClient
{
    /// <summary>
    /// POST /api/projects (org admins). Not retried: a repeat of a create that went through answers 409.
    /// </summary>
    public Task<Project> CreateProjectAsync(CreateProjectRequest project,
        CancellationToken cancellationToken = default) =>
        SendAsync<Project>(HttpMethod.Post, Route("projects"), project, Retry.Never, cancellationToken);

    /// <summary>GET /api/projects: the caller's projects (every project for org admins).</summary>
    public Task<IReadOnlyList<Project>> ListProjectsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Project>>(HttpMethod.Get, Route("projects"), null, Retry.Safe, cancellationToken);

    /// <summary>GET /api/projects/{projectId}.</summary>
    public Task<Project> GetProjectAsync(string projectId, CancellationToken cancellationToken = default) =>
        SendAsync<Project>(HttpMethod.Get, Route("projects", projectId), null, Retry.Safe, cancellationToken);

    /// <summary>
    /// PATCH /api/projects/{projectId} (project admins). Retried: it sets values, so a repeat changes nothing.
    /// </summary>
    public Task<Project> UpdateProjectAsync(string projectId, UpdateProjectRequest changes,
        CancellationToken cancellationToken = default) =>
        SendAsync<Project>(HttpMethod.Patch, Route("projects", projectId), changes, Retry.Safe, cancellationToken);

    /// <summary>PATCH /api/projects/{projectId}/stages/{stageName} (project admins). Retried: it sets values.</summary>
    public Task<Project> UpdateStageAsync(string projectId, string stageName, UpdateStageRequest changes,
        CancellationToken cancellationToken = default) =>
        SendAsync<Project>(HttpMethod.Patch, Route("projects", projectId, "stages", stageName), changes, Retry.Safe,
            cancellationToken);

    /// <summary>PUT /api/projects/{projectId}/members/{email} (project admins); the user must exist.</summary>
    public Task<Member> PutMemberAsync(string projectId, string email, PutMemberRequest member,
        CancellationToken cancellationToken = default) =>
        SendAsync<Member>(HttpMethod.Put, Route("projects", projectId, "members", email), member, Retry.Safe,
            cancellationToken);

    /// <summary>DELETE /api/projects/{projectId}/members/{email} (project admins).</summary>
    public Task RemoveMemberAsync(string projectId, string email, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Route("projects", projectId, "members", email), null, Retry.Safe,
            cancellationToken);

    /// <summary>GET /api/projects/{projectId}/members (project admins and managers).</summary>
    public Task<IReadOnlyList<Member>> ListMembersAsync(string projectId,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Member>>(HttpMethod.Get, Route("projects", projectId, "members"), null, Retry.Safe,
            cancellationToken);

    /// <summary>
    /// POST /api/projects/{projectId}/rebalance (project admins). Not retried: one pass is what was asked for.
    /// </summary>
    public Task<RebalanceReport> RebalanceAsync(string projectId, CancellationToken cancellationToken = default) =>
        SendAsync<RebalanceReport>(HttpMethod.Post, Route("projects", projectId, "rebalance"), null, Retry.Never,
            cancellationToken);

    /// <summary>
    /// GET /api/projects/{projectId}/stats: task counts by stage and status (and by assignee when asked).
    /// </summary>
    public Task<ProjectStats> GetStatsAsync(string projectId, bool byAssignee = false,
        CancellationToken cancellationToken = default) =>
        SendAsync<ProjectStats>(HttpMethod.Get, Route("projects", projectId, "stats") + Query(("by", byAssignee
            ? "assignee" : null)),
            null, Retry.Safe, cancellationToken);

    /// <summary>
    /// GET /api/projects/{projectId}/check (project admins): the consistency check; with <paramref name="repair"/>,
    /// POST …/check/repair, which also applies the safe repairs (idempotent, so retried like a GET). A report that
    /// ran out of time names its <c>nextShard</c>: pass it as <c>fromShard</c> to go on from there.
    /// </summary>
    public Task<ProjectCheck> CheckProjectAsync(string projectId, bool repair = false, int? fromShard = null,
        CancellationToken cancellationToken = default)
    {
        var query = Query(("fromShard", fromShard?.ToString(CultureInfo.InvariantCulture)));
        return repair
            ? SendAsync<ProjectCheck>(HttpMethod.Post, Route("projects", projectId, "check", "repair") + query, null,
                Retry.Safe, cancellationToken)
            : SendAsync<ProjectCheck>(HttpMethod.Get, Route("projects", projectId, "check") + query, null, Retry.Safe,
                cancellationToken);
    }

    /// <summary>
    /// POST /api/projects/{projectId}/reindex (project admins): backfills the Data Page and statistics rows of tasks
    /// written before they existed, page by page through a queue. Safe to repeat.
    /// </summary>
    public Task<ReindexRun> ReindexAsync(string projectId, CancellationToken cancellationToken = default) =>
        SendAsync<ReindexRun>(HttpMethod.Post, Route("projects", projectId, "reindex"), null, Retry.Safe,
            cancellationToken);

    /// <summary>GET /api/projects/{projectId}/reindex (project admins): the current or last reindex's progress.
    /// </summary>
    public Task<ReindexRun> GetReindexAsync(string projectId, CancellationToken cancellationToken = default) =>
        SendAsync<ReindexRun>(HttpMethod.Get, Route("projects", projectId, "reindex"), null, Retry.Safe,
            cancellationToken);
}
