namespace Docket.Client;

/// <summary>Operations (org admins): the state of Docket's queues.</summary>
public sealed partial class DocketClient
{
    /// <summary>GET /api/ops/queues: every queue's approximate depth and oldest message, and its poison queue's.
    /// </summary>
    public Task<IReadOnlyList<QueueInfo>> GetQueuesAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<QueueInfo>>(HttpMethod.Get, Route("ops", "queues"), null, Retry.Safe,
            cancellationToken);
}
