using Docket.Application.Tasks;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Ports;

/// <summary>Reads tasks and their audit trail.</summary>
public interface ITaskReader
{
    /// <returns>The task, or null when there is none with this id (or the id is not one).</returns>
    Task<StoredTask?> GetAsync(Project project, string taskId, CancellationToken cancellationToken);

    /// <summary>Several tasks by id, in the order asked (null where there is none).</summary>
    Task<StoredTask?[]> GetManyAsync(Project project, IReadOnlyList<string> taskIds,
        CancellationToken cancellationToken);

    /// <summary>The task's events, oldest first.</summary>
    Task<IReadOnlyList<TaskEvent>> ReadEventsAsync(Project project, string taskId,
        CancellationToken cancellationToken);

    /// <summary>
    /// One page of a shard's tasks after <paramref name="continuation"/> (a previous page's), and the next page's
    /// continuation, or null after the last.
    /// </summary>
    Task<(IReadOnlyList<StoredTask> Tasks, string? Continuation)> ReadPageAsync(Project project, int shard,
        string? continuation, int take, CancellationToken cancellationToken);
}
