using Docket.Application.Ports;
using Docket.Domain.Identity;

namespace Docket.Application.Identity;

/// <summary>Users and their API keys.</summary>
public sealed class UserService(IUserStore users, IStorageFaults faults, TimeProvider clock)
{
    /// <summary>The longest a key may be issued for.</summary>
    public static readonly TimeSpan MaxKeyLifetime = TimeSpan.FromDays(3 * 365);

    public Task<UserRecord?> GetAsync(string email, CancellationToken cancellationToken) =>
        users.GetAsync(email, cancellationToken);

    public Task<(UserRecord User, bool Created)> PutAsync(string email, OrgRole role,
        CancellationToken cancellationToken) =>
        users.PutAsync(email, role, cancellationToken);

    public Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken) =>
        users.ListAsync(cancellationToken);

    public Task<bool> UnbindAsync(string email, CancellationToken cancellationToken) =>
        users.UnbindAsync(email, cancellationToken);

    /// <summary>
    /// Issues a key for an existing user (null when there is none): the key is returned this once, only its hash
    /// is kept.
    /// </summary>
    public async Task<(ApiKey.Issued Issued, ApiKeyRecord Record)?> IssueKeyAsync(string email,
        DateTimeOffset createdAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (await users.GetAsync(email, cancellationToken) is null) return null;
        var issued = ApiKey.Generate();
        var record = new ApiKeyRecord(issued.KeyId, email, issued.SecretHash, createdAt, null, expiresAt);
        await users.AddKeyAsync(record, cancellationToken);
        return (issued, record);
    }

    /// <summary>The user's keys, newest first; null when there is no such user.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>?> ListKeysAsync(string email, CancellationToken cancellationToken) =>
        await users.GetAsync(email, cancellationToken) is null
            ? null
            : await users.ListKeysAsync(email, cancellationToken);

    public Task<bool> RevokeKeyAsync(string email, string keyId, CancellationToken cancellationToken) =>
        users.RevokeKeyAsync(email, keyId, cancellationToken);

    public Task<ApiKeyRecord?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
        users.GetKeyAsync(keyId, cancellationToken);

    /// <summary>Binds a sign-in principal to the user unless one is bound; the user as it now is.</summary>
    public Task<UserRecord?> BindObjectIdAsync(string email, string objectId, CancellationToken cancellationToken) =>
        users.BindObjectIdAsync(email, objectId, cancellationToken);

    /// <summary>
    /// Records the key's last use; a failure to record it never fails the request it authenticated.
    /// </summary>
    /// <returns>Null, or why it was not recorded.</returns>
    public async Task<string?> NoteKeyUsedAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        try
        {
            await users.NoteKeyUsedAsync(key, cancellationToken);
            return null;
        }
        catch (Exception exception) when (faults.RefusalOf(exception) is not null
                                          || faults.IsTransient(exception, cancellationToken))
        {
            return exception.GetType().Name;
        }
    }

    /// <summary>Whether the key has expired by now.</summary>
    public bool IsExpired(ApiKeyRecord key) => key.ExpiresAt is { } expiresAt && expiresAt <= clock.GetUtcNow();
}
