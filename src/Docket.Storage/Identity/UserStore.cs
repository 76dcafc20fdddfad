using Azure;
using Azure.Data.Tables;
using Docket.Domain.Identity;
using Docket.Storage.Keys;

namespace Docket.Storage.Identity;

/// <param name="ObjectId">
/// The App Service Authentication principal bound to this user at their first sign-in through it (lower case);
/// null until then.
/// </param>
public sealed record UserRecord(string Email, OrgRole OrgRole, DateTimeOffset CreatedAt, string? ObjectId = null);

public sealed record ApiKeyRecord(string KeyId, string Email, byte[] SecretHash, DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt);

/// <summary>Users (one partition, keyed by lower-case email) and their API keys (keyed by key id; hash only).</summary>
public sealed class UserStore(DocketTables tables, TimeProvider clock)
{
    const string UserPartition = "user";
    const string KeyPartition = "key";

    public async Task<UserRecord?> GetAsync(string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(UserPartition, KeyEncoding.Escape(email),
            cancellationToken: cancellationToken);
        return found.HasValue ? ToUser(found.Value!) : null;
    }

    /// <returns>The stored user and whether it was created by this call.</returns>
    public async Task<(UserRecord User, bool Created)> PutAsync(string email, OrgRole orgRole,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var existing = await GetAsync(email, cancellationToken);
        var user = new UserRecord(email, orgRole, existing?.CreatedAt ?? clock.GetUtcNow(), existing?.ObjectId);
        // Merged, so that a sign-in binding its object id meanwhile is kept.
        await tables.Users.UpsertEntityAsync(ToEntity(user), TableUpdateMode.Merge, cancellationToken);
        return (user, existing is null);
    }

    /// <summary>
    /// The emails of every org admin stored as a user (the bootstrap admin comes from configuration).
    /// </summary>
    public async Task<IReadOnlySet<string>> ListOrgAdminsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var admins = new HashSet<string>(StringComparer.Ordinal);
        var admin = OrgRole.Admin.ToString();
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(
                           e => e.PartitionKey == UserPartition && e.GetString("OrgRole") == admin,
                           select: ["Email"], cancellationToken: cancellationToken))
            admins.Add(entity.GetString("Email"));
        return admins;
    }

    /// <summary>
    /// Binds a signed-in principal's object id to the user unless one is bound already (the first sign-in wins,
    /// guarded by the row's ETag so two first sign-ins cannot both win).
    /// </summary>
    /// <returns>The user with the object id now bound to it (compare it with the one offered), or null when there is
    /// no such user.</returns>
    public async Task<UserRecord?> BindObjectIdAsync(string email, string objectId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(UserPartition, KeyEncoding.Escape(email),
                cancellationToken: cancellationToken);
            if (!found.HasValue) return null;
            var user = ToUser(found.Value!);
            if (user.ObjectId is not null || attempt > attempts) return user;
            try
            {
                var binding = new TableEntity(UserPartition, KeyEncoding.Escape(email)) { ["ObjectId"] = objectId };
                await tables.Users.UpdateEntityAsync(binding, found.Value!.ETag, TableUpdateMode.Merge,
                    cancellationToken);
                return user with { ObjectId = objectId };
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // The row changed since it was read (a role change, or another first sign-in): read it again.
            }
        }
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
        var found = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(KeyPartition, keyId,
            cancellationToken: cancellationToken);
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
            await tables.ApiKeys.UpdateEntityAsync(
                new TableEntity(KeyPartition, keyId) { ["RevokedAt"] = clock.GetUtcNow() },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        return true;
    }

    static TableEntity ToEntity(UserRecord user)
    {
        var entity = new TableEntity(UserPartition, KeyEncoding.Escape(user.Email))
        {
            ["Email"] = user.Email,
            ["OrgRole"] = user.OrgRole.ToString(),
            ["CreatedAt"] = user.CreatedAt,
        };
        if (user.ObjectId is not null) entity["ObjectId"] = user.ObjectId;
        return entity;
    }

    static UserRecord ToUser(TableEntity entity) => new(
        entity.GetString("Email"), Enum.Parse<OrgRole>(entity.GetString("OrgRole")),
        entity.GetDateTimeOffset("CreatedAt") ?? default, entity.GetString("ObjectId"));
}
