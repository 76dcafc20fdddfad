using System.Collections.Concurrent;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Domain.Identity;
using Docket.Storage.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Docket.Functions.Identity;

/// <summary>
/// Works out who is calling: an API key ("Authorization: Bearer dk_…"), the bootstrap admin key from
/// configuration, or — only when the deployment turns it on and App Service Authentication is really on — the
/// App Service Authentication principal header, whose object id is bound to the Docket user at first sign-in.
/// Verified keys are remembered for a few seconds so that a busy client does not cost two reads per request;
/// revoking a key or changing a user forgets them at once on this instance.
/// </summary>
public sealed class CallerAuthenticator(
    UserStore users,
    IConfiguration configuration,
    IOptions<SecretsOptions> secrets,
    TimeProvider clock)
{
    public const string EasyAuthHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string EasyAuthIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>
    /// Set to "True" by App Service itself while its Authentication is on (so not among <see cref="DocketSettings"/>,
    /// which the deployment writes).
    /// </summary>
    public const string AppServiceAuthEnabledSetting = "WEBSITE_AUTH_ENABLED";
    static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);
    static readonly string[] EmailClaimTypes =
    [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "email", "emails", "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn",
    ];
    static readonly string[] ObjectIdClaimTypes =
        ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

    readonly ConcurrentDictionary<string, (ApiKeyRecord Key, Caller Caller, DateTimeOffset Expires)> verifiedKeys =
        new();

    public sealed record Outcome(Caller? Caller, string? Failure);

    public async Task<Outcome> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (TrustsEasyAuth() && request.Headers.TryGetValue(EasyAuthHeader, out var principal))
        {
            var principalId = request.Headers[EasyAuthIdHeader].ToString();
            return await FromEasyAuthAsync(principal.ToString(), principalId, cancellationToken);
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new Outcome(null, "Send an API key as 'Authorization: Bearer <key>'.");
        var presented = authorization["Bearer ".Length..].Trim();

        if (IsBootstrapKey(presented))
            return new Outcome(new Caller(BootstrapEmail()!, OrgRole.Admin), null);

        if (!ApiKey.TryParse(presented, out var keyId, out var secret))
            return new Outcome(null, "The API key is not valid.");

        var now = clock.GetUtcNow();
        if (verifiedKeys.TryGetValue(keyId, out var cached) && cached.Expires > now
            && ApiKey.Matches(secret, cached.Key.SecretHash))
            return new Outcome(cached.Caller, null);

        var key = await users.GetKeyAsync(keyId, cancellationToken);
        if (key is null || !ApiKey.Matches(secret, key.SecretHash))
            return new Outcome(null, "The API key is not valid.");
        if (key.RevokedAt is not null)
            return new Outcome(null, "The API key has been revoked.");
        var user = await users.GetAsync(key.Email, cancellationToken);
        if (user is null)
            return new Outcome(null, "The API key's user no longer exists.");

        var caller = new Caller(user.Email, user.OrgRole);
        verifiedKeys[keyId] = (key, caller, now + CacheLifetime);
        return new Outcome(caller, null);
    }

    /// <summary>Forgets what this instance remembered about a user's keys (after a revoke or a role change).</summary>
    public void Forget(string email)
    {
        foreach (var (keyId, entry) in verifiedKeys)
            if (entry.Caller.Email == email) verifiedKeys.TryRemove(keyId, out _);
    }

    public string? BootstrapEmail() =>
        EmailAddress.TryNormalize(secrets.Value.BootstrapAdminEmail, out var email) ? email : null;

    /// <remarks>
    /// Start-up refuses a configured key that is short or an unresolved Key Vault reference; the check is repeated
    /// here so that no path (a host that skipped validation) ever accepts one.
    /// </remarks>
    bool IsBootstrapKey(string presented) =>
        bootstrapKeyHash.Value is { } hash && ApiKey.Matches(presented, hash);

    readonly Lazy<byte[]?> bootstrapKeyHash = new(() =>
        secrets.Value.BootstrapAdminKey is { Length: > 0 } key
        && SecretsOptionsValidation.Problem(key) is null
        && EmailAddress.TryNormalize(secrets.Value.BootstrapAdminEmail, out _)
            ? ApiKey.Hash(key)
            : null);

    /// <summary>
    /// App Service removes X-MS-CLIENT-PRINCIPAL headers a client sends only while its Authentication is on (and
    /// then sets WEBSITE_AUTH_ENABLED); with it off, anyone could send the header and be whoever they name.
    /// </summary>
    bool TrustsEasyAuth() =>
        configuration.GetValue<bool>(DocketSettings.TrustEasyAuthHeader)
        && string.Equals(configuration[AppServiceAuthEnabledSetting], "true",
            StringComparison.OrdinalIgnoreCase);

    /// <remarks>
    /// The email only finds the Docket user; the object id says who the person is. Emails can be reassigned or,
    /// depending on the identity provider, chosen by the person, so a principal whose email names a user bound to
    /// another object id is refused. The bootstrap admin is the configured key alone: no header grants it.
    /// </remarks>
    async Task<Outcome> FromEasyAuthAsync(string encoded, string principalIdHeader, CancellationToken cancellationToken)
    {
        List<(string? Type, string? Value)> claims;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(encoded));
            claims = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString(), Value: c.GetProperty("val").GetString()))
                .ToList();
        }
        catch (Exception exception)
            when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new Outcome(null, $"The {EasyAuthHeader} header is not a valid principal.");
        }
        var email = claims
            .Where(c => EmailClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))
            .Select(c => EmailAddress.TryNormalize(c.Value, out var normalized) ? normalized : null)
            .FirstOrDefault(e => e is not null);
        if (email is null)
            return new Outcome(null, "The signed-in principal carries no email address.");
        var objectId = claims
            .Where(c => ObjectIdClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))
            .Select(c => c.Value)
            .Append(principalIdHeader)
            .Select(id => string.IsNullOrWhiteSpace(id) ? null : id.Trim().ToLowerInvariant())
            .FirstOrDefault(id => id is not null);
        if (objectId is null)
        {
            return new Outcome(null,
                $"The signed-in principal carries no object id (claim 'oid' or header {EasyAuthIdHeader}).");
        }

        var user = await users.GetAsync(email, cancellationToken);
        if (user is { ObjectId: null })
            user = await users.BindObjectIdAsync(email, objectId, cancellationToken);
        if (user is null)
            return new Outcome(null, "The signed-in user is not a Docket user.");
        if (user.ObjectId != objectId)
            return new Outcome(null, $"The Docket user {email} belongs to another account; sign in with that account.");
        return new Outcome(new Caller(user.Email, user.OrgRole), null);
    }
}
