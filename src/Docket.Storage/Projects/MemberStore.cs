using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Ports;
using Docket.Domain.Projects;
using Docket.Storage.Caching;
using Docket.Storage.Keys;

namespace Docket.Storage.Projects;

public enum PersonRowState
{
    /// <summary>A member without a person row: missing from their "my projects".</summary>
    Missing,
    /// <summary>The person row says another role or other stages than the project row.</summary>
    Differs,
    /// <summary>A person row whose project row is gone: the membership was removed.</summary>
    Stale,
}

/// <summary>A person row ("u|{email}", row key the project id) that disagrees with the project row it copies.</summary>
public sealed record PersonRowMismatch(string Email, PersonRowState State, RowAddress Row);

/// <summary>
/// Memberships, stored twice: by project ("p|{projectId}", one row per email) for the member list and access
/// checks, and by person ("u|{email}", one row per project) for "my projects". The project row is the truth.
/// </summary>
public sealed class MemberStore(DocketTables tables, TimeProvider clock) : IMemberStore
{
    static readonly TimeSpan ActivityResolution = TimeSpan.FromMinutes(1);
    readonly ShortLivedCache<(string ProjectId, string Email), Membership> recent = new(clock, TimeSpan.FromSeconds(5));
    readonly ShortLivedCache<string, IReadOnlyList<Membership>> recentRosters = new(clock, TimeSpan.FromSeconds(5));

    static string ProjectPartition(string projectId) => "p|" + projectId;
    static string PersonPartition(string email) => "u|" + KeyEncoding.Escape(email);

    /// <summary>The membership as read within the last few seconds: for the per-request access check.</summary>
    public Task<Membership?> GetRecentAsync(string projectId, string email, CancellationToken cancellationToken) =>
        recent.GetOrLoadAsync((projectId, email), () => GetAsync(projectId, email, cancellationToken));

