using Docket.Application.Messaging;
using Docket.Application.Configuration;
using Docket.Application.Indexing;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

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
    [Operation("Projects",
        "Backfill the Data Page and statistics rows of tasks written before they existed: one run at a time per " +
            "project (409 names the running one's reindexId); a stalled run is resumed where each shard was.",
        Refuses = [409])]
    [Answers(202,
        "The run started (or a stalled one resumed), a page of each shard at a time.",
        Body = typeof(Api.ReindexRun))]
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
                $"GET /api/projects/{projectId}/reindex.", Api.ProblemCodes.ReindexRunning, new Dictionary<string, object?>
                {
                    ["reindexId"] = start.Run.ReindexId,
                });
        }
        return Results.Json(View(start.Run), DocketJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The project's current (or last) reindex and its progress.</summary>
    [Operation("Projects",
        "The project's current or last reindex run and its progress (404 when it was never reindexed).")]
    [Answers(200, "The run.", Body = typeof(Api.ReindexRun))]
    [Function(nameof(GetReindex))]
    [RequiresProject(ProjectRequirement.Administer)]
    public async Task<IResult> GetReindex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "projects/{projectId}/reindex")] HttpRequest request,
        string projectId, CancellationToken cancellationToken) =>
        await reindexer.GetAsync(projectId, cancellationToken) is { } run
            ? Results.Json(View(run), DocketJson.Options)
            : Problems.NotFound($"Project '{projectId}' has not been reindexed.");

    Api.ReindexRun View(ReindexRun run) => new(run.ProjectId, run.ReindexId, run.Status.ToString(),
        ProjectReindexer.IsStalled(run, clock.GetUtcNow()), run.StartedAt, run.CompletedAt, run.LastProgressAt,
        run.Indexed, run.Shards.Count, run.Shards.Count(s => s.Done));

    [Function(nameof(ReindexPage))]
    public Task ReindexPage(
        [QueueTrigger(QueueNames.Reindex, Connection = DocketSettings.StorageConnection)] ReindexMessage message,
        CancellationToken cancellationToken) =>
        reindexer.IndexPageAsync(message, cancellationToken);
}
