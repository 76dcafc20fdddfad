namespace Docket.Domain.Webhooks;

public enum DeliveryStatus
{
    /// <summary>Not delivered yet: an attempt is due at NextAttemptAt.</summary>
    Pending,
    Succeeded,

    /// <summary>Every attempt of the retry schedule failed (or a ping failed): nothing more is tried on its own.
    /// </summary>
    Failed,
}

/// <summary>Where an event delivery's body comes from: the change's feed row, and the event's place in it.</summary>
public sealed record FeedSource(string? TaskId, string Position, int Index);

/// <summary>
/// One event on its way to one webhook, with every attempt's outcome so far. An event's delivery carries the feed
/// row it came from (its body is made from that row on each attempt, the same each time); a ping carries its body.
/// </summary>
public sealed record WebhookDelivery(
    string DeliveryId,
    string EventId,
    string EventType,
    DateTimeOffset EventAt,
    FeedSource? Source,
    string? Body,
    DeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>
    /// The delivery after one more attempt: succeeded, or due again after the schedule's wait for this many
    /// failures, or failed for good when the schedule is spent (or retries are not wanted, as for a ping).
    /// </summary>
    public WebhookDelivery After(DeliveryOutcome outcome, IReadOnlyList<TimeSpan> retrySchedule, bool retry = true)
    {
        var attempts = Attempts + 1;
        if (outcome.Succeeded)
            return this with
            {
                Status = DeliveryStatus.Succeeded,
                Attempts = attempts,
                LastStatusCode = outcome.StatusCode,
                LastError = null,
                LastAttemptAt = outcome.At,
                NextAttemptAt = null,
            };
        // A manual redelivery of a delivery that already ended does not start the schedule again.
        var again = retry && Status == DeliveryStatus.Pending && attempts <= retrySchedule.Count;
        return this with
        {
            Status = again ? DeliveryStatus.Pending : DeliveryStatus.Failed,
            Attempts = attempts,
            LastStatusCode = outcome.StatusCode,
            LastError = outcome.Error,
            LastAttemptAt = outcome.At,
            NextAttemptAt = again ? outcome.At + retrySchedule[attempts - 1] : null,
        };
    }
}

/// <summary>One attempt: a 2xx within the time allowed is success; anything else says what went wrong.</summary>
public sealed record DeliveryOutcome(bool Succeeded, int? StatusCode, string? Error, DateTimeOffset At);
