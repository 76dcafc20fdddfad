using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Application.Telemetry;
using Docket.Domain.Projects;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Application.Webhooks;

/// <summary>
/// One attempt at a recorded delivery, and its outcome recorded: the body is made again from the event's feed row
/// (the same bytes each time), so a retry carries what the first attempt carried, under the same id.
/// </summary>
public sealed class DeliveryAttempts(IWebhookDeliveries deliveries, IWebhookTransport transport, IEventBodies bodies,
    EventFeed feed, IOptions<WebhookOptions> options, DocketMetrics metrics, TimeProvider clock)
{
    /// <param name="manual">An admin's redelivery: its outcome is recorded whatever the delivery's state; the
    /// dispatcher's attempt is recorded only on a delivery still pending (not one an admin's attempt settled).</param>
    /// <param name="read">The event when the caller has just read it from the feed.</param>
    /// <returns>The delivery as recorded after the attempt; null when it is gone.</returns>
    public async Task<WebhookDelivery?> AttemptAsync(Project project, Webhook webhook, WebhookDelivery delivery,
        bool manual, FeedEvent? read, CancellationToken cancellationToken)
    {
        var body = delivery.Body;
        if (body is null && delivery.Source is { } source)
        {
            var feedEvent = read ?? await feed.ReadOneAsync(project, source.TaskId,
                new FeedSourceRef(source.Position, source.Index), cancellationToken);
            if (feedEvent is not null) body = bodies.Event(project, feedEvent);
        }
        var outcome = body is null
            ? new DeliveryOutcome(false, null, "the event is no longer kept", clock.GetUtcNow())
            : await transport.SendAsync(webhook.Url, new OutboundMessage(delivery.EventId, body),
                webhook.SigningSecrets(clock.GetUtcNow()), cancellationToken);
        metrics.WebhookAttempted(outcome.Succeeded, outcome.At - delivery.EventAt);
        var schedule = body is null ? [] : options.Value.RetryWaits;
        return await deliveries.UpdateAsync(project.ProjectId, webhook.WebhookId, delivery.DeliveryId,
            current => manual || current.Status == DeliveryStatus.Pending
                ? current.After(outcome, schedule)
                : current,
            cancellationToken);
    }

    /// <summary>
    /// Attempts deliveries the caller just recorded (with their events as read), at most Parallelism at once, and
    /// saves their outcomes in batches; one an admin changed meanwhile is changed again on top of that.
    /// </summary>
    /// <returns>Each attempt's outcome.</returns>
    public async Task<IReadOnlyList<DeliveryOutcome>> AttemptRecordedAsync(Project project, Webhook webhook,
        IReadOnlyList<(RecordedDelivery Recorded, FeedEvent Event)> work, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var results = new (RecordedDelivery Recorded, DeliveryOutcome Outcome)[work.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, work.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (recorded, feedEvent) = work[i];
                var outcome = await transport.SendAsync(webhook.Url,
                    new OutboundMessage(recorded.Delivery.EventId, bodies.Event(project, feedEvent)),
                    webhook.SigningSecrets(clock.GetUtcNow()), token);
                metrics.WebhookAttempted(outcome.Succeeded, outcome.At - recorded.Delivery.EventAt);
                results[i] = (recorded, outcome);
            });
        var schedule = settings.RetryWaits;
        var conflicted = (await deliveries.SaveAsync(project.ProjectId, webhook.WebhookId,
            results.Select(r => (r.Recorded, r.Recorded.Delivery.After(r.Outcome, schedule))).ToList(),
            cancellationToken)).ToHashSet();
        foreach (var (recorded, outcome) in results.Where(r => conflicted.Contains(r.Recorded.Delivery.DeliveryId)))
            await deliveries.UpdateAsync(project.ProjectId, webhook.WebhookId, recorded.Delivery.DeliveryId,
                current => current.Status == DeliveryStatus.Pending ? current.After(outcome, schedule) : current,
                cancellationToken);
        return results.Select(r => r.Outcome).ToList();
    }
}
