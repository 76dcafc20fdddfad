using Docket.Application.DataPage;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Application.Telemetry;
using Docket.Domain.Access;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Assignment;

/// <summary>
/// A person's queue in one stage, and "next": top the queue up to the stage's queue size from the pool (best
/// task first, each claim one ETag-guarded batch), then hand out the head of the queue.
/// </summary>
public sealed class WorkQueues(ITaskReader tasks, ITaskWriter writer, IWorkQueueStore queueStore, IPoolStore pool,
    TaskUpdater updater, CursorProtector cursors, DocketMetrics metrics, TimeProvider clock)
{
    /// <summary>
    /// The assignee skips the task, unless they already hold the stage's <see cref="StageSettings.MaxSkipped"/>
    /// skipped tasks there (counted from their queue rows in that stage: one range read; two skips at the same
    /// instant may both pass the count).
    /// </summary>
    public async Task<TaskOutcome> SkipAsync(ProjectAccess access, string taskId, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var current = await tasks.GetAsync(project, taskId, cancellationToken);
        if (current is null) return TaskOutcome.NotFound(taskId);
        var stage = project.Workflow.Find(current.Task.StageName);
        var (skipped, max) = stage is { IsWorkStage: true }
            ? ((await queueStore.ReadAsync(project, access.Caller.Email, stage.Index, cancellationToken))
                .Count(r => r.Skipped), project.SettingsOf(stage).MaxSkipped)
            : (0, int.MaxValue);
        return await updater.UpdateAsync(project, taskId,
            task => TaskTransitions.Skip(task, access.Caller.Email, clock.GetUtcNow(), skipped, max),
            guard: access.RefusalToWorkOn, alreadyRead: current, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Orphaned rows can make a queue look fuller than it is; without them, look again at most this often.
    /// </summary>
    const int MaxRounds = 4;

    /// <returns>The head of the caller's queue after topping it up, or null when they have nothing and the pool is
    /// empty.</returns>
    public Task<AnnotationTask?> NextAsync(Project project, Stage stage, string email,
        CancellationToken cancellationToken) =>
        NextAsync(project, [stage], email, cancellationToken);

    /// <summary>
    /// "Next" over several stages of one kind (the Label and Review buttons), stage by stage in workflow order: a
    /// stage's queue is topped up as per-stage <c>next</c> does and its first unskipped task wins; a later stage is
    /// only looked at when an earlier one has nothing. A skipped task comes back only when no stage has anything
    /// else. Skipped tasks do not count towards a stage's queue size, so skipping never keeps a person from new work.
    /// </summary>
    public async Task<AnnotationTask?> NextAsync(Project project, IReadOnlyList<Stage> stages, string email,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var next = await FindNextAsync(project, stages, email, cancellationToken);
        metrics.NextServed(clock.GetElapsedTime(started), stages[0].Kind.ToString(), next is not null);
        return next;
    }

    async Task<AnnotationTask?> FindNextAsync(Project project, IReadOnlyList<Stage> stages, string email,
        CancellationToken cancellationToken)
    {
        var orphans = new HashSet<string>();
        for (var round = 0; round < MaxRounds; round++)
        {
            var orphansBefore = orphans.Count;
            var known = new Dictionary<string, StoredTask>();
            var skipped = new List<QueueEntry>();
            foreach (var stage in stages)
            {
                var rows = (await queueStore.ReadAsync(project, email, stage.Index, cancellationToken))
                    .Where(r => !orphans.Contains(r.Position)).ToList();
                var settings = project.SettingsOf(stage);
                if (settings.AutoAssign)
                {
                    var held = rows.Count(r => !r.Skipped);
                    while (held < settings.QueueSize)
                    {
                        var claimed = await ClaimBestAsync(project, stage, email, cancellationToken);
                        if (claimed is null) break;
                        known[claimed.Task.TaskId] = claimed;
                        rows.Add(new QueueEntry(claimed.QueuePlace!, claimed.Task.TaskId, stage.Index, false, 0,
                            "*", clock.GetUtcNow()));
                        held++;
                    }
                }
                var ordered = rows.OrderBy(r => r.Position, StringComparer.Ordinal).ToList();
                var head = await HeadAsync(project, email, ordered.Where(r => !r.Skipped), known, orphans,
                    cancellationToken);
                if (head is not null) return head;
                skipped.AddRange(ordered.Where(r => r.Skipped));
            }

            var skippedHead = await HeadAsync(project, email, skipped, known, orphans, cancellationToken);
            if (skippedHead is not null) return skippedHead;
            if (orphans.Count == orphansBefore || !stages.Any(s => project.SettingsOf(s).AutoAssign)) return null;
        }
        return null;
    }

    /// <summary>
    /// A page of a person's queues in a run of consecutive stages (one stage, or every stage of a kind), stage by
    /// stage in work order: one range of their queue rows after the cursor, then the page's tasks, each confirmed
    /// against the row that named it. Rows no task names are left out (and removed once old).
    /// </summary>
    /// <returns>The page and the next page's cursor, or null when the cursor is not one this listing
    /// returned.</returns>
    public async Task<(IReadOnlyList<AnnotationTask> Tasks, string? NextCursor)?> ListAsync(Project project,
        IReadOnlyList<Stage> stages, string email, int limit, string? cursor, CancellationToken cancellationToken)
    {
        var scope = string.Join('\n', "queue", project.ProjectId, email, string.Join(',', stages.Select(s => s.Index)));
        string? after = null;
        if (cursor is not null && !cursors.TryUnprotect(scope, cursor, out after)) return null;
        var rows = await queueStore.ReadPageAsync(project, email, stages.Min(s => s.Index), stages.Max(s => s.Index),
            after, limit, cancellationToken);
        var page = rows.Take(limit).ToList();
        var read = await tasks.GetManyAsync(project, page.Select(r => r.TaskId).ToList(), cancellationToken);
        var now = clock.GetUtcNow();
        var queue = new List<AnnotationTask>();
        for (var i = 0; i < page.Count; i++)
        {
            if (queueStore.Confirms(page[i], read[i], email)) queue.Add(read[i]!.Task);
            else await queueStore.RemoveOrphanAsync(project, email, page[i], now);
        }
        return (queue, rows.Count > limit ? cursors.Protect(scope, page[^1].Position) : null);
    }

    /// <summary>
    /// The first row that its task confirms; rows it does not are noted as orphans (and removed once old).
    /// </summary>
    async Task<AnnotationTask?> HeadAsync(Project project, string email, IEnumerable<QueueEntry> rows,
        Dictionary<string, StoredTask> known, HashSet<string> orphans, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            var task = known.GetValueOrDefault(row.TaskId)
                ?? await tasks.GetAsync(project, row.TaskId, cancellationToken);
            if (queueStore.Confirms(row, task, email)) return task!.Task;
            orphans.Add(row.Position);
            await queueStore.RemoveOrphanAsync(project, email, row, clock.GetUtcNow());
        }
        return null;
    }

    /// <summary>
    /// Claims the best pool task for the caller; null when a fresh read of the pool finds nothing left.
    /// </summary>
    async Task<StoredTask?> ClaimBestAsync(Project project, Stage stage, string email,
        CancellationToken cancellationToken)
    {
        // Candidates whose task did not name them: met again after a fresh read, such a row outlived the read of its
        // task, so no change of that task explains it (a pool row changes only in its task's batch): an orphan,
        // which would otherwise come back with every read of the pool.
        var mismatched = new HashSet<string>(StringComparer.Ordinal);
        for (var attempts = 1; ; attempts++)
        {
            var candidate = await pool.TakeAsync(project, stage.Index, cancellationToken);
            if (candidate is null)
            {
                metrics.ClaimEnded(attempts, claimed: false);
                return null;
            }

            // The queue place is reserved while the task is read: both only need the candidate.
            var reserving = queueStore.ReservePlaceAsync(project, stage.Index, candidate, email, cancellationToken);
            var current = await tasks.GetAsync(project, candidate.TaskId, cancellationToken);
            var place = await reserving;
            var stillInPool = current is not null && pool.IsPlaceOf(project, current.Task, candidate);
            StoredTask? claimed = null;
            if (stillInPool && current!.Task.StageName == stage.Name)
            {
                var change = TaskTransitions.Claim(current.Task, email, clock.GetUtcNow());
                if (!change.IsRefused)
                {
                    claimed = await writer.TryUpdateAsync(project, current, change.Task!, change.Events, place,
                        cancellationToken);
                    if (claimed is null) metrics.StorageConflict("claim");
                }
            }
            // Claimed, moved or re-prioritised since the pool was read, or the claim lost a race: try the next one.
            if (claimed?.QueuePlace != place)
                await queueStore.ReleasePlaceAsync(project, email, place);
            if (claimed is not null)
            {
                metrics.ClaimEnded(attempts, claimed: true);
                return claimed;
            }
            metrics.ClaimLost();
            if (!stillInPool && !mismatched.Add(candidate.Position))
                await pool.DeleteOrphanAsync(project, candidate, cancellationToken);
        }
    }
}
