using System.Text.Json;
using Docket.Application.Events;
using Docket.Domain.Projects;
using Docket.Functions.Tasks;
using Docket.Functions.Upload;
using Api = Docket.Contracts;

namespace Docket.Functions.Events;

/// <summary>An event as the feed shows it and webhooks receive it: one shape for both.</summary>
public static class EventResponses
{
    /// <summary>The event with its data: the task as the API shows it, or the upload.</summary>
    public static Api.DocketEvent From(Project project, FeedEvent feedEvent) => new(feedEvent.Id, feedEvent.Type,
        feedEvent.Timestamp, project.ProjectId, feedEvent.Task is { } task
            ? JsonSerializer.SerializeToElement(TaskResponses.From(task), DocketJson.Options)
            : JsonSerializer.SerializeToElement(UploadResponses.From(feedEvent.Upload!), DocketJson.Options));
}
