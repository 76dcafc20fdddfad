using Docket.Domain.Webhooks;

namespace Docket.Application.Ports;

/// <summary>A delivery as recorded, with the version of its record (opaque) to change it under.</summary>
public sealed record RecordedDelivery(WebhookDelivery Delivery, string Version);

/// <summary>A page of a webhook's delivery log, newest event first, and where the next page starts.</summary>
public sealed record DeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? Next);

/// <summary>
/// Each webhook's deliveries, with an index of those due for another attempt, changed together so that a pending
/// delivery is always found when it is due.
/// </summary>
public interface IWebhookDeliveries
{
    /// <summary>The id a delivery of an event (or a ping) made at <paramref name="eventAt"/> gets.</summary>
    string DeliveryId(string eventId, DateTimeOffset eventAt);

    /// <summary>The event ids of the webhook's deliveries of events from <paramref name="from"/> to
    /// <paramref name="to"/> (inclusive).</summary>
    Task<IReadOnlySet<string>> EventIdsAsync(string projectId, string webhookId, DateTimeOffset from,
        DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Records new deliveries; one already recorded (by another dispatcher, or a pass that crashed) is kept
    /// as it is.</summary>
    /// <returns>The deliveries this call recorded: only these are its to attempt (the others are attempted by whoever
    /// recorded them, or as due retries).</returns>
    Task<IReadOnlyList<RecordedDelivery>> AddAsync(string projectId, string webhookId,
        IReadOnlyList<WebhookDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces recorded deliveries with what their attempts made of them, many in one batch, each under its
    /// version.
    /// </summary>
    /// <returns>The ids of those changed meanwhile (by an admin's redelivery): nothing of theirs was saved.</returns>
    Task<IReadOnlyList<string>> SaveAsync(string projectId, string webhookId,
        IReadOnlyList<(RecordedDelivery Recorded, WebhookDelivery After)> attempts,
        CancellationToken cancellationToken);

    Task<WebhookDelivery?> GetAsync(string projectId, string webhookId, string deliveryId,
        CancellationToken cancellationToken);

    /// <summary>Pending deliveries due at <paramref name="now"/>, the longest due first.</summary>
    Task<IReadOnlyList<WebhookDelivery>> DueAsync(string projectId, string webhookId, DateTimeOffset now, int limit,
        CancellationToken cancellationToken);

    /// <summary>Changes the delivery as it is now, re-reading on a race; null when there is none.</summary>
    Task<WebhookDelivery?> UpdateAsync(string projectId, string webhookId, string deliveryId,
        Func<WebhookDelivery, WebhookDelivery> change, CancellationToken cancellationToken);

    Task<DeliveryPage> ListAsync(string projectId, string webhookId, string? after, int limit,
        CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> ended deliveries of events from before
    /// <paramref name="before"/>; returns how many it deleted.</summary>
    Task<int> PruneAsync(string projectId, string webhookId, DateTimeOffset before, int max,
        CancellationToken cancellationToken);

    /// <summary>Removes up to <paramref name="limit"/> of the webhook's delivery rows; false when none were left.
    /// </summary>
    Task<bool> RemoveSomeAsync(string projectId, string webhookId, int limit, CancellationToken cancellationToken);
}
