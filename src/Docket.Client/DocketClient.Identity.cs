using System.Net;
using System.Net.Http.Json;

namespace Docket.Client;

public sealed partial class DocketClient
{
    /// <summary>
    /// GET /api/health (anonymous; with <paramref name="detail"/>, org admins: queues, poison messages, stuck moves).
    /// Answers for an unhealthy service too, rather than throwing.
    /// </summary>
    public async Task<HealthReport> GetHealthAsync(bool detail = false, CancellationToken cancellationToken = default)
    {
        // An unhealthy answer is the information asked for: not retried, not an error.
        using var request = Request(HttpMethod.Get, Route("health") + (detail ? "?detail=true" : ""), null,
            Retry.Never);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable))
            throw await DocketApiException.FromResponseAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<HealthReport>(DocketJson.Options, cancellationToken))!;
    }

    /// <summary>GET /api/openapi.json (anonymous): the API's OpenAPI document.</summary>
    public async Task<string> GetOpenApiDocumentAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(Request(HttpMethod.Get, Route("openapi.json"), null, Retry.Safe),
            cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>GET /api/me.</summary>
    public Task<Me> GetMeAsync(CancellationToken cancellationToken = default) =>
        SendAsync<Me>(HttpMethod.Get, Route("me"), null, Retry.Safe, cancellationToken);

    /// <summary>PUT /api/users/{email} (org admins): creates the user or changes their role.</summary>
    public Task<User> PutUserAsync(string email, OrgRole role = OrgRole.Member,
        CancellationToken cancellationToken = default) =>
        SendAsync<User>(HttpMethod.Put, Route("users", email), new PutUserRequest(role), Retry.Safe, cancellationToken);

    /// <summary>
    /// POST /api/users/{email}/keys: a new key, shown once, working until <c>expiresAt</c> (null: always). Not retried:
    /// a repeat would issue a second key.
    /// </summary>
    public Task<IssuedApiKey> CreateApiKeyAsync(string email, DateTimeOffset? expiresAt = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<IssuedApiKey>(HttpMethod.Post, Route("users", email, "keys"),
            expiresAt is { } at ? new CreateApiKeyRequest(at) : null, Retry.Never, cancellationToken);

    /// <summary>GET /api/users (org admins): every user.</summary>
    public Task<IReadOnlyList<UserInfo>> ListUsersAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<UserInfo>>(HttpMethod.Get, Route("users"), null, Retry.Safe, cancellationToken);

    /// <summary>GET /api/users/{email}/keys (org admins, or the user): their keys, never the secrets.</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(string email,
        CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<ApiKeyInfo>>(HttpMethod.Get, Route("users", email, "keys"), null, Retry.Safe,
            cancellationToken);

    /// <summary>DELETE /api/users/{email}/sign-in (org admins): forgets the sign-in principal bound to the user.
    /// </summary>
    public Task UnbindSignInAsync(string email, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Route("users", email, "sign-in"), null, Retry.Safe, cancellationToken);

    /// <summary>DELETE /api/users/{email}/keys/{keyId}.</summary>
    public Task RevokeApiKeyAsync(string email, string keyId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, Route("users", email, "keys", keyId), null, Retry.Safe, cancellationToken);
}
