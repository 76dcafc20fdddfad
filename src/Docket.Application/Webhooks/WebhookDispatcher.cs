using System.Collections.Concurrent;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Application.Webhooks;

/// <summary>
/// Delivers events to webhooks: each webhook is a reader of its project's event feed with a cursor of its own. A
/// pass reads what came after the cursor up to the present, records a delivery for each event it has not recorded
/// yet, attempts them, and attempts the deliveries whose retry is due. The cursor moves only as far as the feed has
/// settled; the events past it are read again by the next pass and recognised by their recorded deliveries. So an
/// event reaches a webhook soon after its change committed, at least once, and no event is made up: every one comes
/// from a feed row written in its change's own batch.
/// </summary>
public sealed class WebhookDispatcher(IWebhookStore webhooks, IWebhookDeliveries deliveries, IProjectStore projects,
    EventFeed feed, DeliveryAttempts attempts, IOptions<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookDispatcher> logger)
{
    const int DeletedRowsPerPass = 500;
    const int WebhooksAtOnce = 4;

    /// <summary>One pass over every webhook. Runs once at a time (a timer).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var all = await webhooks.ListAllAsync(cancellationToken);
        await Parallel.ForEachAsync(all,
            new ParallelOptions { MaxDegreeOfParallelism = WebhooksAtOnce, CancellationToken = cancellationToken },
            async (webhook, token) =>
            {
                try
                {
                    await DispatchAsync(webhook, token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // One webhook's storage trouble must not hold back the others; its next pass goes on from its
                    // saved cursor.
                    logger.LogWarning(exception, "Webhook {WebhookId} of {ProjectId}: dispatch pass failed",
                        webhook.WebhookId, webhook.ProjectId);
                }
            });
    }

    async Task DispatchAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        var (projectId, webhookId) = (webhook.ProjectId, webhook.WebhookId);
        if (webhook.Status == WebhookStatus.Deleting)
        {
            if (!await deliveries.RemoveSomeAsync(projectId, webhookId, DeletedRowsPerPass, cancellationToken))
                await webhooks.RemoveAsync(projectId, webhookId, cancellationToken);
            return;
        }
        if (webhook.Status != WebhookStatus.Enabled
            || await projects.GetRecentAsync(projectId, cancellationToken) is not { } project) return;

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var progress = await webhooks.GetProgressAsync(projectId, webhookId, cancellationToken)
                       ?? new WebhookProgress(FeedPosition.Start, null);
        var outcomes = new ConcurrentBag<DeliveryOutcome>();

        // Retries first: they are older than anything new.
        var due = await deliveries.DueAsync(projectId, webhookId, now, settings.EventsPerPass, cancellationToken);
        await AttemptAllAsync(project, webhook, due.Select(d => (d, (FeedEvent?)null)), outcomes, cancellationToken);

        var start = FeedPosition.Max(progress.Cursor, feed.PositionAt(webhook.EnabledAt));
        var run = await feed.ReadAsync(project, start, webhook.EventTypeFilter, settings.EventsPerPass, now,
            cancellationToken);
        if (run.Events.Count > 0)
        {
            var recorded = await deliveries.EventIdsAsync(projectId, webhookId, run.Events.Min(e => e.Timestamp),
                run.Events.Max(e => e.Timestamp), cancellationToken);
            var fresh = run.Events.Where(e => !recorded.Contains(e.Id)).ToDictionary(e => e.Id);
            var added = await deliveries.AddAsync(projectId, webhookId,
                fresh.Values.Select(e => NewDelivery(e, now)).ToList(), cancellationToken);
            await AttemptAllAsync(project, webhook, added.Select(d => (d, (FeedEvent?)fresh[d.EventId])), outcomes,
                cancellationToken);
        }

        var cursor = FeedPosition.Max(start, FeedPosition.Min(run.End, feed.PositionAt(feed.Settled)));
        var failingSince = progress.FailingSince;
        var ordered = outcomes.OrderBy(o => o.At).ToList();
        foreach (var outcome in ordered)
            failingSince = outcome.Succeeded ? null : failingSince ?? outcome.At;
        // Disabled by a failure, never by a quiet pass: the reason names what the receiver did last.
        if (failingSince is { } since && ordered is [.., { Succeeded: false } last]
            && last.At - since >= settings.DisableAfter)
        {
            var lastError = last.Error;
            await webhooks.UpdateAsync(projectId, webhookId, w => w.Status != WebhookStatus.Enabled ? null : w with
            {
                Status = WebhookStatus.Disabled,
                DisabledReason = $"every delivery failed since {since:u}; last error: {lastError ?? "unknown"}",
            }, cancellationToken);
            logger.LogWarning("Webhook {WebhookId} of {ProjectId} disabled: deliveries failing since {Since:o}",
                webhookId, projectId, since);
            failingSince = null;
        }
        await webhooks.SaveProgressAsync(projectId, webhookId, new WebhookProgress(cursor, failingSince),
            cancellationToken);
    }

    WebhookDelivery NewDelivery(FeedEvent feedEvent, DateTimeOffset now) => new(
        deliveries.DeliveryId(feedEvent.Id, feedEvent.Timestamp), feedEvent.Id, feedEvent.Type, feedEvent.Timestamp,
        new FeedSource(feedEvent.Task?.TaskId, feedEvent.Source.Position, feedEvent.Source.Index), null,
        DeliveryStatus.Pending, 0, null, null, null, now, now);

    async Task AttemptAllAsync(Project project, Webhook webhook,
        IEnumerable<(WebhookDelivery Delivery, FeedEvent? Event)> work, ConcurrentBag<DeliveryOutcome> outcomes,
        CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(work,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.Parallelism,
                CancellationToken = cancellationToken,
            },
            async (item, token) =>
            {
                var after = await attempts.AttemptAsync(project, webhook, item.Delivery, manual: false, item.Event,
                    token);
                if (after?.LastAttemptAt is { } at)
                    outcomes.Add(new DeliveryOutcome(after.Status == DeliveryStatus.Succeeded, after.LastStatusCode,
                        after.LastError, at));
            });
}
