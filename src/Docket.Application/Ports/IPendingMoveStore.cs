using Docket.Application.StageMoves;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>The index of tasks waiting for their stage move, written and cleared with their task.</summary>
public interface IPendingMoveStore
{
    /// <summary>The pending moves of every shard decided at or before <paramref name="until"/>.</summary>
    Task<List<PendingMoveEntry>> ReadDecidedUntilAsync(Project project, DateTimeOffset until,
        CancellationToken cancellationToken);

    /// <summary>The entry of the task's pending move, or null (no move pending, or its entry is gone).</summary>
    Task<PendingMoveEntry?> FindAsync(Project project, AnnotationTask task, CancellationToken cancellationToken);

    /// <summary>Whether the entry is the one of the task's current pending move.</summary>
    bool IsOf(PendingMoveEntry entry, AnnotationTask task);

    /// <summary>
    /// Records a re-send on the entry (<paramref name="resends"/> 0 restarts the back-off); an entry gone or changed
    /// meanwhile is left as it is.
    /// </summary>
    Task RecordResendAsync(Project project, PendingMoveEntry entry, int resends, DateTimeOffset at,
        CancellationToken cancellationToken);

    /// <summary>
    /// Marks the entry reported stuck and, in the same batch, writes the task's <c>move.stuck</c> feed row, so the
    /// event exists exactly once per stuck move.
    /// </summary>
    /// <returns>The entry as marked; null when it was gone or changed meanwhile (the next sweep sees it again).
    /// </returns>
    Task<PendingMoveEntry?> ReportStuckAsync(Project project, PendingMoveEntry entry, AnnotationTask task,
        DateTimeOffset at, CancellationToken cancellationToken);
}
