using Docket.Application.Events;
using Docket.Domain.Projects;
using Docket.Functions.Tasks;
using Api = Docket.Contracts;

namespace Docket.Functions.Events;

/// <summary>An event as the feed shows it and webhooks receive it: one shape for both.</summary>
public static class EventResponses
{
    public static Api.DocketEvent From(Project project, FeedEvent feedEvent) => new(feedEvent.Id, feedEvent.Type,
        feedEvent.Timestamp, project.ProjectId, TaskResponses.From(feedEvent.Task));
}
