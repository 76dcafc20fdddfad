using Azure;
using Azure.Data.Tables;
using Docket.Domain.Identity;
using Docket.Storage.Keys;

namespace Docket.Storage.Identity;

public sealed record UserRecord(string Email, OrgRole OrgRole, DateTimeOffset CreatedAt);

public sealed record ApiKeyRecord(string KeyId, string Email, byte[] SecretHash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Users (one partition, keyed by lower-case email) and their API keys (keyed by key id; hash only).</summary>
public sealed class UserStore(DocketTables tables, TimeProvider clock)
{
    const string UserPartition = "user";
    const string KeyPartition = "key";

    public async Task<UserRecord?> GetAsync(string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(UserPartition, KeyEncoding.Escape(email), cancellationToken: cancellationToken);
        return found.HasValue ? ToUser(found.Value!) : null;
    }

    /// <returns>The stored user and whether it was created by this call.</returns>
    public async Task<(UserRecord User, bool Created)> PutAsync(string email, OrgRole orgRole, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var existing = await GetAsync(email, cancellationToken);
        var user = new UserRecord(email, orgRole, existing?.CreatedAt ?? clock.GetUtcNow());
        await tables.Users.UpsertEntityAsync(ToEntity(user), TableUpdateMode.Replace, cancellationToken);
        return (user, existing is null);
    }

    /// <summary>The emails of every org admin stored as a user (the bootstrap admin comes from configuration).</summary>
    public async Task<IReadOnlySet<string>> ListOrgAdminsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var admins = new HashSet<string>(StringComparer.Ordinal);
        var admin = OrgRole.Admin.ToString();
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(e => e.PartitionKey == UserPartition && e.GetString("OrgRole") == admin,
                           select: ["Email"], cancellationToken: cancellationToken))
            admins.Add(entity.GetString("Email"));
        return admins;
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await tables.ApiKeys.AddEntityAsync(new TableEntity(KeyPartition, key.KeyId)
        {
            ["Email"] = key.Email,
            ["SecretHash"] = key.SecretHash,
            ["CreatedAt"] = key.CreatedAt,
        }, cancellationToken);
    }

    public async Task<ApiKeyRecord?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(KeyPartition, keyId, cancellationToken: cancellationToken);
        if (!found.HasValue) return null;
        var entity = found.Value!;
        return new ApiKeyRecord(keyId, entity.GetString("Email"), entity.GetBinary("SecretHash"),
            entity.GetDateTimeOffset("CreatedAt") ?? default, entity.GetDateTimeOffset("RevokedAt"));
    }

    /// <returns>False when the user has no such key.</returns>
    public async Task<bool> RevokeKeyAsync(string email, string keyId, CancellationToken cancellationToken)
    {
        var key = await GetKeyAsync(keyId, cancellationToken);
        if (key is null || key.Email != email) return false;
        if (key.RevokedAt is null)
        {
            await tables.ApiKeys.UpdateEntityAsync(new TableEntity(KeyPartition, keyId) { ["RevokedAt"] = clock.GetUtcNow() },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        return true;
    }

    static TableEntity ToEntity(UserRecord user) => new(UserPartition, KeyEncoding.Escape(user.Email))
    {
        ["Email"] = user.Email,
        ["OrgRole"] = user.OrgRole.ToString(),
        ["CreatedAt"] = user.CreatedAt,
    };

    static UserRecord ToUser(TableEntity entity) => new(
        entity.GetString("Email"), Enum.Parse<OrgRole>(entity.GetString("OrgRole")), entity.GetDateTimeOffset("CreatedAt") ?? default);
}
