namespace Docket.Domain.Identity;

/// <summary>
/// A user's role in the organisation: org admins create projects and users and administer every project.
/// </summary>
public enum OrgRole
{
    Member,
    Admin,
}
