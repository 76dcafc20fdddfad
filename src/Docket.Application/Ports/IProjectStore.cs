using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>Projects.</summary>
public interface IProjectStore
{
    /// <summary>Creates the project; false when one with its id exists.</summary>
    Task<bool> TryCreateAsync(Project project, CancellationToken cancellationToken);

    Task<Project?> GetAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>The project as read within the last few seconds (per-request checks and queue work).</summary>
    Task<Project?> GetRecentAsync(string projectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Changes the project by <paramref name="change"/>, re-reading on a race; null when there is none.
    /// </summary>
    Task<Project?> UpdateAsync(string projectId, Func<Project, Project> change, CancellationToken cancellationToken);

    /// <summary>Changes one stage's settings; null when there is no such project.</summary>
    Task<Project?> UpdateStageSettingsAsync(string projectId, string stageName,
        Func<StageSettings, StageSettings> change, CancellationToken cancellationToken);
}
