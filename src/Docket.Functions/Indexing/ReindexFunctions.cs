using Docket.Application.Configuration;
using Docket.Application.Indexing;
using Docket.Storage.Messaging;

namespace Docket.Functions.Indexing;

/// <summary>
/// The one-off backfill of listing and counter rows for a project whose tasks were written before they existed.
/// </summary>
public sealed class ReindexFunctions(ProjectReindexer reindexer)
{
    /// <summary>
    /// Starts (or starts again: it is safe to repeat) the backfill of the project's Data Page and statistics rows.
    /// </summary>
    [Function(nameof(ReindexProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ReindexProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/reindex")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var shards = await reindexer.StartAsync(request.ProjectAccess().Project, cancellationToken);
        return Results.Json(new { projectId, shards }, DocketJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    [Function(nameof(ReindexPage))]
    public Task ReindexPage(
        [QueueTrigger(DocketQueues.Reindex, Connection = DocketSettings.StorageConnection)] ReindexMessage message,
        CancellationToken cancellationToken) =>
        reindexer.IndexPageAsync(message, cancellationToken);
}
