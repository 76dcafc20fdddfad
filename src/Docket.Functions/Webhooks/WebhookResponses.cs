using Docket.Domain.Webhooks;
using Api = Docket.Contracts;

namespace Docket.Functions.Webhooks;

public static class WebhookResponses
{
    /// <param name="showSecret">Only when the webhook is created and when its secret is rotated.</param>
    public static Api.Webhook From(Webhook webhook, bool showSecret = false) => new(webhook.WebhookId, webhook.Url,
        webhook.Events, webhook.Description, webhook.Status.ToString(), webhook.DisabledReason, webhook.CreatedAt,
        showSecret ? webhook.Secret : null);

    public static Api.WebhookDelivery From(WebhookDelivery delivery) => new(delivery.DeliveryId, delivery.EventId,
        delivery.EventType, delivery.Status.ToString(), delivery.Attempts, delivery.LastStatusCode,
        delivery.LastError, delivery.LastAttemptAt, delivery.NextAttemptAt, delivery.CreatedAt);
}
