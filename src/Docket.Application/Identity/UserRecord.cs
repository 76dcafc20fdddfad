using Docket.Domain.Identity;

namespace Docket.Application.Identity;

/// <param name="ObjectId">
/// The App Service Authentication principal bound to this user at their first sign-in through it (lower case);
/// null until then.
/// </param>
public sealed record UserRecord(string Email, OrgRole OrgRole, DateTimeOffset CreatedAt, string? ObjectId = null);

/// <param name="ExpiresAt">After this the key is refused; null: it does not expire.</param>
/// <param name="LastUsedAt">When it last authenticated a request (written at most once a minute).</param>
public sealed record ApiKeyRecord(string KeyId, string Email, byte[] SecretHash, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt, DateTimeOffset? ExpiresAt = null, DateTimeOffset? LastUsedAt = null);
