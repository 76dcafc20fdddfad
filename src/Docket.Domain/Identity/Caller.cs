namespace Docket.Domain.Identity;

/// <summary>The authenticated person behind a request.</summary>
public sealed record Caller(string Email, OrgRole OrgRole)
{
    public bool IsOrgAdmin => OrgRole == OrgRole.Admin;
}
