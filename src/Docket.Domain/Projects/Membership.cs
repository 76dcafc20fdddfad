namespace Docket.Domain.Projects;

/// <summary>
/// A person's membership in a project. Admins and managers may work in every stage; a member works only in the
/// listed stages (all work stages when the list was not given).
/// </summary>
public sealed record Membership(string ProjectId, string Email, ProjectRole Role, IReadOnlyList<string>? Stages,
    DateTimeOffset? LastActiveAt)
{
    public bool HasStageAccess(string stageName) =>
        Stage.IsWorkStageName(stageName)
            && (Role != ProjectRole.Member || Stages is null || Stages.Contains(stageName));
}
