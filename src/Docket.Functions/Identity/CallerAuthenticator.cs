using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Docket.Application.Configuration;
using Docket.Application.Identity;
using Docket.Domain.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Docket.Functions.Hosting;

namespace Docket.Functions.Identity;

/// <summary>
/// Works out who is calling: an API key ("Authorization: Bearer dk_…"), the bootstrap admin key from
/// configuration, or — only when the deployment turns it on and App Service Authentication is really on — the
/// App Service Authentication principal header of the configured tenant, whose object id is bound to the Docket user
/// at first sign-in. Verified keys are remembered for a few seconds so that a busy client does not cost two reads per
/// request, and refused ones too, so that a client (or an attacker) repeating a bad key costs no storage at all;
/// revoking a key or changing a user forgets them at once on this instance.
/// </summary>
public sealed class CallerAuthenticator(
    UserService users,
    IConfiguration configuration,
    IOptions<SecretsOptions> secrets,
    IOptions<AuthOptions> auth,
    TimeProvider clock,
    ILogger<CallerAuthenticator> logger)
{
    public const string EasyAuthHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string EasyAuthIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    /// <summary>
    /// Set to "True" by App Service itself while its Authentication is on (so not among <see cref="DocketSettings"/>,
    /// which the deployment writes).
    /// </summary>
    public const string AppServiceAuthEnabledSetting = "WEBSITE_AUTH_ENABLED";
    static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);

    /// <summary>Refused keys remembered at once, at most: beyond, the oldest make room.</summary>
    const int MaxRefusedKeys = 10_000;

    /// <summary>
    /// The claims an account's email is bound from: the address the tenant vouches for, never a name the person chose
    /// (upn of a guest, a display name) or one a claim of another kind could carry.
    /// </summary>
    static readonly string[] EmailClaimTypes =
        ["email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "preferred_username"];
    static readonly string[] ObjectIdClaimTypes =
        ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];
    static readonly string[] TenantClaimTypes = ["http://schemas.microsoft.com/identity/claims/tenantid", "tid"];

    readonly ConcurrentDictionary<string, (ApiKeyRecord Key, Caller Caller, DateTimeOffset Expires)> verifiedKeys =
        new();

    readonly MemoryCache refusedKeys = new(new MemoryCacheOptions { SizeLimit = MaxRefusedKeys });

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
            && !IsExpired(cached.Key, now) && ApiKey.Matches(secret, cached.Key.SecretHash))
            return new Outcome(cached.Caller, null);

        // Only the presented key's hash is remembered, never the key.
        var presentedHash = Convert.ToHexString(ApiKey.Hash(presented));
        if (refusedKeys.TryGetValue(presentedHash, out string? refusal)) return new Outcome(null, refusal);
        var (caller, key, failure) = await VerifyAsync(keyId, secret, now, cancellationToken);
        if (caller is null)
        {
            refusedKeys.Set(presentedHash, failure,
                new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = CacheLifetime });
            return new Outcome(null, failure);
        }
        verifiedKeys[keyId] = (key!, caller, now + CacheLifetime);
        await NoteUsedAsync(key!, cancellationToken);
        return new Outcome(caller, null);
    }

    async Task<(Caller? Caller, ApiKeyRecord? Key, string? Failure)> VerifyAsync(string keyId, string secret,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = await users.GetKeyAsync(keyId, cancellationToken);
        if (key is null || !ApiKey.Matches(secret, key.SecretHash)) return (null, null, "The API key is not valid.");
        if (key.RevokedAt is not null) return (null, null, "The API key has been revoked.");
        if (IsExpired(key, now)) return (null, null, "The API key has expired.");
        var user = await users.GetAsync(key.Email, cancellationToken);
        if (user is null) return (null, null, "The API key's user no longer exists.");
        return (new Caller(user.Email, user.OrgRole), key, null);
    }

    static bool IsExpired(ApiKeyRecord key, DateTimeOffset now) => key.ExpiresAt is { } expiresAt && expiresAt <= now;

    /// <summary>Records the key's last use; a failure to record it never fails the request it authenticated.</summary>
    async Task NoteUsedAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        if (await users.NoteKeyUsedAsync(key, cancellationToken) is { } failure)
            logger.KeyUseNotRecorded(key.KeyId, failure);
    }

    /// <summary>Forgets what this instance remembered about a user's keys (after a revoke or a role change).</summary>
    public void Forget(string email)
    {
        foreach (var (keyId, entry) in verifiedKeys)
            if (entry.Caller.Email == email) verifiedKeys.TryRemove(keyId, out _);
        // A refused key may be valid now (its user was just created): refusals are cheap to make again.
        refusedKeys.Clear();
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
        auth.Value.TrustEasyAuthHeader
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
        var tenant = claims.FirstOrDefault(c => TenantClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))
            .Value;
        if (!string.Equals(tenant?.Trim(), auth.Value.TenantId?.Trim(), StringComparison.OrdinalIgnoreCase))
            return new Outcome(null, "The signed-in principal is not of this deployment's tenant.");
        var offered = claims
            .Where(c => EmailClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))
            .Select(c => c.Value?.Trim())
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (offered is null)
            return new Outcome(null, "The signed-in principal carries no email address.");
        // Lower-casing beyond ASCII folds look-alikes into real addresses (the Kelvin sign into 'k', 'İ' into 'i'):
        // only ASCII addresses are bound.
        if (!Ascii.IsValid(offered) || !EmailAddress.TryNormalize(offered, out var email))
        {
            return new Outcome(null,
                "The signed-in principal's email address cannot be bound: only ASCII addresses are accepted.");
        }
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
