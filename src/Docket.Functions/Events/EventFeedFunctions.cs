using Docket.Application.Configuration;
using Docket.Application.Events;
using Docket.Domain.Events;
using Docket.Domain.Validation;
using Docket.Functions.OpenApi;
using Api = Docket.Contracts;

namespace Docket.Functions.Events;

/// <summary>The event feed: the pull twin of webhooks, for exports and consumers that cannot receive calls.</summary>
public sealed class EventFeedFunctions(EventFeed feed, EventRetention retention)
{
    const int DefaultLimit = 100;

    /// <summary>Deletes feed entries and webhook deliveries older than Docket:Events:Retention.</summary>
    [Function(nameof(PruneEvents))]
    public Task PruneEvents([TimerTrigger("%" + DocketSettings.EventPruneSchedule + "%")] TimerInfo timer,
        CancellationToken cancellationToken) =>
        retention.RunAsync(cancellationToken);

    [Operation("Events",
        "The project's events in commit order (each task's in the order of its changes), from a cursor. The feed " +
            "stays a few seconds behind the present, so a cursor never passes an event still being written.")]
    [Answers(200, "A page of events and the cursor to go on from.", Body = typeof(Api.EventPage))]
    [QueryParameter("after", "The nextCursor of a previous page (opaque, signed; 400 if altered); left out: from " +
        "the oldest event kept.")]
    [QueryParameter("types", "Only these event types, comma-separated (e.g. task.completed,task.entered_stage).")]
    [QueryParameter("limit",
        "Events per page.",
        Schema = """{"type":"integer","minimum":1,"maximum":500,"default":100}""")]
    [Function(nameof(GetEvents))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/events")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var project = request.ProjectAccess().Project;
        var errors = new List<ValidationError>();
        var limit = QueryLimit.Read(request, DefaultLimit, EventFeed.MaxLimit, errors);
        HashSet<string>? types = null;
        if (request.Query["types"].ToString() is { Length: > 0 } typesText)
        {
            types = [.. typesText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            foreach (var unknown in types.Where(t => !OutboundEventTypes.All.Contains(t)))
                errors.Add(new ValidationError("types", $"'{unknown}' is not an event type"));
        }
        if (errors.Count > 0) return Problems.Validation(errors);

        var after = request.Query["after"].ToString() is { Length: > 0 } cursor ? cursor : null;
        if (await feed.ReadAsync(project, after, types, limit, cancellationToken) is not { } page)
            return Problems.Validation("after", "is not a cursor this feed gave (with these types)");
        return Results.Json(new Api.EventPage(
            page.Events.Select(e => EventResponses.From(project, e)).ToList(),
            page.NextCursor), DocketJson.Options);
    }
}
