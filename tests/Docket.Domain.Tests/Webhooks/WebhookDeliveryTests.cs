using Docket.Domain.Events;
using Docket.Domain.Webhooks;

namespace Docket.Domain.Tests.Webhooks;

public sealed class WebhookDeliveryTests
{
    static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1)];

    static WebhookDelivery Pending() => new("d1", "e1", "task.created", T0, new FeedSource("t", "f|1", 0), null,
        DeliveryStatus.Pending, 0, null, null, null, T0, T0);

    static DeliveryOutcome Failure(DateTimeOffset at) => new(false, 500, "answered 500", at);

    [Fact]
    public void Failures_wait_as_the_schedule_says_and_the_delivery_fails_when_it_is_spent()
    {
        var first = Pending().After(Failure(T0), Schedule);
        Assert.Equal((DeliveryStatus.Pending, 1, T0.AddSeconds(5)), (first.Status, first.Attempts,
            first.NextAttemptAt));
        var second = first.After(Failure(T0.AddSeconds(5)), Schedule);
        Assert.Equal(T0.AddSeconds(5).AddMinutes(1), second.NextAttemptAt);
        var third = second.After(Failure(T0.AddMinutes(2)), Schedule);
        Assert.Equal((DeliveryStatus.Failed, 3, null), (third.Status, third.Attempts, third.NextAttemptAt));
        Assert.Equal("answered 500", third.LastError);
    }

    [Fact]
    public void A_success_ends_the_delivery_and_clears_the_error()
    {
        var done = Pending().After(Failure(T0), Schedule).After(new DeliveryOutcome(true, 204, null, T0), Schedule);
        Assert.Equal((DeliveryStatus.Succeeded, 2, 204, null, null), (done.Status, done.Attempts,
            done.LastStatusCode, done.LastError, done.NextAttemptAt));
    }

    [Fact]
    public void A_failed_redelivery_of_an_ended_delivery_does_not_start_the_schedule_again()
    {
        var succeeded = Pending().After(new DeliveryOutcome(true, 200, null, T0), Schedule);
        var redelivered = succeeded.After(Failure(T0.AddHours(1)), Schedule);
        Assert.Equal((DeliveryStatus.Failed, 2, null), (redelivered.Status, redelivered.Attempts,
            redelivered.NextAttemptAt));
    }

    [Fact]
    public void Subscriptions_name_known_types_or_all_and_the_secrets_overlap_after_a_rotation()
    {
        Assert.Empty(Webhook.EventListProblems(["task.completed", "*"]));
        Assert.Equal(["'task.exploded' is not an event type"], Webhook.EventListProblems(["task.exploded"]));
        Assert.Single(Webhook.EventListProblems([]));

        var webhook = new Webhook("p", "wh_1", "https://x.example", [OutboundEventTypes.TaskCompleted], null,
            WebhookStatus.Enabled, null, T0, T0, "whsec_new", "whsec_old", T0.AddHours(24));
        Assert.True(webhook.EventTypeFilter!.Contains("task.completed"));
        Assert.False(webhook.EventTypeFilter!.Contains("task.created"));
        Assert.Null((webhook with { Events = [OutboundEventTypes.Any] }).EventTypeFilter);
        Assert.Equal(["whsec_new", "whsec_old"], webhook.SigningSecrets(T0.AddHours(23)));
        Assert.Equal(["whsec_new"], webhook.SigningSecrets(T0.AddHours(24)));
    }
}
