using Docket.Domain.Identity;
using Docket.Application.Identity;
using Api = Docket.Contracts;
using Docket.Functions.OpenApi;

namespace Docket.Functions.Identity;

/// <summary>Users and their API keys.</summary>
public sealed class UserFunctions(UserService users, CallerAuthenticator authenticator, TimeProvider clock)
{
    [Operation("Identity",
        "Create a user or change their org role.",
        Body = typeof(Api.PutUserRequest),
        BodyOptional = true)]
    [Answers(200, "Updated.", Body = typeof(Api.User))]
    [Answers(201, "Created.", Body = typeof(Api.User))]
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
        var body = UserRequests.PutUser(fields);
        if (!fields.IsValid) return Problems.Validation(fields.Errors);

        var (user, created) = await users.PutAsync(normalized, body.OrgRole?.ToDomain() ?? OrgRole.Member,
            cancellationToken);
        authenticator.Forget(normalized);
        return Results.Json(new Api.User(user.Email, user.OrgRole.ToString(), user.CreatedAt), DocketJson.Options,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    [Operation("Identity",
        "Issue an API key.",
        Body = typeof(Api.CreateApiKeyRequest),
        BodyOptional = true,
        Refuses = [404])]
    [Answers(201, "The key, shown once.", Body = typeof(Api.IssuedApiKey))]
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
        var expiresAt = UserRequests.CreateApiKey(fields, createdAt).ExpiresAt;
        if (!fields.IsValid) return Problems.Validation(fields.Errors);
        if (await users.IssueKeyAsync(normalized, createdAt, expiresAt, cancellationToken) is not var (issued, _))
            return Problems.NotFound($"User '{normalized}' was not found.");
        authenticator.Forget(normalized);
        return Results.Json(new Api.IssuedApiKey(issued.KeyId, issued.Key, normalized, createdAt, expiresAt),
            DocketJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Every user (org admins): email, role, when created, and whether a sign-in principal is bound.</summary>
    [Operation("Identity", "Every user, by email.")]
    [Answers(200, "The users.", Body = typeof(IReadOnlyList<Api.UserInfo>))]
    [Function(nameof(ListUsers))]
    [RequiresOrgAdmin]
    public async Task<IResult> ListUsers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Results.Json((await users.ListAsync(cancellationToken))
            .Select(u => new Api.UserInfo(u.Email, u.OrgRole.ToString(), u.CreatedAt, u.ObjectId is not null))
            .ToList(), DocketJson.Options);

    /// <summary>A user's keys, newest first: never the secret (it is not kept), only what tells them apart.</summary>
    [Operation("Identity",
        "The user's keys, newest first: id, created, last used, expiry, revoked; never the secret.",
        Refuses = [404])]
    [Answers(200, "The keys.", Body = typeof(IReadOnlyList<Api.ApiKeyInfo>))]
    [Function(nameof(ListApiKeys))]
    [RequiresOrgAdminOrSelf("email")]
    public async Task<IResult> ListApiKeys(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "users/{email}/keys")] HttpRequest request,
        string email, CancellationToken cancellationToken)
    {
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        if (await users.ListKeysAsync(normalized, cancellationToken) is not { } keys)
            return Problems.NotFound($"User '{normalized}' was not found.");
        return Results.Json(keys
            .Select(k => new Api.ApiKeyInfo(k.KeyId, k.CreatedAt, k.LastUsedAt, k.ExpiresAt, k.RevokedAt))
            .ToList(), DocketJson.Options);
    }

    /// <summary>
    /// Forgets the App Service Authentication principal bound to the user (org admins), e.g. when their account was
    /// recreated: the next sign-in with their email binds anew.
    /// </summary>
    [Operation("Identity",
        "Forget the App Service Authentication principal bound to the user: the next sign-in with the email binds " +
            "anew.",
        Refuses = [404])]
    [Answers(204, "Unbound.")]
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

    [Operation("Identity", "Revoke an API key.", Refuses = [404])]
    [Answers(204, "Revoked.")]
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