    public async Task<Membership?> GetAsync(string projectId, string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Members.GetEntityIfExistsAsync<TableEntity>(ProjectPartition(projectId),
            KeyEncoding.Escape(email), cancellationToken: cancellationToken);
        return found.HasValue ? ToMembership(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Membership>> ListAsync(string projectId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = ProjectPartition(projectId);
        var members = new List<Membership>();
        await foreach (var entity in tables.Members.QueryAsync<TableEntity>(e => e.PartitionKey == partition,
            cancellationToken: cancellationToken))
            members.Add(ToMembership(entity));
        return members;
    }

    /// <summary>
    /// The project's members as read within the last few seconds: for stage moves, which need it per message.
    /// </summary>
    public Task<IReadOnlyList<Membership>?> ListRecentAsync(string projectId, CancellationToken cancellationToken) =>
        recentRosters.GetOrLoadAsync(projectId, async () => await ListAsync(projectId, cancellationToken));

    /// <summary>The projects a person belongs to, with their role and stages in each.</summary>
    public async Task<IReadOnlyList<Membership>> ListProjectsOfAsync(string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var partition = PersonPartition(email);
        var memberships = new List<Membership>();
        await foreach (var entity in tables.Members.QueryAsync<TableEntity>(e => e.PartitionKey == partition,
            cancellationToken: cancellationToken))
            memberships.Add(ToMembership(entity));
        return memberships;
    }

    public async Task<Membership> PutAsync(string projectId, string email, ProjectRole role,
        IReadOnlyList<string>? stages, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(projectId, email, cancellationToken);
        var membership = new Membership(projectId, email, role, stages, existing?.LastActiveAt);
        await tables.Members.UpsertEntityAsync(ToEntity(membership, ProjectPartition(projectId),
            KeyEncoding.Escape(email)), TableUpdateMode.Replace, cancellationToken);
        await tables.Members.UpsertEntityAsync(ToEntity(membership, PersonPartition(email), projectId),
            TableUpdateMode.Replace, cancellationToken);
        recent.Forget((projectId, email));
        recentRosters.Forget(projectId);
        return membership;
    }

    /// <returns>False when the person was not a member.</returns>
    public async Task<bool> RemoveAsync(string projectId, string email, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        recent.Forget((projectId, email));
        recentRosters.Forget(projectId);
        var removed = (await tables.Members.DeleteEntityAsync(ProjectPartition(projectId), KeyEncoding.Escape(email),
            ETag.All, cancellationToken)).Status != 404;
        await tables.Members.DeleteEntityAsync(PersonPartition(email), projectId, ETag.All, cancellationToken);
        return removed;
    }

    /// <summary>Records that the member was active now, writing at most once a minute per member.</summary>
    public async Task TouchAsync(Membership membership, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (membership.LastActiveAt is { } last && now - last < ActivityResolution) return;
        var entity = new TableEntity(ProjectPartition(membership.ProjectId), KeyEncoding.Escape(membership.Email))
        {
            ["LastActiveAt"] = now
        };
        try
        {
            await tables.Members.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
            recent.Set((membership.ProjectId, membership.Email), membership with { LastActiveAt = now });
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Removed meanwhile: nothing to record.
        }
    }

    /// <summary>
    /// Person rows of the project that disagree with its project rows (the truth): missing or different for a member,
    /// or left behind after the member's project row is gone.
    /// </summary>
    public async Task<IReadOnlyList<PersonRowMismatch>> FindPersonRowMismatchesAsync(string projectId,
        CancellationToken cancellationToken)
    {
        var mismatches = new List<PersonRowMismatch>();
        var members = await ListAsync(projectId, cancellationToken);
        var people = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        // Every person partition ("u|…"; '}' follows '|') that has a row for this project.
        var filter = TableClient.CreateQueryFilter(
            $"RowKey eq {projectId} and PartitionKey ge {"u|"} and PartitionKey lt {"u}"}");
        await foreach (var row in tables.Members.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            people[row.PartitionKey] = row;
        foreach (var member in members)
        {
            var address = PersonRow(projectId, member.Email);
            if (!people.Remove(address.PartitionKey, out var person))
                mismatches.Add(new PersonRowMismatch(member.Email, PersonRowState.Missing, address));
            else if (!Agrees(person, member))
                mismatches.Add(new PersonRowMismatch(member.Email, PersonRowState.Differs, address));
        }
        foreach (var (partition, row) in people)
        {
            var email = row.GetString("Email") ?? KeyEncoding.Unescape(partition[2..]);
            mismatches.Add(new PersonRowMismatch(email, PersonRowState.Stale, PersonRow(projectId, email)));
        }
        return mismatches;
    }

    /// <summary>
    /// Makes the person row agree with the project row as it is now: written from it, or deleted when the membership
    /// is gone. Every write is ETag-guarded and the project row read again after it, so a repair that runs twice, or
    /// beside a put or a removal of the member, ends with the two rows in agreement. False when they kept changing.
    /// </summary>
    public async Task<bool> RepairPersonRowAsync(string projectId, string email, CancellationToken cancellationToken)
    {
        var address = PersonRow(projectId, email);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var truth = await tables.Members.GetEntityIfExistsAsync<TableEntity>(ProjectPartition(projectId),
                KeyEncoding.Escape(email), cancellationToken: cancellationToken);
            var person = await tables.Members.GetEntityIfExistsAsync<TableEntity>(address.PartitionKey, address.RowKey,
                cancellationToken: cancellationToken);
            if (!truth.HasValue && !person.HasValue) return true;
            if (truth.HasValue && person.HasValue && Agrees(person.Value!, ToMembership(truth.Value!))) return true;
            try
            {
                if (!truth.HasValue)
                {
                    await tables.Members.DeleteEntityAsync(address.PartitionKey, address.RowKey, person.Value!.ETag,
                        cancellationToken);
                    continue;
                }
                var copy = ToEntity(ToMembership(truth.Value!), address.PartitionKey, address.RowKey);
                if (!person.HasValue) await tables.Members.AddEntityAsync(copy, cancellationToken);
                else
                    await tables.Members.UpdateEntityAsync(copy, person.Value!.ETag, TableUpdateMode.Replace,
                        cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
            {
                // Someone else wrote the person row meanwhile: look again.
            }
        }
        return false;
    }

    public static RowAddress PersonRow(string projectId, string email) =>
        new(TableName, PersonPartition(email), projectId);

    const string TableName = DocketTables.MembersTable;

    /// <summary>Whether a person row says what the membership says (activity is on the project row only).</summary>
    static bool Agrees(TableEntity person, Membership member)
    {
        var expected = ToEntity(member, person.PartitionKey, person.RowKey);
        return new[] { "ProjectId", "Email", "Role", "Stages" }
            .All(name => Equals(person.GetString(name), expected[name] as string));
    }

    static TableEntity ToEntity(Membership membership, string partitionKey, string rowKey) => new(partitionKey, rowKey)
    {
        ["ProjectId"] = membership.ProjectId,
        ["Email"] = membership.Email,
        ["Role"] = membership.Role.ToString(),
        ["Stages"] = membership.Stages is null ? null : JsonSerializer.Serialize(membership.Stages),
        ["LastActiveAt"] = membership.LastActiveAt,
    };

    static Membership ToMembership(TableEntity entity) => new(
        entity.GetString("ProjectId"),
        entity.GetString("Email"),
        Enum.Parse<ProjectRole>(entity.GetString("Role")),
        entity.GetString("Stages") is { } stages ? JsonSerializer.Deserialize<List<string>>(stages) : null,
        entity.GetDateTimeOffset("LastActiveAt"));
}
