namespace Docket.Application.Events;

/// <summary>Settings of the events Docket sends out ("Docket:Events").</summary>
public sealed class EventOptions
{
    public const string SectionName = "Docket:Events";

    /// <summary>
    /// How old a feed row must be before the feed shows it. A row's place is its writer's clock when the batch was
    /// sent, and a batch that committed later than the feed had moved past must not be missed: writers send no
    /// attempt at a batch carrying feed rows later than half this time after its place (with storage's 8 s network
    /// timeout, an attempt is over well before the feed shows the place).
    /// </summary>
    public TimeSpan FeedSettle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long events stay in the feed, and deliveries in a webhook's log; older ones are pruned.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
