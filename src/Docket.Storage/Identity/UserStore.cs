using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Identity;
using Docket.Application.Ports;
using Docket.Domain.Identity;
using Docket.Storage.Keys;

namespace Docket.Storage.Identity;

/// <summary>
/// Users (keyed by lower-case email) and their API keys (keyed by key id; the secret's hash only). Both are spread
/// over 256 partitions by a hash of their key, so that requests presenting keys, valid or not, never crowd one
/// partition; each user's partition also holds an index row per key, so a user's keys are listed by what they are.
/// Rows written before the spread (partitions "user" and "key") are still read; a user written again moves.
/// </summary>
public sealed class UserStore(DocketTables tables, TimeProvider clock) : IUserStore
{
    const string LegacyUserPartition = "user";
    const string LegacyKeyPartition = "key";
    const string KeyIndexPrefix = "k|";
    static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<UserRecord?> GetAsync(string email, CancellationToken cancellationToken) =>
        (await FindUserAsync(email, cancellationToken))?.User;

    async Task<(UserRecord User, ETag ETag, bool Legacy)?> FindUserAsync(string email,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        foreach (var (partition, legacy) in new[] { (UserPartition(email), false), (LegacyUserPartition, true) })
        {
            var found = await tables.Users.GetEntityIfExistsAsync<TableEntity>(partition, KeyEncoding.Escape(email),
                cancellationToken: cancellationToken);
            if (found.HasValue) return (ToUser(found.Value!), found.Value!.ETag, legacy);
        }
        return null;
    }

    /// <returns>The stored user and whether it was created by this call.</returns>
    public async Task<(UserRecord User, bool Created)> PutAsync(string email, OrgRole orgRole,
        CancellationToken cancellationToken)
    {
        var existing = await FindUserAsync(email, cancellationToken);
        var user = new UserRecord(email, orgRole, existing?.User.CreatedAt ?? clock.GetUtcNow(),
            existing?.User.ObjectId);
        // Merged, so that a sign-in binding its object id meanwhile is kept.
        await tables.Users.UpsertEntityAsync(ToEntity(user), TableUpdateMode.Merge, cancellationToken);
        if (existing is { Legacy: true })
            await DeleteLegacyUserAsync(email, cancellationToken);
        return (user, existing is null);
    }

