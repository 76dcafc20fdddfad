using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Messaging;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Microsoft.Extensions.Logging;
using Docket.Application.Telemetry;

namespace Docket.Application.Indexing;

/// <summary>
/// Asks for one page of a shard's tasks to be indexed, for one reindex run; the page after it is asked for when this
/// one is done.
/// </summary>
public sealed record ReindexMessage(string ProjectId, string ReindexId, int Shard, string? Continuation);

/// <summary>What asking for a reindex did: started one, resumed a stalled one, or found one running.</summary>
public sealed record ReindexStart(ReindexRun Run, ReindexStartKind Kind);

public enum ReindexStartKind
{
    Started,
    Resumed,
    AlreadyRunning,
}

/// <summary>
/// Builds the listing and counter rows of tasks written before those rows existed, page by page through the
/// "reindex" queue, so it spreads over instances. One run at a time per project, its progress kept per shard
/// (<see cref="IReindexRuns"/>): a chain of page messages broken by a crash or a poisoned message shows as stalled and
/// is resumed where it was by asking again. A redelivered page is done again; a task already indexed is left alone.
/// Each task is indexed by the same version-guarded write every change uses, so it is safe while the project is in use:
/// a task changed meanwhile was indexed by that change.
/// </summary>
public sealed class ProjectReindexer(IProjectStore projects, ITaskReader tasks, ITaskWriter writer,
    IMessageQueues queues, IReindexRuns runs, TimeProvider clock, ILogger<ProjectReindexer> logger)
{
    const int PageSize = 100;
    const int MaxAttempts = 10;
    const int MaxRecordAttempts = 20;

    /// <summary>A run that has made no progress for this long has lost its messages: asking again resumes it.</summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(5);

    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<ReindexRun?> GetAsync(string projectId, CancellationToken cancellationToken) =>
        (await runs.GetAsync(projectId, cancellationToken))?.Run;

    public static bool IsStalled(ReindexRun run, DateTimeOffset now) =>
        run.Status == ReindexStatus.Running && now - run.LastProgressAt >= StalledAfter;

    /// <summary>
    /// Starts the backfill of a project (one message per shard), resumes a stalled one from where each shard was,
    /// or answers the one running.
    /// </summary>
    public async Task<ReindexStart> StartAsync(Project project, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var found = await runs.GetAsync(project.ProjectId, cancellationToken);
            if (found is ({ Status: ReindexStatus.Running } running, var runningVersion))
            {
                if (!IsStalled(running, now)) return new ReindexStart(running, ReindexStartKind.AlreadyRunning);
                var resumed = running with { LastProgressAt = now };
                if (!await runs.TryWriteAsync(resumed, runningVersion, cancellationToken)) continue;
                foreach (var shard in resumed.Shards.Where(s => !s.Done))
                    await SendAsync(new ReindexMessage(project.ProjectId, resumed.ReindexId, shard.Shard,
                        shard.Continuation), cancellationToken);
                logger.ReindexResumed(resumed.ReindexId, project.ProjectId);
                return new ReindexStart(resumed, ReindexStartKind.Resumed);
            }

            var run = new ReindexRun(project.ProjectId, Guid.NewGuid().ToString("N"), ReindexStatus.Running, now, null,
                now, Enumerable.Range(0, project.ShardCount).Select(s => new ReindexShard(s, null, false, 0)).ToList());
            if (!await runs.TryWriteAsync(run, found?.Version, cancellationToken)) continue;
            for (var shard = 0; shard < project.ShardCount; shard++)
                await SendAsync(new ReindexMessage(project.ProjectId, run.ReindexId, shard, null), cancellationToken);
            return new ReindexStart(run, ReindexStartKind.Started);
        }
    }

    /// <summary>
    /// Indexes one page of a shard's tasks, asks for the next page, then records the shard's progress (in that
    /// order: a crash between them repeats a page, never loses one).
    /// </summary>
    /// <returns>How many tasks this page indexed.</returns>
    public async Task<int> IndexPageAsync(ReindexMessage message, CancellationToken cancellationToken)
    {
        var project = await projects.GetRecentAsync(message.ProjectId, cancellationToken);
        var current = await runs.GetAsync(message.ProjectId, cancellationToken);
        if (project is null || current is not ({ Status: ReindexStatus.Running } run, _)
            || run.ReindexId != message.ReindexId || run.Shards.ElementAtOrDefault(message.Shard) is not { Done: false })
        {
            logger.ReindexPageDropped(message.ProjectId, message.Shard);
            return 0;
        }
        var (page, continuation) = await tasks.ReadPageAsync(project, message.Shard, message.Continuation, PageSize,
            cancellationToken);
        var indexed = 0;
        foreach (var task in page.Where(t => !t.Indexed))
            if (await IndexAsync(project, task, cancellationToken)) indexed++;
        if (continuation is not null)
            await SendAsync(message with { Continuation = continuation }, cancellationToken);
        await RecordAsync(message, continuation, indexed, cancellationToken);
        return indexed;
    }

    /// <summary>Notes a shard's page done, and the run complete when it was the last shard's last page.</summary>
    async Task RecordAsync(ReindexMessage message, string? continuation, int indexed,
        CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxRecordAttempts; attempt++)
        {
            if (await runs.GetAsync(message.ProjectId, cancellationToken) is not ({ } run, var version)
                || run.ReindexId != message.ReindexId || run.Shards[message.Shard].Done)
                return;
            var now = clock.GetUtcNow();
            var shards = run.Shards.Select(s => s.Shard != message.Shard ? s
                : s with { Continuation = continuation, Done = continuation is null, Indexed = s.Indexed + indexed })
                .ToList();
            var done = shards.All(s => s.Done);
            var updated = run with
            {
                Shards = shards,
                LastProgressAt = now,
                Status = done ? ReindexStatus.Completed : ReindexStatus.Running,
                CompletedAt = done ? now : null,
            };
            if (!await runs.TryWriteAsync(updated, version, cancellationToken)) continue;
            if (done)
                logger.ReindexDone(run.ReindexId, run.ProjectId, updated.Indexed);
            return;
        }
        // Progress not recorded (the shards kept each other busy): the run may look stalled sooner, and a resume
        // repeats pages, which is harmless.
        logger.ReindexProgressNotRecorded(message.ReindexId, message.Shard);
    }

    /// <summary>
    /// Writes the task as it is, which gives it its rows; false when a concurrent change indexed it first.
    /// </summary>
    public async Task<bool> IndexAsync(Project project, StoredTask task, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await writer.TryUpdateAsync(project, task, task.Task, [], cancellationToken: cancellationToken)
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
        queues.SendAsync(QueueNames.Reindex, JsonSerializer.Serialize(message, Json), cancellationToken);
}
