using Docket.Domain.Projects;
using Docket.Domain.Tasks;
using Docket.Functions.Http;
using Docket.Storage.Tasks;
using Microsoft.AspNetCore.Http;

namespace Docket.Functions.Tasks;

/// <summary>
/// Read a task, check the caller may act on it, apply a rule, write under the ETag; when someone else wrote
/// first, read again and decide again. A request therefore always ends in one consistent state.
/// </summary>
public sealed class TaskUpdater(TaskStore tasks)
{
    const int MaxAttempts = 25;

    /// <param name="Changed">Whether this call wrote the task (false when the rule found nothing to do).</param>
    public sealed record Outcome(StoredTask? Task, IResult? Problem, bool Changed = false);

    /// <param name="guard">Who may act on the task as it is now: a problem answer, or null to go on.</param>
    public async Task<Outcome> UpdateAsync(Project project, string taskId, Func<AnnotationTask, IResult?> guard,
        Func<AnnotationTask, TaskChange> rule, CancellationToken cancellationToken, StoredTask? alreadyRead = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = alreadyRead ?? await tasks.GetAsync(project, taskId, cancellationToken);
            alreadyRead = null;
            if (current is null) return new Outcome(null, Problems.NotFound($"Task '{taskId}' was not found."));
            if (guard(current.Task) is { } denied) return new Outcome(null, denied);

            var change = rule(current.Task);
            if (change.IsRefused) return new Outcome(null, Problems.Conflict(change.Conflict!));
            if (change.Events.Count == 0) return new Outcome(current, null);

            var written = await tasks.TryUpdateAsync(project, current, change.Task!, change.Events, cancellationToken);
            if (written is not null) return new Outcome(written, null, Changed: true);
            await Task.Delay(Random.Shared.Next(1, 5 + attempt * 5), cancellationToken);
        }
        return new Outcome(null, Problems.ServiceUnavailable($"Task '{taskId}' is changing too often to update; try again.", 1));
    }
}
