using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Docket.Contracts;

[JsonConverter(typeof(JsonStringEnumConverter<OrgRole>))]
public enum OrgRole
{
    Member,
    Admin,
}

[Description("The caller: who they are and the projects they work in.")]
public sealed record Me(
    [property: EmailAddress] string Email,
    [property: AllowedValues("Member", "Admin")] string OrgRole,
    IReadOnlyList<MyProject> Projects);

[Description("A project of the caller, with their role and the work stages they may take tasks from.")]
public sealed record MyProject(
    string ProjectId,
    [property: AllowedValues("Member", "Manager", "Admin")] string Role,
    IReadOnlyList<string> Stages);

public sealed record User(
    [property: EmailAddress] string Email,
    [property: AllowedValues("Member", "Admin")] string OrgRole,
    DateTimeOffset CreatedAt);

[Description("Creates a user or changes their organisation role (Member when left out).")]
public sealed record PutUserRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OrgRole? OrgRole = null);

[Description("Asks for a new API key; without expiresAt it works until revoked.")]
public sealed record CreateApiKeyRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt = null);

[Description("A new API key. `key` is shown this once; the server keeps only its hash.")]
public sealed record IssuedApiKey(
    string KeyId,
    [property: Description("The secret: send it as `Authorization: Bearer <key>`.")] string Key,
    [property: EmailAddress] string Email,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt = null);

[Description("A user as an org admin lists them; `signInBound` when a sign-in principal is bound to them.")]
public sealed record UserInfo(
    string Email,
    [property: AllowedValues("Member", "Admin")] string OrgRole,
    DateTimeOffset CreatedAt,
    bool SignInBound);

[Description("An API key as listed: never its secret.")]
public sealed record ApiKeyInfo(
    string KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt);

[Description("Whether the service and its storage answer; with `?detail=true` (org admins) also the queues and " +
             "the stuck stage moves.")]
public sealed record HealthReport(
    [property: AllowedValues("Healthy", "Unhealthy")] string Status,
    [property: AllowedValues("Reachable", "Unreachable")] string Storage)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With `?detail=true`: every Docket queue and its poison queue, as `GET /api/ops/queues` shows them.")]
    public IReadOnlyList<QueueInfo>? Queues { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With `?detail=true`: the messages waiting in all poison queues together.")]
    public int? PoisonMessages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With `?detail=true`: the projects with stage moves pending longer than the stuck threshold, as " +
                 "the last move sweep counted them (at `movesSweptAt`).")]
    public IReadOnlyList<StuckMoveCount>? StuckMoves { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("With `?detail=true`: when the move sweep last counted the stuck moves; null before its first run.")]
    public DateTimeOffset? MovesSweptAt { get; init; }

    [JsonIgnore]
    public bool IsHealthy => Status == "Healthy";
}

[Description("A project's stage moves pending longer than the stuck threshold.")]
public sealed record StuckMoveCount(string ProjectId, int Count);
