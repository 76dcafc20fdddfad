using System.Globalization;
using Docket.Domain.Identity;
using Docket.Storage.Identity;

namespace Docket.Functions.Identity;

/// <summary>Users and their API keys.</summary>
public sealed class UserFunctions(UserStore users, CallerAuthenticator authenticator, TimeProvider clock)
{
    [Function(nameof(PutUser))]
    [RequiresOrgAdmin]
    public async Task<IResult> PutUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "users/{email}")] HttpRequest request,
        string email, CancellationToken cancellationToken)
    {
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true,
            cancellationToken: cancellationToken);
        if (problem is not null) return problem;
        if (!EmailAddress.TryNormalize(email, out var normalized)) fields.Fail("email", "is not a valid email address");
        var role = fields.Enum<OrgRole>("orgRole") ?? OrgRole.Member;
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var (user, created) = await users.PutAsync(normalized, role, cancellationToken);
        authenticator.Forget(normalized);
        var body = new { email = user.Email, orgRole = user.OrgRole.ToString(), createdAt = user.CreatedAt };
        return created
            ? Results.Json(body, DocketJson.Options, statusCode: StatusCodes.Status201Created)
            : Results.Json(body, DocketJson.Options);
    }

    [Function(nameof(CreateApiKey))]
    [RequiresOrgAdminOrSelf("email")]
    public async Task<IResult> CreateApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "users/{email}/keys")] HttpRequest request,
        string email, CancellationToken cancellationToken)
    {
        var (fields, problem) = await JsonBody.ReadObjectAsync(request, allowEmpty: true,
            cancellationToken: cancellationToken);
        if (problem is not null) return problem;
        if (!EmailAddress.TryNormalize(email, out var normalized)) fields.Fail("email", "is not a valid email address");
        var createdAt = clock.GetUtcNow();
        DateTimeOffset? expiresAt = null;
        if (fields.String("expiresAt") is { } expiresText)
        {
            if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                fields.Fail("expiresAt", "must be a date and time (ISO 8601, e.g. 2027-01-31T00:00:00Z)");
            else if (parsed <= createdAt)
                fields.Fail("expiresAt", "must be in the future");
            else if (parsed > createdAt + MaxKeyLifetime)
                fields.Fail("expiresAt", $"must be within {MaxKeyLifetime.TotalDays:N0} days");
            else
                expiresAt = parsed;
        }
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        if (await users.GetAsync(normalized, cancellationToken) is null)
            return Problems.NotFound($"User '{normalized}' was not found.");

        var issued = ApiKey.Generate();
        await users.AddKeyAsync(
            new ApiKeyRecord(issued.KeyId, normalized, issued.SecretHash, createdAt, null, expiresAt),
            cancellationToken);
        authenticator.Forget(normalized);
        return Results.Json(new { keyId = issued.KeyId, key = issued.Key, email = normalized, createdAt, expiresAt },
            DocketJson.Options, statusCode: StatusCodes.Status201Created);
    }

    static readonly TimeSpan MaxKeyLifetime = TimeSpan.FromDays(3 * 365);

    /// <summary>Every user (org admins): email, role, when created, and whether a sign-in principal is bound.</summary>
    [Function(nameof(ListUsers))]
    [RequiresOrgAdmin]
    public async Task<IResult> ListUsers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json((await users.ListAsync(cancellationToken)).Select(u => new
        {
            email = u.Email,
            orgRole = u.OrgRole.ToString(),
            createdAt = u.CreatedAt,
            signInBound = u.ObjectId is not null,
        }), DocketJson.Options);

    /// <summary>A user's keys, newest first: never the secret (it is not kept), only what tells them apart.</summary>
    [Function(nameof(ListApiKeys))]
    [RequiresOrgAdminOrSelf("email")]
    public async Task<IResult> ListApiKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{email}/keys")] HttpRequest request,
        string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        if (await users.GetAsync(normalized, cancellationToken) is null)
            return Problems.NotFound($"User '{normalized}' was not found.");
        return Results.Json((await users.ListKeysAsync(normalized, cancellationToken)).Select(k => new
        {
            keyId = k.KeyId,
            createdAt = k.CreatedAt,
            lastUsedAt = k.LastUsedAt,
            expiresAt = k.ExpiresAt,
            revokedAt = k.RevokedAt,
        }), DocketJson.Options);
    }

    /// <summary>
    /// Forgets the App Service Authentication principal bound to the user (org admins), e.g. when their account was
    /// recreated: the next sign-in with their email binds anew.
    /// </summary>
    [Function(nameof(UnbindSignIn))]
    [RequiresOrgAdmin]
    public async Task<IResult> UnbindSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "users/{email}/sign-in")] HttpRequest request,
        string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        if (!await users.UnbindAsync(normalized, cancellationToken))
            return Problems.NotFound($"User '{normalized}' was not found.");
        authenticator.Forget(normalized);
        return Results.NoContent();
    }

    [Function(nameof(RevokeApiKey))]
    [RequiresOrgAdminOrSelf("email")]
    public async Task<IResult> RevokeApiKey(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "users/{email}/keys/{keyId}")] HttpRequest request,
        string email, string keyId, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        if (!await users.RevokeKeyAsync(normalized, keyId, cancellationToken))
            return Problems.NotFound($"Key '{keyId}' was not found.");
        authenticator.Forget(normalized);
        return Results.NoContent();
    }
}
