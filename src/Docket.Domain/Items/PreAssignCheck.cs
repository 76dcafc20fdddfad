namespace Docket.Domain.Items;

/// <summary>Whether a person may be preassigned to a stage, as decided by the project's membership.</summary>
public enum PreAssignCheck
{
    Ok,
    NotMember,
    NoStageAccess,
}
