using Docket.Application.Assignment;
using Docket.Application.Tasks;
using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>
/// Each person's queue: an entry per held task, in work order. An entry is written before its task's write and the
/// old one removed after it, so readers trust an entry only when its task confirms it (<see cref="Confirms"/>); a
/// crash between the steps leaves a stray entry, never a hidden task.
/// </summary>
public interface IWorkQueueStore
{
    /// <summary>A stray entry is removed only once this old: a writer may be between its two steps.</summary>
    static readonly TimeSpan OrphanGrace = TimeSpan.FromMinutes(2);

    /// <summary>A person's entries in one stage, in work order (unconfirmed).</summary>
    Task<List<QueueEntry>> ReadAsync(Project project, string email, int stageIndex,
        CancellationToken cancellationToken);

    /// <summary>
    /// A page of a person's entries in a run of stages (stage by stage, then work order) after the entry at
    /// <paramref name="after"/>; one more than asked for, so the caller knows whether another page follows.
    /// </summary>
    Task<List<QueueEntry>> ReadPageAsync(Project project, string email, int firstStage, int lastStage, string? after,
        int take, CancellationToken cancellationToken);

    /// <summary>Every entry of the project, by person: who holds what, without reading the tasks.</summary>
    Task<List<(string Email, QueueEntry Entry)>> ReadAllAsync(Project project, CancellationToken cancellationToken);

    /// <summary>Whether the entry is the one the task names for its current place in that person's queue.</summary>
    bool Confirms(QueueEntry entry, StoredTask? task, string email);

    /// <summary>Removes an entry no task confirms, once it is older than <see cref="OrphanGrace"/>.</summary>
    Task RemoveOrphanAsync(Project project, string email, QueueEntry entry, DateTimeOffset now);

    /// <summary>
    /// Reserves the caller's queue place for a pool candidate while its task is read (the place follows from the
    /// candidate's place in the pool); <see cref="ITaskWriter.TryUpdateAsync"/> uses it when the claim lands there.
    /// </summary>
    Task<string> ReservePlaceAsync(Project project, int stageIndex, PoolCandidate candidate, string email,
        CancellationToken cancellationToken);

    /// <summary>
    /// Gives a reserved place up; one left behind (a failure is swallowed) is a stray entry readers remove later.
    /// </summary>
    Task ReleasePlaceAsync(Project project, string email, string place);
}
