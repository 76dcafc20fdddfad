using System.Text.Json;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Storage.Messaging;
using Docket.Storage.Projects;
using Docket.Storage.Tasks;
using Microsoft.Extensions.Logging;

namespace Docket.Application.Indexing;

/// <summary>
/// Asks for one page of a shard's tasks to be indexed; the page after it is asked for when this one is done.
/// </summary>
public sealed record ReindexMessage(string ProjectId, int Shard, string? Continuation);

/// <summary>
/// Builds the listing and counter rows of tasks written before those rows existed, page by page through the
/// "reindex" queue, so it spreads over instances and picks up where it was after a crash (a redelivered page is
/// done again; a task already indexed is left alone). Each task is indexed by the same ETag-guarded batch every
/// write uses, so it is safe while the project is in use: a task changed meanwhile was indexed by that change.
/// </summary>
public sealed class ProjectReindexer(ProjectStore projects, TaskStore tasks, TaskBatches batches, DocketQueues queues,
    ILogger<ProjectReindexer> logger)
{
    const int PageSize = 100;
    const int MaxAttempts = 10;
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Starts the backfill of a project: one message per shard.</summary>
    public async Task<int> StartAsync(Project project, CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < project.ShardCount; shard++)
            await SendAsync(new ReindexMessage(project.ProjectId, shard, null), cancellationToken);
        return project.ShardCount;
    }

    /// <summary>Indexes one page of a shard's tasks, then asks for the next page.</summary>
    /// <returns>How many tasks this page indexed.</returns>
    public async Task<int> IndexPageAsync(ReindexMessage message, CancellationToken cancellationToken)
    {
        var project = await projects.GetRecentAsync(message.ProjectId, cancellationToken);
        if (project is null)
        {
            logger.LogWarning("Reindex of unknown project {ProjectId} dropped", message.ProjectId);
            return 0;
        }
        var (page, continuation) = await tasks.ReadPageAsync(project, message.Shard, message.Continuation, PageSize,
            cancellationToken);
        var indexed = 0;
        foreach (var task in page.Where(t => !t.Indexed))
            if (await IndexAsync(project, task, cancellationToken)) indexed++;
        if (continuation is not null)
            await SendAsync(message with { Continuation = continuation }, cancellationToken);
        else
            logger.LogInformation("Reindex of {ProjectId} shard {Shard} done", project.ProjectId, message.Shard);
        return indexed;
    }

    /// <summary>
    /// Writes the task as it is, which gives it its rows; false when a concurrent change indexed it first.
    /// </summary>
    public async Task<bool> IndexAsync(Project project, StoredTask task, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await batches.TryUpdateAsync(project, task, task.Task, [], cancellationToken: cancellationToken)
                is not null)
                return true;
            var current = await tasks.GetAsync(project, task.Task.TaskId, cancellationToken);
            if (current is null || current.Indexed) return false;
            task = current;
        }
        throw new InvalidOperationException(
            $"Task {task.Task.TaskId} in {project.ProjectId} changed too often to index now; " +
            "the page will be retried.");
    }

    Task SendAsync(ReindexMessage message, CancellationToken cancellationToken) =>
        queues.SendAsync(DocketQueues.Reindex, JsonSerializer.Serialize(message, Json), cancellationToken);
}
