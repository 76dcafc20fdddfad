using Docket.Application.Assignment;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>Each stage's pool of unassigned tasks, best task first.</summary>
public interface IPoolStore
{
    /// <summary>
    /// The next candidate of the stage's pool, best first; null only when a read of the pool that began after this
    /// call found nothing. Candidates are hints: the claim re-reads the task.
    /// </summary>
    Task<PoolCandidate?> TakeAsync(Project project, int stageIndex, CancellationToken cancellationToken);

    /// <summary>Whether the candidate is the task's place in its pool as the task is now.</summary>
    bool IsPlaceOf(Project project, AnnotationTask task, PoolCandidate candidate);

    /// <summary>Removes a candidate no task names, only as it was read.</summary>
    Task DeleteOrphanAsync(Project project, PoolCandidate orphan, CancellationToken cancellationToken);
}
