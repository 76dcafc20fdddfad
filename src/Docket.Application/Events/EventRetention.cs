using Docket.Application.Ports;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Docket.Application.Telemetry;

namespace Docket.Application.Events;

/// <summary>
/// Keeps the feed and the webhooks' delivery logs to <see cref="EventOptions.Retention"/>: each pass deletes what is
/// older, up to a bound per project, so a large backlog is worked off over several passes.
/// </summary>
public sealed class EventRetention(IProjectStore projects, IEventFeed feed, IWebhookStore webhooks,
    IWebhookDeliveries deliveries, IOptions<EventOptions> options, TimeProvider clock,
    ILogger<EventRetention> logger)
{
    const int MaxRowsPerProject = 10_000;

    public sealed record Report(int FeedEntries, int Deliveries);

    public async Task<Report> RunAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.Retention;
        var all = await webhooks.ListAllAsync(cancellationToken);
        int entries = 0, pruned = 0;
        foreach (var project in await projects.ListAsync(cancellationToken))
        {
            entries += await feed.PruneAsync(project, before, MaxRowsPerProject, cancellationToken);
            foreach (var webhook in all.Where(w => w.ProjectId == project.ProjectId
                                                   && w.Status != WebhookStatus.Deleting))
                pruned += await deliveries.PruneAsync(project.ProjectId, webhook.WebhookId, before,
                    MaxRowsPerProject, cancellationToken);
        }
        if (entries + pruned > 0)
            logger.EventsPruned(entries, pruned, before);
        return new Report(entries, pruned);
    }
}
