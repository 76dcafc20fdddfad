using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Docket.Application.Configuration;
using Docket.Application.Indexing;
using Docket.Application.Ports;
using Docket.Storage.Connection;

namespace Docket.Storage.Jobs;

/// <summary>
/// The current (or last) reindex of each project: table "Jobs", partition = project id, row "reindex".
/// </summary>
public sealed class ReindexStore(DocketTables tables) : IReindexRuns
{
    const string Row = "reindex";
    static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<(ReindexRun Run, string Version)?> GetAsync(string projectId,
        CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        var found = await tables.Jobs.GetEntityIfExistsAsync<TableEntity>(projectId, Row,
            cancellationToken: cancellationToken);
        return found.HasValue ? (ToRun(found.Value!), Versions.Of(found.Value!.ETag)) : null;
    }

    /// <summary>Writes the run: new when <paramref name="version"/> is null, else only over the row as it was read.
    /// </summary>
    /// <returns>False when someone else wrote first.</returns>
    public async Task<bool> TryWriteAsync(ReindexRun run, string? version, CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        try
        {
            if (version is not null)
                await tables.Jobs.UpdateEntityAsync(ToEntity(run), Versions.ETagOf(version), TableUpdateMode.Replace,
                    cancellationToken);
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
