using Api = Docket.Contracts;

namespace Docket.Functions.Http;

/// <summary>The wire's enums as the domain's: the same names, declared once on each side of the edge.</summary>
public static class ContractEnums
{
    public static Domain.Identity.OrgRole ToDomain(this Api.OrgRole role) => role switch
    {
        Api.OrgRole.Admin => Domain.Identity.OrgRole.Admin,
        _ => Domain.Identity.OrgRole.Member,
    };

    public static Domain.Projects.ProjectRole ToDomain(this Api.ProjectRole role) => role switch
    {
        Api.ProjectRole.Admin => Domain.Projects.ProjectRole.Admin,
        Api.ProjectRole.Manager => Domain.Projects.ProjectRole.Manager,
        _ => Domain.Projects.ProjectRole.Member,
    };

    public static Domain.Tasks.ReviewDecision ToDomain(this Api.ReviewDecision decision) => decision switch
    {
        Api.ReviewDecision.Accept => Domain.Tasks.ReviewDecision.Accept,
        _ => Domain.Tasks.ReviewDecision.Reject,
    };
}
