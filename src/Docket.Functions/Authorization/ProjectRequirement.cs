namespace Docket.Functions.Authorization;

/// <summary>What a project route needs of the caller's role there.</summary>
public enum ProjectRequirement
{
    /// <summary>Any member (members then see only their own tasks).</summary>
    View,
    /// <summary>Project admins and managers: assignment, priority, issues.</summary>
    ManageTasks,
    /// <summary>Project admins: settings, members, uploads, moves.</summary>
    Administer,
}
