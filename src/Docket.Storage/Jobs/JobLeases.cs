using Azure;
using Azure.Data.Tables;
using Docket.Application.Ports;

namespace Docket.Storage.Jobs;

/// <summary>
/// "One at a time per project" for work that runs inside a request (the consistency check): a row per project and
/// kind of work in the "Jobs" table, naming who holds it until when. A holder that died leaves a lease that simply
/// expires; the next caller takes it over under the row's ETag, so two callers never both hold it.
/// </summary>
public sealed class JobLeases(DocketTables tables, TimeProvider clock) : IJobLeases
{
    /// <returns>The lease taken (with <paramref name="id"/>), or the one someone else holds.</returns>
    public async Task<(bool Taken, JobLease Lease)> TryTakeAsync(string projectId, string kind, string id,
        TimeSpan duration, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var row = RowOf(kind);
        while (true)
        {
            var now = clock.GetUtcNow();
            var mine = new TableEntity(projectId, row) { ["LeaseId"] = id, ["ExpiresAt"] = now + duration };
            var found = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(projectId, row,
                cancellationToken: cancellationToken);
            try
            {
                if (!found.HasValue)
                    await tables.Jobs.AddEntityAsync(mine, cancellationToken);
                else if (found.Value!.GetDateTimeOffset("ExpiresAt") is { } expires && expires > now)
                    return (false, new JobLease(found.Value.GetString("LeaseId"), expires));
                else
                    await tables.Jobs.UpdateEntityAsync(mine, found.Value.ETag, TableUpdateMode.Replace,
                        cancellationToken);
                return (true, new JobLease(id, now + duration));
            }
            catch (RequestFailedException exception) when (exception.Status is 409 or 412)
            {
                // Someone took it between the read and the write: read again.
            }
        }
    }

    /// <summary>Gives the lease back, if it is still this holder's.</summary>
    public async Task ReleaseAsync(string projectId, string kind, string id, CancellationToken cancellationToken)
    {
        var found = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(projectId, RowOf(kind),
            cancellationToken: cancellationToken);
        if (!found.HasValue || found.Value!.GetString("LeaseId") != id) return;
        try
        {
            await tables.Jobs.DeleteEntityAsync(projectId, RowOf(kind), found.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
        }
    }

    static string RowOf(string kind) => "lease|" + kind;
}
