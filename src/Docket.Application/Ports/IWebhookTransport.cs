using Docket.Application.Events;
using Docket.Domain.Projects;
using Docket.Domain.Webhooks;

namespace Docket.Application.Ports;

/// <summary>A message on its way to a receiver: its id (the same on every attempt) and its JSON body.</summary>
public sealed record OutboundMessage(string Id, string Body);

/// <summary>Calls receivers: signs and sends one message, and checks targets before they are saved.</summary>
public interface IWebhookTransport
{
    /// <summary>One attempt, signed with each of <paramref name="secrets"/>; never throws for a receiver's fault.
    /// </summary>
    Task<DeliveryOutcome> SendAsync(string url, OutboundMessage message, IReadOnlyList<string> secrets,
        CancellationToken cancellationToken);

    /// <summary>What keeps <paramref name="url"/> from being a target (where its name leads), or null.</summary>
    Task<string?> TargetProblemAsync(string url, CancellationToken cancellationToken);
}

/// <summary>The bodies receivers get, in the API's contract.</summary>
public interface IEventBodies
{
    string Event(Project project, FeedEvent feedEvent);

    string Ping(Project project, string webhookId, string id, DateTimeOffset at);
}
