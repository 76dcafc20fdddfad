using Docket.Application.Events;
using Docket.Domain.Webhooks;

namespace Docket.Application.Ports;

/// <summary>
/// Where a webhook's dispatch stands: the feed position every event before which has been checked against the
/// recorded deliveries once the feed had settled (<paramref name="Cursor"/>), the position new events were read up
/// to (<paramref name="Ahead"/>, at or past it), since when its deliveries have been failing, and the settled
/// instant the cursor was last moved to (<paramref name="CheckedUntil"/>).
/// </summary>
public sealed record WebhookProgress(FeedPosition Cursor, FeedPosition Ahead, DateTimeOffset? FailingSince,
    DateTimeOffset? CheckedUntil = null);

/// <summary>Webhooks, with the dispatcher's progress for each.</summary>
public interface IWebhookStore
{
    Task<bool> TryCreateAsync(Webhook webhook, CancellationToken cancellationToken);

    Task<Webhook?> GetAsync(string projectId, string webhookId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Webhook>> ListAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Every project's webhooks (there are few: at most <see cref="Webhook.MaxPerProject"/> a project).
    /// </summary>
    Task<IReadOnlyList<Webhook>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>Changes the webhook as it is now, re-reading on a race; null when there is none (or the change
    /// returns null).</summary>
    Task<Webhook?> UpdateAsync(string projectId, string webhookId, Func<Webhook, Webhook?> change,
        CancellationToken cancellationToken);

    /// <summary>Removes the webhook and its progress for good.</summary>
    Task RemoveAsync(string projectId, string webhookId, CancellationToken cancellationToken);

    Task<WebhookProgress?> GetProgressAsync(string projectId, string webhookId, CancellationToken cancellationToken);

    /// <summary>Written by the dispatch pass only, which runs once at a time.</summary>
    Task SaveProgressAsync(string projectId, string webhookId, WebhookProgress progress,
        CancellationToken cancellationToken);
}
