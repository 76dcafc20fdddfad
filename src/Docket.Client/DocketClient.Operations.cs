namespace Docket.Client;

/// <summary>Operations: the state of Docket's queues (org admins) and a project's pending moves (its admins).
/// </summary>
public sealed partial class DocketClient
{
    /// <summary>GET /api/ops/queues: every queue's approximate depth and oldest message, and its poison queue's.
    /// </summary>
    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<QueueInfo>>(HttpMethod.Get, Route("ops", "queues"), null, Retry.Safe,
            cancellationToken);

    /// <summary>GET /api/projects/{projectId}/moves: pending (or only stuck) stage moves, the longest waiting first.
    /// </summary>
    public Task<PendingMovePage> GetPendingMovesAsync(string projectId, bool stuckOnly = false, string? after = null,
        int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<PendingMovePage>(HttpMethod.Get, Route("projects", projectId, "moves") + Query(
                ("state", stuckOnly ? "stuck" : "pending"), ("after", after),
                ("limit", limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            null, Retry.Safe, cancellationToken);

    /// <summary>Every pending (or stuck) move of the project, the longest waiting first, following the cursor.
    /// </summary>
    public IAsyncEnumerable<PendingMoveInfo> EnumeratePendingMovesAsync(string projectId, bool stuckOnly = false,
        CancellationToken cancellationToken = default) =>
        WalkAsync(null, (cursor, ct) => GetPendingMovesAsync(projectId, stuckOnly, cursor, null, ct),
            page => (page.Moves, page.NextCursor), cancellationToken);

    /// <summary>GET /api/ops/queues/{queue}/poison: the front of the poison queue, left where it is.</summary>
    public Task<IReadOnlyList<PoisonMessage>> GetPoisonMessagesAsync(string queue,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<PoisonMessage>>(HttpMethod.Get, Route("ops", "queues", queue, "poison"), null,
            Retry.Safe, cancellationToken);

    /// <summary>POST /api/ops/queues/{queue}/poison/replay: the poisoned messages back on their queue.</summary>
    public Task<PoisonOutcome> ReplayPoisonMessagesAsync(string queue, CancellationToken cancellationToken = default) =>
        SendAsync<PoisonOutcome>(HttpMethod.Post, Route("ops", "queues", queue, "poison", "replay"), null,
            Retry.Never, cancellationToken);

    /// <summary>POST /api/ops/queues/{queue}/poison/discard: the poisoned messages dropped.</summary>
    public Task<PoisonOutcome> DiscardPoisonMessagesAsync(string queue,
        CancellationToken cancellationToken = default) =>
        SendAsync<PoisonOutcome>(HttpMethod.Post, Route("ops", "queues", queue, "poison", "discard"), null,
            Retry.Never, cancellationToken);
}
