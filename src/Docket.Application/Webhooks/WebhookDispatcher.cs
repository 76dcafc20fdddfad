using System.Collections.Concurrent;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.Telemetry;
using Docket.Domain.Projects;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Docket.Application.Webhooks;

/// <summary>
/// Delivers events to webhooks: each webhook is a reader of its project's event feed with positions of its own. A
/// pass attempts the deliveries whose retry is due, then reads the new events (from where it last read up to the
/// present), records a delivery for each and attempts them, then reads again what has settled since the last pass
/// (from the settled cursor): a change that committed after a pass had read past its place is found there without a
/// delivery and sent. So an event reaches a webhook soon after its change committed, at least once, and no event is
/// made up: every one comes from a feed row written in its change's own batch.
/// </summary>
public sealed class WebhookDispatcher(IWebhookStore webhooks, IWebhookDeliveries deliveries, IProjectStore projects,
    EventFeed feed, DeliveryAttempts attempts, IOptions<WebhookOptions> options, DocketMetrics metrics,
    TimeProvider clock, ILogger<WebhookDispatcher> logger)
{
    const int DeletedRowsPerPass = 500;
    const int WebhooksAtOnce = 4;

    /// <summary>How long one webhook's pass goes on reading new pages (a backlog is worked off over passes).</summary>
    static readonly TimeSpan PassBudget = TimeSpan.FromSeconds(20);

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
                    logger.WebhookPassFailed(exception, webhook.WebhookId, webhook.ProjectId);
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
        var passEnds = now + PassBudget;
        var progress = await webhooks.GetProgressAsync(projectId, webhookId, cancellationToken)
                       ?? new WebhookProgress(FeedPosition.Start, FeedPosition.Start, null);
        var outcomes = new ConcurrentBag<DeliveryOutcome>();

        // Retries first: they are older than anything new.
        var due = await deliveries.DueAsync(projectId, webhookId, now, settings.EventsPerPass, cancellationToken);
        await AttemptAllAsync(project, webhook, due, outcomes, cancellationToken);

        // New events, from where the last pass read up to the present, page after page while the pass has time.
        var enabled = feed.PositionAt(webhook.EnabledAt);
        var cursor = FeedPosition.Max(progress.Cursor, enabled);
        var ahead = FeedPosition.Max(progress.Ahead, cursor);
        while (true)
        {
            var run = await feed.ReadAsync(project, ahead, webhook.EventTypeFilter, settings.EventsPerPass,
                clock.GetUtcNow(), cancellationToken);
            await DeliverUnrecordedAsync(project, webhook, run, outcomes, cancellationToken);
            ahead = FeedPosition.Max(ahead, run.End);
            if (run.Events.Count < settings.EventsPerPass || clock.GetUtcNow() > passEnds) break;
        }

        // What has settled since it was last checked, read again (every SettledCheckInterval): a change that
        // committed after a pass had read past its place is found here (its delivery unrecorded) and sent. The
        // cursor never passes the settled feed.
        var checkedUntil = progress.CheckedUntil;
        if (checkedUntil is null || feed.Settled - checkedUntil >= settings.SettledCheckInterval)
            while (true)
            {
                var settled = feed.Settled;
                var run = await feed.ReadAsync(project, cursor, webhook.EventTypeFilter, settings.EventsPerPass,
                    settled, cancellationToken);
                await DeliverUnrecordedAsync(project, webhook, run, outcomes, cancellationToken);
                var full = run.Events.Count == settings.EventsPerPass;
                cursor = FeedPosition.Max(cursor, full ? run.End : feed.PositionAt(settled));
                if (!full) checkedUntil = settled;
                if (!full || clock.GetUtcNow() > passEnds) break;
            }
        ahead = FeedPosition.Max(ahead, cursor);

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
            metrics.WebhookDisabled(projectId);
            logger.WebhookDisabled(webhookId, projectId, since);
            failingSince = null;
        }
        await webhooks.SaveProgressAsync(projectId, webhookId,
            new WebhookProgress(cursor, ahead, failingSince, checkedUntil), cancellationToken);
    }

    /// <summary>Records and attempts the events of the run that have no delivery yet.</summary>
    async Task DeliverUnrecordedAsync(Project project, Webhook webhook, FeedRun run,
        ConcurrentBag<DeliveryOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (run.Events.Count == 0) return;
        var (projectId, webhookId) = (webhook.ProjectId, webhook.WebhookId);
        var recorded = await deliveries.EventIdsAsync(projectId, webhookId, run.Events.Min(e => e.Timestamp),
            run.Events.Max(e => e.Timestamp), cancellationToken);
        var fresh = run.Events.Where(e => !recorded.Contains(e.Id)).ToDictionary(e => e.Id);
        if (fresh.Count == 0) return;
        var now = clock.GetUtcNow();
        var added = await deliveries.AddAsync(projectId, webhookId,
            fresh.Values.Select(e => NewDelivery(e, now)).ToList(), cancellationToken);
        foreach (var outcome in await attempts.AttemptRecordedAsync(project, webhook,
                     added.Select(a => (a, fresh[a.Delivery.EventId])).ToList(), cancellationToken))
            outcomes.Add(outcome);
    }

    WebhookDelivery NewDelivery(FeedEvent feedEvent, DateTimeOffset now) => new(
        deliveries.DeliveryId(feedEvent.Id, feedEvent.Timestamp), feedEvent.Id, feedEvent.Type, feedEvent.Timestamp,
        new FeedSource(feedEvent.Task?.TaskId, feedEvent.Source.Position, feedEvent.Source.Index), null,
        DeliveryStatus.Pending, 0, null, null, null, now, now);

    /// <summary>Deliveries due again, one at a time each (they are few): the body read again from the feed.
    /// </summary>
    async Task AttemptAllAsync(Project project, Webhook webhook, IEnumerable<WebhookDelivery> work,
        ConcurrentBag<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(work,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = options.Value.Parallelism,
                CancellationToken = cancellationToken,
            },
            async (item, token) =>
            {
                var after = await attempts.AttemptAsync(project, webhook, item, manual: false, read: null, token);
                if (after?.LastAttemptAt is { } at)
                    outcomes.Add(new DeliveryOutcome(after.Status == DeliveryStatus.Succeeded, after.LastStatusCode,
                        after.LastError, at));
            });
}
