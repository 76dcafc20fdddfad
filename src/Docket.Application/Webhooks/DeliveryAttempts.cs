using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Application.Webhooks;

/// <summary>
/// One attempt at a recorded delivery, and its outcome recorded: the body is made again from the event's feed row
/// (the same bytes each time), so a retry carries what the first attempt carried, under the same id.
/// </summary>
public sealed class DeliveryAttempts(IWebhookDeliveries deliveries, IWebhookTransport transport, IEventBodies bodies,
    EventFeed feed, IOptions<WebhookOptions> options, TimeProvider clock)
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
        var schedule = body is null ? [] : options.Value.RetryWaits;
        return await deliveries.UpdateAsync(project.ProjectId, webhook.WebhookId, delivery.DeliveryId,
            current => manual || current.Status == DeliveryStatus.Pending
                ? current.After(outcome, schedule)
                : current,
            cancellationToken);
    }
}
