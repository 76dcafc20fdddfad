using Docket.Application.Ports;
using Docket.Domain.Projects;

namespace Docket.Application.Projects;

/// <summary>Who works in a project, in which role and stages.</summary>
public sealed class MemberService(IMemberStore members, IUserStore users)
{
    public Task<Membership?> GetAsync(string projectId, string email, CancellationToken cancellationToken) =>
        members.GetAsync(projectId, email, cancellationToken);

    /// <summary>The members, by email.</summary>
    public async Task<IReadOnlyList<Membership>> ListAsync(string projectId, CancellationToken cancellationToken) =>
        (await members.ListAsync(projectId, cancellationToken)).OrderBy(m => m.Email, StringComparer.Ordinal)
        .ToList();

    /// <summary>Whether a user with this email exists (members must be users).</summary>
    public async Task<bool> IsUserAsync(string email, CancellationToken cancellationToken) =>
        await users.GetAsync(email, cancellationToken) is not null;

    /// <summary>
    /// Adds the member or changes their role. Admins and managers work in every stage; a stage list only narrows
    /// what a member may take (every work stage when none is given).
    /// </summary>
    /// <returns>The membership, and whether it is new.</returns>
    public async Task<(Membership Membership, bool Created)> PutAsync(string projectId, string email,
        ProjectRole role, IReadOnlyList<string>? stages, CancellationToken cancellationToken)
    {
        var stageList = role == ProjectRole.Member ? stages?.Distinct().ToList() : null;
        var existed = await members.GetAsync(projectId, email, cancellationToken) is not null;
        return (await members.PutAsync(projectId, email, role, stageList, cancellationToken), !existed);
    }

    public Task<bool> RemoveAsync(string projectId, string email, CancellationToken cancellationToken) =>
        members.RemoveAsync(projectId, email, cancellationToken);
}
