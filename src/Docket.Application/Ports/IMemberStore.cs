using Docket.Domain.Projects;

namespace Docket.Application.Ports;

/// <summary>Project memberships.</summary>
public interface IMemberStore
{
    Task<Membership?> GetAsync(string projectId, string email, CancellationToken cancellationToken);

    /// <summary>The membership as read within the last few seconds: for the per-request access check.</summary>
    Task<Membership?> GetRecentAsync(string projectId, string email, CancellationToken cancellationToken);

    Task<IReadOnlyList<Membership>> ListAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>The project's members as read within the last few seconds.</summary>
    Task<IReadOnlyList<Membership>?> ListRecentAsync(string projectId, CancellationToken cancellationToken);

    /// <summary>Every project the person is a member of.</summary>
    Task<IReadOnlyList<Membership>> ListProjectsOfAsync(string email, CancellationToken cancellationToken);

    /// <summary>Adds the member or changes their role and stages (null: every work stage).</summary>
    Task<Membership> PutAsync(string projectId, string email, ProjectRole role, IReadOnlyList<string>? stages,
        CancellationToken cancellationToken);

    /// <summary>Removes the member; false when they were not one.</summary>
    Task<bool> RemoveAsync(string projectId, string email, CancellationToken cancellationToken);

    /// <summary>Notes the member active now (kept to the minute).</summary>
    Task TouchAsync(Membership membership, CancellationToken cancellationToken);
}