    /// <summary>Every user, by email (org admins' listing; small next to tasks).</summary>
    public async Task<IReadOnlyList<UserRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var users = new Dictionary<string, UserRecord>(StringComparer.Ordinal);
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            if (entity.GetString("OrgRole") is null) continue; // a key's index row
            var user = ToUser(entity);
            // A user written again since the spread is in its new partition; the legacy row is the older.
            if (entity.PartitionKey != LegacyUserPartition || !users.ContainsKey(user.Email)) users[user.Email] = user;
        }
        return users.Values.OrderBy(u => u.Email, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The emails of every org admin stored as a user (the bootstrap admin comes from configuration).
    /// </summary>
    /// <remarks>Every rebalancing pass asks: the service filters, so only the admins' emails come back.</remarks>
    public async Task<IReadOnlySet<string>> ListOrgAdminsAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var admins = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in tables.Users.QueryAsync<TableEntity>(
                           TableClient.CreateQueryFilter($"OrgRole eq {OrgRole.Admin.ToString()}"),
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
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            if (await FindUserAsync(email, cancellationToken) is not ({ } user, var etag, var legacy)) return null;
            if (user.ObjectId is not null || attempt > attempts) return user;
            if (legacy)
            {
                // Moved to its own partition first; the binding is then made there.
                await PutAsync(email, user.OrgRole, cancellationToken);
                continue;
            }
            try
            {
                var binding = new TableEntity(UserPartition(email), KeyEncoding.Escape(email))
                {
                    ["ObjectId"] = objectId
                };
                await tables.Users.UpdateEntityAsync(binding, etag, TableUpdateMode.Merge, cancellationToken);
                return user with { ObjectId = objectId };
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // The row changed since it was read (a role change, or another first sign-in): read it again.
            }
        }
    }

    /// <summary>Forgets the principal bound to the user, so that the next sign-in with their email binds anew.
    /// </summary>
    /// <returns>False when there is no such user.</returns>
    public async Task<bool> UnbindAsync(string email, CancellationToken cancellationToken)
    {
        if (await FindUserAsync(email, cancellationToken) is not ({ } user, _, var legacy)) return false;
        if (legacy) await DeleteLegacyUserAsync(email, cancellationToken);
        // Replaced whole: the row without the ObjectId property.
        await tables.Users.UpsertEntityAsync(ToEntity(user with { ObjectId = null }), TableUpdateMode.Replace,
            cancellationToken);
        return true;
    }

    public async Task AddKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var entity = new TableEntity(KeyPartition(key.KeyId), key.KeyId)
        {
            ["Email"] = key.Email,
            ["SecretHash"] = key.SecretHash,
            ["CreatedAt"] = key.CreatedAt,
        };
        if (key.ExpiresAt is { } expiresAt) entity["ExpiresAt"] = expiresAt;
        // The index row first: a key without one would be valid yet missing from its user's list.
        await tables.Users.UpsertEntityAsync(new TableEntity(UserPartition(key.Email), KeyIndexRow(key.Email, key.KeyId))
        {
            ["KeyId"] = key.KeyId,
        }, TableUpdateMode.Replace, cancellationToken);
        try
        {
            await tables.ApiKeys.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // The SDK retried a write whose reply was lost and met it: the key is stored, and the caller must get its
            // secret (ids are random, so another key with this id is not to be expected).
            if (await GetKeyAsync(key.KeyId, cancellationToken) is not { } stored
                || !stored.SecretHash.AsSpan().SequenceEqual(key.SecretHash))
                throw;
        }
    }

    public async Task<ApiKeyRecord?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
        (await FindKeyAsync(keyId, cancellationToken))?.Key;

    async Task<(ApiKeyRecord Key, string Partition)?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        foreach (var partition in new[] { KeyPartition(keyId), LegacyKeyPartition })
        {
            var found = await tables.ApiKeys.GetEntityIfExistsAsync<TableEntity>(partition, keyId,
                cancellationToken: cancellationToken);
            if (found.HasValue) return (ToKey(found.Value!), partition);
        }
        return null;
    }

    /// <summary>A user's keys, newest first: their index rows, and keys stored before the spread.</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in tables.Users.QueryPrefixAsync(UserPartition(email), KeyIndexPrefixOf(email),
                           select: ["KeyId"], cancellationToken: cancellationToken))
            ids.Add(row.GetString("KeyId"));
        var keys = (await Task.WhenAll(ids.Select(id => GetKeyAsync(id, cancellationToken))))
            .OfType<ApiKeyRecord>().Where(k => k.Email == email).ToList();
        await foreach (var row in tables.ApiKeys.QueryAsync<TableEntity>(
                           e => e.PartitionKey == LegacyKeyPartition && e.GetString("Email") == email,
                           cancellationToken: cancellationToken))
            keys.Add(ToKey(row));
        return keys.DistinctBy(k => k.KeyId).OrderByDescending(k => k.CreatedAt).ToList();
    }

    /// <returns>False when the user has no such key.</returns>
    public async Task<bool> RevokeKeyAsync(string email, string keyId, CancellationToken cancellationToken)
    {
        if (await FindKeyAsync(keyId, cancellationToken) is not ({ } key, var partition) || key.Email != email)
            return false;
        if (key.RevokedAt is null)
        {
            await tables.ApiKeys.UpdateEntityAsync(
                new TableEntity(partition, keyId) { ["RevokedAt"] = clock.GetUtcNow() },
                ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        return true;
    }

    /// <summary>Notes that the key authenticated a request now, unless that was noted less than a minute ago.</summary>
    public async Task NoteKeyUsedAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (key.LastUsedAt is { } last && now - last < LastUsedResolution) return;
        if (await FindKeyAsync(key.KeyId, cancellationToken) is not (_, var partition)) return;
        await tables.ApiKeys.UpdateEntityAsync(new TableEntity(partition, key.KeyId) { ["LastUsedAt"] = now },
            ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    async Task DeleteLegacyUserAsync(string email, CancellationToken cancellationToken)
    {
        try
        {
            await tables.Users.DeleteEntityAsync(LegacyUserPartition, KeyEncoding.Escape(email), ETag.All,
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
        }
    }

    /// <summary>"u|" and the first two hex digits of the email's SHA-256: 256 partitions.</summary>
    static string UserPartition(string email) => "u|" + HashPrefix(email);

    /// <summary>"k|" and the key id's first two characters (its hex is random): 256 partitions.</summary>
    static string KeyPartition(string keyId) => "k|" + (keyId.Length >= 2 ? keyId[..2] : keyId);

    static string KeyIndexPrefixOf(string email) => $"{KeyIndexPrefix}{KeyEncoding.EscapeSegment(email)}|";
    static string KeyIndexRow(string email, string keyId) => KeyIndexPrefixOf(email) + keyId;

    static string HashPrefix(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..2];

    static TableEntity ToEntity(UserRecord user)
    {
        var entity = new TableEntity(UserPartition(user.Email), KeyEncoding.Escape(user.Email))
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

    static ApiKeyRecord ToKey(TableEntity entity) => new(entity.RowKey, entity.GetString("Email"),
        entity.GetBinary("SecretHash"), entity.GetDateTimeOffset("CreatedAt") ?? default,
        entity.GetDateTimeOffset("RevokedAt"), entity.GetDateTimeOffset("ExpiresAt"),
        entity.GetDateTimeOffset("LastUsedAt"));
}
