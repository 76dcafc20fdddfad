using Docket.Domain.Events;

namespace Docket.Domain.Webhooks;

public enum WebhookStatus
{
    Enabled,
    Disabled,

    /// <summary>Removed by an admin: gone from the API while its delivery log is cleared away.</summary>
    Deleting,
}

/// <summary>
/// A project admin's subscription: where to send, which event types, and the secrets that sign each delivery (the
/// previous one keeps signing beside the current one for a while after a rotation, so a receiver can switch).
/// </summary>
public sealed record Webhook(
    string ProjectId,
    string WebhookId,
    string Url,
    IReadOnlyList<string> Events,
    string? Description,
    WebhookStatus Status,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset EnabledAt,
    string Secret,
    string? PreviousSecret = null,
    DateTimeOffset? PreviousSecretUntil = null)
{
    public const int MaxPerProject = 20;
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    /// <summary>The event types to read for it, or null for all of them.</summary>
    public IReadOnlySet<string>? EventTypeFilter =>
        Events.Contains(OutboundEventTypes.Any) ? null : Events.ToHashSet();

    /// <summary>The secrets a delivery at <paramref name="now"/> is signed with: the current one first.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretUntil > now ? [Secret, PreviousSecret] : [Secret];

    /// <summary>Every problem with a subscription's list of event types (empty when it is good).</summary>
    public static IEnumerable<string> EventListProblems(IReadOnlyList<string> events)
    {
        if (events.Count == 0) yield return "must name at least one event type, or \"*\" for all";
        foreach (var type in events)
            if (type != OutboundEventTypes.Any && !OutboundEventTypes.All.Contains(type))
                yield return $"'{type}' is not an event type";
    }
}
