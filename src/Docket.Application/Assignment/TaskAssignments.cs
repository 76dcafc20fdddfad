using System.Collections.Concurrent;
using Docket.Application.Configuration;
using Docket.Application.Ports;
using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Assignment;

/// <summary>Assignment and priority by hand or by program, for many tasks at once, each with its own outcome.</summary>
public sealed class TaskAssignments(TaskUpdater updater, ITaskWriter writer, BulkUpdates bulk, IStorageFaults faults,
    TimeProvider clock)
{
    /// <summary>
    /// Assigns each task in its current stage to <paramref name="assignee"/> (null: back to the pool), re-deciding
    /// on the task as it is when written: one that moved to a stage the assignee cannot work in is refused.
    /// </summary>
    public async Task<IReadOnlyList<(string TaskId, TaskOutcome Outcome)>> AssignAsync(Project project, string actor,
        IReadOnlyList<StoredTask> tasks, string? assignee, Membership? membership, CancellationToken cancellationToken)
    {
        return await bulk.RunAsync(tasks, read => read.Task.TaskId,
            (read, ct) => updater.UpdateAsync(project, read.Task.TaskId,
                task => !project.Workflow.Find(task.StageName)!.IsWorkStage
                    || (membership is not null && !membership.HasStageAccess(task.StageName))
                    ? TaskChange.Refused("the task moved to a stage the assignee cannot work in",
                        RefusalCodes.StageAccess)
                    : TaskTransitions.AssignManually(task, assignee, actor, clock.GetUtcNow()),
                alreadyRead: read, cancellationToken: ct),
            cancellationToken);
    }

    /// <summary>
    /// Sets each task's priority. Tasks of one shard change together in as few batch transactions as the limits
    /// allow; a transaction that loses a race to another writer (or that storage refuses) is redone task by task,
    /// each re-read and re-decided.
    /// </summary>
    public async Task<IReadOnlyList<(string TaskId, TaskOutcome Outcome)>> SetPrioritiesAsync(Project project,
        string actor,
        IReadOnlyList<(StoredTask Current, Priority? Priority)> changes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var decided = changes.Select(c =>
            (Change: TaskTransitions.ChangePriority(c.Current.Task, c.Priority, actor, now), c.Current,
                c.Priority)).ToList();
        var outcomes = new ConcurrentBag<(string, TaskOutcome)>(
            decided.Where(d => d.Change.Events.Count == 0)
                .Select(d => (d.Current.Task.TaskId, TaskOutcome.Unchanged(d.Current))));
        var shards = decided.Where(d => d.Change.Events.Count > 0)
            .GroupBy(d => TaskIdentity.ShardOf(d.Current.Task.TaskId, project.ShardCount));
        await Parallel.ForEachAsync(shards, StorageParallelism.Options(StorageParallelism.Batches, cancellationToken),
            async (shard, ct) =>
        {
            var tasks = shard.ToList();
            var written = await TryBatchesAsync(project,
                tasks.Select(d => (d.Current, d.Change.Task!, d.Change.Events)).ToList(), ct);
            for (var i = 0; i < tasks.Count; i++)
            {
                var (_, current, priority) = tasks[i];
                if (written[i] is { } task)
                {
                    outcomes.Add((task.Task.TaskId, TaskOutcome.Changed(task)));
                    continue;
                }
                var outcome = await bulk.TryAsync(() => updater.UpdateAsync(project, current.Task.TaskId,
                    task => TaskTransitions.ChangePriority(task, priority, actor, clock.GetUtcNow()),
                    cancellationToken: ct));
                outcomes.Add((current.Task.TaskId, outcome));
            }
        });
        return outcomes.ToList();
    }

    /// <summary>
    /// One shard's changes in as few transactions as fit; null for the tasks of a transaction that lost a race or
    /// that storage refused (a fault), which the caller redoes one by one, so whatever was written ends consistent.
    /// </summary>
    async Task<IReadOnlyList<StoredTask?>> TryBatchesAsync(Project project,
        IReadOnlyList<(StoredTask Current, AnnotationTask Updated, IReadOnlyList<TaskEvent> Events)> changes,
        CancellationToken cancellationToken)
    {
        try
        {
            return await writer.TryUpdateManyAsync(project, changes, cancellationToken);
        }
        catch (Exception exception) when (faults.RefusalOf(exception) is not null
                                          || faults.IsTransient(exception, cancellationToken))
        {
            // Not written, or not known to be: each task goes on its own (a write that did commit is recognised).
            return new StoredTask?[changes.Count];
        }
    }
}
