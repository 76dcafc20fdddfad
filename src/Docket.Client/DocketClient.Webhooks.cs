using System.Globalization;

namespace Docket.Client;

/// <summary>
/// Webhooks (project admins): Docket POSTs each event a webhook subscribes to, signed as Standard Webhooks 1.0
/// describes, at least once, retrying with back-off.
/// </summary>
public sealed partial class DocketClient
{
    /// <summary>POST /api/projects/{projectId}/webhooks: the answer carries the secret, this once.</summary>
    public Task<Webhook> CreateWebhookAsync(string projectId, CreateWebhookRequest webhook,
        CancellationToken cancellationToken = default) =>
        SendAsync<Webhook>(HttpMethod.Post, Route("projects", projectId, "webhooks"), webhook, Retry.Never,
            cancellationToken);

    public Task<IReadOnlyList<Webhook>> ListWebhooksAsync(string projectId,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<Webhook>>(HttpMethod.Get, Route("projects", projectId, "webhooks"), null, Retry.Safe,
            cancellationToken);

    public Task<Webhook> GetWebhookAsync(string projectId, string webhookId,
        CancellationToken cancellationToken = default) =>
        SendAsync<Webhook>(HttpMethod.Get, Route("projects", projectId, "webhooks", webhookId), null, Retry.Safe,
            cancellationToken);

    public Task<Webhook> UpdateWebhookAsync(string projectId, string webhookId, UpdateWebhookRequest changes,
        CancellationToken cancellationToken = default) =>
        SendAsync<Webhook>(HttpMethod.Patch, Route("projects", projectId, "webhooks", webhookId), changes,
            Retry.Safe, cancellationToken);

    public Task RemoveWebhookAsync(string projectId, string webhookId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Route("projects", projectId, "webhooks", webhookId), null, Retry.Safe,
            cancellationToken);

    /// <summary>A new secret, in the answer this once; the old one keeps signing beside it for 24 hours.</summary>
    public Task<Webhook> RotateWebhookSecretAsync(string projectId, string webhookId,
        CancellationToken cancellationToken = default) =>
        SendAsync<Webhook>(HttpMethod.Post, Route("projects", projectId, "webhooks", webhookId, "rotate-secret"),
            null, Retry.Never, cancellationToken);

    /// <summary>Sends <c>webhook.ping</c> now; the answer says whether the receiver took it.</summary>
    public Task<WebhookDelivery> PingWebhookAsync(string projectId, string webhookId,
        CancellationToken cancellationToken = default) =>
        SendAsync<WebhookDelivery>(HttpMethod.Post, Route("projects", projectId, "webhooks", webhookId, "ping"),
            null, Retry.Never, cancellationToken);

    public Task<WebhookDeliveryPage> GetWebhookDeliveriesAsync(string projectId, string webhookId,
        string? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        SendAsync<WebhookDeliveryPage>(HttpMethod.Get,
            Route("projects", projectId, "webhooks", webhookId, "deliveries") + Query(("after", after),
                ("limit", limit?.ToString(CultureInfo.InvariantCulture))),
            null, Retry.Safe, cancellationToken);

    /// <summary>One more attempt at a delivery, now, with the same <c>webhook-id</c> and body.</summary>
    public Task<WebhookDelivery> RedeliverWebhookDeliveryAsync(string projectId, string webhookId,
        string deliveryId, CancellationToken cancellationToken = default) =>
        SendAsync<WebhookDelivery>(HttpMethod.Post,
            Route("projects", projectId, "webhooks", webhookId, "deliveries", deliveryId, "redeliver"), null,
            Retry.Never, cancellationToken);
}
