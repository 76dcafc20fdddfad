using System.Globalization;

namespace Docket.Client;

/// <summary>
/// The event feed: a project's events in commit order, from a cursor. Keep the last <c>nextCursor</c> and ask again
/// with it to get what happened since, each event once.
/// </summary>
public sealed partial class DocketClient
{
    /// <summary>
    /// GET /api/projects/{projectId}/events (project admins): one page of the feed, from <c>after</c> (the
    /// nextCursor of the previous page; null starts from the oldest event kept), of the given <c>types</c> only
    /// (e.g. "task.completed"; null: all).
    /// </summary>
    public Task<EventPage> GetEventsAsync(string projectId, string? after = null,
        IEnumerable<string>? types = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<EventPage>(HttpMethod.Get, Route("projects", projectId, "events") + Query(
                ("after", after),
                ("types", types is null ? null : string.Join(',', types)),
                ("limit", limit?.ToString(CultureInfo.InvariantCulture))),
            null, Retry.Safe, cancellationToken);
}
