using System.Security.Cryptography;
using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Domain.Validation;
using Docket.Domain.Webhooks;
using Microsoft.Extensions.Options;

namespace Docket.Application.Webhooks;

/// <summary>What an admin sends to subscribe.</summary>
public sealed record NewWebhook(string Url, IReadOnlyList<string> Events, string? Description);

/// <summary>What an admin changes: each field left null stays as it is.</summary>
public sealed record WebhookChange(string? Url, IReadOnlyList<string>? Events, string? Description,
    WebhookStatus? Status);

/// <summary>A webhook's deliveries, a page of them, newest event first.</summary>
public sealed record DeliveryLogPage(IReadOnlyList<WebhookDelivery> Deliveries, string? NextCursor);

/// <summary>
/// Project admins' webhooks: subscribe, change, remove, rotate the secret, ping, look at deliveries and send one
/// again. Deliveries of events are made by the <see cref="WebhookDispatcher"/>.
/// </summary>
public sealed class WebhookService(IWebhookStore webhooks, IWebhookDeliveries deliveries, IWebhookTransport transport,
    IEventBodies bodies, DeliveryAttempts attempts, CursorProtector cursors, IOptions<WebhookOptions> options,
    TimeProvider clock)
{
    public const int MaxDeliveriesPerPage = 100;

    public async Task<(Webhook? Created, IReadOnlyList<ValidationError> Problems)> CreateAsync(Project project,
        NewWebhook request, CancellationToken cancellationToken)
    {
        var problems = await TargetProblemsAsync(request.Url, cancellationToken);
        var existing = await ListAsync(project.ProjectId, cancellationToken);
        if (existing.Count >= Webhook.MaxPerProject)
            problems.Add(new ValidationError("url",
                $"a project has at most {Webhook.MaxPerProject} webhooks; remove one first"));
        if (problems.Count > 0) return (null, problems);

        var now = clock.GetUtcNow();
        var webhook = new Webhook(project.ProjectId, "wh_" + Guid.NewGuid().ToString("N"), request.Url,
            request.Events.Distinct().ToList(), request.Description, WebhookStatus.Enabled, null, now, now,
            NewSecret());
        await webhooks.TryCreateAsync(webhook, cancellationToken);
        return (webhook, []);
    }

    /// <summary>The webhook, unless it is being removed.</summary>
    public async Task<Webhook?> GetAsync(string projectId, string webhookId, CancellationToken cancellationToken) =>
        await webhooks.GetAsync(projectId, webhookId, cancellationToken) is { Status: not WebhookStatus.Deleting } w
            ? w
            : null;

    public async Task<IReadOnlyList<Webhook>> ListAsync(string projectId, CancellationToken cancellationToken) =>
        (await webhooks.ListAsync(projectId, cancellationToken))
        .Where(w => w.Status != WebhookStatus.Deleting).OrderBy(w => w.CreatedAt).ToList();

    /// <returns>The webhook as changed (null when there is none), or the problems with the change.</returns>
    public async Task<(Webhook? Updated, IReadOnlyList<ValidationError> Problems)> UpdateAsync(string projectId,
        string webhookId, WebhookChange change, CancellationToken cancellationToken)
    {
        if (change.Url is not null && await TargetProblemsAsync(change.Url, cancellationToken) is { Count: > 0 } p)
            return (null, p);
        var now = clock.GetUtcNow();
        var updated = await webhooks.UpdateAsync(projectId, webhookId, webhook =>
        {
            if (webhook.Status == WebhookStatus.Deleting) return null;
            var enabling = change.Status == WebhookStatus.Enabled && webhook.Status != WebhookStatus.Enabled;
            return webhook with
            {
                Url = change.Url ?? webhook.Url,
                Events = change.Events?.Distinct().ToList() ?? webhook.Events,
                Description = change.Description ?? webhook.Description,
                Status = change.Status ?? webhook.Status,
                // Enabled again, it sends what happens from now on; what it missed is in the event feed.
                EnabledAt = enabling ? now : webhook.EnabledAt,
                DisabledReason = change.Status == WebhookStatus.Disabled
                    ? "disabled by an admin"
                    : enabling ? null : webhook.DisabledReason,
            };
        }, cancellationToken);
        return (updated, []);
    }

    /// <summary>Removes the webhook from the API at once; its delivery log is cleared by the dispatcher.</summary>
    public async Task<bool> RemoveAsync(string projectId, string webhookId, CancellationToken cancellationToken) =>
        await webhooks.UpdateAsync(projectId, webhookId,
            w => w.Status == WebhookStatus.Deleting ? null : w with { Status = WebhookStatus.Deleting },
            cancellationToken) is not null;

    /// <summary>A new secret; the one it replaces keeps signing beside it for the overlap (24 h by default).
    /// </summary>
    public Task<Webhook?> RotateSecretAsync(string projectId, string webhookId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var secret = NewSecret();
        return webhooks.UpdateAsync(projectId, webhookId, w => w.Status == WebhookStatus.Deleting
            ? null
            : w with
            {
                Secret = secret,
                PreviousSecret = w.Secret,
                PreviousSecretUntil = now + options.Value.SecretOverlap,
            }, cancellationToken);
    }

    /// <summary>Sends <c>webhook.ping</c> once, now, and records it among the deliveries.</summary>
    public async Task<WebhookDelivery> PingAsync(Project project, Webhook webhook,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = "ping_" + Guid.NewGuid().ToString("N");
        var body = bodies.Ping(project, webhook.WebhookId, id, now);
        var outcome = await transport.SendAsync(webhook.Url, new OutboundMessage(id, body),
            webhook.SigningSecrets(now), cancellationToken);
        var delivery = new WebhookDelivery(deliveries.DeliveryId(id, now), id, OutboundEventTypes.WebhookPing, now,
                null, body, DeliveryStatus.Pending, 0, null, null, null, null, now)
            .After(outcome, [], retry: false);
        await deliveries.AddAsync(project.ProjectId, webhook.WebhookId, [delivery], cancellationToken);
        return delivery;
    }

    /// <summary>One more attempt at a delivery, now; a pending one stays on its schedule if this one fails.</summary>
    /// <returns>The delivery after the attempt, or null when there is no such delivery.</returns>
    public async Task<WebhookDelivery?> RedeliverAsync(Project project, Webhook webhook, string deliveryId,
        CancellationToken cancellationToken) =>
        await deliveries.GetAsync(project.ProjectId, webhook.WebhookId, deliveryId, cancellationToken) is { } found
            ? await attempts.AttemptAsync(project, webhook, found, manual: true, read: null, cancellationToken)
            : null;

    public Task<WebhookDelivery?> GetDeliveryAsync(string projectId, string webhookId, string deliveryId,
        CancellationToken cancellationToken) =>
        deliveries.GetAsync(projectId, webhookId, deliveryId, cancellationToken);

    /// <returns>The page, or null when the cursor is not one this log gave.</returns>
    public async Task<DeliveryLogPage?> DeliveriesAsync(string projectId, string webhookId, string? cursor,
        int limit, CancellationToken cancellationToken)
    {
        var scope = $"deliveries|{projectId}|{webhookId}";
        string? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;
        var page = await deliveries.ListAsync(projectId, webhookId, after, limit, cancellationToken);
        return new DeliveryLogPage(page.Deliveries, page.Next is null ? null : cursors.Protect(scope, page.Next));
    }

    async Task<List<ValidationError>> TargetProblemsAsync(string url, CancellationToken cancellationToken)
    {
        var problem = WebhookTargets.Problem(url, options.Value.AllowInsecureTargets)
                      ?? await transport.TargetProblemAsync(url, cancellationToken);
        return problem is null ? [] : [new ValidationError("url", problem)];
    }

    /// <summary>A Standard Webhooks secret: "whsec_" and 24 random bytes in base64.</summary>
    static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
}
