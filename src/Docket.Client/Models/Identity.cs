using System.Text.Json.Serialization;

namespace Docket.Client;

[JsonConverter(typeof(JsonStringEnumConverter<OrgRole>))]
public enum OrgRole
{
    Member,
    Admin,
}

/// <summary>The caller: who they are and where they work.</summary>
public sealed record Me(string Email, string OrgRole, IReadOnlyList<MyProject> Projects);

/// <summary>A project of the caller, with their role and the work stages they may take tasks from.</summary>
public sealed record MyProject(string ProjectId, string Role, IReadOnlyList<string> Stages);

public sealed record User(string Email, string OrgRole, DateTimeOffset CreatedAt);

/// <summary>A new API key. <see cref="Key"/> is shown this once; the server keeps only its hash.</summary>
public sealed record IssuedApiKey(string KeyId, string Key, string Email, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null);

/// <summary>A user as an org admin lists them; <see cref="SignInBound"/> when a sign-in principal is bound.</summary>
public sealed record UserInfo(string Email, string OrgRole, DateTimeOffset CreatedAt, bool SignInBound);

/// <summary>An API key as listed: never its secret.</summary>
public sealed record ApiKeyInfo(string KeyId, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt);

/// <summary>Whether the service and its storage answer.</summary>
public sealed record HealthReport(string Status, string Storage)
{
    public bool IsHealthy => Status == "Healthy";
}
