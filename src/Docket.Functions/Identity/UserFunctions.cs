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
        if (!EmailAddress.TryNormalize(email, out var normalized))
            return Problems.Validation("email", "is not a valid email address");
        if (await users.GetAsync(normalized, cancellationToken) is null)
            return Problems.NotFound($"User '{normalized}' was not found.");

        var issued = ApiKey.Generate();
        var createdAt = clock.GetUtcNow();
        await users.AddKeyAsync(new ApiKeyRecord(issued.KeyId, normalized, issued.SecretHash, createdAt, null),
            cancellationToken);
        return Results.Json(new { keyId = issued.KeyId, key = issued.Key, email = normalized, createdAt },
            DocketJson.Options, statusCode: StatusCodes.Status201Created);
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
