using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Docket.Domain.Identity;
using Docket.Application.Configuration;
using Docket.Storage.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Docket.Functions.Identity;

/// <summary>
/// Works out who is calling: an API key ("Authorization: Bearer dk_…"), the bootstrap admin key from
/// configuration, or — only when the deployment turns it on — the App Service Authentication principal header.
/// Verified keys are remembered for a few seconds so that a busy client does not cost two reads per request;
/// revoking a key or changing a user forgets them at once on this instance.
/// </summary>
public sealed class CallerAuthenticator(UserStore users, IConfiguration configuration, TimeProvider clock)
{
    public const string EasyAuthHeader = "X-MS-CLIENT-PRINCIPAL";
    static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);
    static readonly string[] EmailClaimTypes =
    [
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "email", "emails", "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "upn",
    ];

    readonly ConcurrentDictionary<string, (ApiKeyRecord Key, Caller Caller, DateTimeOffset Expires)> verifiedKeys = new();

    public sealed record Outcome(Caller? Caller, string? Failure);

    public async Task<Outcome> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (configuration.GetValue<bool>(DocketSettings.TrustEasyAuthHeader) && request.Headers.TryGetValue(EasyAuthHeader, out var principal))
            return await FromEasyAuthAsync(principal.ToString(), cancellationToken);

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return new Outcome(null, "Send an API key as 'Authorization: Bearer <key>'.");
        var presented = authorization["Bearer ".Length..].Trim();

        if (IsBootstrapKey(presented))
            return new Outcome(new Caller(BootstrapEmail()!, OrgRole.Admin), null);

        if (!ApiKey.TryParse(presented, out var keyId, out var secret))
            return new Outcome(null, "The API key is not valid.");

        var now = clock.GetUtcNow();
        if (verifiedKeys.TryGetValue(keyId, out var cached) && cached.Expires > now && ApiKey.Matches(secret, cached.Key.SecretHash))
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
        EmailAddress.TryNormalize(configuration[DocketSettings.BootstrapAdminEmail], out var email) ? email : null;

    bool IsBootstrapKey(string presented)
    {
        var configured = configuration[DocketSettings.BootstrapAdminKey];
        if (string.IsNullOrEmpty(configured) || BootstrapEmail() is null) return false;
        return ApiKey.Matches(presented, ApiKey.Hash(configured));
    }

    async Task<Outcome> FromEasyAuthAsync(string encoded, CancellationToken cancellationToken)
    {
        string? email;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(encoded));
            email = document.RootElement.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString(), Value: c.GetProperty("val").GetString()))
                .Where(c => EmailClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))
                .Select(c => EmailAddress.TryNormalize(c.Value, out var normalized) ? normalized : null)
                .FirstOrDefault(e => e is not null);
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new Outcome(null, $"The {EasyAuthHeader} header is not a valid principal.");
        }
        if (email is null)
            return new Outcome(null, "The signed-in principal carries no email address.");
        if (email == BootstrapEmail())
            return new Outcome(new Caller(email, OrgRole.Admin), null);
        var user = await users.GetAsync(email, cancellationToken);
        return user is null
            ? new Outcome(null, "The signed-in user is not a Docket user.")
            : new Outcome(new Caller(user.Email, user.OrgRole), null);
    }

    internal static string DescribeForLogs(string header) => Encoding.UTF8.GetByteCount(header) + " bytes";
}
