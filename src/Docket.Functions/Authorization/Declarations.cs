namespace Docket.Functions.Authorization;

/// <summary>Anyone may call the function, without a key (health, the OpenAPI document).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AnonymousAttribute : Attribute;

/// <summary>Only org admins may call the function.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresOrgAdminAttribute : Attribute;

/// <summary>Org admins, or the user the route's <see cref="EmailParameter"/> names (their own keys).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresOrgAdminOrSelfAttribute(string emailParameter) : Attribute
{
    public string EmailParameter => emailParameter;
}

/// <summary>
/// The function acts in the project its route's <c>projectId</c> names and needs <see cref="Requirement"/> there.
/// With <see cref="WorkStage"/>, the route parameter of that name must be a stage people work in; with
/// <see cref="StageAccess"/>, the caller must also have access to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresProjectAttribute(ProjectRequirement requirement) : Attribute
{
    public ProjectRequirement Requirement => requirement;
    public string? WorkStage { get; init; }
    public bool StageAccess { get; init; }
}
