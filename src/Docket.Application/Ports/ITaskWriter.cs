using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>
/// Writes tasks. A task and everything that depends on its state (its place in a pool or queue, its pending move,
/// its Data Page and statistics rows, its events) change together, guarded by the version the change was decided
/// on: a write against an older version changes nothing.
/// </summary>
public interface ITaskWriter
{
    /// <summary>Writes a new state of a task; null when someone else changed it first (read it again).</summary>
    /// <param name="reservedPlace">A queue place the caller reserved for the new state
    /// (<see cref="IWorkQueueStore.ReservePlaceAsync"/>), used when the task lands there.</param>
    Task<StoredTask?> TryUpdateAsync(Project project, StoredTask current, AnnotationTask updated,
        IReadOnlyList<TaskEvent> events, string? reservedPlace = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes new states of several tasks of one shard, as few atomic writes as the limits allow; each writes all
    /// of its tasks or none. The answer holds each task as written, or null where its write lost a race.
    /// </summary>
    Task<IReadOnlyList<StoredTask?>> TryUpdateManyAsync(Project project,
        IReadOnlyList<(StoredTask Current, AnnotationTask Updated, IReadOnlyList<TaskEvent> Events)> changes,
        CancellationToken cancellationToken);

    /// <summary>
    /// Creates the tasks that do not exist yet; those whose id is taken are answered as existing, untouched. Safe to
    /// repeat.
    /// </summary>
    Task<CreatedTasks> CreateAsync(Project project,
        IReadOnlyList<(AnnotationTask Task, IReadOnlyList<TaskEvent> Events)> tasks,
        CancellationToken cancellationToken);
}
