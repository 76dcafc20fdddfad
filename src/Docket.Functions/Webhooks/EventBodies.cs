using System.Text.Json;
using Docket.Application.Events;
using Docket.Application.Ports;
using Docket.Domain.Events;
using Docket.Domain.Projects;
using Docket.Functions.Events;
using Api = Docket.Contracts;

namespace Docket.Functions.Webhooks;

/// <summary>Delivery bodies in the API's contract: an event as the feed shows it, or a ping.</summary>
public sealed class EventBodies : IEventBodies
{
    public string Event(Project project, FeedEvent feedEvent) =>
        JsonSerializer.Serialize(EventResponses.From(project, feedEvent), DocketJson.Options);

    public string Ping(Project project, string webhookId, string id, DateTimeOffset at) =>
        JsonSerializer.Serialize(new Api.WebhookPingEvent(id, OutboundEventTypes.WebhookPing, at, project.ProjectId,
            new Api.WebhookPingData(webhookId)), DocketJson.Options);
}
