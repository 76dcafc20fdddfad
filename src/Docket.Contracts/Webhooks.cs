using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<WebhookState>))]
public enum WebhookState
{
    Enabled,
    Disabled,
}

[Description("Subscribes a URL to event types (`[\"*\"]` for all). Each delivery is a POST signed as Standard " +
             "Webhooks 1.0 describes.")]
public sealed record CreateWebhookRequest(
    [property: Description("https to a public address (http and local addresses only where the deployment allows " +
                           "insecure targets).")] string Url,
    IReadOnlyList<string> Events,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description = null);

[Description("Changes a webhook: each field left out stays as it is. Enabled again, it sends what happens from " +
             "then on (what it missed is in the event feed).")]
public sealed record UpdateWebhookRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Url { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Events { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Description { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public WebhookState? Status { get; init; }
}

[Description("A webhook. `secret` (`whsec_…`) is shown only when it is created and when its secret is rotated; " +
             "`disabledReason` says why it stopped (an admin, or a day of failed deliveries).")]
public sealed record Webhook(
    string WebhookId,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    [property: AllowedValues("Enabled", "Disabled")] string Status,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null);

[Description("One event on its way to a webhook: `Pending` while attempts remain (the next at `nextAttemptAt`), " +
             "then `Succeeded` or `Failed`.")]
public sealed record WebhookDelivery(
    string DeliveryId,
    [property: Description("The event's id, sent as `webhook-id` on every attempt.")] string EventId,
    string EventType,
    [property: AllowedValues("Pending", "Succeeded", "Failed")] string Status,
    int Attempts,
    [property: Description("The HTTP status of the last attempt, when the receiver answered.")] int? LastStatus,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt);

[Description("A page of a webhook's deliveries, newest event first; `nextCursor` is null on the last page.")]
public sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDelivery> Deliveries, string? NextCursor);

[Description("What `webhook.ping` carries: the webhook it was sent to.")]
public sealed record WebhookPingData(string WebhookId);

[Description("The body of a `webhook.ping` delivery.")]
public sealed record WebhookPingEvent(
    string Id,
    [property: AllowedValues("webhook.ping")] string Type,
    DateTimeOffset Timestamp,
    string ProjectId,
    WebhookPingData Data);
