using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Docket.Storage.Jobs;

/// <summary>
/// The current (or last) reindex of each project: table "Jobs", partition = project id, row "reindex".
/// </summary>
public sealed class ReindexStore(DocketTables tables)
{
    const string Row = "reindex";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(ReindexRun Run, ETag ETag)?> GetAsync(string projectId, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(projectId, Row,
            cancellationToken: cancellationToken);
        return found.HasValue ? (ToRun(found.Value!), found.Value!.ETag) : null;
    }

    /// <summary>Writes the run: new when <paramref name="etag"/> is null, else only over the row as it was read.
    /// </summary>
    /// <returns>False when someone else wrote first.</returns>
    public async Task<bool> TryWriteAsync(ReindexRun run, ETag? etag, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        try
        {
            if (etag is { } known)
                await tables.Jobs.UpdateEntityAsync(ToEntity(run), known, TableUpdateMode.Replace, cancellationToken);
            else
                await tables.Jobs.AddEntityAsync(ToEntity(run), cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    static TableEntity ToEntity(ReindexRun run) => new(run.ProjectId, Row)
    {
        ["ReindexId"] = run.ReindexId,
        ["Status"] = run.Status.ToString(),
        ["StartedAt"] = run.StartedAt,
        ["CompletedAt"] = run.CompletedAt,
        ["LastProgressAt"] = run.LastProgressAt,
        ["Shards"] = JsonSerializer.Serialize(run.Shards, Json),
    };

    static ReindexRun ToRun(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("ReindexId"),
        Enum.Parse<ReindexStatus>(entity.GetString("Status")),
        entity.GetDateTimeOffset("StartedAt") ?? default,
        entity.GetDateTimeOffset("CompletedAt"),
        entity.GetDateTimeOffset("LastProgressAt") ?? default,
        JsonSerializer.Deserialize<List<ReindexShard>>(entity.GetString("Shards") ?? "[]", Json)!);
}
