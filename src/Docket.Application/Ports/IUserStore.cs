using Docket.Application.Identity;
using Docket.Domain.Identity;

namespace Docket.Application.Ports;

/// <summary>Users (by lower-case email) and their API keys (by key id; only the secret's hash is kept).</summary>
public interface IUserStore
{
    Task<UserRecord?> GetAsync(string email, CancellationToken cancellationToken);

    /// <summary>Creates the user or changes their role.</summary>
    Task<(UserRecord User, bool Created)> PutAsync(string email, OrgRole orgRole, CancellationToken cancellationToken);

    Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The emails of every org admin.</summary>
    Task<IReadOnlySet<string>> ListOrgAdminsAsync(CancellationToken cancellationToken);

    /// <summary>Binds a sign-in principal to the user unless one is bound; the user as it now is (null: none).
    /// </summary>
    Task<UserRecord?> BindObjectIdAsync(string email, string objectId, CancellationToken cancellationToken);

    /// <summary>Forgets the bound sign-in principal; false when there is no such user.</summary>
    Task<bool> UnbindAsync(string email, CancellationToken cancellationToken);

    Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    Task<ApiKeyRecord?> GetKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>The user's keys, newest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string email, CancellationToken cancellationToken);

    /// <summary>Revokes the key; false when the user has no such key.</summary>
    Task<bool> RevokeKeyAsync(string email, string keyId, CancellationToken cancellationToken);

    /// <summary>Records that the key authenticated a request now (at most once a minute is kept).</summary>
    Task NoteKeyUsedAsync(ApiKeyRecord key, CancellationToken cancellationToken);
}
