using Docket.Application.Ports;
using Docket.Domain.Access;
using Docket.Domain.Projects;
using Docket.Domain.Tasks;

namespace Docket.Application.Tasks;

/// <summary>Reading tasks as a caller may: members see only the tasks they hold (others do not exist for them).
/// </summary>
public sealed class TaskQueries(ITaskReader tasks)
{
    /// <summary>The task, or null when there is none or the caller may not see it.</summary>
    public async Task<StoredTask?> GetVisibleAsync(ProjectAccess access, string taskId,
        CancellationToken cancellationToken) =>
        await tasks.GetAsync(access.Project, taskId, cancellationToken) is { } task
        && access.CanSeeTask(task.Task.Assignee)
            ? task
            : null;

    /// <summary>The task and its events, oldest first; null when there is none or the caller may not see it.</summary>
    public async Task<(StoredTask Task, IReadOnlyList<TaskEvent> Events)?> GetTrailAsync(ProjectAccess access,
        string taskId, CancellationToken cancellationToken)
    {
        if (await GetVisibleAsync(access, taskId, cancellationToken) is not { } task) return null;
        return (task, await tasks.ReadEventsAsync(access.Project, taskId, cancellationToken));
    }

    /// <summary>Several tasks by id, in the order asked (null where there is none).</summary>
    public Task<StoredTask?[]> GetManyAsync(Project project, IReadOnlyList<string> taskIds,
        CancellationToken cancellationToken) =>
        tasks.GetManyAsync(project, taskIds, cancellationToken);
}
