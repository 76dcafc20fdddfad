using Docket.Application.Configuration;
using Docket.Application.Indexing;
using Docket.Storage.Jobs;
using Docket.Storage.Messaging;

namespace Docket.Functions.Indexing;

/// <summary>
/// The one-off backfill of listing and counter rows for a project whose tasks were written before they existed.
/// </summary>
public sealed class ReindexFunctions(ProjectReindexer reindexer, TimeProvider clock)
{
    /// <summary>
    /// Starts the backfill of the project's Data Page and statistics rows, or resumes a stalled one; one at a time
    /// (409 names the one running).
    /// </summary>
    [Function(nameof(ReindexProject))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> ReindexProject(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "projects/{projectId}/reindex")] HttpRequest request,
        string projectId, CancellationToken cancellationToken)
    {
        var start = await reindexer.StartAsync(request.ProjectAccess().Project, cancellationToken);
        if (start.Kind == ReindexStartKind.AlreadyRunning)
        {
            return Problems.Conflict($"Reindex {start.Run.ReindexId} of project '{projectId}' is running; see " +
                $"GET /api/projects/{projectId}/reindex.", new Dictionary<string, object?>
                {
                    ["reindexId"] = start.Run.ReindexId,
                });
        }
        return Results.Json(View(start.Run), DocketJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The project's current (or last) reindex and its progress.</summary>
    [Function(nameof(GetReindex))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetReindex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/reindex")] HttpRequest request,
        string projectId, CancellationToken cancellationToken) =>
        await reindexer.GetAsync(projectId, cancellationToken) is { } run
            ? Results.Json(View(run), DocketJson.Options)
            : Problems.NotFound($"Project '{projectId}' has not been reindexed.");

    object View(ReindexRun run) => new
    {
        projectId = run.ProjectId,
        reindexId = run.ReindexId,
        status = run.Status.ToString(),
        stalled = ProjectReindexer.IsStalled(run, clock.GetUtcNow()),
        startedAt = run.StartedAt,
        completedAt = run.CompletedAt,
        lastProgressAt = run.LastProgressAt,
        indexed = run.Indexed,
        shards = run.Shards.Count,
        shardsDone = run.Shards.Count(s => s.Done),
    };

    [Function(nameof(ReindexPage))]
    public Task ReindexPage(
        [QueueTrigger(DocketQueues.Reindex, Connection = DocketSettings.StorageConnection)] ReindexMessage message,
        CancellationToken cancellationToken) =>
        reindexer.IndexPageAsync(message, cancellationToken);
}
