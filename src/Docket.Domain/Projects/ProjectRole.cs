namespace Docket.Domain.Projects;

/// <summary>A person's role in one project.</summary>
public enum ProjectRole
{
    Member,
    Manager,
    Admin,
}
