using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Application.Ports;
using Docket.Application.Telemetry;

namespace Docket.Application.Tasks;

/// <summary>
/// Read a task, check the caller may act on it, apply a rule, write under the ETag; when someone else wrote
/// first, read again and decide again. A request therefore always ends in one consistent state.
/// </summary>
public sealed class TaskUpdater(ITaskReader tasks, ITaskWriter writer, DocketMetrics metrics)
{
    const int MaxAttempts = 25;

    /// <param name="rule">The domain rule: the task's next state, or a refusal.</param>
    /// <param name="guard">Who may act on the task as it is now: a refusal, or null to go on.</param>
    /// <param name="alreadyRead">The task as the caller just read it, to save the first read.</param>
    public async Task<TaskOutcome> UpdateAsync(Project project, string taskId, Func<AnnotationTask, TaskChange> rule,
        Func<AnnotationTask, Refusal?>? guard = null, StoredTask? alreadyRead = null,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = alreadyRead ?? await tasks.GetAsync(project, taskId, cancellationToken);
            alreadyRead = null;
            if (current is null) return TaskOutcome.NotFound(taskId);
            if (guard?.Invoke(current.Task) is { } denied) return TaskOutcome.Refused(denied);

            var change = rule(current.Task);
            if (change.Refusal is { } refusal) return TaskOutcome.Refused(refusal);
            if (change.Events.Count == 0) return TaskOutcome.Unchanged(current);

            var written = await writer.TryUpdateAsync(project, current, change.Task!, change.Events,
                cancellationToken: cancellationToken);
            if (written is not null) return TaskOutcome.Changed(written);
            metrics.StorageConflict("task-update");
            await Task.Delay(Random.Shared.Next(1, 5 + attempt * 5), cancellationToken);
        }
        return TaskOutcome.Busy($"Task '{taskId}' is changing too often to update; try again.");
    }
}
